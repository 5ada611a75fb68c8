import Foundation

/// What a terminal whose locale is not UTF-8 (LANG=C, POSIX, Latin-1…) is sent instead of a
/// non-ASCII grapheme: a look-alike for the symbols the screens use, the letter without its accent
/// for Latin text ("Núñez" → "Nunez"), else "?" in every cell the grapheme takes, so columns stay
/// where they are and nothing half-drawn is left behind.
public enum ASCIIFallback {
    static let symbols: [String: String] = [
        "✓": "v", "✗": "x", "…": ".", "—": "-", "–": "-", "·": ".", "›": ">", "‹": "<", "▲": "^", "▼": "v",
        "↑": "^", "↓": "v", "←": "<", "→": ">", "“": "\"", "”": "\"", "‘": "'", "’": "'", "█": "#", "░": ".",
        "▏": "|", "•": "*", "×": "x", "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "⏎": "/",
        "\u{FFFD}": "?",
    ]

    /// The ASCII text for one grapheme that takes `width` cells: exactly `width` characters.
    public static func text(for grapheme: String, width: Int) -> String {
        if grapheme.unicodeScalars.allSatisfy({ $0.isASCII }) { return grapheme }
        if width == 1 {
            if let symbol = symbols[grapheme] { return symbol }
            let folded = grapheme.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
            if folded.count == 1, folded.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return folded }
            if let special = ["ß": "s", "æ": "a", "Æ": "A", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"][grapheme] {
                return special
            }
        }
        return String(repeating: "?", count: max(1, width))
    }
}
