import Foundation

// Checks on values that people type, with messages that say what to do.

public enum Validation {
    /// nil when `text` looks like an email address.
    public static func email(_ text: String) -> String? {
        // Bytes, not `split` and Foundation's `contains(_: StringProtocol)`: an HR import checks
        // 150,000 of these. One @ with something before it; after it a dot, not at either end; no space.
        let bytes = text.utf8
        guard let at = bytes.firstIndex(of: 0x40), at != bytes.startIndex else { return "not an email address: use name@example.org" }
        let domain = bytes[bytes.index(after: at)...]
        guard !domain.contains(0x40), domain.contains(0x2E), domain.first != 0x2E, domain.last != 0x2E,
              !bytes.contains(0x20) else {
            return "not an email address: use name@example.org"
        }
        return nil
    }

    /// nil when `text` has 10 digits (a North American number) or starts with + and has 8–15 digits.
    public static func phone(_ text: String) -> String? {
        let allowed = Set("0123456789+-(). x")
        guard text.allSatisfy({ allowed.contains($0) }) else { return "not a phone number: use digits, e.g. 651-555-0142" }
        let digits = text.split(separator: "x").first.map { $0.filter(\.isNumber) } ?? ""
        if text.hasPrefix("+") { return (8...15).contains(digits.count) ? nil : "an international number has 8–15 digits" }
        if digits.count == 10 || (digits.count == 11 && digits.hasPrefix("1")) { return nil }
        return "a phone number needs 10 digits, e.g. 651-555-0142"
    }

    /// A whole number as files and forms write them: ASCII digits only, at most 18 (no sign, no
    /// blanks, no other script's digits, which Swift's `Int("+3")` and `Int("٣")`-like parsers differ
    /// on). nil for anything else.
    public static func wholeNumber<S: StringProtocol>(_ text: S) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(String(text))
    }

    /// Folds case and accents so "Café Ñandú" and "cafe nandu" compare equal (duplicate names).
    public static func foldedName(_ text: String) -> String {
        // Letters with strokes are not diacritics to Foundation; fold them by hand (Vietnamese đ, Polish ł…).
        let strokes: [Character: Character] = ["đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ħ": "h"]
        let unstroked = String(text.map { strokes[$0] ?? $0 })
        let folded = unstroked.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }).joined(separator: " ")
    }
}
