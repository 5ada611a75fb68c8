import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

final class SHA256Tests: XCTestCase {
    func testKnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Two blocks of padding: 56–63 bytes leave no room for the length in the first block.
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 63)), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34")
    }
}

/// Doctor findings by check name, for assertions.
func findings(_ list: [DoctorFinding]) -> [String: DoctorFinding] {
    Dictionary(list.map { ($0.check, $0) }, uniquingKeysWith: { first, _ in first })
}

let auditChecks = ["audit triggers", "audit chain", "users match the audit log", "records match the audit log"]

final class TamperEvidenceTests: XCTestCase {
    static let tinyDemo = DemoSize(schools: 4, partners: 6, partnerships: 8, employees: 20)

    /// A demo district with ordinary work done on it through Facet.
    func workedDatabase() throws -> TestDatabase {
        let db = try TestDatabase(login: "admin1")
        try DemoData.load(into: db.store, size: Self.tinyDemo, seed: 7)
        let codes = try db.store.read { try String.fetchAll($0, sql: "SELECT code FROM schools ORDER BY id") }
        try db.store.addUser(login: "mvang", displayName: "Mai Vang", role: .viewer, schoolCodes: [codes[0].lowercased(), codes[1]])
        try db.store.setUserRole(login: "mvang", role: .coordinator)
        try db.store.setUserSchools(login: "mvang", schoolCodes: [codes[1]])
        try db.store.updateRecord("schools", id: 1, expectedVersion: 1, changes: ["name": .text("Renamed Elementary")])
        // A partnership whose links alone change bumps its version with no changed column.
        var p = try XCTUnwrap(db.store.partnership(id: 1))
        p.schoolIDs = [2, 3]
        p.districtWide = false
        _ = try db.store.savePartnership(p)
        // A review that changes nothing still bumps the version.
        let reviewed = try XCTUnwrap(db.store.partnership(id: 2))
        let day = reviewed.lastReview ?? Day(year: 2026, month: 1, day: 5)!
        let confirmed = try db.store.read { try Int64.fetchSet($0, sql: "SELECT criterion_id FROM partnership_confirmations WHERE partnership_id = 2") }
        let v = try db.store.reviewPartnership(id: 2, expectedVersion: reviewed.version, confirmed: confirmed, on: day, reviewer: reviewed.reviewer)
        _ = try db.store.reviewPartnership(id: 2, expectedVersion: v, confirmed: confirmed, on: day, reviewer: reviewed.reviewer)
        try db.store.deleteRecord("employees", id: 3, expectedVersion: 1)
        return db
    }

    func assertClean(_ list: [DoctorFinding], file: StaticString = #filePath, line: UInt = #line) {
        let byCheck = findings(list)
        for check in auditChecks {
            XCTAssertEqual(byCheck[check]?.ok, true, "\(check): \(byCheck[check]?.value ?? "missing")", file: file, line: line)
        }
    }

    func testUntouchedDemoAndOrdinaryWorkAreClean() throws {
        let db = try workedDatabase()
        assertClean(db.store.doctor())
        XCTAssertEqual(findings(db.store.doctor())["audit chain"]?.value, "intact")
        // Reloading the demo over edited records replaces them at version 1: no false alarm.
        try DemoData.load(into: db.store, size: Self.tinyDemo, seed: 8, force: true)
        assertClean(FacetStore.diagnose(path: db.path))
    }

    func testForgedAuditRowBreaksTheChainAtThatRow() throws {
        let db = try workedDatabase()
        let forged = try DatabaseQueue(path: db.path).write { raw -> Int64 in
            try raw.execute(sql: """
                INSERT INTO audit_log (at, login, entity, entity_id, action, after, hash)
                VALUES ('2026-01-01T00:00:00Z', 'mvang', 'schools', 2, 'update', '{"name":"x"}', 'abc')
                """)
            return raw.lastInsertedRowID
        }
        let chain = try XCTUnwrap(findings(FacetStore.diagnose(path: db.path))["audit chain"])
        XCTAssertFalse(chain.ok)
        XCTAssertEqual(chain.value, "broken at audit row #\(forged)")
    }

    func testDroppedTriggerAndEditedRowAreReportedAndFacetRefusesToWrite() throws {
        let db = try workedDatabase()
        try DatabaseQueue(path: db.path).write { raw in
            try raw.execute(sql: "DROP TRIGGER audit_log_no_update")
            try raw.execute(sql: "UPDATE audit_log SET login = 'someone-else' WHERE id = 3")
        }
        let report = findings(FacetStore.diagnose(path: db.path))
        XCTAssertEqual(report["audit triggers"]?.ok, false)
        XCTAssertTrue(report["audit triggers"]?.value.contains("audit_log_no_update") ?? false)
        XCTAssertEqual(report["audit chain"]?.value, "broken at audit row #3")
        XCTAssertThrowsError(try FacetStore(path: db.path, login: "admin1")) { error in
            XCTAssertEqual(error as? StoreError, .auditProtectionsMissing(path: db.path))
            XCTAssertTrue("\(error)".contains("facet doctor"), "\(error)")
        }
    }

    func testRoleAndSchoolsChangedOutsideFacetAreReported() throws {
        let db = try workedDatabase()
        try DatabaseQueue(path: db.path).write { raw in
            try raw.execute(sql: "UPDATE users SET role = 'admin' WHERE login = 'mvang'")
            try raw.execute(sql: "INSERT INTO user_schools (user_id, school_id) SELECT id, 4 FROM users WHERE login = 'mvang'")
            try raw.execute(sql: "INSERT INTO users (login, role, updated_at, updated_by) VALUES ('intruder', 'admin', 'now', 'x')")
        }
        let users = try XCTUnwrap(findings(FacetStore.diagnose(path: db.path))["users match the audit log"])
        XCTAssertFalse(users.ok)
        XCTAssertTrue(users.value.contains("user mvang is admin but the audit log last made them coordinator"), users.value)
        XCTAssertTrue(users.value.contains("user mvang works for"), users.value)
        XCTAssertTrue(users.value.contains("user intruder"), users.value)
    }

    func testVersionBumpedOutsideFacetIsReported() throws {
        let db = try workedDatabase()
        try DatabaseQueue(path: db.path).write { raw in
            try raw.execute(sql: "UPDATE schools SET name = 'Quietly Renamed', version = version + 1 WHERE id = 1")  // has audit rows
            try raw.execute(sql: "UPDATE employees SET version = 2 WHERE id = 5")  // bulk-loaded, no audit row
        }
        let records = try XCTUnwrap(findings(FacetStore.diagnose(path: db.path))["records match the audit log"])
        XCTAssertFalse(records.ok)
        XCTAssertTrue(records.value.hasPrefix("2 record(s)"), records.value)
        XCTAssertTrue(records.value.contains("schools #1 is at version 3 but its last audit row says 2"), records.value)
        XCTAssertTrue(records.value.contains("employees #5 is at version 2 but has no audit row"), records.value)
    }

    func testMigrationChainsAuditRowsWrittenBeforeIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-v6-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("facet.sqlite").path
        do {
            // A database as the previous release left it: audit rows without version or hash.
            let old = try DatabasePool(path: path)
            try Migrations.migrator.migrate(old, upTo: "v6-partnership-search")
            try old.write { db in
                try db.execute(sql: "INSERT INTO users (login, role, version, updated_at, updated_by) VALUES ('admin1', 'admin', 1, 'now', 'admin1')")
                try db.execute(sql: "INSERT INTO audit_log (at, login, entity, entity_id, action, after) VALUES ('now', 'admin1', 'users', 1, 'insert', '{\"role\":\"admin\"}')")
                try db.execute(sql: "INSERT INTO schools (code, name, level, version, updated_at, updated_by) VALUES ('E1', 'A', 'elementary', 2, 'now', 'admin1')")
                try db.execute(sql: "INSERT INTO audit_log (at, login, entity, entity_id, action, after) VALUES ('now', 'admin1', 'schools', 1, 'insert', '{\"name\":\"B\"}')")
                try db.execute(sql: "INSERT INTO audit_log (at, login, entity, entity_id, action, before, after) VALUES ('now', 'admin1', 'schools', 1, 'update', '{\"name\":\"B\"}', '{\"name\":\"A\"}')")
            }
            try old.close()
        }
        let store = try FacetStore(path: path, login: "admin1")
        assertClean(store.doctor())
        try store.updateRecord("schools", id: 1, expectedVersion: 2, changes: ["name": .text("C")])
        assertClean(store.doctor())
    }
}
