import FacetModel
import FacetStore
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// The outreach pane through keys at 80×24, on the small demo district, judged on 2026-11-30.
final class OutreachPaneTests: PaneTestCase {

    /// A past event of the demo whose attendance is not entered yet, at a school of the list.
    func uncountedEvent() throws -> (id: Int64, school: String) {
        try XCTUnwrap(store.read { db in
            try Row.fetchOne(db, sql: """
                SELECT e.id, s.code FROM outreach_events e JOIN schools s ON s.id = e.school_id
                WHERE e.families IS NULL AND e.held_on < '2026-11-30' ORDER BY e.held_on, e.id LIMIT 1
                """).map { ($0[0] as Int64, $0[1] as String) }
        })
    }

    func testLoggingAnEventsAttendanceByKeysChangesTheCampaignsReach() throws {
        let (id, _) = try uncountedEvent()
        let app = makeApp()
        type(app, "6")
        XCTAssertTrue(screen(app)[1].contains("Reach 1,832 of 3,000 families (61 %) · 6 schools no event"), screen(app)[1])
        let list = try XCTUnwrap(app.top as? ListScreen)
        list.select(id: id)
        press(app, .enter)
        let form = try XCTUnwrap(app.top as? FormScreen, "Enter opens the event's form")
        XCTAssertTrue(text(app).contains("Families by language"), text(app))
        // Attendance is the tenth field.
        for _ in 0..<9 { press(app, .tab) }
        type(app, "Spanish 12, 20")
        press(app, .ctrl("s"))
        XCTAssertTrue(app.top === form, "an unreadable count is not saved")
        XCTAssertTrue(text(app).contains("is not a language and a number"), text(app))
        for _ in 0..<2 { press(app, .backspace) }
        type(app, "English 20")
        press(app, .ctrl("s"))
        XCTAssertTrue(app.top === list, "saved, back on the events:\n\(text(app))")
        XCTAssertTrue(screen(app)[1].contains("Reach 1,864 of 3,000 families (62 %)"), "the reach grew by 32: \(screen(app)[1])")
        XCTAssertEqual(try store.fetchRecord(.outreachEvents, id: id)?["families"]?.integerValue, 32)
        // The reach view counts it for its school, and the event no longer waits to be counted.
        type(app, "r")
        XCTAssertTrue(text(app).contains("1,864 of 3,000 families reached (62 % of the goal)."), text(app))
    }

    func testTheGapViewListsAStandardWithNoSpanishResource() throws {
        let app = makeApp()
        type(app, "6tg")
        let shown = text(app)
        XCTAssertTrue(shown.contains("Toolkit gaps"), shown)
        XCTAssertTrue(shown.contains("No resource for 5 Sharing power in Spanish"), shown)
        let row = try XCTUnwrap(screen(app).first { $0.contains("5 Sharing power") && $0.contains("■") })
        XCTAssertTrue(row.contains("·"), row)
        // Adding a Spanish resource for standard 5 closes that gap.
        let five = try XCTUnwrap(store.assessedStandards().first { $0.code == "5" })
        try store.insertRecord(.toolkitResources, values: ["title": .text("Consejo escolar: cómo participar"), "kind": .text("guide"),
                                                           "standard_ids": .text(String(five.id)), "languages": .text("Spanish")])
        press(app, .escape)
        type(app, "g")
        XCTAssertFalse(text(app).contains("No resource for 5 Sharing power in Spanish"), text(app))
        XCTAssertTrue(text(app).contains("No resource for 5 Sharing power in Hmong"), text(app))
    }

    func testConferenceParticipationComparesTheFallWithTheFallBefore() throws {
        let app = makeApp()
        type(app, "6fp")
        let shown = text(app)
        XCTAssertTrue(shown.contains("Participation — Fall 2026-27"), shown)
        XCTAssertTrue(shown.contains("fall 2025-26:"), shown)
        XCTAssertTrue(shown.contains("4 schools have not entered both figures"), shown)
        XCTAssertTrue(shown.contains("Feedback survey, favourable on “The conference helped me understand"), shown)
        XCTAssertTrue(shown.contains("supp."), "small schools' feedback is suppressed:\n\(shown)")
        // Rows fit the box: no row wraps, so the figures stay in their columns.
        let rows = screen(app).filter { $0.range(of: #"[EMH]\d{3} .{19} +(—|\d+) +\d+ +\d+ %"#, options: .regularExpression) != nil }
        XCTAssertGreaterThanOrEqual(rows.count, 6, shown)
    }

    func testLaunchStepProgressShowsMilestonesAndEvidence() throws {
        let app = makeApp()
        type(app, "6lv")
        let shown = text(app)
        XCTAssertTrue(shown.contains("Evidence: 6 convenings of 2 groups held"), shown)
        XCTAssertTrue(shown.contains("— overdue"), shown)
        press(app, .escape, .enter)
        XCTAssertTrue(text(app).contains("Council adopts the standards"), text(app))
    }

    func testACoordinatorEditsOwnSchoolsEventsAndOnlyReadsOthers() throws {
        try store.addUser(login: "coord", displayName: "Coordinator", role: .coordinator, schoolCodes: ["E101"])
        let coordinator = try FacetStore(path: folder.appendingPathComponent("facet.sqlite").path, login: "coord")
        let (mine, others) = try store.read { db in
            (try Int64.fetchOne(db, sql: "SELECT e.id FROM outreach_events e JOIN schools s ON s.id = e.school_id WHERE s.code = 'E101' LIMIT 1")!,
             try Int64.fetchOne(db, sql: "SELECT e.id FROM outreach_events e JOIN schools s ON s.id = e.school_id WHERE s.code != 'E101' LIMIT 1")!)
        }
        let app = makeApp(coordinator)
        type(app, "6")
        let list = try XCTUnwrap(app.top as? ListScreen)
        list.select(id: others)
        press(app, .enter)
        XCTAssertTrue(app.top is TextScreen, "another school's event opens read-only")
        press(app, .escape)
        list.select(id: mine)
        press(app, .enter)
        XCTAssertTrue(app.top is FormScreen, "the coordinator's own school's event opens its form")
        press(app, .escape)
        type(app, "c")
        let campaigns = try XCTUnwrap(app.top as? ListScreen)
        let before = app.stack.count
        type(app, "n")
        XCTAssertEqual(app.stack.count, before, "a coordinator adds no campaign")
        XCTAssertTrue(app.statusMessage?.contains("admin") == true, app.statusMessage ?? "")
        _ = campaigns
    }

    func testTheKioskDirectoryShowsTheToolkitByLanguageReadOnly() throws {
        let configuration = try AppConfiguration.kiosk(store: store, schoolCode: "E101")
        let app = FacetApplication(store: store, theme: .monochrome, configuration: configuration, clock: FixedClock(day: today))
        let session = try XCTUnwrap((app.panes[0] as? KioskPane)?.session)
        let lines = KioskDirectory.lines(session)
        let start = try XCTUnwrap(lines.firstIndex(of: "Family toolkit, by language"), lines.joined(separator: "\n"))
        let somali = try XCTUnwrap(lines[start...].firstIndex(of: "  Somali"))
        let block = lines[(somali + 1)...].prefix { $0.hasPrefix("    ") }
        XCTAssertTrue(block.contains { $0.hasPrefix("    Welcome to our school: a family guide (guide, K-12) — ") }, block.joined(separator: "\n"))
        XCTAssertFalse(block.contains { $0.contains("Common Core math at home") }, "a resource not in Somali is not listed under Somali")
    }
    func testANewEventWithoutAnyCampaignSaysWhatToDoInsteadOfSaving() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-out-empty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try FacetStore(path: folder.appendingPathComponent("facet.sqlite").path, login: "admin1")
        try empty.insertRecord(.schools, values: ["code": .text("E1"), "name": .text("One"), "level": .text("elementary")])
        let app = FacetApplication(store: empty, theme: .monochrome, offerDemoWhenEmpty: false, today: today)
        type(app, "6n")
        XCTAssertTrue(text(app).contains("No campaign yet"), text(app))
        for _ in 0..<3 { press(app, .tab) }
        type(app, "Math night")
        press(app, .tab)
        type(app, "2026-10-01")
        press(app, .ctrl("s"))
        XCTAssertTrue(text(app).contains("Choose a campaign"), text(app))
        XCTAssertEqual(try empty.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outreach_events") }, 0)
    }
}
