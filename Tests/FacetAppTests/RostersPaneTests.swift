import FacetModel
import FacetStore
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// The PD Rosters pane through keys at 80×24 on the small demo district, judged on 2026-11-30.
final class RostersPaneTests: PaneTestCase {

    /// The next session's id and four of its registered people's numbers, and someone not on it.
    func nextSession() throws -> (id: Int64, registered: [String], walkIn: String) {
        let id = try XCTUnwrap(try store.firstSession(onOrAfter: today))
        return try store.read { db in
            let registered = try String.fetchAll(db, sql: """
                SELECT e.number FROM pd_enrollments en JOIN employees e ON e.id = en.employee_id
                WHERE en.session_id = ? AND en.status = 'registered' ORDER BY e.number LIMIT 4
                """, arguments: [id])
            let walkIn = try String.fetchOne(db, sql: """
                SELECT number FROM employees WHERE active AND id NOT IN (SELECT employee_id FROM pd_enrollments WHERE session_id = ?) ORDER BY number LIMIT 1
                """, arguments: [id])!
            return (id, registered, walkIn)
        }
    }

    func testCheckInFivePeopleByKeysAndWatchTheCount() throws {
        let (sessionID, registered, walkIn) = try nextSession()
        XCTAssertEqual(registered.count, 4, "the demo's next session has people registered")
        let before = try XCTUnwrap(try store.session(id: sessionID))
        let app = makeApp()
        press(app, .char("5"), .char("t"))
        XCTAssertTrue(text(app).contains("Sessions"), text(app))
        press(app, .char("i"))
        XCTAssertTrue(screen(app)[1].contains("Check-in"), text(app))
        XCTAssertTrue(screen(app)[2].contains("Checked in \(before.checkedIn) "), screen(app)[2])
        for (n, number) in registered.enumerated() {
            type(app, number)
            XCTAssertTrue(text(app).contains(number), "the match shows as it is typed: \(text(app))")
            press(app, .enter)
            XCTAssertTrue(screen(app)[2].hasPrefix(" Checked in \(before.checkedIn + n + 1)"), screen(app)[2])
            XCTAssertTrue(app.statusMessage?.contains("checked in") == true, app.statusMessage ?? "")
        }
        type(app, walkIn)
        XCTAssertTrue(text(app).contains("walk-in"), text(app))
        press(app, .enter)
        XCTAssertTrue(app.statusMessage?.contains("walk-in") == true, app.statusMessage ?? "")
        let line = screen(app)[2]
        XCTAssertTrue(line.hasPrefix(" Checked in \(before.checkedIn + 5) (\(before.walkIns + 1) walk-in"), line)
        // The same person again is not counted twice.
        type(app, walkIn)
        press(app, .enter)
        XCTAssertTrue(app.statusMessage?.contains("already") == true, app.statusMessage ?? "")
        XCTAssertTrue(screen(app)[2].hasPrefix(" Checked in \(before.checkedIn + 5) "), screen(app)[2])
        let after = try XCTUnwrap(try store.session(id: sessionID))
        XCTAssertEqual(after.checkedIn, before.checkedIn + 5)
        XCTAssertEqual(after.walkIns, before.walkIns + 1)
        // Esc back to the sessions; the roster shows them attended.
        press(app, .escape, .enter)
        XCTAssertTrue(text(app).contains("\(after.checkedIn) in"), text(app))
        XCTAssertTrue(text(app).contains("Attended"), text(app))
    }

    /// Leaving the check-in after only typing refreshes nothing (the dashboard's figures and the
    /// kept metrics stay); a check-in still refreshes the screens.
    func testLeavingTheCheckInAfterOnlyTypingRefreshesNothing() throws {
        let (_, registered, _) = try nextSession()
        let app = makeApp()
        press(app, .char("2"))
        _ = text(app)  // the partnerships' header keeps the metric until the data change
        func metricKept() -> Bool { (app.context.kept("partnershipSummary") as PartnershipSummary?) != nil }
        XCTAssertTrue(metricKept())
        press(app, .char("5"), .char("t"), .char("i"))
        type(app, "ngu")
        press(app, .escape)
        XCTAssertTrue(text(app).contains("Sessions"), text(app))
        XCTAssertTrue(metricKept(), "typing changed nothing: nothing is read again")
        press(app, .char("i"))
        type(app, try XCTUnwrap(registered.first))
        press(app, .enter)
        XCTAssertTrue(app.statusMessage?.contains("checked in") == true, app.statusMessage ?? "")
        XCTAssertFalse(metricKept(), "a check-in refreshes")
    }

    func testComplianceViewOfTheDemoDistrict() throws {
        let app = makeApp()
        press(app, .char("5"), .char("p"))
        let shown = text(app)
        XCTAssertTrue(shown.contains("Compliance — 2026-11-30"), shown)
        let report = try store.complianceReport(today: today)
        XCTAssertEqual(report.map(\.course.code), ["AB120", "CS130", "DIV110", "FE101"], "the elective is not listed")
        let first = try XCTUnwrap(report.first)
        XCTAssertGreaterThan(first.district.counted, 0)
        XCTAssertGreaterThan(first.district.current, 0)
        XCTAssertLessThan(first.district.current, first.district.counted)
        XCTAssertTrue(shown.contains(ComplianceReport.line(first.district)), "the district line of \(first.course.code):\n\(shown)")
        XCTAssertFalse(shown.contains("By school"), "schools are a list of their own")

        // `s`: by school, each course's percent as the report has it for that school.
        press(app, .char("s"))
        let schools = screen(app)
        XCTAssertTrue(schools[1].contains("Percent current, 2026-11-30"), schools[1])
        let row = try XCTUnwrap(schools.first { $0.contains("Aspen Elementary (E124)") }, text(app))
        for course in report {
            let aspen = try XCTUnwrap(course.bySchool.first { $0.label == "Aspen Elementary (E124)" })
            XCTAssertTrue(row.contains(String(format: "%5.1f%%", aspen.percent ?? -1)), "\(course.course.code) at Aspen: \(row)")
        }
        // Enter: that school's figures by role, as the report reads them for it (the first
        // school is under the district office's row).
        press(app, .down, .enter)
        let aspenReport = try store.complianceReport(today: today, schoolCode: "E124")
        XCTAssertTrue(text(app).contains("Compliance — Aspen Elementary (E124)"), text(app))
        let aspenLine = ComplianceReport.line({ var t = aspenReport[0].district; t.label = "Aspen Elementary"; return t }())
        XCTAssertTrue(text(app).contains(aspenLine), "\(aspenLine)\n\(text(app))")
        // One course from the courses list (`p` on it): the counts too.
        press(app, .escape, .escape, .char("c"), .char("/"))
        type(app, "AB120")
        press(app, .enter, .char("p"), .char("s"))
        let ab = try XCTUnwrap(report.first { $0.course.code == "AB120" }?.bySchool.first { $0.label == "Aspen Elementary (E124)" })
        let line = try XCTUnwrap(screen(app).first { $0.contains("Aspen Elementary (E124)") }, text(app))
        XCTAssertTrue(line.contains("\(ab.current) / \(ab.counted)"), line)
    }

    func testTheDistrictOfficeIsTheFirstRowOfComplianceBySchool() throws {
        // Some staff at the district office, so its row has figures.
        let staff = try store.read { try Row.fetchAll($0, sql: "SELECT id, version FROM employees WHERE active AND role = 'teacher' ORDER BY id LIMIT 6") }
        for e in staff {
            try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["school_id": nil]) }
        }
        let report = try store.complianceReport(today: today)
        let app = makeApp()
        press(app, .char("5"), .char("p"), .char("s"))
        let rows = screen(app)
        let header = try XCTUnwrap(rows.firstIndex { $0.contains("School") }, text(app))
        let first = rows[header + 1]
        XCTAssertTrue(first.contains("District office"), "the district office first:\n\(text(app))")
        XCTAssertTrue(rows[header + 2].contains("Aspen Elementary (E124)"), "then the schools by name:\n\(text(app))")
        for course in report {
            let office = try XCTUnwrap(course.bySchool.first { $0.label == "District office" }, "\(course.course.code) counts the district office")
            XCTAssertGreaterThan(office.counted, 0)
            XCTAssertTrue(first.contains(String(format: "%5.1f%%", office.percent ?? -1)), "\(course.course.code) at the district office: \(first)")
        }
        // Enter on it says where its staff are counted, and stays on the list.
        press(app, .enter)
        XCTAssertTrue(text(app).contains("District office staff count on this row"), text(app))
        XCTAssertTrue(text(app).contains("Percent current, 2026-11-30"), text(app))
        // `/` finds it like a school.
        press(app, .char("/"))
        type(app, "district")
        XCTAssertTrue(screen(app)[header + 1].contains("District office"), text(app))
    }

    func testRegisterWhenFullWaitsAndCancellingMovesTheWaitingListUp() throws {
        // A session with two seats.
        let courseID = try XCTUnwrap(try store.courses().first?.id)
        let sessionID = try store.saveSession(id: nil, expectedVersion: 0, values: [
            "course_id": .integer(courseID), "day": .text("2026-12-15"), "time": .text("15:30"), "place": .text("Zebra Hall"), "capacity": .integer(2),
        ])
        let people = try store.read { try Int64.fetchAll($0, sql: "SELECT id FROM employees WHERE active ORDER BY id LIMIT 3") }
        let app = makeApp()
        press(app, .char("5"), .char("t"), .char("/"))
        type(app, "Zebra")
        press(app, .enter, .enter)
        XCTAssertTrue(screen(app)[1].contains("0/2 seats"), screen(app)[1])
        for id in people {
            let number = try store.read { try String.fetchOne($0, sql: "SELECT number FROM employees WHERE id = ?", arguments: [id])! }
            press(app, .char("a"))
            type(app, number)
            press(app, .down, .enter)   // pick the match
            press(app, .ctrl("s"))
            XCTAssertFalse(app.top is FormScreen, "saved: \(text(app))")
        }
        XCTAssertTrue(screen(app)[1].contains("2/2 seats · 1 waiting"), screen(app)[1])
        XCTAssertTrue(text(app).contains("Waiting 1"), text(app))
        // Cancel the first registered person (rows are by name: find a Registered one).
        let lines = screen(app)
        let row = try XCTUnwrap(lines.indices.first { lines[$0].contains("Registered") })
        for _ in 3..<row { press(app, .down) }
        press(app, .char("x"), .char("y"))
        XCTAssertTrue(app.statusMessage?.contains("Moved up from the waiting list") == true, app.statusMessage ?? "")
        XCTAssertTrue(screen(app)[1].contains("2/2 seats · 0 waiting"), screen(app)[1])
    }

    func testEmployeeDetailShowsPDHistoryAndStanding() throws {
        let id = try store.read { try Int64.fetchOne($0, sql: """
            SELECT en.employee_id FROM pd_enrollments en JOIN employees e ON e.id = en.employee_id
            WHERE en.status = 'completed' AND e.active ORDER BY en.employee_id LIMIT 1
            """)! }
        let app = makeApp()
        press(app, .char("5"))
        let list = try XCTUnwrap(app.top as? ListScreen)
        list.select(id: id)
        press(app, .enter)
        let shown = text(app)
        XCTAssertTrue(shown.contains("Required courses on 2026-11-30"), shown)
        XCTAssertTrue(shown.contains("Completed"), shown)
        XCTAssertTrue(shown.contains("Professional development"), shown)
    }
}

