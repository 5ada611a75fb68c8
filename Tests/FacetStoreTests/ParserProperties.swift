// The properties the parser fuzzing checks, in one file used twice: by ParserFuzzTests (a seeded
// generator over the committed corpus, in `swift test`) and by the libFuzzer target
// (Benchmarks/Fuzz/run.sh compiles this file with FacetModel and CSV.swift into one module).
#if canImport(FacetStore)
import FacetModel
import FacetStore
#endif
import Foundation

enum ParserProperties {
    /// Everything wrong with how the parsers treat `bytes`: read as a CSV file, and each of its
    /// lines as a date and as numbers. Empty when every property holds.
    static func problems(_ bytes: [UInt8]) -> [String] {
        var found: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        found += csvProblems(text)
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).prefix(64) {
            found += dayProblems(String(line))
            found += numberProblems(String(line))
        }
        return found
    }

    /// Reading never crashes; a refusal names a line of the text; what is read is written back and
    /// read again to the same records; the spreadsheet-formula guard undoes exactly what it adds.
    static func csvProblems(_ text: String) -> [String] {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text)
        } catch let error as CSVError {
            let lines = text.utf8.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
            return (1...lines).contains(error.line) ? [] : ["CSV error on line \(error.line) of a \(lines)-line text: \(error.message)"]
        } catch {
            return ["CSV.parse threw \(error)"]
        }
        var found = roundTripProblems(records.map(\.fields))
        #if canImport(FacetStore)
        for field in records.lazy.flatMap(\.fields).prefix(256) {
            let restored = PartnershipCSV.restored(PartnershipCSV.neutralized(field))
            if restored != field { found.append("formula guard: \(field.debugDescription) came back as \(restored.debugDescription)") }
        }
        #endif
        return found
    }

    /// `CSV.write` then `CSV.parse` gives the same records, field for field.
    static func roundTripProblems(_ records: [[String]]) -> [String] {
        let written = CSV.write(records)
        do {
            let back = try CSV.parse(written).map(\.fields)
            if back != records { return ["round trip: \(records.debugDescription.prefix(300)) came back as \(back.debugDescription.prefix(300))"] }
        } catch {
            return ["round trip: what CSV.write wrote does not parse (\(error)): \(written.debugDescription.prefix(300))"]
        }
        return []
    }

    static func isDigits<S: StringProtocol>(_ s: S) -> Bool { !s.isEmpty && s.utf8.allSatisfy { (0x30...0x39).contains($0) } }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        let leap = year % 400 == 0 || (year % 4 == 0 && year % 100 != 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// What `Day` must accept, written independently: exactly YYYY-MM-DD in ASCII digits, a real day
    /// of the years 1–9999.
    static func referenceDay(_ s: String) -> (year: Int, month: Int, day: Int)? {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(0x30...0x39).contains(b[i]) { return nil }
        func number(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(b[$1] - 0x30) } }
        let y = number(0..<4), m = number(5..<7), d = number(8..<10)
        guard y >= 1, (1...12).contains(m), (1...daysIn(m, y)).contains(d) else { return nil }
        return (y, m, d)
    }

    static func dayProblems(_ s: String) -> [String] {
        let parsed = Day(s), expected = referenceDay(s)
        switch (parsed, expected) {
        case (nil, nil): return []
        case (let d?, nil): return ["Day(\(s.debugDescription)) accepted \(d), which is not a day"]
        case (nil, let e?): return ["Day(\(s.debugDescription)) refused the real day \(e)"]
        case (let d?, let e?):
            if (d.year, d.month, d.day) != e { return ["Day(\(s.debugDescription)) read \(d)"] }
            if d.description != s { return ["Day(\(s.debugDescription)) is written back as \(d)"] }
            return []
        }
    }

    /// Whole numbers are ASCII digits: the favourable-answers list ("4,5") takes nothing else.
    static func numberProblems(_ s: String) -> [String] {
        var found: [String] = []
        let whole = Validation.wholeNumber(s)
        if (whole != nil) != (isDigits(s) && s.utf8.count <= 18) || (whole != nil && String(whole!) != String(Int(s) ?? -1)) {
            found.append("Validation.wholeNumber(\(s.debugDescription)) = \(whole.map(String.init) ?? "nil")")
        }
        let favourable = SurveyQuestion.parseFavourable(s)
        let parts = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let acceptable = parts.allSatisfy { isDigits($0) && $0.utf8.count <= 18 }
        if (favourable != nil) != acceptable {
            found.append("parseFavourable(\(s.debugDescription)) = \(favourable.map { "\($0.sorted())" } ?? "nil")")
        }
        return found
    }
}
