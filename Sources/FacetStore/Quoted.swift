/// Text from users or files, made safe to show on a terminal.
///
/// A CSV cell or a login can hold escape sequences (ESC ] 0 ; … BEL retitles the terminal,
/// ESC [ 2 J clears it). Anything that quotes such text in a message goes through `safe`, so the
/// terminal shows the characters instead of obeying them.
public enum Quoted {
    /// `text` with control characters written out: `\n`, `\r`, `\t`, else `\x1b`-style for C0 and
    /// DEL, `\u{9b}`-style for C1 controls and the invisible bidirectional overrides (which can
    /// make a line read differently from what it holds). Ordinary spaces and all other text are kept.
    public static func safe(_ text: String) -> String {
        // Most text has nothing to escape: return it as it is without building a new string.
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                out += scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
        }
        return out
    }

    /// C0 controls (tab and line breaks included: a quoted value stays on its line), DEL, C1
    /// controls, and the bidirectional embedding, override and isolate characters.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
