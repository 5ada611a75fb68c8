import FacetModel
import Foundation
import GRDB

/// The one SQLite file, shared by many processes: WAL, a busy timeout so writers wait for each other,
/// immediate write transactions (GRDB 7's default for `write`), and migrations on open.
public final class FacetStore: @unchecked Sendable {
    public let path: String
    /// Who changes are attributed to.
    public let login: String
    let pool: DatabasePool
    /// How long, in all, a write waits for another process's lock before it is refused as busy.
    public let busyTimeout: TimeInterval
    /// This login's user record (role, schools), or nil when the login is not a user of this database.
    public private(set) var currentUser: User?

    /// Whether this session can only read: the application shows a banner and offers no changes.
    public let isReadOnly: Bool
    /// Why the database is read-only for this session, in words; nil when it is writable.
    public let readOnlyReason: String?
    let mode: OpenMode

    /// How a store is opened.
    public enum OpenMode: Sendable {
        /// Reads and writes; migrates and bootstraps the first admin when needed; refuses a database
        /// whose audit protections are missing.
        case normal
        /// Reads only (SQLITE_OPEN_READONLY), whatever the file's permissions.
        case readOnly
        /// For `facet doctor`: opens whatever is there without migrating, bootstrapping or refusing,
        /// so that a damaged or tampered file can be examined.
        case diagnose
    }

    /// Opens the database at `path` (creating it when needed, unless `createIfMissing` is false) and
    /// brings its schema up to date. Reading never waits for a writer: only a database that needs
    /// migrations or has no users yet takes the write lock.
    public init(path: String, login: String = CurrentLogin.name, busyTimeout: TimeInterval = 5,
                mode: OpenMode = .normal, createIfMissing: Bool = true) throws {
        self.path = path
        self.login = login
        self.mode = mode
        self.busyTimeout = busyTimeout
        if FileManager.default.fileExists(atPath: path) {
            if let problem = DatabaseFile.headerProblem(path: path) { throw problem }
        } else {
            guard createIfMissing, mode == .normal else { throw StoreError.noDatabase(path: path) }
            try DatabaseLocation.prepare(path: path)
        }
        readOnlyReason = mode == .readOnly ? "it was opened read-only on purpose" : DatabaseFile.readOnlyReason(path: path)
        isReadOnly = readOnlyReason != nil
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "facet"
        config.readonly = isReadOnly
        // One person's session reads one thing at a time: one reader keeps one page cache warm.
        // With several, a read that lands on a cold connection re-reads the index pages it needs
        // (measured: 55–62 ms spikes on the third letter of a roster filter with two readers).
        config.maximumReaderCount = 1
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // 2 MiB per connection: the hot index pages of the lists on screen fit, and a session on
            // a server shared by many coordinators stays small. What does not fit comes from the
            // OS page cache, shared by every session (a full sweep of the large district: peak
            // 32.2 → 30.0 MB against 4 MiB, with no key slower; 8 MiB was most of a session's
            // private memory).
            try db.execute(sql: "PRAGMA cache_size = -2048")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            if mode != .diagnose {
                try FacetStore.prepareSchema(pool, path: path, login: login, readOnlyReason: readOnlyReason)
                currentUser = try pool.read { db in try FacetStore.loadUser(db, login: login) }
            } else {
                currentUser = try? pool.read { db in try FacetStore.loadUser(db, login: login) }
            }
        } catch {
            let translated = StoreError.translate(error, path: path)
            if translated is StoreError { throw translated }
            if let readOnlyReason {
                // Read-only WAL needs the -shm file: without it SQLite cannot open the file even to read.
                throw StoreError.cannotOpen(path: path, reason: "SQLite could not open it even for reading, because \(readOnlyReason).")
            }
            throw StoreError.cannotOpen(path: path, reason: String(describing: error))
        }
    }

    /// Migrations, the first admin and the audit protections. A read decides whether anything needs
    /// writing, so that opening a set-up database never waits behind someone's long import.
    private static func prepareSchema(_ pool: DatabasePool, path: String, login: String, readOnlyReason: String?) throws {
        let migrator = Migrations.migrator
        let (migrated, hasUsers) = try pool.read { db in
            (try migrator.hasCompletedMigrations(db) || migrator.hasBeenSuperseded(db),
             try db.tableExists("users") && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 > 0)
        }
        if !migrated || !hasUsers {
            if let readOnlyReason {
                throw StoreError.readOnlyBecause(path: path, reason: readOnlyReason
                    + ", and the database first needs setting up by someone who can write it (open it once with facet as its owner)")
            }
            if !migrated { try migrator.migrate(pool) }
            if !hasUsers { try FacetStore.bootstrapFirstAdmin(pool, login: login) }
        }
        guard readOnlyReason == nil else { return }
        if try !pool.read({ db in try AuditChain.missingTriggers(db) }).isEmpty {
            throw StoreError.auditProtectionsMissing(path: path)
        }
    }

    deinit {
        // A large write leaves a large WAL; fold it back into the file when no one is reading.
        if !isReadOnly, mode != .diagnose { checkpoint() }
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)` without waiting: when others are reading or writing, SQLite
    /// returns busy at once and the WAL is left for a later checkpoint.
    public func checkpoint() {
        try? pool.writeWithoutTransaction { db in
            let timeout = try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(timeout)") }
            _ = try? Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Runs a read; SQLite errors come back as `StoreError` where they have a meaning for users.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        readCount.add()
        do { return try pool.read(body) } catch { throw StoreError.translate(error, path: path) }
    }

    /// Runs a long read (a whole index, start to end) on a connection of its own, opened for it and
    /// closed after, with a small page cache: the session's one reader stays free for the keys typed
    /// meanwhile (a cold scan of the roster's name index takes 200 ms), and keeps its warm pages.
    /// One snapshot, like `read`. Not counted in `readsStarted`: no key waits for it.
    public func readAside<T>(_ body: (Database) throws -> T) throws -> T {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        config.label = "facet-aside"
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -256") }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read(body)
        } catch {
            throw StoreError.translate(error, path: path)
        }
    }

    /// How many reads this store has started: tests show that a key drew from memory.
    public var readsStarted: Int { readCount.value }
    private let readCount = Counter()

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    /// Runs one immediate write transaction with an `AuditedWriter` for this login.
    public func write<T>(_ body: (AuditedWriter) throws -> T) throws -> T {
        if let readOnlyReason { throw StoreError.readOnlyBecause(path: path, reason: readOnlyReason) }
        if let stopWaiting = WaitingForLock.stopCondition { return try write(stoppingWhen: stopWaiting, body) }
        do {
            let user = currentUser
            return try pool.write { db in
                let writer = AuditedWriter(db: db, login: login, user: user)
                let result = try body(writer)
                try writer.finishVersionBumps()
                return result
            }
        } catch {
            throw StoreError.translate(error, path: path)
        }
    }

    /// A write that waits for another process's lock in short slices, asking between them whether
    /// to go on waiting (the user pressed Esc): the wait can be stopped, which SQLite's own busy
    /// timeout cannot. Stopped or timed out, it is `StoreError.busy` and nothing was written.
    private func write<T>(stoppingWhen stop: () -> Bool, _ body: (AuditedWriter) throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(busyTimeout)
        let slice = Int(min(busyTimeout, WaitingForLock.slice) * 1000)
        let full = Int(busyTimeout * 1000)
        while true {
            do {
                return try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA busy_timeout = \(slice)")
                    defer { try? db.execute(sql: "PRAGMA busy_timeout = \(full)") }
                    var result: T?
                    try db.inTransaction(.immediate) {
                        let writer = AuditedWriter(db: db, login: login, user: currentUser)
                        result = try body(writer)
                        try writer.finishVersionBumps()
                        return .commit
                    }
                    return result!
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                if stop() || Date() >= deadline { throw StoreError.busy }
            } catch {
                throw StoreError.translate(error, path: path)
            }
        }
    }

    /// Reads this login's role and schools again (after an admin changed them).
    public func reloadUser() {
        if let user = try? pool.read({ db in try FacetStore.loadUser(db, login: login) }) {
            currentUser = user
        } else {
            currentUser = nil
        }
    }

    /// Whether the district has any records of its own yet (shipped priority areas and standards
    /// do not count): an empty database is offered the demo.
    public func isEmpty() throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM schools) OR EXISTS (SELECT 1 FROM partners) OR EXISTS (SELECT 1 FROM employees)
                """) == 0  // EXISTS, not COUNT(*): on the largest district a count reads 150,000 employees at each start
        }
    }

    /// Row counts of the district's registries (tests and tools). Not the tables that only grow with
    /// history (`audit_log`, `survey_responses`): counting those costs more every day.
    public func counts() throws -> [String: Int] {
        try read { db in
            var result: [String: Int] = [:]
            for table in ["schools", "partners", "partnerships", "employees", "surveys", "standards", "priority_areas"] {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            result["active_partnerships"] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM partnerships WHERE status = 'active'") ?? 0
            return result
        }
    }

    /// Rows in the audit log. It only grows, so this is for tools and reports (the kill-and-check
    /// harness, tests), never for a screen's refresh, which is why `counts()` leaves it out.
    public func auditRowCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
    }

    /// The audit trail of one record, oldest first.
    public func history(entity: String, id: Int64) throws -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, at, login, entity, entity_id, action, before, after FROM audit_log
                WHERE entity = ? AND entity_id = ? ORDER BY id
                """, arguments: [entity, id]).map(AuditEntry.init(row:))
        }
    }

    /// One record's stored columns, or nil when it does not exist.
    public func fetchRecord(table: String, id: Int64) throws -> [String: StoredValue]? {
        try read { db in try AuditedWriter.fetchColumns(db, table: table, id: id) }
    }
}

/// One row of the audit log.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var login: String
    public var entity: String
    public var entityID: Int64?
    public var action: String
    public var before: [String: StoredValue]
    public var after: [String: StoredValue]

    init(row: Row) {
        id = row["id"]
        at = row["at"]
        login = row["login"]
        entity = row["entity"]
        entityID = row["entity_id"]
        action = row["action"]
        before = AuditEntry.decode(row["before"])
        after = AuditEntry.decode(row["after"])
    }

    static func decode(_ json: String?) -> [String: StoredValue] {
        guard let json, let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object.mapValues(StoredValue.fromJSON)
    }

    static func encode(_ values: [String: StoredValue]) -> String? {
        guard !values.isEmpty else { return nil }
        return AuditJSON.encode(values)
    }
}
