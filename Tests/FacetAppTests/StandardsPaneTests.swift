import FacetModel
import FacetStore
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// The standards pane through keys at 80×24, on the small demo district, judged on 2026-11-30.
final class StandardsPaneTests: PaneTestCase {

    /// A school of the demo that has not rated 2026-27 (every seventh, from the fourth).
    func unratedSchool() throws -> (id: Int64, code: String) {
        let grid = try store.assessmentGrid(year: "2026-27")
        let school = try XCTUnwrap(grid.schools.first { grid.overall(school: $0.id).count == 0 })
        return (school.id, school.code)
    }

    func gridRow(_ app: FacetApplication, _ code: String) throws -> String {
        // Below the tabs, the heading, the selected cell's line and the column titles.
        try XCTUnwrap(screen(app).dropFirst(4).first { $0.hasPrefix(" \(code) ") }, "no row \(code) in\n\(text(app))")
    }

    func testRatingASchoolByNumberKeysChangesItsGridCell() throws {
        let (id, code) = try unratedSchool()
        let app = makeApp()
        type(app, "3a")
        let grid = try XCTUnwrap(app.top as? AssessmentGridScreen)
        let index = try XCTUnwrap(try grid.pages.position(of: id))
        for _ in 0..<index { press(app, .down) }
        let unrated = try gridRow(app, code)
        XCTAssertTrue(unrated.contains("no self-assessment for 2026-27"), unrated)
        XCTAssertTrue(screen(app)[2].contains("no ratings for 2026-27"), screen(app)[2])

        // r opens the form on the school; the first standard's four indicators rated 4, 3, 3, 2.
        type(app, "r")
        let form = try XCTUnwrap(app.top as? RatingScreen)
        XCTAssertEqual(form.school.id, id)
        type(app, "4332")
        XCTAssertTrue(text(app).contains("4 of 24 indicators rated"), text(app))
        press(app, .ctrl("s"))
        XCTAssertTrue(app.top is AssessmentGridScreen, "saving goes back to the grid")
        XCTAssertEqual(app.statusMessage, "Saved 4 ratings of \(code) for 2026-27.")
        let row = try gridRow(app, code)
        XCTAssertFalse(row.contains("no self-assessment"), row)
        XCTAssertTrue(row.contains("▓ 3.0"), "(4 + 3 + 3 + 2) / 4 in standard 1: \(row)")
        XCTAssertTrue(row.contains("·"), "the other standards are not rated, not zero: \(row)")

        // Enter on the cell: the school's ratings of the standard.
        press(app, .enter)
        let shown = text(app)
        XCTAssertTrue(shown.contains("4 Distinguished"), shown)
        XCTAssertTrue(shown.contains("2 Basic"), shown)
    }

    func testEscapeWithUnsavedRatingsAsksAndZeroClearsARating() throws {
        let (id, _) = try unratedSchool()
        let app = makeApp()
        type(app, "3a")
        let grid = try XCTUnwrap(app.top as? AssessmentGridScreen)
        for _ in 0..<(try XCTUnwrap(try grid.pages.position(of: id))) { press(app, .down) }
        type(app, "r")
        let form = try XCTUnwrap(app.top as? RatingScreen)
        type(app, "3")
        press(app, .up)
        type(app, "0")
        XCTAssertTrue(form.changes.isEmpty, "rated then cleared: nothing to save")
        type(app, "5")
        XCTAssertTrue(app.statusMessage?.contains("Rate 1 Unsatisfactory") == true, app.statusMessage ?? "")
        press(app, .up, .up)
        type(app, "1")
        press(app, .escape)
        XCTAssertTrue(text(app).contains("Leave without saving?"), text(app))
    }

    func testCoverageListsASchoolWithNoStrategyFirst() throws {
        let app = makeApp()
        type(app, "3c")
        let lines = screen(app)
        let first = try XCTUnwrap(lines.firstIndex { $0.contains("Plans  Overdue") })
        let row = lines[first + 1]
        XCTAssertTrue(row.contains("none"), "the first school has no strategy: \(row)")
        let coverage = try store.strategyCoverage(year: "2026-27", today: today)
        let firstSchool = try XCTUnwrap(coverage.ordered.first)
        XCTAssertTrue((coverage.covered[firstSchool.id] ?? []).isEmpty)
        XCTAssertTrue(row.contains(firstSchool.code), row)
    }

    func testAnAdminAddsAnIndicatorAndRetiresOne() throws {
        let app = makeApp()
        type(app, "3")
        press(app, .enter)
        let list = try XCTUnwrap(app.top as? ListScreen)
        XCTAssertTrue(list.controller is IndicatorsList)
        XCTAssertTrue(text(app).contains("1 of 4 indicators"), text(app))
        // `d` is called what it does, in the status line and in help, here and on the standards.
        XCTAssertTrue(list.statusHints.contains { $0.keys == "d" && $0.label == "retire / restore" }, "\(list.statusHints)")
        XCTAssertFalse(list.statusHints.contains { $0.label == "delete" })
        let standards = try XCTUnwrap(app.stack.first as? ListScreen)
        XCTAssertTrue(standards.controller is StandardsList)
        let help = standards.helpSections.flatMap { $0.rows.map(\.label) }
        XCTAssertTrue(help.contains("retire / restore") && !help.contains("delete"), "\(help)")
        type(app, "n")
        type(app, "1.5")
        press(app, .tab)
        type(app, "Families choose the topics of family nights")
        press(app, .ctrl("s"))
        app.waitForBackgroundWork()
        XCTAssertTrue(text(app).contains("Families choose the topics"), text(app))
        press(app, .home)
        type(app, "d")
        press(app, .enter)
        app.waitForBackgroundWork()
        XCTAssertTrue(text(app).contains("retired"), text(app))
        XCTAssertEqual(try store.ratedIndicators().filter { $0.standardCode == "1" }.count, 4, "one added, one retired")
    }

    /// A convening's follow-ups are records: added and marked done by keys from the convening,
    /// audited, overdue ones flagged on the convening, in its follow-ups and in the group summary.
    func testFollowUpsOfAConveningAreRecordsAndOverdueOnesAreFlagged() throws {
        let app = makeApp()
        type(app, "3m")
        press(app, .end, .up)                              // East Side Parent Circle, 2026-09-24
        XCTAssertTrue(screen(app).contains { $0.hasPrefix("2026-09-24") && $0.hasSuffix("2 open, 1 overdue") }, text(app))
        type(app, "f")
        let list = try XCTUnwrap(app.top as? ListScreen)
        XCTAssertTrue(list.controller is FollowUpsList)
        XCTAssertTrue(screen(app)[1].contains("East Side Parent Circle 2026-09-24 › Follow-ups"), screen(app)[1])
        XCTAssertTrue(screen(app)[3].contains("2026-10-30 ! Propose conference times") && screen(app)[3].hasSuffix("overdue "), screen(app)[3])
        let audited = { try self.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE entity = 'convening_follow_ups'") ?? 0 } }
        XCTAssertEqual(try audited(), 0)

        // A new one, already late.
        type(app, "n")
        type(app, "Book the library for evening conferences")
        press(app, .tab); type(app, "Principal")
        press(app, .tab); type(app, "2026-11-15")
        press(app, .ctrl("s"))
        XCTAssertTrue(app.top === list, "saved: \(text(app))")
        XCTAssertTrue(text(app).contains("2026-11-15 ! Book the library"), text(app))
        XCTAssertEqual(try audited(), 1)

        // The first is done now: no longer overdue.
        press(app, .home, .enter)
        press(app, .tab, .tab, .tab, .char(" "), .ctrl("s"))
        XCTAssertTrue(screen(app)[3].contains("2026-10-30   Propose conference times") && screen(app)[3].hasSuffix("done    "), screen(app)[3])
        XCTAssertEqual(try audited(), 2)
        press(app, .escape)
        XCTAssertTrue(screen(app).contains { $0.hasPrefix("2026-09-24") && $0.hasSuffix("2 open, 1 overdue") }, text(app))

        // The group summary lists each group's overdue follow-ups.
        type(app, "g")
        let summary = text(app)
        XCTAssertTrue(summary.contains("! due 2026-11-15: Book the library for evening"), summary)
        XCTAssertFalse(summary.contains("Propose conference times"), summary)
        XCTAssertTrue(summary.contains("! due 2026-11-20: Translate the toolkit"), summary)

        // A coordinator keeps their school's convenings' follow-ups, not the district's.
        try store.addUser(login: "coord", displayName: "Coordinator", role: .coordinator, schoolCodes: ["E101"])
        let coordinator = try FacetStore(path: store.path, login: "coord")
        let ids = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, school_id FROM convenings ORDER BY held_on").map { ($0["id"] as Int64, $0["school_id"] as Int64?) }
        }
        let eastSide = try XCTUnwrap(ids.first { $0.1 != nil }).0, district = try XCTUnwrap(ids.first { $0.1 == nil }).0
        XCTAssertNoThrow(try coordinator.insertRecord(.conveningFollowUps, values: ["convening_id": .integer(eastSide), "what": .text("Call families back")]))
        XCTAssertThrowsError(try coordinator.insertRecord(.conveningFollowUps, values: ["convening_id": .integer(district), "what": .text("Not mine")]))
    }

    func testACoordinatorIsNotOfferedStandardEditingButRatesTheirSchool() throws {
        try store.addUser(login: "coord", displayName: "Coordinator", role: .coordinator, schoolCodes: ["E101"])
        let app = FacetApplication(store: try FacetStore(path: store.path, login: "coord"), theme: .monochrome, today: today)
        type(app, "3")
        XCTAssertFalse(screen(app)[23].contains("n new"), screen(app)[23])
        type(app, "e")
        XCTAssertTrue(app.statusMessage?.contains("Only an admin") == true, app.statusMessage ?? "")
        type(app, "r")
        XCTAssertTrue(text(app).contains("Rate a school"), text(app))
        XCTAssertTrue(text(app).contains("E101"), text(app))
    }

    func testThePartnershipFormShowsTheChosenTiersServicesFromTheServiceModel() throws {
        let app = makeApp()
        type(app, "2n")
        let form = try XCTUnwrap(app.top as? FormScreen)
        let reference = try XCTUnwrap(form.session.form.fields.compactMap { $0 as? TierReferenceField }.first)
        XCTAssertTrue(reference.text.hasPrefix("Choose a tier"), reference.text)
        press(app, .tab, .tab, .tab, .tab)               // district-wide, schools, priority areas, tier
        press(app, .right)                               // tier 1
        XCTAssertEqual(reference.text, try XCTUnwrap(store.serviceModel()[1]).joined(separator: "; "))
        XCTAssertTrue(text(app).contains("Welcome visit and school tour"), text(app))
        press(app, .right, .right)                       // tier 3
        XCTAssertTrue(reference.text.contains("Home visits"), reference.text)
    }
}
