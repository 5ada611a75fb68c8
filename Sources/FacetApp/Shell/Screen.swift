import TermUI

/// A name for something a key can ask for. Panes declare their own (`Action("review")`), so no
/// file lists every action of the application.
public struct Action: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
}

/// A status-line hint: the key's name and what it does.
typealias Hint = (keys: String, label: String)

/// What a screen asks of the shell after a key: the screen returns it, the shell carries it out
/// (as in Bubble Tea's `Update` returning a `Cmd`). Screens never reach into the stack themselves.
indirect enum Effect {
    case none
    /// Put a screen on top of this one.
    case push(Screen)
    /// Take the top screen away.
    case pop
    /// Put a screen in place of the top one.
    case replace(Screen)
    /// A one-line message in the status bar.
    case status(String)
    /// A one-line message in the status bar, as an error (a refused key, a failed save).
    case error(String)
    /// The data changed (a save, an import): every screen reloads what it shows.
    case refresh
    case quit
    /// Take every screen above the pane's first away (the kiosk going back to its welcome).
    case popToRoot
    /// End the application even where quitting is not offered: leaving the kiosk with its PIN.
    case leave
    /// Go to the pane titled so, back to its first screen, and carry out the effect there: a
    /// dashboard tile opening another pane's list, already filtered.
    case openInPane(String, Effect)
    /// Carry these out in order.
    case all([Effect])
    /// Work that must wait for the effects before it (select a saved record after the refresh).
    case then(() -> Effect)
}

/// One screen of the stack: a pane's list, a record, a form, a dialog. It handles keys, draws
/// itself into the area the shell gives it and says which keys it offers; the shell keeps the
/// screens on a stack and draws them bottom to top.
protocol Screen: AnyObject {
    /// Whether the screen floats over the one below (dialogs, forms) rather than filling the body.
    var isOverlay: Bool { get }
    /// Whether keys the screen does not use reach the global bindings (pane keys, help, quit);
    /// a screen taking typed text says no.
    var passesGlobalKeys: Bool { get }
    /// The heading of the help screen opened over it.
    var helpTitle: String { get }
    /// The effect of `key`, or nil when the key means nothing to this screen.
    func handle(_ key: Key) -> Effect?
    func render(in area: Rect, on surface: inout Surface, focused: Bool)
    /// The keys the status line offers here: exactly those the screen would act on.
    var statusHints: [Hint] { get }
    /// Every key the screen takes, for help.
    var helpSections: [HelpSection] { get }
    /// The data changed under the screen (a save, another user's commit).
    func dataChanged()
    /// A form's input to keep as a draft if the session ends now.
    var unsavedEdit: EditSession? { get }
    /// Called on every turn of the loop while the screen is on top (progress of long work).
    func tick() -> Effect?
    /// A read that failed while drawing the last frame, for the status line.
    var renderProblem: String? { get }
    /// Called after a key's frame went out when no other key was waiting: reads what the next
    /// keys are likely to need (the rows past the edge of a list, the view a key opens), so they
    /// find it at hand. One piece of work a call; true asks to be called again while no key waits.
    @discardableResult func prepareAhead() -> Bool
}

extension Screen {
    var isOverlay: Bool { true }
    var passesGlobalKeys: Bool { false }
    var helpTitle: String { "Keys" }
    func dataChanged() {}
    var unsavedEdit: EditSession? { nil }
    func tick() -> Effect? { nil }
    var renderProblem: String? { nil }
    func prepareAhead() -> Bool { false }
}

/// A screen whose keys come from a binding table: dispatch looks the key up, refuses an action
/// the user may not take (saying why) and performs the rest; the status line and help are
/// generated from the same table, filtered by the same check.
protocol BoundScreen: Screen {
    associatedtype BoundAction: Hashable & Sendable
    var bindings: BindingTable<BoundAction> { get }
    /// Contexts of the table in force now, most specific first.
    var activeContexts: [String] { get }
    /// Why the user may not take `action` here, or nil when they may.
    func denial(of action: BoundAction) -> String?
    func perform(_ action: BoundAction) -> Effect
    /// Keys that are not bindings (typed text); nil when the key means nothing.
    func handleUnbound(_ key: Key) -> Effect?
}

extension BoundScreen {
    var activeContexts: [String] { bindings.contexts }
    func denial(of action: BoundAction) -> String? { nil }
    func handleUnbound(_ key: Key) -> Effect? { nil }

    func handle(_ key: Key) -> Effect? {
        guard let action = bindings.action(for: key, in: activeContexts) else { return handleUnbound(key) }
        if let reason = denial(of: action) { return .error(reason) }
        return perform(action)
    }

    var statusHints: [Hint] {
        bindings.statusHints(in: activeContexts) { self.denial(of: $0) == nil }
    }

    var helpSections: [HelpSection] {
        bindings.helpSections(in: activeContexts) { self.denial(of: $0) == nil }
    }
}
