import Foundation
import GRDB

/// `facet backup` and `facet restore`: consistent copies of a live database, and a checked way back.
extension FacetStore {
    /// Throws `StoreError.damaged` unless the database passes SQLite's integrity check (`quick`:
    /// the faster check without index cross-checks, for commands that only read).
    public func checkIntegrity(quick: Bool = false) throws {
        let result = try read { db in try String.fetchAll(db, sql: quick ? "PRAGMA quick_check" : "PRAGMA integrity_check") }
        guard result == ["ok"] else {
            throw StoreError.damaged(path: path, detail: "its integrity check fails: " + result.prefix(3).joined(separator: "; "))
        }
    }

    /// Copies the database to `destination` (a new file) while others keep working: SQLite's backup
    /// API reads one snapshot, so the copy is consistent. The copy is checked before this returns.
    public func backup(to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.invalid("\(destination) already exists; give the backup a new name (nothing was written).")
        }
        try DatabaseLocation.prepare(path: destination)
        do {
            let target = try DatabaseQueue(path: destination)
            try pool.backup(to: target)
            // The copy inherits WAL mode from page 1; a backup is one self-contained file.
            try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw StoreError.translate(error, path: destination)
        }
        let problems = FacetStore.backupProblems(path: destination)
        guard problems.isEmpty else {
            throw StoreError.invalid("The backup \(destination) does not pass its checks (\(problems.joined(separator: "; "))); keep it for inspection and run `facet doctor` on the database.")
        }
    }

    /// What is wrong with a backup file, as phrases; empty when it may be restored: SQLite's
    /// integrity check, migrations this build knows, and (from v7 on) an intact audit log.
    public static func backupProblems(path: String) -> [String] {
        if let problem = DatabaseFile.headerProblem(path: path) { return [problem.description] }
        if let truncated = DatabaseFile.truncation(path: path) { return [truncated] }
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard integrity == ["ok"] else { return ["its integrity check fails: " + integrity.prefix(3).joined(separator: "; ")] }
                let migrator = Migrations.migrator
                guard try db.tableExists("grdb_migrations"), try db.tableExists("audit_log") else {
                    return ["it is not a Facet database (it has no Facet schema)"]
                }
                if try migrator.hasBeenSuperseded(db) {
                    return ["it was made by a newer version of Facet than this one"]
                }
                guard try db.columns(in: "audit_log").contains(where: { $0.name == "hash" }) else { return [] }
                var problems: [String] = []
                let missing = try AuditChain.missingTriggers(db)
                if !missing.isEmpty { problems.append("its audit triggers are missing: " + missing.joined(separator: ", ")) }
                if let broken = try AuditChain.firstBrokenRow(db) { problems.append("its audit chain is broken at row #\(broken)") }
                problems += try AuditChain.userMismatches(db)
                let versions = try AuditChain.versionMismatches(db, limit: 3)
                if versions.count > 0 {
                    problems.append("\(versions.count) record(s) were changed without an audit row: " + versions.examples.joined(separator: "; "))
                }
                return problems
            }
        } catch {
            return [String(describing: StoreError.translate(error, path: path))]
        }
    }

    /// Replaces the database at `path` with the backup at `source`, after checking the backup. The
    /// replaced file is kept beside it as `NAME.replaced-YYYYMMDD-HHMMSS` (with its WAL, if any);
    /// stale -wal/-shm files are removed. Returns the kept file's path, or nil when there was none.
    /// Refuses while someone is in the middle of reading or writing the database.
    @discardableResult
    public static func restore(from source: String, to path: String, now: Date = Date()) throws -> String? {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.noDatabase(path: source) }
        let problems = backupProblems(path: source)
        guard problems.isEmpty else {
            throw StoreError.invalid("The backup \(source) cannot be restored: \(problems.joined(separator: "; ")). Nothing was changed.")
        }
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !fm.fileExists(atPath: folder) { try DatabaseLocation.prepare(path: path); try? fm.removeItem(atPath: path) }
        // The new file is built beside the old one, then renamed over it: never a half-copied database.
        let staging = path + ".restoring-\(getpid())"
        try? fm.removeItem(atPath: staging)
        try DatabaseLocation.prepare(path: staging)
        do {
            var config = Configuration()
            config.readonly = true
            let from = try DatabaseQueue(path: source, configuration: config)
            let to = try DatabaseQueue(path: staging)
            try from.backup(to: to)
            try to.close()
            try from.close()
        } catch {
            try? fm.removeItem(atPath: staging)
            throw StoreError.translate(error, path: source)
        }
        var kept: String?
        if fm.fileExists(atPath: path) {
            if othersAreUsing(path) {
                try? fm.removeItem(atPath: staging)
                throw StoreError.invalid("Someone is reading or writing \(path) right now; ask everyone to quit Facet, then restore again. Nothing was changed.")
            }
            var info = stat()
            if stat(path, &info) == 0 {
                chmod(staging, info.st_mode & 0o777)
                _ = chown(staging, uid_t.max, info.st_gid)  // keep the group; uid -1 leaves the owner
            }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            let keptPath = path + ".replaced-" + formatter.string(from: now)
            do {
                try fm.moveItem(atPath: path, toPath: keptPath)
                // The WAL holds changes not yet in the file: it stays with the file it belongs to.
                if fm.fileExists(atPath: path + "-wal") { try fm.moveItem(atPath: path + "-wal", toPath: keptPath + "-wal") }
            } catch {
                try? fm.removeItem(atPath: staging)
                throw StoreError.cannotOpen(path: path, reason: "cannot set the current file aside (\(error.localizedDescription)); nothing was changed")
            }
            kept = keptPath
        }
        try? fm.removeItem(atPath: path + "-wal")
        try? fm.removeItem(atPath: path + "-shm")
        guard rename(staging, path) == 0 else {
            throw StoreError.cannotOpen(path: path, reason: "cannot move the restored copy into place (\(String(cString: strerror(errno)))); it is at \(staging)")
        }
        return kept
    }

    /// Whether another connection holds a read or write transaction on the database: a TRUNCATE
    /// checkpoint that does not wait comes back busy then. (Idle sessions do not count; they should
    /// still quit, since they keep the old file open.)
    static func othersAreUsing(_ path: String) -> Bool {
        guard DatabaseFile.headerProblem(path: path) == nil,
              let queue = try? DatabaseQueue(path: path) else { return false }
        defer { try? queue.close() }
        do {
            return try queue.writeWithoutTransaction { db -> Bool in
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") else { return false }
                return (row[0] as Int?) == 1
            }
        } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) {
            return true
        } catch {
            return false  // a damaged file is what restore is for
        }
    }
}
