/// Counts as the district's screens, reports and messages write them: "150,000".
///
/// Written out rather than with Foundation's `formatted()`, which goes through ICU: its first use
/// in a session loads ICU's locale data, several megabytes and milliseconds, for text that is the
/// same for the district's English-language screens. The output does not change with the locale
/// of whoever runs `facet`, so exports and screens read alike for every coordinator.
extension BinaryInteger {
    public var grouped: String {
        let digits = String(self.magnitude)
        var out = self < 0 ? "-" : ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
