// Display width of text in terminal cells, measured per grapheme cluster (Swift's Character), as
// the C library's `wcwidth` measures it in a UTF-8 locale — the same function ncurses uses to move
// its cursor, so the screen Facet draws and the one ncurses and the terminal keep agree.
//
// A grapheme is drawn as its first scalar and the zero-width marks that follow it (accents,
// Vietnamese tone marks). Parts a terminal may or may not join — what follows a zero-width joiner,
// a second regional indicator, an emoji variation selector — are left out, because ncurses would
// count them as cells of their own and the terminal might not: that disagreement is what leaves
// stray characters on screen. So "👨‍👩‍👧" is drawn as "👨" (2 cells) and "❤️" as "❤" (1 cell).
import Foundation

/// The C library's `wcwidth` (Swift's Glibc module does not export it).
@_silgen_name("wcwidth") private func systemWCWidth(_ character: wchar_t) -> Int32

public enum DisplayWidth {
    /// What is drawn for one grapheme, and the cells it takes (0, 1 or 2).
    public static func displayed(_ character: Character) -> (text: String, width: Int) {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return ("", 0) }
        if scalars.count == 1, first.value >= 0x20, first.value < 0x7F { return (String(character), 1) }
        let w = scalarWidth(first)
        if w < 0 { return ("\u{FFFD}", 1) }      // not printable: one replacement character
        if w == 0 { return ("", 0) }              // a stray mark or control: nothing to draw
        var text = String.UnicodeScalarView()
        text.append(first)
        for scalar in scalars.dropFirst() {
            let v = scalar.value
            if v == 0x200D || v == 0xFE0F || scalarWidth(scalar) != 0 || text.count >= 5 { break }
            text.append(scalar)
        }
        return (String(text), w)
    }

    /// Cells taken by one grapheme: 0, 1 or 2.
    public static func of(_ character: Character) -> Int { displayed(character).width }

    /// Whether every byte of `text` is printable ASCII (space to tilde): one cell each.
    @inline(__always)
    public static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }


    /// Cells taken by a whole string.
    public static func of(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// `wcwidth` in a UTF-8 locale, whatever locale the process runs in (-1: not printable).
    static func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        guard let locale = utf8Locale else { return tableWidth(scalar) }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        return Int(systemWCWidth(wchar_t(bitPattern: v)))
    }

    nonisolated(unsafe) private static let utf8Locale: locale_t? = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)

    /// Used only where the C library has no UTF-8 locale: East Asian wide and emoji take two cells.
    static func tableWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || v == 0x200C || v == 0x200D || (v >= 0xFE00 && v <= 0xFE0F) { return 0 }
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return scalar.properties.isEmojiPresentation ? 2 : 1
        }
    }

    /// The longest prefix of `text` that fits in `width` cells, ending with "…" when cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        if isPrintableASCII(text), isPrintableASCII(ellipsis) {
            let room = max(0, width - ellipsis.utf8.count)
            return ellipsis.utf8.count <= width ? String(text.prefix(room)) + ellipsis : String(text.prefix(room))
        }
        let ellipsisWidth = of(ellipsis)
        let room = max(0, width - ellipsisWidth)
        var used = 0
        var result = ""
        for character in text {
            let w = of(character)
            if used + w > room { break }
            used += w
            result.append(character)
        }
        return ellipsisWidth <= width ? result + ellipsis : result
    }

    /// `text` truncated or padded with spaces to exactly `width` cells.
    public static func fit(_ text: String, to width: Int, alignment: Alignment = .left) -> String {
        let cut = truncate(text, to: width)
        let pad = max(0, width - of(cut))
        switch alignment {
        case .left: return cut + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + cut
        case .center:
            let left = pad / 2
            return String(repeating: " ", count: left) + cut + String(repeating: " ", count: pad - left)
        }
    }
}

public enum Alignment: Sendable {
    case left, right, center
}
