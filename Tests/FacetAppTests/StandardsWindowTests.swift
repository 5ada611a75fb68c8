import FacetModel
import FacetStore
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// The self-assessment grid and the SIP coverage read only the rows on screen
/// (`AssessmentGridPages`, `StrategyCoveragePages`): what they show, screen by screen through the
/// keys, equals the same rows of the full computation from every rating and strategy
/// (`assessmentGridFromRatings`, `strategyCoverageFromStrategies`) — across page boundaries, at End
/// and Home, in another year and after a rating changes. The demo district gets 150 more schools
/// (codes among its own, some rated, one inactive) so that the grid is several windows long.
final class StandardsWindowTests: PaneTestCase {
    let year = "2026-27"

    override func setUpWithError() throws {
        try super.setUpWithError()
        let indicators = try store.ratedIndicators()
        for n in 0..<150 {
            let code = ["A", "E", "H", "M", "Z"][n % 5] + String(500 + n)
            let id = try store.insertRecord(.schools, values: ["code": .text(code), "name": .text("Window School \(n)"), "level": .text("other"),
                                                               "active": .integer(n == 7 ? 0 : 1)])
            // Every third rates this year, every fourth the year before: some rows have a change, some none.
            if n % 3 == 0 {
                try store.saveRatings(schoolID: id, year: year, changes: indicators.prefix(n % 24 + 1).map {
                    RatingChange(indicatorID: $0.id, stored: nil, level: n % 4 + 1, evidence: "")
                })
            }
            if n % 4 == 0 {
                try store.saveRatings(schoolID: id, year: "2025-26", changes: indicators.suffix(n % 12 + 1).map {
                    RatingChange(indicatorID: $0.id, stored: nil, level: (n / 4) % 4 + 1, evidence: "")
                })
            }
        }
    }

    private func gridScreen(_ app: FacetApplication) throws -> AssessmentGridScreen { try XCTUnwrap(app.top as? AssessmentGridScreen) }

    /// A school's row as the full grid gives it, drawn as the grid draws at 80 columns: the name in
    /// 23 columns, six standards of 7, the overall and the change.
    private func expectedRow(_ full: AssessmentGrid, _ school: AssessmentGrid.School) -> String {
        func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        let overall = full.overall(school: school.id)
        var line = " " + DisplayWidth.fit("\(school.code) \(school.name)", to: 23)
        if overall.count == 0 {
            line += DisplayWidth.fit("  — no self-assessment for \(full.year) —", to: 7 * 7)
        } else {
            for s in full.standards { line += pad(full.cell(school: school.id, standard: s.id).display, 7) }
            line += pad(overall.display, 7)
        }
        return line + pad(SelfAssessmentRules.changeText(full.change(school: school.id)), 6)
    }

    private func trimmed(_ s: String) -> String {
        String(s.reversed().drop { $0 == " " }.reversed())
    }

    /// The screen shows the full grid's heading and, from the grid's first shown row on, the full
    /// grid's rows in order; the selected school's line gives its figures.
    private func assertGridMatchesFull(_ app: FacetApplication, _ when: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let grid = try gridScreen(app)
        let full = try store.assessmentGridFromRatings(year: grid.year)
        let lines = screen(app)
        XCTAssertEqual(trimmed(lines[1]), " Self-assessment \(full.year) · \(full.schools.count.formatted()) schools · "
                       + (full.unrated == 0 ? "all rated" : "\(full.unrated.formatted()) not rated yet"), when, file: file, line: line)
        let visible = 18
        XCTAssertTrue((grid.top..<(grid.top + visible)).contains(grid.row), "\(when): the selection is on screen", file: file, line: line)
        for i in 0..<visible where full.schools.indices.contains(grid.top + i) {
            XCTAssertEqual(trimmed(lines[4 + i]), trimmed(expectedRow(full, full.schools[grid.top + i])),
                           "\(when): row \(grid.top + i)", file: file, line: line)
        }
        if grid.top + visible > full.schools.count {
            XCTAssertTrue(lines[4 + full.schools.count - grid.top].hasPrefix(" Average level"), "\(when): nothing after the last school", file: file, line: line)
        }
        let selected = full.schools[grid.row]
        XCTAssertEqual(grid.selectedSchool, selected, when, file: file, line: line)
        let overall = full.overall(school: selected.id)
        let overallText = overall.average.map { "overall " + AssessmentCell.number($0) } ?? "no ratings for \(full.year)"
        XCTAssertTrue(grid.detailLine().contains(overallText), "\(when): \(grid.detailLine())", file: file, line: line)
    }

    func testTheWindowedGridShowsTheFullGridsRowsAcrossPagesAtEndAndHomeAndAfterARating() throws {
        let app = makeApp()
        type(app, "3a")
        let grid = try gridScreen(app)
        let total = try store.assessmentGridFromRatings(year: year).schools.count
        XCTAssertEqual(total, 49 + 149, "the demo's active schools and the added ones but the inactive one")
        try assertGridMatchesFull(app, "opened")
        XCTAssertLessThan(grid.pages.rowsRead, total / 2, "opening reads the rows around the first page, not every school")

        for n in 1...4 {
            press(app, .pageDown)
            try assertGridMatchesFull(app, "PgDn \(n)")
        }
        for n in 1...20 {
            press(app, .down)
            if n % 5 == 0 { try assertGridMatchesFull(app, "Down \(n) after paging") }
        }
        press(app, .right, .right)
        try assertGridMatchesFull(app, "two standards right")
        press(app, .end)
        XCTAssertEqual(grid.row, total - 1)
        try assertGridMatchesFull(app, "End")
        press(app, .pageUp, .up)
        try assertGridMatchesFull(app, "PgUp and Up from the end")
        press(app, .home)
        XCTAssertEqual(grid.row, 0)
        try assertGridMatchesFull(app, "Home")
        XCTAssertLessThan(grid.pages.rowsRead, total, "what was never on screen was never read")

        // The year before, and back, keeping the selected school.
        for _ in 0..<30 { press(app, .down) }
        let school = grid.selectedSchool
        type(app, "[")
        XCTAssertEqual(grid.year, "2025-26")
        XCTAssertEqual(grid.selectedSchool, school)
        try assertGridMatchesFull(app, "2025-26")
        press(app, .end)
        try assertGridMatchesFull(app, "2025-26 End")
        type(app, "]")
        XCTAssertEqual(grid.year, year)
        try assertGridMatchesFull(app, "back to 2026-27")

        // Rate an unrated school far down by keys: its row, the overall and the heading's count change.
        let full = try store.assessmentGridFromRatings(year: year)
        let unrated = try XCTUnwrap(full.schools.indices.last { full.overall(school: full.schools[$0].id).count == 0 && $0 > 100 })
        press(app, .home)
        for _ in 0..<unrated { press(app, .down) }
        try assertGridMatchesFull(app, "on an unrated school")
        XCTAssertTrue(screen(app)[2].contains("no ratings for \(year)"), screen(app)[2])
        type(app, "r4332")
        press(app, .ctrl("s"))
        XCTAssertTrue(app.top === grid, "saving goes back to the grid")
        XCTAssertEqual(grid.row, unrated, "the rated school stays selected")
        let after = try store.assessmentGridFromRatings(year: year)
        XCTAssertEqual(after.unrated, full.unrated - 1)
        try assertGridMatchesFull(app, "after rating")
        XCTAssertTrue(screen(app)[2].contains("overall 3.0"), screen(app)[2])
    }

    /// The coverage's lines on screen (inside the box, without the footer), as drawn.
    private func coverageBoxLines(_ app: FacetApplication) -> [String] {
        screen(app).compactMap { line -> String? in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { return nil }
            return trimmed(String(parts[1].dropFirst()))
        }.dropLast().map { $0 }
    }

    func testTheWindowedCoverageShowsTheFullCoveragesLinesInOrderAcrossPagesAtEndAndHome() throws {
        let app = makeApp()
        // Plans for some of the added schools so that the order mixes them with the demo's.
        let standards = try store.assessedStandards()
        let schools = try store.schoolChoices().filter { $0.name.hasPrefix("Window School") }
        for (n, school) in schools.enumerated() where n % 4 != 1 {
            let ids = standards.prefix(n % 6 + 1).map { String($0.id) }.joined(separator: ",")
            _ = try store.insertRecord(.sipStrategies, values: [
                "school_id": .integer(school.id), "school_year": .text(year), "title": .text("Plan \(n)"),
                "standard_ids": .text(ids), "status": .text(n % 5 == 0 ? "dropped" : "planned"),
                "due_date": .text(n % 2 == 0 ? "2026-10-01" : "2027-03-01")])
        }
        type(app, "3c")
        let full = CoverageView.lines(try store.strategyCoverageFromStrategies(year: year, today: today))
        let schoolLines = Array(full.dropFirst(4))
        XCTAssertEqual(schoolLines.count, 198)
        var seen: [Int] = []
        func assertShownInOrder(_ when: String, line: UInt = #line) throws {
            let shown = coverageBoxLines(app)
            let positions = shown.compactMap { text in schoolLines.firstIndex { trimmed($0) == text } }
            XCTAssertFalse(positions.isEmpty, "\(when): school lines on screen\n\(text(app))", line: line)
            XCTAssertEqual(positions, Array((positions.first ?? 0)..<((positions.first ?? 0) + positions.count)),
                           "\(when): consecutive lines of the full coverage, in its order", line: line)
            seen += positions
        }
        try assertShownInOrder("opened")
        let coverage = try XCTUnwrap(app.top as? TextScreen)
        XCTAssertEqual(coverage.pagedLines?.count(width: 73), 199, "the column header and a line a school")
        let pages = try store.strategyCoveragePages(year: year, today: today)
        XCTAssertEqual(try pages.rows(in: 100..<118).flatMap(CoverageLayout(standards: pages.standards, width: 73).lines), Array(schoolLines[100..<118]))
        XCTAssertLessThanOrEqual(pages.rowsRead, 54, "a window and a page each side, not every school")
        XCTAssertTrue(coverageBoxLines(app).first?.hasPrefix(trimmed(full[0])) == true, "the heading's count: \(full[0])")
        for n in 1...5 {
            press(app, .pageDown)
            try assertShownInOrder("PgDn \(n)")
        }
        press(app, .down, .down, .down)
        try assertShownInOrder("Down ×3")
        press(app, .end)
        try assertShownInOrder("End")
        XCTAssertEqual(seen.last, schoolLines.count - 1, "End shows the last school")
        press(app, .home)
        XCTAssertEqual(coverageBoxLines(app).first.map { trimmed(full[0]).hasPrefix($0) }, true, "Home shows the heading again")
        for n in 1...12 {
            press(app, .pageDown)
            try assertShownInOrder("PgDn \(n) from the top")
        }
        XCTAssertEqual(Set(seen), Set(schoolLines.indices), "every school line was shown on the way")
    }
}
