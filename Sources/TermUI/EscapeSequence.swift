/// Escape sequences a terminal sends that its terminfo entry may not name. tmux and screen send
/// `ESC [ 4 ~` for End and `ESC [ 1 ~` for Home whatever TERM says, so with TERM=xterm-256color
/// inside them ncurses hands the sequence over as Escape and separate characters — read as keys,
/// Escape (leave the form) and then "4" (switch pane). The curses backend collects such a sequence
/// whole and asks here what it means: the key every common terminal means by it, or nil, and then
/// the sequence is dropped rather than typed.
public enum EscapeSequence {
    /// Whether `scalar` ends a sequence that began with ESC and `introducer` ("[" or "O"): SS3
    /// sequences are one character long, CSI ones end with a byte from "@" to "~".
    public static func isFinal(_ scalar: Unicode.Scalar, introducer: Unicode.Scalar) -> Bool {
        introducer == "O" || (0x40...0x7E).contains(scalar.value)
    }

    /// The key meant by the sequence after ESC (e.g. "[4~"), or nil for one no key is known by.
    public static func key(_ body: String) -> Key? {
        switch body {
        case "[A", "OA": return .up
        case "[B", "OB": return .down
        case "[C", "OC": return .right
        case "[D", "OD": return .left
        case "[H", "OH", "[1~", "[7~": return .home
        case "[F", "OF", "[4~", "[8~": return .end
        case "[5~": return .pageUp
        case "[6~": return .pageDown
        case "[2~": return .insert
        case "[3~": return .delete
        case "[Z": return .backTab
        case "OP", "[11~": return .function(1)
        case "OQ", "[12~": return .function(2)
        case "OR", "[13~": return .function(3)
        case "OS", "[14~": return .function(4)
        case "[15~": return .function(5)
        case "[17~": return .function(6)
        default: return nil
        }
    }
}
