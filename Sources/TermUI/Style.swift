// Colours and text attributes, independent of any terminal; the backend maps them to what the
// terminal can show (256, 16, 8 colours or none).

public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(UInt8)
    /// An xterm 256-colour index.
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    public static let black = Color.ansi(0), red = Color.ansi(1), green = Color.ansi(2),
        yellow = Color.ansi(3), blue = Color.ansi(4), magenta = Color.ansi(5), cyan = Color.ansi(6),
        white = Color.ansi(7), brightBlack = Color.ansi(8), brightRed = Color.ansi(9),
        brightGreen = Color.ansi(10), brightYellow = Color.ansi(11), brightBlue = Color.ansi(12),
        brightMagenta = Color.ansi(13), brightCyan = Color.ansi(14), brightWhite = Color.ansi(15)

    static let ansiNames: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright-black": 8, "gray": 8, "grey": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// Parses "default", an ANSI name ("bright-blue"), a 256-colour index ("236") or "#rrggbb".
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "reset" || t.isEmpty { self = .terminalDefault; return }
        if let n = Color.ansiNames[t] { self = .ansi(n); return }
        if let n = UInt8(t) { self = .indexed(n); return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
            return
        }
        return nil
    }

    /// Nearest colour of a terminal that has `colors` colours (256, 16 or 8); nil means default.
    public func quantized(toColors colors: Int) -> Int? {
        switch self {
        case .terminalDefault: return nil
        case .ansi(let n):
            return colors >= 16 ? Int(n) : Int(n % 8)
        case .indexed(let n):
            if colors >= 256 { return Int(n) }
            if n < 16 { return colors >= 16 ? Int(n) : Int(n % 8) }
            let (r, g, b) = Color.rgbOfIndex(n)
            return Color.rgb(r, g, b).quantized(toColors: colors)
        case .rgb(let r, let g, let b):
            if colors >= 256 { return Int(Color.nearestIndex256(r, g, b)) }
            return Int(Color.nearestAnsi(r, g, b, count: colors >= 16 ? 16 : 8))
        }
    }

    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgbOfIndex(_ n: UInt8) -> (UInt8, UInt8, UInt8) {
        if n < 16 { let c = ansiRGB[Int(n)]; return (UInt8(c.0), UInt8(c.1), UInt8(c.2)) }
        if n >= 232 { let v = UInt8(8 + Int(n - 232) * 10); return (v, v, v) }
        let i = Int(n) - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (UInt8(steps[i / 36]), UInt8(steps[(i / 6) % 6]), UInt8(steps[i % 6]))
    }

    static func nearestIndex256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 16, bestDistance = Int.max
        for n in 16...255 {
            let (cr, cg, cb) = rgbOfIndex(UInt8(n))
            let d = sq(Int(cr) - Int(r)) + sq(Int(cg) - Int(g)) + sq(Int(cb) - Int(b))
            if d < bestDistance { bestDistance = d; best = n }
        }
        return UInt8(best)
    }

    static func nearestAnsi(_ r: UInt8, _ g: UInt8, _ b: UInt8, count: Int) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for n in 0..<count {
            let c = ansiRGB[n]
            let d = sq(c.0 - Int(r)) + sq(c.1 - Int(g)) + sq(c.2 - Int(b))
            if d < bestDistance { bestDistance = d; best = n }
        }
        return UInt8(best)
    }

    private static func sq(_ x: Int) -> Int { x * x }
}

public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)

    public init?(parsing name: String) {
        switch name.lowercased() {
        case "bold": self = .bold
        case "dim": self = .dim
        case "underline", "underlined": self = .underline
        case "reverse", "reversed": self = .reverse
        case "italic": self = .italic
        default: return nil
        }
    }
}

public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: TextAttributes

    public init(foreground: Color = .terminalDefault, background: Color = .terminalDefault,
                attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

    public func adding(_ extra: TextAttributes) -> Style {
        var s = self
        s.attributes.formUnion(extra)
        return s
    }
}
