/// What a terminal (real or in memory) offers the application.
public protocol Backend: AnyObject {
    var size: Size { get }
    /// How many colours the terminal shows: 0 (monochrome), 8, 16, 256.
    var colorCount: Int { get }
    /// Whether the terminal can show Unicode line drawing (the locale is UTF-8).
    var supportsUnicode: Bool { get }
    /// Waits up to `timeoutMilliseconds` for one event; `.tick` when none came.
    func nextEvent(timeoutMilliseconds: Int) -> Event
    /// Shows the surface; only what changed since the last frame needs sending.
    func draw(_ surface: Surface)
    /// A quit signal (SIGTERM, SIGHUP, SIGINT) that arrived, if any.
    var pendingQuitSignal: Int32? { get }
    /// Makes the next `draw` repaint every cell (Ctrl-L, after something else wrote to the terminal).
    func forgetScreen()
}

/// A terminal in memory: tests feed events and read the last drawn surface.
public final class InMemoryBackend: Backend {
    public var size: Size
    public var colorCount: Int
    public var supportsUnicode: Bool
    public private(set) var lastFrame: Surface?
    public private(set) var framesDrawn = 0
    public var queuedEvents: [Event] = []
    public var pendingQuitSignal: Int32?

    public init(width: Int = 80, height: Int = 24, colorCount: Int = 256, supportsUnicode: Bool = true) {
        self.size = Size(width: width, height: height)
        self.colorCount = colorCount
        self.supportsUnicode = supportsUnicode
    }

    public func nextEvent(timeoutMilliseconds: Int) -> Event {
        queuedEvents.isEmpty ? .tick : queuedEvents.removeFirst()
    }

    public func draw(_ surface: Surface) {
        lastFrame = surface
        framesDrawn += 1
    }

    public private(set) var fullRedraws = 0
    public func forgetScreen() { fullRedraws += 1 }

    public var screenText: String { lastFrame?.text ?? "" }
    public var screenLines: [String] { lastFrame?.lines ?? [] }
}
