import FacetModel
import FacetStore
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// The SIP coverage (`c`) of a framework with many standards, at 80×24: every standard's mark of
/// every school is on screen — on the school's line with its name narrowed (14 standards), or on a
/// row of its own under it (30) — and nothing runs past the box.
final class CoverageWidthTests: PaneTestCase {
    let year = "2026-27"

    /// Adds standards to the active framework until it has `total`, and a strategy at the first
    /// school in coverage order naming the last standard (and the first).
    @discardableResult
    private func framework(of total: Int) throws -> (standards: [AssessmentGrid.Standard], school: AssessmentGrid.School) {
        let framework = try XCTUnwrap(store.activeFramework()).id
        let existing = try store.assessedStandards().count
        for n in (existing + 1)...total {
            _ = try store.insertRecord(.standards, values: ["framework_id": .integer(framework), "code": .text(String(n)),
                                                            "title": .text("Standard number \(n)"), "position": .integer(Int64(n))])
        }
        let standards = try store.assessedStandards()
        XCTAssertEqual(standards.count, total)
        let school = try XCTUnwrap(store.strategyCoverage(year: year, today: today).ordered.first)
        _ = try store.insertRecord(.sipStrategies, values: [
            "school_id": .integer(school.id), "school_year": .text(year), "title": .text("Family reading nights"),
            "standard_ids": .text("\(standards[0].id),\(standards[total - 1].id)"), "status": .text("planned"), "due_date": .text("2026-10-01")])
        return (standards, school)
    }

    /// The text inside the coverage's box, each row without the border and the space after it.
    private func boxRows(_ app: FacetApplication) -> [String] {
        screen(app).compactMap { line -> String? in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { return nil }
            return String(parts[1].dropFirst())
        }
    }

    private func trimmed(_ s: String) -> String { String(s.reversed().drop { $0 == " " }.reversed()) }

    /// Every row on screen, from the column header on, is the next row of the full coverage laid
    /// out at 73 columns; none is wider than the box's text.
    private func assertScreenShowsFullCoverage(_ app: FacetApplication, _ when: String, line: UInt = #line) throws -> [String] {
        let full = CoverageView.lines(try store.strategyCoverageFromStrategies(year: year, today: today), width: 73)
        XCTAssertTrue(full.dropFirst(2).allSatisfy { DisplayWidth.of($0) <= 73 }, "\(when): no line is cut off:\n\(full.joined(separator: "\n"))", line: line)
        let rows = boxRows(app).dropLast().map(trimmed)  // the footer
        let start = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("School") }, "\(when): the column header\n\(text(app))", line: line)
        let headerAt = try XCTUnwrap(full.firstIndex { $0.hasPrefix("School") })
        XCTAssertEqual(Array(rows[start...]), full[headerAt..<(headerAt + rows.count - start)].map(trimmed), "\(when)\n\(text(app))", line: line)
        return Array(rows[start...])
    }

    func testFourteenStandardsFitOnEachSchoolsLineAt80Columns() throws {
        let (standards, school) = try framework(of: 14)
        let app = makeApp()
        type(app, "3c")
        let rows = try assertScreenShowsFullCoverage(app, "14 standards")
        // The codes on two rows, alternately, over their marks; the school column narrowed to 23.
        XCTAssertEqual(rows[0], "School                  1   3   5   7   9   11  13    Plans  Overdue")
        XCTAssertEqual(rows[1], "                          2   4   6   8   10  12  14")
        // The school given a plan for the first and the last standard: all on its one line.
        let full = CoverageView.lines(try store.strategyCoverageFromStrategies(year: year, today: today), width: 73)
        let line = try XCTUnwrap(full.first { $0.hasPrefix(school.code + " ") })
        XCTAssertEqual(DisplayWidth.of(line), 23 + 1 + 28 + 15, line)
        XCTAssertTrue(line.hasSuffix("■ · · · · · · · · · · · · ■      1      1 !"), line)
        XCTAssertEqual(rows.dropFirst(2).filter { $0.hasPrefix(" ") }, [], "no school needs a second row")
        XCTAssertEqual(standards.count, 14)
        // The box's right border is on every row: nothing was drawn over it.
        XCTAssertTrue(screen(app)[4...20].allSatisfy { $0.dropFirst(2).contains("│") }, text(app))
        press(app, .pageDown, .pageDown, .end)
        let end = try assertScreenShowsFullCoverageFromAnyRow(app, "14 standards, End")
        XCTAssertEqual(end.last, full.last.map(trimmed), "End shows the last school")
    }

    func testThirtyStandardsPutEachSchoolsMarksOnARowOfTheirOwn() throws {
        let (_, school) = try framework(of: 30)
        let app = makeApp()
        type(app, "3c")
        let rows = try assertScreenShowsFullCoverage(app, "30 standards")
        XCTAssertTrue(rows[0].hasPrefix("School") && rows[0].hasSuffix("Plans  Overdue"), rows[0])
        XCTAssertTrue(rows[1].hasPrefix("    1   3   5") && rows[1].hasSuffix("27  29"), rows[1])
        XCTAssertTrue(rows[2].hasPrefix("      2   4") && rows[2].hasSuffix("28  30"), rows[2])
        let full = CoverageView.lines(try store.strategyCoverageFromStrategies(year: year, today: today), width: 73)
        let at = try XCTUnwrap(full.firstIndex { $0.hasPrefix(school.code + " ") })
        XCTAssertTrue(full[at].hasSuffix("1      1 !"), full[at])
        XCTAssertEqual(full[at + 1], "    ■" + String(repeating: " ·", count: 28) + " ■ ", "its 30 marks under its line")
        // Paging moves by rows: every school's line is followed by its marks, at any scroll.
        for n in 1...4 {
            press(app, .pageDown)
            _ = try assertScreenShowsFullCoverageFromAnyRow(app, "30 standards, PgDn \(n)")
        }
        press(app, .down)
        _ = try assertScreenShowsFullCoverageFromAnyRow(app, "30 standards, Down")
        press(app, .end)
        let end = try assertScreenShowsFullCoverageFromAnyRow(app, "30 standards, End")
        XCTAssertEqual(end.last, trimmed(full.last!), "End shows the last school's marks")
    }

    /// After scrolling, the header is gone: the rows on screen are consecutive rows of the full coverage.
    private func assertScreenShowsFullCoverageFromAnyRow(_ app: FacetApplication, _ when: String, line: UInt = #line) throws -> [String] {
        let full = CoverageView.lines(try store.strategyCoverageFromStrategies(year: year, today: today), width: 73).map(trimmed)
        let rows = boxRows(app).dropLast().map(trimmed)
        XCTAssertGreaterThan(rows.count, 10, when, line: line)
        // The rows are consecutive in the full coverage (a school's line and its marks stay together).
        let candidates = full.indices.filter { full[$0] == rows[0] }
        XCTAssertTrue(candidates.contains { at in at + rows.count <= full.count && Array(full[at..<(at + rows.count)]) == rows },
                      "\(when): consecutive rows of the full coverage\n\(text(app))", line: line)
        return rows
    }
}
