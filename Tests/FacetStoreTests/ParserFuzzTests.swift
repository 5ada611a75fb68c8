import FacetModel
import Foundation
import XCTest
@testable import FacetStore

/// Fuzzing the CSV reader and the date and number parsers with a seeded generator over the
/// committed corpus (`Corpus/`): every corpus file, then mutations of them (bytes flipped, inserted,
/// deleted, repeated, spliced), and random records. The properties are in `ParserProperties`: no
/// crash, the reader's records round-trip through the writer, and no parser accepts what it must
/// refuse (`Day("2026-02-30")`, `"+202-01-01"`, `"٣"` as a number…).
///
/// A longer run: `FACET_FUZZ_ITERATIONS=1000000 FACET_FUZZ_SEED=9 swift test --filter ParserFuzzTests`;
/// coverage-guided with libFuzzer: `Benchmarks/Fuzz/run.sh` (README, "Harnesses").
final class ParserFuzzTests: XCTestCase {
    static let corpusFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: corpusFolder.path).sorted().map {
            ($0, Array(try Data(contentsOf: corpusFolder.appendingPathComponent($0))))
        }
    }

    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    }

    static let interesting: [[UInt8]] = [",", "\"", "\r", "\n", "\r\n", " ", "\t", "-", "/", "+", "0", "9", "'", "=", "\u{FEFF}", "٣", "０", "é"]
        .map { Array($0.utf8) } + [[0], [0xFF], [0xC3], [0x1B], [0x80]]

    static func mutate(_ input: [UInt8], with others: [[UInt8]], _ random: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0..<random.int(1...4) {
            let at = bytes.isEmpty ? 0 : random.int(0...bytes.count - 1)
            switch random.int(0...4) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.insert(contentsOf: random.pick(interesting), at: min(at + random.int(0...1), bytes.count))
            case 2 where !bytes.isEmpty: bytes.remove(at: at)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, at + random.int(1...8))
                bytes.insert(contentsOf: bytes[at..<end], at: end)
            default:
                let other = random.pick(others)
                guard !other.isEmpty else { continue }
                let from = random.int(0...other.count - 1)
                bytes.insert(contentsOf: other[from..<min(other.count, from + random.int(1...32))], at: min(at, bytes.count))
            }
        }
        return Array(bytes.prefix(4096))
    }

    var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["FACET_FUZZ_SEED"] ?? "") ?? 2026 }
    var iterations: Int { Int(ProcessInfo.processInfo.environment["FACET_FUZZ_ITERATIONS"] ?? "") ?? 4000 }

    func testTheCorpusAndItsSeededMutationsKeepEveryProperty() throws {
        let corpus = try Self.corpus()
        XCTAssertGreaterThanOrEqual(corpus.count, 10, "the committed corpus is there")
        for entry in corpus {
            let problems = ParserProperties.problems(entry.bytes)
            XCTAssertTrue(problems.isEmpty, "Corpus/\(entry.name): \(problems.joined(separator: "\n"))")
        }
        var random = Random(state: seed)
        let inputs = corpus.map(\.bytes)
        var failures = 0
        for i in 0..<iterations {
            let bytes = Self.mutate(random.pick(inputs), with: inputs, &random)
            let problems = ParserProperties.problems(bytes)
            if !problems.isEmpty {
                failures += 1
                XCTFail("seed \(seed), iteration \(i), input \(String(decoding: bytes, as: UTF8.self).debugDescription):\n\(problems.prefix(3).joined(separator: "\n"))")
                if failures >= 5 { break }
            }
        }
    }

    func testRandomRecordsRoundTripThroughTheWriter() {
        var random = Random(state: seed &+ 1)
        let pieces = ["a", "Roosevelt", "é", "中", "😀", ",", "\"", "\r", "\n", "\r\n", " ", "\t", "\u{FEFF}", "\u{0}", "=", "'", "x y", "\u{A0}", "\u{85}"]
        for i in 0..<iterations {
            let records = (0..<random.int(1...6)).map { _ in
                (0..<random.int(1...5)).map { _ in (0..<random.int(0...4)).map { _ in random.pick(pieces) }.joined() }
            }
            let problems = ParserProperties.roundTripProblems(records)
            if !problems.isEmpty { return XCTFail("seed \(seed), iteration \(i): \(problems[0])") }
        }
    }

    /// The HR file's dates: YYYY-MM-DD, or M/D/YYYY and D/M/YYYY when only one reading is a real day,
    /// in ASCII digits, and nothing else.
    static func referenceHRDay(_ s: String) -> (Int, Int, Int)? {
        if let iso = ParserProperties.referenceDay(s) { return iso }
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].utf8.count), (1...2).contains(parts[1].utf8.count), parts[2].utf8.count == 4,
              parts.allSatisfy({ ParserProperties.isDigits($0) }) else { return nil }
        let a = Int(parts[0])!, b = Int(parts[1])!, y = Int(parts[2])!
        func real(_ m: Int, _ d: Int) -> Bool { y >= 1 && (1...12).contains(m) && d >= 1 && d <= ParserProperties.daysIn(m, y) }
        switch (real(a, b), real(b, a)) {
        case (true, true): return a == b ? (y, a, b) : nil
        case (true, false): return (y, a, b)
        case (false, true): return (y, b, a)
        case (false, false): return nil
        }
    }

    func testHRDatesAcceptOnlyTheReadingsTheyShould() throws {
        let lines = try String(contentsOf: Self.corpusFolder.appendingPathComponent("hr-dates.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var random = Random(state: seed &+ 2)
        var inputs = lines
        for _ in 0..<iterations {
            inputs.append(String(decoding: Self.mutate(Array(random.pick(lines).utf8), with: lines.map { Array($0.utf8) }, &random), as: UTF8.self))
        }
        var failures = 0
        for s in inputs where failures < 5 {
            let (day, message) = EmployeeCSV.day(s)
            let expected = Self.referenceHRDay(s)
            if day.map({ [$0.year, $0.month, $0.day] }) != expected.map({ [$0.0, $0.1, $0.2] }) || (day == nil) != (message != nil) {
                failures += 1
                XCTFail("seed \(seed): EmployeeCSV.day(\(s.debugDescription)) = \(day.map(\.description) ?? "nil") (\(message ?? "no message")), "
                    + "expected \(expected.map { "\($0)" } ?? "a refusal")")
            }
        }
    }

    /// What the code broke before these properties, kept as plain examples.
    func testCasesThesePropertiesFixed() throws {
        XCTAssertNil(Day("2026-02-30"))
        XCTAssertNil(Day("+202-01-01"), "a sign is not a digit")
        XCTAssertNil(Day("2026-+1-05"))
        XCTAssertNil(EmployeeCSV.day("+3/13/2021").0)
        XCTAssertNil(EmployeeCSV.day("3//13/2021").0, "an empty part is not skipped")
        XCTAssertEqual(EmployeeCSV.day("3/13/2021").0, Day("2021-03-13"))
        XCTAssertNil(SurveyQuestion.parseFavourable("+4"))
        XCTAssertNil(Validation.wholeNumber("٣"))
        XCTAssertEqual(Validation.wholeNumber("007"), 7)
        XCTAssertEqual(try CSV.parse(CSV.write([[""], ["a"]])).map(\.fields), [[""], ["a"]], "a record of one empty field survives")
        XCTAssertEqual(try CSV.parse(CSV.write([["\u{FEFF}x", "y"]])).map(\.fields), [["\u{FEFF}x", "y"]], "a leading byte-order mark survives")
    }
}
