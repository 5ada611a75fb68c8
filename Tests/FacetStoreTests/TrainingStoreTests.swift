import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

final class TrainingStoreTests: XCTestCase {
    let today = Day("2026-11-30")!

    /// Three schools, a course for teachers renewed every year, and a session of two seats.
    func setUpDistrict(_ db: TestDatabase) throws -> (course: Int64, session: Int64) {
        try db.store.write { w in
            for (code, name) in [("E101", "Galtier Elementary"), ("E102", "Maxfield Elementary"), ("M201", "Como Park Middle")] {
                try w.insert(into: "schools", values: ["code": code, "name": name, "level": "elementary"])
            }
            let course = try w.insert(into: "pd_courses", values: ["code": "AB120", "title": "Anti-bias", "topic": "anti-bias", "hours": 2.0,
                                                                    "required_roles": "teacher", "renewal_months": 12])
            let session = try w.insert(into: "pd_sessions", values: ["course_id": course, "day": "2026-12-10", "time": "15:30",
                                                                      "place": "Room 210", "capacity": 2])
            return (course, session)
        }
    }

    func count(_ db: TestDatabase, _ sql: String) throws -> Int { try db.store.read { try Int.fetchOne($0, sql: sql) ?? 0 } }

    let goodFile = """
        \u{FEFF}Employee Number,First Name,Last Name,Email,Site Code,Role,Hire Date,Active\r
        T001,Mai,Vang,mai.vang@district.example.org,E101,Teacher,2015-08-24,yes\r
        T002,"Ortega, Jr.",Luis,,e102,teacher,8/24/2020,Y\r
        T003,Sahra,Hassan,sahra@district.example.org,,Front office,2026-10-01,\r
        T004,Tom,Bergstrom,,M201,Administrator,,no\r

        """

    func testAGoodHRFileImportsAndAgainChangesNothing() throws {
        let db = try TestDatabase()
        _ = try setUpDistrict(db)
        let dry = try db.store.importEmployees(csv: goodFile, dryRun: true)
        XCTAssertEqual(dry.problems, [])
        XCTAssertEqual(dry.created, 4)
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM employees"), 0, "a dry run writes nothing")
        let report = try db.store.importEmployees(csv: goodFile, dryRun: false)
        XCTAssertEqual([report.created, report.updated, report.unchanged], [4, 0, 0])
        XCTAssertEqual(try db.store.read { try String.fetchOne($0, sql: "SELECT first_name || '|' || hire_date || '|' || (SELECT code FROM schools WHERE id = school_id) FROM employees WHERE number = 'T002'") },
                       "Ortega, Jr.|2020-08-24|E102")
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM employees WHERE number = 'T003' AND school_id IS NULL AND role = 'front-office'"), 1, "a blank site is the district office")
        XCTAssertEqual(try count(db, "SELECT active FROM employees WHERE number = 'T004'"), 0)
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'employees' AND action = 'import'"), 1, "one audit row for the bulk")
        let again = try db.store.importEmployees(csv: goodFile, dryRun: false)
        XCTAssertEqual([again.created, again.updated, again.unchanged], [0, 0, 4])
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'employees'"), 1, "nothing changed, nothing written")
        // A changed row updates that employee, version-checked and audited.
        let changed = goodFile.replacingOccurrences(of: "T001,Mai,Vang,mai.vang@district.example.org,E101", with: "T001,Mai,Vang,mai.vang@district.example.org,M201")
        let update = try db.store.importEmployees(csv: changed, dryRun: false)
        XCTAssertEqual([update.created, update.updated, update.unchanged], [0, 1, 3])
        XCTAssertEqual(try count(db, "SELECT version FROM employees WHERE number = 'T001'"), 2)
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'employees' AND action = 'update'"), 1)
    }

    func testAMixedFileIsRefusedWholeWithEveryProblemByLineAndColumn() throws {
        let db = try TestDatabase()
        _ = try setUpDistrict(db)
        let mixed = """
            number,first_name,last_name,site_code,role,hire_date
            T001,Mai,Vang,E101,Teacher,2015-08-24
            T002,Luis,Ortega,X99,Teacher,2020-02-30
            T001,Mai,Again,E101,Teacher,2015-08-24
            T004,Tom,Bergstrom,M201,Janitor,03/04/2021
            T005,,Hassan,E102,Teacher,12/31/2021
            """
        let dry = try db.store.importEmployees(csv: mixed, dryRun: true)
        let problems = dry.problems.map(\.description)
        XCTAssertEqual(problems, [
            "line 3, hire_date: \"2020-02-30\" is not a real day: 2/2020 has 29 days",
            "line 3, site_code: no school or site with code X99",
            "line 4, number: employee T001 is already on line 2; give each employee one row",
            "line 5, hire_date: \"03/04/2021\" is ambiguous: 2021-03-04 or 2021-04-03? Write dates as YYYY-MM-DD",
            "line 5, role: \"Janitor\" is not a role: use Teacher, Administrator, Front office, Paraeducator, Support staff, Counselor, Other",
            "line 6, first_name: the first name is required",
        ], problems.joined(separator: "\n"))
        XCTAssertThrowsError(try db.store.importEmployees(csv: mixed, dryRun: false)) { error in
            XCTAssertTrue(String(describing: error).contains("line 5, role"), String(describing: error))
        }
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM employees"), 0, "all or nothing: the good rows were not written either")
    }

    func testMalformedFilesSayWhatIsWrong() throws {
        let db = try TestDatabase()
        _ = try setUpDistrict(db)
        func problems(_ text: String) throws -> [String] { try db.store.importEmployees(csv: text, dryRun: true).problems.map(\.description) }
        XCTAssertEqual(try problems(""), ["line 1: the file is empty; the first line must name the columns, e.g. number,first_name,last_name,email,site_code,role,hire_date,active"])
        XCTAssertEqual(try problems("first_name,last_name,role\nMai,Vang,Teacher\n"), ["line 1: the header has no employee number column (number); it is required"])
        XCTAssertEqual(try problems("number,name,role\nT1,\"Vang, Mai\nTeacher\n"), ["line 2: a quoted field starts here and is never closed"])
        XCTAssertEqual(try problems("number,name,role,shoe_size\nT1,Mai Vang,Teacher,9\n"),
                       ["line 1: unknown column \"shoe_size\"; the columns are number, first_name, last_name, name, email, site_code, role, hire_date, active"])
        XCTAssertEqual(try problems("number,name,role\nT1,Mai Vang,Teacher,extra\n"),
                       ["line 2: has 4 fields but the header has 3; check for a missing comma or an unclosed quote"])
        // "Last, First" in one column is understood.
        XCTAssertEqual(try problems("number,name,role\nT1,\"Vang, Mai\",Teacher\n"), [])
    }

    func testDeactivateMissingMarksAbsentEmployeesInactiveAndKeepsTheirHistory() throws {
        let db = try TestDatabase()
        let (_, session) = try setUpDistrict(db)
        try db.store.importEmployees(csv: goodFile, dryRun: false)
        let t002 = try db.store.read { try Int64.fetchOne($0, sql: "SELECT id FROM employees WHERE number = 'T002'")! }
        try db.store.register(sessionID: session, employeeID: t002)
        let partial = """
            number,first_name,last_name,role
            T001,Mai,Vang,Teacher
            """
        let dry = try db.store.importEmployees(csv: partial, dryRun: true, deactivateMissing: true)
        XCTAssertEqual(dry.deactivated, 2, "T002 and T003 are active and absent; T004 is inactive already")
        let without = try db.store.importEmployees(csv: partial, dryRun: false)
        XCTAssertEqual(without.deactivated, 0, "without the flag, absent employees are left alone")
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM employees WHERE active"), 3)
        let report = try db.store.importEmployees(csv: partial, dryRun: false, deactivateMissing: true)
        XCTAssertEqual(report.deactivated, 2)
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM employees"), 4, "never deleted")
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM employees WHERE active"), 1)
        XCTAssertEqual(try count(db, "SELECT COUNT(*) FROM pd_enrollments"), 1, "their history stays")
    }

    func testOnlyAnAdminImportsEmployees() throws {
        let db = try TestDatabase()
        _ = try setUpDistrict(db)
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["E101"])
        XCTAssertThrowsError(try coordinator.importEmployees(csv: goodFile, dryRun: true)) { error in
            XCTAssertTrue(String(describing: error).contains("whole district"), String(describing: error))
        }
    }

    func testTheWaitingListMovesUpWhenSomeoneCancels() throws {
        let db = try TestDatabase()
        let (_, session) = try setUpDistrict(db)
        try db.store.importEmployees(csv: goodFile, dryRun: false)
        let ids = try db.store.read { try Int64.fetchAll($0, sql: "SELECT id FROM employees ORDER BY number") }
        let statuses = try ids.map { try db.store.register(sessionID: session, employeeID: $0).status }
        XCTAssertEqual(statuses, [.registered, .registered, .waitlisted, .waitlisted])
        XCTAssertThrowsError(try db.store.register(sessionID: session, employeeID: ids[0]), "no one is on a roster twice")
        var info = try XCTUnwrap(try db.store.session(id: session))
        XCTAssertEqual([info.seatsTaken, info.waiting], [2, 2])
        // The second registered person cancels: the first in the queue (T003) moves up, T004 still waits.
        let enrollment = try db.store.read { try Row.fetchOne($0, sql: "SELECT id, version FROM pd_enrollments WHERE employee_id = ?", arguments: [ids[1]])! }
        let moved = try db.store.cancelEnrollment(id: enrollment["id"], expectedVersion: enrollment["version"])
        XCTAssertEqual(moved, ["Sahra Hassan"])
        info = try XCTUnwrap(try db.store.session(id: session))
        XCTAssertEqual([info.seatsTaken, info.waiting], [2, 1])
        XCTAssertThrowsError(try db.store.cancelEnrollment(id: enrollment["id"], expectedVersion: enrollment["version"]), "a stale version is a conflict")
        // A larger room: the rest of the queue moves up.
        let stored = try XCTUnwrap(try db.store.fetchRecord(.pdSessions, id: session))
        _ = try db.store.saveSession(id: session, expectedVersion: Int(stored["version"]!.integerValue!), values: ["capacity": .integer(5)])
        info = try XCTUnwrap(try db.store.session(id: session))
        XCTAssertEqual([info.seatsTaken, info.waiting], [3, 0])
        // Cancelling is audited like every other write.
        XCTAssertGreaterThan(try count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'pd_enrollments' AND action = 'update'"), 2)
    }

    func testCheckInCompletionAndTheComplianceQueryAgreeWithTheRule() throws {
        let db = try TestDatabase()
        let (courseID, session) = try setUpDistrict(db)
        try db.store.importEmployees(csv: goodFile, dryRun: false)
        let ids = try db.store.read { try Int64.fetchAll($0, sql: "SELECT id FROM employees ORDER BY number") }
        try db.store.register(sessionID: session, employeeID: ids[0])
        XCTAssertEqual(try db.store.checkIn(sessionID: session, employeeID: ids[0]), .checkedIn(name: "Mai Vang"))
        XCTAssertEqual(try db.store.checkIn(sessionID: session, employeeID: ids[1]), .walkIn(name: "Ortega, Jr. Luis"))
        XCTAssertEqual(try db.store.checkIn(sessionID: session, employeeID: ids[1]), .already(name: "Ortega, Jr. Luis"))
        XCTAssertEqual(try db.store.markCompleted(sessionID: session, hours: 1.5), 2)
        // The session is on 2026-12-10: judged on 2026-12-11 both teachers are current.
        let day = Day("2026-12-11")!
        let report = try XCTUnwrap(try db.store.complianceReport(today: day).first)
        XCTAssertEqual(report.district.current, 2)
        // Each employee through the model gives the same tally as the query.
        let course = try XCTUnwrap(try db.store.courses().first { $0.id == courseID })
        var expected = Compliance.Tally(label: "District")
        for id in ids {
            let standing = try db.store.complianceOf(employeeID: id, today: day).first { $0.course.id == courseID }
            expected.add(standing?.status ?? .notCounted)
        }
        XCTAssertEqual([report.district.counted, report.district.current, report.district.inGrace], [expected.counted, expected.current, expected.inGrace])
        // A year and a day later the completions have run out: overdue since the day they did.
        let later = Day("2027-12-11")!
        XCTAssertEqual(try db.store.complianceReport(today: later).first?.district.current, 0)
        let overdue = try db.store.overdueEmployees(course: course, today: later)
        XCTAssertEqual(overdue.map(\.number), ["T002", "T001"], "by last name: Luis, Vang")
        XCTAssertEqual(overdue.first?.dueSince, Day("2027-12-10"))
        // The sign-in sheet lists them, with lines for walk-ins.
        let sheet = try db.store.exportRoster(sessionID: session, csv: false)
        XCTAssertTrue(sheet.contains("Sign-in sheet — AB120 Anti-bias"), sheet)
        XCTAssertTrue(sheet.contains("Vang, Mai"), sheet)
        let csv = try db.store.exportRoster(sessionID: session, csv: true)
        XCTAssertEqual(try CSV.parse(csv).count, 3)
    }
}
