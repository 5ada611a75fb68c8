import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// The compliance counts kept by day (migration v18-pd-speed) against a fresh count after each kind
/// of write, and the report read from them against the report computed from every employee.
final class ComplianceSummaryTests: XCTestCase {
    let today = Day("2026-11-30")!
    var db: TestDatabase!
    var store: FacetStore { db.store }

    override func setUpWithError() throws {
        db = try TestDatabase(demo: .small, seed: 2026)
    }

    /// The report with schools in a fixed order (two schools may share a name).
    func normalized(_ report: [CourseCompliance]) -> [CourseCompliance] {
        report.map { c in
            var c = c
            c.bySchool.sort { ($0.label, $0.counted, $0.current, $0.inGrace) < ($1.label, $1.counted, $1.current, $1.inGrace) }
            return c
        }
    }

    /// Kept tables equal a fresh count, and the kept report equals the fresh one on several days,
    /// for the district, by school, and for one school.
    func assertAgree(_ when: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try store.complianceSummaryMismatches(), [], when, file: file, line: line)
        let school = try store.schoolChoices().first?.code
        for day in [today, today.adding(days: -200), today.adding(months: 13), today.adding(days: 40)] {
            let fresh = normalized(try store.complianceReportFromEmployees(today: day))
            XCTAssertEqual(normalized(try store.complianceReport(today: day)), fresh, "\(when), on \(day)", file: file, line: line)
            let district = try store.complianceReport(today: day, bySchool: false)
            XCTAssertEqual(district.map(\.district), fresh.map(\.district), "\(when), district on \(day)", file: file, line: line)
            XCTAssertEqual(district.map(\.byRole), fresh.map(\.byRole), "\(when), by role on \(day)", file: file, line: line)
            XCTAssertEqual(normalized(try store.complianceReport(today: day, schoolCode: school)),
                           normalized(try store.complianceReportFromEmployees(today: day, schoolCode: school)),
                           "\(when), one school on \(day)", file: file, line: line)
        }
    }

    func testTheKeptCountsAgreeWithAFreshCountAfterEveryKindOfWrite() throws {
        try assertAgree("after the demo")
        let report = try store.complianceReport(today: today)
        XCTAssertGreaterThan(report.reduce(0) { $0 + $1.district.current }, 0, "the demo has current employees")
        XCTAssertGreaterThan(report.reduce(0) { $0 + $1.district.inGrace }, 0, "the demo has new hires in grace")

        // Completions: check in at a session and mark it completed; then undo one by hand.
        let session = try XCTUnwrap(try store.read { try Int64.fetchOne($0, sql: "SELECT id FROM pd_sessions WHERE day <= '2026-11-30' ORDER BY day DESC LIMIT 1") })
        let people = try store.read { try Int64.fetchAll($0, sql: "SELECT id FROM employees WHERE active ORDER BY id LIMIT 5") }
        for id in people { try store.checkIn(sessionID: session, employeeID: id) }
        XCTAssertGreaterThan(try store.markCompleted(sessionID: session, hours: 2), 0)
        try assertAgree("after completions")
        let done = try XCTUnwrap(try store.read { try Row.fetchOne($0, sql: "SELECT id, version FROM pd_enrollments WHERE session_id = ? AND status = 'completed' LIMIT 1", arguments: [session]) })
        try store.setEnrollmentStatus(id: done["id"], expectedVersion: done["version"], to: .attended)
        try assertAgree("after a completion taken back")

        // A cancellation (and the waiting list moving up).
        if let reg = try store.read({ try Row.fetchOne($0, sql: "SELECT id, version FROM pd_enrollments WHERE status = 'registered' LIMIT 1") }) {
            try store.cancelEnrollment(id: reg["id"], expectedVersion: reg["version"])
        }
        try assertAgree("after a cancellation")

        // Employees: role, school, active, hire date, each by the audited writer.
        func employee(_ sql: String) throws -> Row { try XCTUnwrap(try store.read { try Row.fetchOne($0, sql: sql) }) }
        let withCompletion = "SELECT e.id, e.version FROM employees e WHERE e.active AND e.hire_date IS NOT NULL AND EXISTS (SELECT 1 FROM pd_completions l WHERE l.employee_id = e.id)"
        var e = try employee(withCompletion + " AND e.role = 'teacher' LIMIT 1")
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["role": "front-office"]) }
        try assertAgree("after a role change")
        e = try employee(withCompletion + " AND e.school_id IS NOT NULL LIMIT 1 OFFSET 3")
        let other = try XCTUnwrap(try store.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM schools") })
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["school_id": other]) }
        e = try employee(withCompletion + " LIMIT 1 OFFSET 7")
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["school_id": nil]) }
        try assertAgree("after school changes (one to the district office)")
        e = try employee(withCompletion + " LIMIT 1 OFFSET 11")
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["active": false]) }
        try assertAgree("after an employee was made inactive")
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"] + 1, changes: ["active": true]) }
        try assertAgree("after an employee was made active again")
        e = try employee(withCompletion + " LIMIT 1 OFFSET 13")
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["hire_date": "2026-11-01"]) }
        e = try employee(withCompletion + " LIMIT 1 OFFSET 17")
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["hire_date": nil]) }
        try assertAgree("after hire-date changes (one into the grace period, one removed)")
        try store.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"] + 1, changes: ["first_name": "Renamed"]) }
        try assertAgree("after a change that does not count")
        let fresh = try store.write { w in
            try w.insert(into: "employees", values: ["number": "X900001", "first_name": "New", "last_name": "Hire", "role": "teacher",
                                                     "school_id": other, "hire_date": "2026-11-20"])
        }
        try assertAgree("after a new hire")
        try store.write { w in try w.delete(from: "employees", id: fresh, expectedVersion: 1) }
        try assertAgree("after an employee deleted")

        // The HR import: changes to roles, schools and hire dates, a new employee, the missing made inactive.
        var csv = try store.exportEmployeesCSV()
        var lines = csv.components(separatedBy: "\r\n")
        for i in stride(from: 1, to: min(lines.count - 1, 400), by: 9) {
            lines[i] = lines[i].replacingOccurrences(of: ",Teacher,", with: ",Paraeducator,")
                .replacingOccurrences(of: ",2019-", with: ",2026-")
        }
        lines.remove(at: 5)
        lines.insert("X900002,Ana,Imported,,,Teacher,2026-11-15,yes", at: 2)
        csv = lines.joined(separator: "\r\n")
        let imported = try store.importEmployees(csv: csv, dryRun: false, deactivateMissing: true)
        XCTAssertEqual(imported.problems.count, 0, "\(imported.problems)")
        XCTAssertGreaterThan(imported.updated, 0)
        try assertAgree("after an HR import")

        // A course's roles and renewal; the grace period.
        let course = try XCTUnwrap(try store.read { try Row.fetchOne($0, sql: "SELECT id, version FROM pd_courses WHERE renewal_months IS NOT NULL LIMIT 1") })
        try store.write { w in try w.update("pd_courses", id: course["id"], expectedVersion: course["version"],
                                            changes: ["required_roles": "teacher,counselor", "renewal_months": 6]) }
        try assertAgree("after a course's roles and renewal changed")
        try store.write { w in try w.update("pd_settings", id: 1, expectedVersion: try Int.fetchOne(w.db, sql: "SELECT version FROM pd_settings") ?? 1,
                                            changes: ["grace_days": 400]) }
        try assertAgree("after the grace period changed")

        // The demo loaded again over everything.
        try DemoData.load(into: store, size: .small, seed: 7, force: true)
        try assertAgree("after the demo was reloaded")
    }

    /// Every table kept from `employees` by triggers — the search index's text, the schools' staff
    /// counts, the compliance counts — as rows in a fixed order, to compare before and after.
    func keptTables() throws -> [String: [[String]]] {
        try store.read { db in
            var tables: [String: [[String]]] = [:]
            let sources = ComplianceSummarySchema.tables.map { ($0.name, "SELECT * FROM \($0.name)") }
                + [("school_counts", "SELECT * FROM school_counts"), ("employees_search", "SELECT rowid, body FROM employees_search")]
            for (name, sql) in sources {
                tables[name] = try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map { $0.description } }
                    .sorted { $0.lexicographicallyPrecedes($1) }
            }
            return tables
        }
    }

    /// The search index against its text worked out afresh, both ways, and FTS5's own check of the
    /// index against that text.
    func searchIndexMismatches() throws -> [String] {
        let found = try store.read { db in
            let fresh = "SELECT e.id, \(ImportSpeedSchema.employeeSearchBody) FROM employees e LEFT JOIN schools s ON s.id = e.school_id"
            return try Row.fetchAll(db, sql: "SELECT rowid, body FROM employees_search EXCEPT \(fresh)").map { "has \($0)" }
                + Row.fetchAll(db, sql: "\(fresh) EXCEPT SELECT rowid, body FROM employees_search").map { "lacks \($0)" }
        }
        // FTS5's check is written as an insert (it changes nothing, and throws when the index is off).
        try store.write { w in try w.db.execute(sql: "INSERT INTO employees_search (employees_search) VALUES ('integrity-check')") }
        return found
    }

    /// An HR file from the district's own staff: every third of the first 600 rows changed (role,
    /// school, one to the district office, hire date into the grace period; some emails), every 50th left out
    /// (so made inactive), and `newcomers` new employees at every school and the district office,
    /// some inactive, some without a hire date, some hired within the grace period.
    func hrFile(newcomers: Int) throws -> (csv: String, missing: Int) {
        let codes = try store.read { try String.fetchAll($0, sql: "SELECT code FROM schools ORDER BY id") }
        var lines = try store.exportEmployeesCSV().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        for i in stride(from: 1, to: min(lines.count, 600), by: 3) {
            var fields = lines[i].components(separatedBy: ",")
            guard fields.count == 8 else { continue }
            switch i % 4 {
            case 0: fields[5] = fields[5] == "teacher" ? "paraeducator" : "teacher"
            case 1: fields[4] = codes[i % codes.count]
            case 2: fields[4] = ""
            default: fields[6] = "2026-11-0\(i % 9 + 1)"
            }
            // Some changes of email alone: the search text changes, no count does.
            if i % 7 == 0 { fields[3] = "moved\(i)@district.example.org" }
            lines[i] = fields.joined(separator: ",")
        }
        var missing = 0
        for i in stride(from: lines.count - 1, through: 1, by: -50) where lines[i].hasSuffix(",yes") {
            lines.remove(at: i)
            missing += 1
        }
        let roles = ["teacher", "paraeducator", "front office", "administrator", "counselor", "support staff", "other"]
        for n in 0..<newcomers {
            let site = n % 11 == 0 ? "district" : codes[n % codes.count]
            let hired = n % 13 == 0 ? "" : n % 5 == 0 ? "2026-11-\(10 + n % 15)" : "20\(10 + n % 15)-0\(n % 9 + 1)-1\(n % 9)"
            lines.append("N\(70_000 + n),Ada \(n),Newcomer,ada\(n)@district.example.org,\(site),\(roles[n % roles.count]),\(hired),\(n % 17 == 0 ? "no" : "yes")")
        }
        return (lines.joined(separator: "\r\n") + "\r\n", missing)
    }

    func testABulkImportKeepsTheSearchIndexAndEveryCountEqualToAFreshComputation() throws {
        let (csv, missing) = try hrFile(newcomers: 400)
        let lastAudit = try store.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM audit_log") ?? 0 }
        let report = try store.importEmployees(csv: csv, dryRun: false, deactivateMissing: true)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.created, 400)
        XCTAssertGreaterThan(report.updated, 100)
        XCTAssertEqual(report.deactivated, missing)
        XCTAssertGreaterThan(missing, 0)

        XCTAssertEqual(try store.bulkWritesLeft(), [], "the insert triggers work again after the import")
        XCTAssertEqual(try searchIndexMismatches(), [])
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        try assertAgree("after a bulk HR import of new, changed and missing employees")

        // Changed and missing employees are written set-wise, and each still has its audit row:
        // the columns that changed, and the version it left the employee at.
        let audited = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.version, e.version AS now, a.before, a.after, e.active FROM audit_log a JOIN employees e ON e.id = a.entity_id
                WHERE a.entity = 'employees' AND a.action = 'update' AND a.id > ?
                """, arguments: [lastAudit])
        }
        XCTAssertEqual(audited.count, report.updated + report.deactivated, "an audit row per changed employee")
        for row in audited {
            XCTAssertEqual(row["version"] as Int, row["now"] as Int)
            XCTAssertNotEqual(row["after"] as String, row["before"] as String)
        }
        XCTAssertEqual(audited.filter { ($0["after"] as String).contains("active") && $0["active"] as Int == 0 }.count, missing,
                       "each employee missing from the file, marked inactive in the audit trail")
        let findings = store.doctor().filter { !$0.ok }
        XCTAssertTrue(findings.isEmpty, "doctor: the audit chain and every version hold: \(findings)")

        // The new employees are found by `/`, and a write after the import is kept by the triggers again.
        let list = store.employeeList()
        list.setFilter("N70123")
        XCTAssertEqual(try list.rows(in: 0..<5).map { $0.cells[0] }, ["N70123"])
        let newcomer = try XCTUnwrap(try store.read { try Row.fetchOne($0, sql: "SELECT id, version FROM employees WHERE number = 'N70007'") })
        try store.write { w in try w.update("employees", id: newcomer["id"], expectedVersion: newcomer["version"], changes: ["role": "counselor", "first_name": "Ida"]) }
        try store.write { w in
            try w.insert(into: "employees", values: ["number": "X900009", "first_name": "One", "last_name": "More", "role": "teacher", "hire_date": "2026-11-25"])
        }
        XCTAssertEqual(try searchIndexMismatches(), [])
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        try assertAgree("after writes that follow a bulk import")
    }

    func testARefusedBulkImportLeavesEveryKeptTableAsItWas() throws {
        let before = try keptTables()
        let employees = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM employees") }

        // Refused before anything is written: a problem in the file.
        let (csv, _) = try hrFile(newcomers: 300)
        let broken = csv + "N99999,No,School,,NOSUCH,teacher,2020-01-01,yes\r\n"
        XCTAssertThrowsError(try store.importEmployees(csv: broken, dryRun: false, deactivateMissing: true))

        // Refused after the new employees and their set-wise counts are written: an update that
        // follows them fails (here a trigger of the test's own), and everything rolls back.
        try store.write { w in
            try w.db.execute(sql: """
                CREATE TRIGGER test_refuses_updates BEFORE UPDATE OF active ON employees
                BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
                """)
        }
        XCTAssertThrowsError(try store.importEmployees(csv: csv, dryRun: false, deactivateMissing: true))
        XCTAssertEqual(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM employees") }, employees)
        XCTAssertEqual(try store.bulkWritesLeft(), [])
        let after = try keptTables()
        for name in before.keys.sorted() { XCTAssertEqual(after[name], before[name], name) }

        // Without the obstacle, the same file goes in whole.
        try store.write { w in try w.db.execute(sql: "DROP TRIGGER test_refuses_updates") }
        XCTAssertEqual(try store.importEmployees(csv: csv, dryRun: false, deactivateMissing: true).created, 300)
        XCTAssertEqual(try searchIndexMismatches(), [])
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        XCTAssertEqual(try store.complianceSummaryMismatches(), [])
    }

    func testTheMigrationFillsTheCountsOfADistrictMadeBeforeIt() throws {
        let before = try store.complianceReport(today: today)
        // The district as the build before v18 left it: no kept counts, no triggers.
        try store.write { w in
            for table in ComplianceSummarySchema.tables.map(\.name) { try w.db.execute(sql: "DROP TABLE \(table)") }
            for trigger in try String.fetchAll(w.db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'pd_summary_%'") {
                try w.db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try w.db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v18-pd-speed'")
            // Written with no triggers to keep the counts: the migration must count these too.
            try w.db.execute(sql: "UPDATE employees SET role = 'counselor' WHERE id % 10 = 0")
        }
        let reopened = try FacetStore(path: db.path, login: "tester")
        XCTAssertEqual(try reopened.complianceSummaryMismatches(), [])
        let after = normalized(try reopened.complianceReport(today: today))
        XCTAssertEqual(after, normalized(try reopened.complianceReportFromEmployees(today: today)))
        XCTAssertNotEqual(after.map(\.byRole), before.map(\.byRole), "the roles changed before the migration are counted")
    }
}
