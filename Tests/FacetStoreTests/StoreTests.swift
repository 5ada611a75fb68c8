import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

final class StoreTests: XCTestCase {
    func testMigrationsFromEmptyCreateSchemaAndShippedData() throws {
        let db = try TestDatabase()
        let counts = try db.store.counts()
        XCTAssertEqual(counts["priority_areas"], 3)
        XCTAssertEqual(counts["standards"], 6)
        XCTAssertEqual(counts["schools"], 0)
        XCTAssertTrue(try db.store.isEmpty())
        let mode = try db.store.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        XCTAssertEqual(mode, "wal")
        // Opening again runs no migration twice and keeps the data.
        let again = try db.secondStore(login: "other")
        XCTAssertEqual(try again.counts()["standards"], 6)
    }

    func testFileAndFolderAreGroupOnly() throws {
        let db = try TestDatabase()
        let attrs = try FileManager.default.attributesOfItem(atPath: db.path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o660)
        let folderAttrs = try FileManager.default.attributesOfItem(atPath: db.folder.path)
        XCTAssertEqual((folderAttrs[.posixPermissions] as? NSNumber)?.intValue, 0o770)
    }

    func testInsertUpdateDeleteAreAuditedWithBeforeAndAfter() throws {
        let db = try TestDatabase(login: "mvang")
        let id = try db.store.write { w in
            try w.insert(into: "schools", values: ["code": "E101", "name": "Galtier Elementary", "level": "elementary"])
        }
        let version = try db.store.write { w in
            try w.update("schools", id: id, expectedVersion: 1, changes: ["name": "Galtier Community School", "level": "elementary"])
        }
        XCTAssertEqual(version, 2)
        let history = try db.store.history(entity: "schools", id: id)
        XCTAssertEqual(history.map(\.action), ["insert", "update"])
        XCTAssertEqual(history[0].login, "mvang")
        XCTAssertEqual(history[0].after["name"], .text("Galtier Elementary"))
        // Only what changed is logged: the level was already elementary.
        XCTAssertEqual(history[1].before, ["name": .text("Galtier Elementary")])
        XCTAssertEqual(history[1].after, ["name": .text("Galtier Community School")])
        let record = try XCTUnwrap(db.store.fetchRecord(table: "schools", id: id))
        XCTAssertEqual(record["updated_by"], .text("mvang"))
        XCTAssertEqual(record["version"], .integer(2))

        try db.store.write { w in try w.delete(from: "schools", id: id, expectedVersion: 2) }
        let after = try db.store.history(entity: "schools", id: id)
        XCTAssertEqual(after.last?.action, "delete")
        XCTAssertEqual(after.last?.before["code"], .text("E101"))
        XCTAssertNil(try db.store.fetchRecord(table: "schools", id: id))
    }

    func testStaleUpdateIsAConflictNotAnOverwrite() throws {
        let db = try TestDatabase(login: "first")
        let other = try db.secondStore(login: "second")
        let id = try db.store.write { w in
            try w.insert(into: "schools", values: ["code": "M201", "name": "Como Park Middle", "level": "middle"])
        }
        // Both read version 1; the second user saves first.
        try other.write { w in _ = try w.update("schools", id: id, expectedVersion: 1, changes: ["name": "Como Park Middle School"]) }
        XCTAssertThrowsError(try db.store.write { w in
            try w.update("schools", id: id, expectedVersion: 1, changes: ["name": "Como Middle"])
        }) { error in
            guard case StoreError.conflict(_, _, let expected, let current) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(expected, 1)
            XCTAssertEqual(current["name"], .text("Como Park Middle School"))
            XCTAssertEqual(current["version"], .integer(2))
        }
        XCTAssertEqual(try db.store.fetchRecord(table: "schools", id: id)?["name"], .text("Como Park Middle School"))
        // A stale delete is refused the same way.
        XCTAssertThrowsError(try db.store.write { w in try w.delete(from: "schools", id: id, expectedVersion: 1) })
        XCTAssertNotNil(try db.store.fetchRecord(table: "schools", id: id))
    }

    func testAuditRowsCannotBeChangedOrRemoved() throws {
        let db = try TestDatabase()
        try db.store.write { w in
            _ = try w.insert(into: "schools", values: ["code": "H301", "name": "Central High", "level": "high"])
        }
        XCTAssertThrowsError(try db.store.write { w in try w.db.execute(sql: "UPDATE audit_log SET login = 'someone-else'") }) {
            XCTAssertTrue("\($0)".contains("append-only"), "\($0)")
        }
        XCTAssertThrowsError(try db.store.write { w in try w.db.execute(sql: "DELETE FROM audit_log") }) {
            XCTAssertTrue("\($0)".contains("append-only"), "\($0)")
        }
        XCTAssertEqual(try db.store.auditRowCount(), 2, "the first admin and the school")
        XCTAssertEqual(try db.store.history(entity: "schools", id: 1).first?.login, "tester")
    }

    func testUniqueConstraintGivesAReadableMessage() throws {
        let db = try TestDatabase()
        try db.store.write { w in _ = try w.insert(into: "schools", values: ["code": "E1", "name": "A", "level": "elementary"]) }
        XCTAssertThrowsError(try db.store.write { w in
            _ = try w.insert(into: "schools", values: ["code": "e1", "name": "B", "level": "elementary"])
        }) { error in
            XCTAssertEqual(error as? StoreError, .constraint("Another school already has this code; give this one a different code."))
        }
    }

    func testDatabaseLocationOrder() {
        XCTAssertEqual(DatabaseLocation.resolve(explicit: "/tmp/x.sqlite", environment: ["FACET_DB": "/tmp/y"]), "/tmp/x.sqlite")
        XCTAssertEqual(DatabaseLocation.resolve(explicit: nil, environment: ["FACET_DB": "/tmp/y", "HOME": "/home/a"]), "/tmp/y")
        XCTAssertEqual(DatabaseLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"]),
                       "/data/facet/facet.sqlite")
        XCTAssertEqual(DatabaseLocation.resolve(explicit: nil, environment: ["HOME": "/home/a"]),
                       "/home/a/.local/share/facet/facet.sqlite")
    }

    func testUnwritableFolderGivesAClearError() throws {
        XCTAssertThrowsError(try FacetStore(path: "/proc/facet-cannot/facet.sqlite")) { error in
            XCTAssertTrue("\(error)".contains("Cannot open the database"), "\(error)")
        }
    }
}

final class DoctorTests: XCTestCase {
    func testDoctorReportsVersionModePermissionsIntegrityAndFilesystem() throws {
        let db = try TestDatabase()
        try FileManager.default.setAttributes([.posixPermissions: 0o770], ofItemAtPath: db.folder.path)
        let findings = Dictionary(uniqueKeysWithValues: db.store.doctor().map { ($0.check, $0) })
        XCTAssertEqual(findings["journal mode"]?.value, "wal")
        XCTAssertEqual(findings["integrity check"]?.value, "ok")
        XCTAssertTrue(findings["SQLite version"]?.value.hasPrefix("3.") ?? false)
        XCTAssertEqual(findings["file permissions"]?.ok, true, "\(findings["file permissions"]!.value)")
        XCTAssertEqual(findings["folder permissions"]?.ok, true)
        XCTAssertEqual(findings["filesystem"]?.ok, true)
        // A world-readable file is reported with what to do.
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: db.path)
        let loose = db.store.doctor().first { $0.check == "file permissions" }!
        XCTAssertFalse(loose.ok)
        XCTAssertTrue(loose.advice?.contains("chmod o-rwx") ?? false)
    }

    func testNetworkFilesystemsAreRecognised() {
        XCTAssertFalse(FacetStore.filesystemType(of: "/").isNetwork)
        XCTAssertNotEqual(FacetStore.filesystemType(of: "/proc").name, "unknown")
    }
}
