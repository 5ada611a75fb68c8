import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// Migration v14-speed: the schools' kept counts agree with a fresh count after every kind of write,
/// and after the migration runs on a database that already holds a district; the lists sort only by
/// columns an index can give in order.
final class SpeedSchemaTests: XCTestCase {
    private func int(_ store: FacetStore, _ sql: String, _ args: StatementArguments = []) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql, arguments: args) } ?? -1
    }

    private func version(_ store: FacetStore, _ table: String, _ id: Int64) throws -> Int {
        try int(store, "SELECT version FROM \(table) WHERE id = ?", [id])
    }

    func testKeptSchoolCountsAgreeWithAFreshCountAfterEveryWrite() throws {
        let t = try TestDatabase()
        let store = t.store
        _ = try DemoData.load(into: store, size: .small)
        XCTAssertEqual(try store.schoolCountMismatches(), [], "filled for the demo's rows")
        XCTAssertGreaterThan(try int(store, "SELECT SUM(active_staff) FROM school_counts"), 0)
        XCTAssertGreaterThan(try int(store, "SELECT SUM(active_partnerships) FROM school_counts"), 0)

        let schoolA = try int(store, "SELECT id FROM schools ORDER BY id LIMIT 1")
        let schoolB = try int(store, "SELECT id FROM schools ORDER BY id LIMIT 1 OFFSET 1")
        let staffA = try int(store, "SELECT active_staff FROM school_counts WHERE school_id = ?", [schoolA])

        // An employee: added, moved to another school, made inactive, made active, deleted.
        let employee = try store.insertRecord(.employees, values: [
            "number": .text("T-0001"), "first_name": .text("Ana"), "last_name": .text("Quispe"),
            "school_id": .integer(Int64(schoolA)), "role": .text("teacher"), "active": .integer(1)])
        XCTAssertEqual(try int(store, "SELECT active_staff FROM school_counts WHERE school_id = ?", [schoolA]), staffA + 1)
        try store.updateRecord(.employees, id: employee, expectedVersion: try version(store, "employees", employee),
                               changes: ["school_id": .integer(Int64(schoolB))])
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        try store.updateRecord(.employees, id: employee, expectedVersion: try version(store, "employees", employee),
                               changes: ["active": .integer(0)])
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        try store.updateRecord(.employees, id: employee, expectedVersion: try version(store, "employees", employee),
                               changes: ["active": .integer(1), "school_id": .integer(Int64(schoolA))])
        XCTAssertEqual(try int(store, "SELECT active_staff FROM school_counts WHERE school_id = ?", [schoolA]), staffA + 1)
        try store.deleteRecord(.employees, id: employee, expectedVersion: try version(store, "employees", employee))
        XCTAssertEqual(try int(store, "SELECT active_staff FROM school_counts WHERE school_id = ?", [schoolA]), staffA)
        XCTAssertEqual(try store.schoolCountMismatches(), [])

        // A partnership: saved active for two schools, its schools changed, ended, made active, deleted.
        let partner = try int(store, "SELECT id FROM partners ORDER BY id LIMIT 1")
        let partnershipsA = try int(store, "SELECT active_partnerships FROM school_counts WHERE school_id = ?", [schoolA])
        var p = Partnership(partnerID: Int64(partner), schoolIDs: [Int64(schoolA), Int64(schoolB)], status: .active)
        let pid = try store.savePartnership(p)
        XCTAssertEqual(try int(store, "SELECT active_partnerships FROM school_counts WHERE school_id = ?", [schoolA]), partnershipsA + 1)
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        p = try XCTUnwrap(try store.partnership(id: pid))
        p.schoolIDs = [Int64(schoolB)]
        _ = try store.savePartnership(p)
        XCTAssertEqual(try int(store, "SELECT active_partnerships FROM school_counts WHERE school_id = ?", [schoolA]), partnershipsA)
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        p = try XCTUnwrap(try store.partnership(id: pid))
        _ = try store.endPartnership(id: pid, expectedVersion: p.version, on: Day(year: 2026, month: 11, day: 30)!)
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        try store.updateRecord(.partnerships, id: pid, expectedVersion: try version(store, "partnerships", pid),
                               changes: ["status": .text("active")])
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        try store.deleteRecord(.partnerships, id: pid, expectedVersion: try version(store, "partnerships", pid))
        XCTAssertEqual(try store.schoolCountMismatches(), [])

        // A new school starts at zero and is listed with its counts.
        let school = try store.insertRecord(.schools, values: ["code": .text("Z999"), "name": .text("Zephyr Academy"),
                                                               "level": .text("elementary"), "active": .integer(1)])
        XCTAssertEqual(try int(store, "SELECT COUNT(*) FROM school_counts WHERE school_id = ?", [school]), 1)
        XCTAssertEqual(try store.schoolCountMismatches(), [])
        let list = store.schoolList()
        let rows = try list.rows(in: 0..<(try list.count()))
        let staffColumn = list.columnTitles.firstIndex(of: "Staff")!
        let fresh = try int(store, "SELECT COUNT(*) FROM employees WHERE school_id = ? AND active", [schoolA])
        XCTAssertEqual(rows.first { $0.id == Int64(schoolA) }?.cells[staffColumn], String(fresh))
    }

    func testTheSessionsSearchIndexFindsWhatAScanFindsAndFollowsACourseRename() throws {
        let t = try TestDatabase()
        let store = t.store
        _ = try DemoData.load(into: store, size: .small)
        let today = Day(year: 2026, month: 11, day: 30)!
        func found(_ word: String) throws -> Int {
            let list = store.sessionList(today: today)
            list.setFilter(word)
            return try list.count()
        }
        func scanned(_ word: String) throws -> Int {
            try int(store, """
                SELECT COUNT(*) FROM pd_sessions ps JOIN pd_courses c ON c.id = ps.course_id
                WHERE c.code LIKE ?1 OR c.title LIKE ?1 OR ps.place LIKE ?1 OR ps.facilitator LIKE ?1 OR ps.day LIKE ?1
                """, ["%\(word)%"])
        }
        for word in ["Library", "Room", "FE101", "engagement", "2026-"] {
            XCTAssertEqual(try found(word), try scanned(word), word)
        }
        XCTAssertGreaterThan(try found("Library"), 0)
        let course = try int(store, "SELECT id FROM pd_courses ORDER BY id LIMIT 1")
        let sessions = try int(store, "SELECT COUNT(*) FROM pd_sessions WHERE course_id = ?", [course])
        XCTAssertEqual(try found("Zanzibar"), 0)
        try store.updateRecord(.pdCourses, id: Int64(course), expectedVersion: try version(store, "pd_courses", Int64(course)),
                               changes: ["title": .text("Zanzibar welcome")])
        XCTAssertEqual(try found("Zanzibar"), sessions, "a course's new title re-indexes its sessions")
    }

    func testTheMigrationFillsTheCountsOfADistrictMadeBeforeIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-speed-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("facet.sqlite").path
        // A database as the build before v14 left it: a district written without the kept counts.
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v11-standards")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO schools (id, code, name, level, updated_at, updated_by) VALUES
                  (1, 'E1', 'One', 'elementary', 'now', 't'), (2, 'E2', 'Two', 'elementary', 'now', 't');
                INSERT INTO employees (number, first_name, last_name, school_id, role, active, updated_at, updated_by) VALUES
                  ('1', 'A', 'A', 1, 'teacher', 1, 'now', 't'), ('2', 'B', 'B', 1, 'teacher', 0, 'now', 't'),
                  ('3', 'C', 'C', 2, 'teacher', 1, 'now', 't'), ('4', 'D', 'D', NULL, 'teacher', 1, 'now', 't');
                INSERT INTO partners (id, name, name_folded, kind, updated_at, updated_by) VALUES (1, 'P', 'p', 'nonprofit', 'now', 't');
                INSERT INTO partnerships (id, partner_id, status, updated_at, updated_by) VALUES
                  (1, 1, 'active', 'now', 't'), (2, 1, 'ended', 'now', 't');
                INSERT INTO partnership_schools (partnership_id, school_id) VALUES (1, 1), (1, 2), (2, 1);
                """)
        }
        try Migrations.migrator.migrate(queue)
        let kept = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT school_id, active_partnerships, active_staff FROM school_counts ORDER BY school_id")
                .map { [$0[0], $0[1], $0[2]] as [Int64] }
        }
        XCTAssertEqual(kept, [[1, 1, 1], [2, 1, 1]])
    }

    func testListsOfferOnlySortsAnIndexGives() throws {
        let t = try TestDatabase()
        let store = t.store
        let employees = store.employeeList()
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(employees.columnTitles, employees.columnSortable)),
                       ["Number": true, "Name": true, "School": false, "Role": true, "Hired": true])
        let partnerships = store.partnershipList(today: Day(year: 2026, month: 11, day: 30)!)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(partnerships.columnTitles, partnerships.columnSortable)),
                       ["Partner": true, "Schools": false, "Priority areas": false, "Tier": true, "Status": true, "OK": false,
                        "Reviewed": true])
        // Each offered sort of the large lists reads an index in order: no temporary sort.
        for list in [employees, partnerships, store.partnerList(), store.sessionList(today: Day(year: 2026, month: 11, day: 30)!)] {
            for (column, sortable) in list.columnSortable.enumerated() where sortable {
                for ascending in [true, false] {
                    list.setSort(column: column, ascending: ascending)
                    let plan = try list.queryPlan()
                    XCTAssertFalse(plan.contains("TEMP B-TREE"), "\(list.columnTitles[column]) sorts without an index: \(plan)")
                }
            }
        }
    }

    /// The sessions list counts, finds a session and pages its ids from `pd_sessions` alone when
    /// nothing filters and the order is the sessions' own: the same as through the join.
    func testTheSessionsListReadFromItsBaseTableShowsWhatTheJoinShows() throws {
        let t = try TestDatabase()
        let store = t.store
        _ = try DemoData.load(into: store, size: .small)
        let today = Day("2026-11-30")!
        let kept = store.sessionList(today: today)
        XCTAssertNotNil(kept.query.base)
        var joinedQuery = kept.query
        joinedQuery.base = nil
        let joined = PagedList(store: store, query: joinedQuery)
        XCTAssertEqual(try kept.count(), try joined.count())
        let next = try XCTUnwrap(try store.firstSession(onOrAfter: today))
        let at = try XCTUnwrap(try kept.position(of: next))
        XCTAssertGreaterThan(at, 0)
        XCTAssertEqual(at, try joined.position(of: next))
        XCTAssertEqual(try kept.rows(in: at..<(at + 20)).first?.id, next)
        XCTAssertEqual(try kept.rows(in: at..<(at + 20)), try joined.rows(in: at..<(at + 20)))
        XCTAssertEqual(try kept.rows(in: (at + 40)..<(at + 60)), try joined.rows(in: (at + 40)..<(at + 60)), "paged on by keyset")
        // The page around a record just found (by keyset from it) is the page found by counting.
        let counted = PagedList(store: store, query: kept.query)
        XCTAssertEqual(try counted.rows(in: at..<(at + 20)), try kept.rows(in: at..<(at + 20)))
        for ascending in [false, true] {
            let found = PagedList(store: store, query: kept.query), skipped = PagedList(store: store, query: kept.query)
            for list in [found, skipped] { list.setSort(column: 0, ascending: ascending) }
            let p = try XCTUnwrap(try found.position(of: next))
            XCTAssertEqual(try found.rows(in: max(0, p - 7)..<(p + 5)), try skipped.rows(in: max(0, p - 7)..<(p + 5)), "ascending \(ascending)")
            XCTAssertEqual(try found.rows(in: max(0, p - 7)..<(p + 5)).dropFirst(min(7, p)).first?.id, next)
        }
        // Sorted by course (a joined key) and filtered: through the join, as before.
        for list in [kept, joined] { list.setSort(column: 1, ascending: false); list.setFilter("fe1") }
        XCTAssertEqual(try kept.count(), try joined.count())
        XCTAssertGreaterThan(try kept.count(), 0)
        XCTAssertEqual(try kept.rows(in: 0..<20), try joined.rows(in: 0..<20))
    }
}
