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
    /// This login's user record (role, schools), or nil when the login is not a user of this database.
    public private(set) var currentUser: User?

    /// Opens (creating when needed) the database at `path` and brings its schema up to date.
    public init(path: String, login: String = CurrentLogin.name, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        self.login = login
        try DatabaseLocation.prepare(path: path)
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "facet"
        // One person's session reads one thing at a time: one reader keeps one page cache warm.
        // With several, a read that lands on a cold connection re-reads the index pages it needs
        // (measured: 55–62 ms spikes on the third letter of a roster filter with two readers).
        config.maximumReaderCount = 1
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA cache_size = -8192")  // 8 MiB per connection
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Migrations.migrator.migrate(pool)
            try FacetStore.bootstrapFirstAdmin(pool, login: login)
            currentUser = try pool.read { db in try FacetStore.loadUser(db, login: login) }
        } catch {
            let translated = StoreError.translate(error, path: path)
            if translated is StoreError { throw translated }
            throw StoreError.cannotOpen(path: path, reason: String(describing: error))
        }
    }

    /// Runs a read; SQLite errors come back as `StoreError` where they have a meaning for users.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw StoreError.translate(error, path: path) }
    }

    /// Runs one immediate write transaction with an `AuditedWriter` for this login.
    public func write<T>(_ body: (AuditedWriter) throws -> T) throws -> T {
        do {
            let user = currentUser
            return try pool.write { db in try body(AuditedWriter(db: db, login: login, user: user)) }
        } catch {
            throw StoreError.translate(error, path: path)
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
                SELECT (SELECT COUNT(*) FROM schools) + (SELECT COUNT(*) FROM partners) + (SELECT COUNT(*) FROM employees)
                """) == 0
        }
    }

    /// Row counts of the main tables, for the dashboard and `facet demo`.
    public func counts() throws -> [String: Int] {
        try read { db in
            var result: [String: Int] = [:]
            for table in ["schools", "partners", "partnerships", "employees", "surveys", "standards", "priority_areas", "audit_log"] {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            result["active_partnerships"] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM partnerships WHERE status = 'active'") ?? 0
            return result
        }
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
