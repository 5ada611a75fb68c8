/// A key press, decoded by a backend.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, tab, backTab, backspace, delete, insert, escape
    case function(Int)

    /// The name shown in help and the status line.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .escape: return "Esc"
        case .function(let n): return "F\(n)"
        }
    }

    /// A printable character for text entry, if this key is one.
    public var printable: Character? {
        if case .char(let c) = self { return c }
        return nil
    }
}

public enum Event: Hashable, Sendable {
    case key(Key)
    case resize(Size)
    /// Nothing arrived within the backend's wait; lets the app poll for outside changes.
    case tick
}
