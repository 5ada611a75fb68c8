import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// A temporary folder for files the test builds itself, removed at the end.
final class TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("facet-robust-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

final class StartupLockTests: XCTestCase {
    func testOpeningASetUpDatabaseDoesNotWaitForAWriter() throws {
        let db = try TestDatabase()
        // Another process's long import: a second connection holds the write lock until released.
        let other = try DatabaseQueue(path: db.path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        locked.wait()
        defer { release.signal(); done.wait() }
        // Before: the first-admin check was a write transaction, and this threw "busy" after 1 s.
        let store = try FacetStore(path: db.path, login: "tester", busyTimeout: 1)
        XCTAssertEqual(store.currentUser?.role, .admin)
        XCTAssertEqual(try store.counts()["standards"], 6)
    }
}

final class ReadOnlyTests: XCTestCase {
    func testReadOnlyStoreReadsAndRefusesWritesWithItsReason() throws {
        let db = try TestDatabase()
        let store = try FacetStore(path: db.path, login: "tester", mode: .readOnly)
        XCTAssertTrue(store.isReadOnly)
        XCTAssertFalse(db.store.isReadOnly)
        XCTAssertNil(db.store.readOnlyReason)
        XCTAssertEqual(try store.counts()["priority_areas"], 3)
        XCTAssertThrowsError(try store.insertRecord("schools", values: ["code": .text("E1"), "name": .text("A"), "level": .text("elementary")])) { error in
            guard case StoreError.readOnlyBecause(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reason, store.readOnlyReason)
        }
    }

    // Root ignores permission bits, so the kernel's answers are simulated; the decision is what is tested.
    func testTheReasonNamesTheRealCause() {
        let path = "/srv/facet/facet.sqlite"
        let describe: (String) -> String = { $0 == path ? "mode 640, owner alice, group facet" : "mode 555, owner root, group facet" }
        func reason(writable: Set<String>, existing: Set<String> = [path], readOnlyFS: Bool = false) -> String? {
            DatabaseFile.readOnlyReason(path: path, canWrite: { writable.contains($0) }, exists: { existing.contains($0) },
                                        onReadOnlyFilesystem: { _ in readOnlyFS }, describe: describe)
        }
        XCTAssertNil(reason(writable: [path, "/srv/facet"]))
        let file = reason(writable: ["/srv/facet"])
        XCTAssertTrue(file?.contains("may not write the file (mode 640, owner alice, group facet)") ?? false, file ?? "nil")
        XCTAssertTrue(file?.contains("group") ?? false)
        let folder = reason(writable: [path])
        XCTAssertTrue(folder?.contains("the folder /srv/facet does not let your account create files (mode 555") ?? false, folder ?? "nil")
        XCTAssertFalse(folder?.contains("add you to its group") ?? true, "a folder problem is not a group problem")
        // With -wal and -shm already there and writable, a read-only folder does not matter.
        XCTAssertNil(reason(writable: [path, path + "-wal", path + "-shm"], existing: [path, path + "-wal", path + "-shm"]))
        let filesystem = reason(writable: [path, "/srv/facet"], readOnlyFS: true)
        XCTAssertTrue(filesystem?.contains("mounted read-only") ?? false, filesystem ?? "nil")
    }
}

final class BrokenFileTests: XCTestCase {
    func testRandomBytesAreNotADatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("facet.sqlite")
        var bytes = [UInt8](repeating: 0, count: 8192)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try FacetStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .notADatabase(path: path))
            XCTAssertTrue("\(error)".contains("is not an SQLite file"), "\(error)")
            XCTAssertFalse("\(error)".contains("SQLite error"), "\(error)")
        }
        let open = try XCTUnwrap(findings(FacetStore.diagnose(path: path))["open"])
        XCTAssertFalse(open.ok)
        XCTAssertTrue(open.advice?.contains("not an SQLite file") ?? false)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(bytes), "nothing was written to it")
    }

    func testTruncatedDatabaseIsDamaged() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("facet.sqlite")
        do {
            let store = try FacetStore(path: path, login: "admin1")
            try DemoData.load(into: store, size: DemoSize(schools: 20, partners: 50, partnerships: 80, employees: 2000), seed: 3)
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let size = try XCTUnwrap(DatabaseFile.size(path))
        XCTAssertEqual(truncate(path, off_t(size / 2)), 0)

        let report = FacetStore.diagnose(path: path)
        let integrity = try XCTUnwrap(findings(report)["integrity check"])
        XCTAssertFalse(integrity.ok)
        XCTAssertTrue(integrity.advice?.hasPrefix("The file \(path) is not a usable Facet database: it is damaged (") ?? false, integrity.advice ?? "")
        XCTAssertTrue(integrity.advice?.hasSuffix("Restore it from a backup: facet restore BACKUP") ?? false)
        // Opening may succeed (the first pages are intact) or not; either way no raw SQLite text, and
        // export's integrity check refuses.
        do {
            let store = try FacetStore(path: path, login: "admin1")
            XCTAssertThrowsError(try store.checkIntegrity(quick: true)) { error in
                guard case StoreError.damaged = error else { return XCTFail("\(error)") }
            }
        } catch {
            guard case StoreError.damaged = error else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FacetStore.backupProblems(path: path).isEmpty)
    }
}

final class DiskSpaceTests: XCTestCase {
    func testAFullDatabaseSaysSoInWords() throws {
        let db = try TestDatabase()
        // max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk does.
        XCTAssertThrowsError(try db.store.write { w in
            let pages = try Int.fetchOne(w.db, sql: "PRAGMA page_count") ?? 1
            try w.db.execute(sql: "PRAGMA max_page_count = \(pages)")
            for i in 0..<2000 {
                try w.insert(into: "schools", values: ["code": "S\(i)", "name": String(repeating: "x", count: 200), "level": "other"])
            }
        }) { error in
            XCTAssertEqual(error as? StoreError, .diskFull(path: db.path))
            XCTAssertTrue("\(error)".contains("disk holding \(db.path) is full: nothing was saved"), "\(error)")
        }
        XCTAssertEqual(try db.store.counts()["schools"], 0)
    }

    func testCheckpointEmptiesTheWALAfterALargeWrite() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 10, partners: 20, partnerships: 30, employees: 500), seed: 1)
        XCTAssertGreaterThan(DatabaseFile.size(db.path + "-wal") ?? 0, 0)
        db.store.checkpoint()
        XCTAssertEqual(DatabaseFile.size(db.path + "-wal"), 0)
    }

    func testDoctorReportsFreeSpaceAndWarnsOfALargeWAL() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("facet.sqlite")
        FileManager.default.createFile(atPath: path, contents: nil)
        FileManager.default.createFile(atPath: path + "-wal", contents: nil)
        let report = findings(FacetStore.fileFindings(path: path))
        XCTAssertTrue(report["free space"]?.value.hasSuffix("MB") ?? false)
        XCTAssertEqual(report["WAL size"]?.ok, true)
        XCTAssertEqual(truncate(path + "-wal", 70 * 1024 * 1024), 0)  // sparse: no real disk used
        let large = try XCTUnwrap(findings(FacetStore.fileFindings(path: path))["WAL size"])
        XCTAssertFalse(large.ok)
        XCTAssertEqual(large.value, "73.4 MB")
    }
}

final class BackupTests: XCTestCase {
    func testBackupDuringConcurrentWritesIsConsistentAndChained() throws {
        let db = try TestDatabase(login: "admin1")
        try DemoData.load(into: db.store, size: DemoSize(schools: 10, partners: 30, partnerships: 40, employees: 3000), seed: 5)
        let writer = try db.secondStore(login: "writer")
        let folder = try TemporaryFolder()
        let group = DispatchGroup()
        let stop = ManagedAtomicFlag()
        DispatchQueue.global().async(group: group) {
            var n = 0
            while !stop.isSet {
                if (try? writer.insertRecord("schools", values: ["code": .text("W\(n)"), "name": .text("Written \(n)"), "level": .text("other")])) != nil {
                    stop.countWrite()
                }
                n += 1
            }
        }
        // Several backups while the other connection keeps writing.
        for n in 0..<3 {
            try db.store.backup(to: folder.path("backup-\(n).sqlite"))
        }
        stop.set()
        group.wait()
        XCTAssertGreaterThan(stop.writes, 0)
        for n in 0..<3 {
            XCTAssertEqual(FacetStore.backupProblems(path: folder.path("backup-\(n).sqlite")), [])
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path("backup-\(n).sqlite-wal")), "a backup is one file")
        }
        XCTAssertThrowsError(try db.store.backup(to: folder.path("backup-0.sqlite")), "an existing file is never overwritten")
    }

    func testRestoreRefusesATamperedBackupAndRestoresAGoodOne() throws {
        let db = try TestDatabase(login: "admin1")
        try db.store.insertRecord("schools", values: ["code": .text("E1"), "name": .text("Before"), "level": .text("elementary")])
        let folder = try TemporaryFolder()
        let good = folder.path("good.sqlite"), tampered = folder.path("tampered.sqlite")
        try db.store.backup(to: good)
        try db.store.backup(to: tampered)
        try DatabaseQueue(path: tampered).write { raw in
            try raw.execute(sql: "UPDATE schools SET name = 'Forged', version = 2 WHERE id = 1")
        }
        try db.store.updateRecord("schools", id: 1, expectedVersion: 1, changes: ["name": .text("After")])

        XCTAssertThrowsError(try FacetStore.restore(from: tampered, to: db.path)) { error in
            XCTAssertTrue("\(error)".contains("cannot be restored"), "\(error)")
            XCTAssertTrue("\(error)".contains("schools #1"), "\(error)")
        }
        XCTAssertEqual(try db.store.fetchRecord(table: "schools", id: 1)?["name"], .text("After"))

        let stamp = Date(timeIntervalSince1970: 1_790_000_000)
        let kept = try XCTUnwrap(FacetStore.restore(from: good, to: db.path, now: stamp))
        XCTAssertTrue(kept.hasPrefix(db.path + ".replaced-"), kept)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db.path + "-shm"))
        let restored = try FacetStore(path: db.path, login: "admin1", createIfMissing: false)
        XCTAssertEqual(try restored.fetchRecord(table: "schools", id: 1)?["name"], .text("Before"))
        let old = try FacetStore(path: kept, login: "admin1", mode: .diagnose, createIfMissing: false)
        XCTAssertEqual(try old.fetchRecord(table: "schools", id: 1)?["name"], .text("After"))
        XCTAssertEqual(findings(restored.doctor())["audit chain"]?.value, "intact")
    }
}

/// A stop flag one thread sets and another reads, with the writer's count of saves.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private var count = 0
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
    var writes: Int { lock.lock(); defer { lock.unlock() }; return count }
    func countWrite() { lock.lock(); count += 1; lock.unlock() }
}
