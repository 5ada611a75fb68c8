import FacetModel
import GRDB
import GRDBSQLite

extension StoredValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { storedDatabaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredValue? { StoredValue(dbValue) }
}

/// Edits from the screens, in `StoredValue`s so the application needs no SQL types. Each is one
/// audited, version-checked transaction.
extension FacetStore {
    /// A policy criterion given no `position` goes after the others.
    @discardableResult
    public func insertRecord(_ table: String, values: [String: StoredValue]) throws -> Int64 {
        try Self.checkLengths(table, values)
        return try write { w in
            var values = values
            if table == "policy_criteria", values["position"] == nil || values["position"] == .null {
                let last = try Int64.fetchOne(w.db, sql: "SELECT MAX(position) FROM policy_criteria") ?? 0
                values["position"] = .integer(last + 1)
            }
            return try w.insert(into: table, values: values)
        }
    }

    /// Returns the new version.
    @discardableResult
    public func updateRecord(_ table: String, id: Int64, expectedVersion: Int, changes: [String: StoredValue]) throws -> Int {
        try Self.checkLengths(table, changes)
        return try write { w in try w.update(table, id: id, expectedVersion: expectedVersion, changes: changes) }
    }

    /// A record that others still use is refused with what uses it ("This school still has 12
    /// partnerships and 71 staff; …"), which SQLite's foreign-key error does not say.
    public func deleteRecord(_ table: String, id: Int64, expectedVersion: Int) throws {
        try write { w in
            do {
                try w.delete(from: table, id: id, expectedVersion: expectedVersion)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                throw StoreError.constraint(try ConstraintMessages.stillInUse(w.db, table: table, id: id) ?? ConstraintMessages.foreignKey)
            }
        }
    }

    /// What still uses a record, as a sentence that says what to do instead of deleting it ("This
    /// school still has 12 partnerships and 71 staff; mark it inactive instead of deleting it."), or
    /// nil when nothing does.
    public func stillInUse(_ entity: Entity, id: Int64) -> String? {
        (try? read { db in try ConstraintMessages.stillInUse(db, table: entity.table, id: id) }) ?? nil
    }

    /// Refuses text longer than `FieldLimits` allows, as the forms do, whatever path it comes by.
    static func checkLengths(_ table: String, _ values: [String: StoredValue]) throws {
        guard let limits = FieldLimits.byColumn[table] else { return }
        for (column, value) in values.sorted(by: { $0.key < $1.key }) {
            guard case .text(let text) = value, let limit = limits[column], FieldLimits.exceeds(text, limit) else { continue }
            throw StoreError.invalid("The \(ConstraintMessages.noun(table))'s \(column.replacingOccurrences(of: "_", with: " ")) is \(text.count) characters long; the limit is \(limit).")
        }
    }

    /// Whether this login may make the change (for screens deciding what to offer).
    public func permits(_ action: WriteAction, table: String, scope: RecordScope) -> Bool {
        AccessPolicy.denial(user: currentUser, action: action, table: table, scope: scope) == nil
    }

    /// The schools a stored record belongs to, for `permits`.
    public func scope(of table: String, id: Int64) throws -> RecordScope {
        try read { db in
            let writer = AuditedWriter(db: db, login: login, user: currentUser)
            let columns = try AuditedWriter.fetchColumns(db, table: table, id: id) ?? [:]
            return try writer.scope(of: table, id: id, columns: columns)
        }
    }

    /// Puts a record back as it was right after audit entry `entryID`, as a new audited change
    /// ("restore"). Later changes are undone field by field from their "before" values, so this also
    /// works for records that were bulk-loaded.
    @discardableResult
    public func restore(_ table: String, id: Int64, toStateAfter entryID: Int64) throws -> Int {
        try write { w in
            guard let current = try AuditedWriter.fetchColumns(w.db, table: table, id: id) else {
                throw StoreError.notFound(entity: table, id: id)
            }
            let later = try Row.fetchAll(w.db, sql: """
                SELECT id, at, login, entity, entity_id, action, before, after FROM audit_log
                WHERE entity = ? AND entity_id = ? AND id > ? ORDER BY id DESC
                """, arguments: [table, id, entryID]).map(AuditEntry.init(row:))
            var target = current
            for entry in later {
                for (field, value) in entry.before where field != "version" && current[field] != nil { target[field] = value }
            }
            let changes = target.filter { !AuditedWriter.managedColumns.contains($0.key) && current[$0.key] != $0.value }
            let version = Int(current["version"]?.integerValue ?? 0)
            return try w.update(table, id: id, expectedVersion: version, changes: changes.mapValues { $0 }, action: "restore")
        }
    }
}

/// Notices commits by other connections (other users' processes) by polling `PRAGMA data_version`
/// on one dedicated connection: its value only means something on the same connection.
///
/// A bare SQLite connection, not a GRDB queue: GRDB checks every connection it opens by reading
/// the schema, a few milliseconds on a district's database before the first frame, and this
/// connection never needs the schema (`PRAGMA data_version` does not read it).
public final class ChangeWatcher {
    private var connection: OpaquePointer?
    private var statement: OpaquePointer?
    private var last: Int64?

    public struct Unavailable: Error {}

    public init(store: FacetStore) throws {
        guard sqlite3_open_v2(store.path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              sqlite3_prepare_v2(connection, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK else {
            sqlite3_close(connection)
            throw Unavailable()
        }
        sqlite3_busy_timeout(connection, 1_000)
        last = dataVersion()
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close(connection)
    }

    private func dataVersion() -> Int64? {
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { return nil }
        return sqlite3_column_int64(statement, 0)
    }

    /// True when some connection committed since the last call.
    public func hasChanged() -> Bool {
        guard let now = dataVersion() else { return false }
        defer { last = now }
        return last != nil && now != last
    }
}

extension FacetStore {
    /// Schools as choices for a form: id and "Name (CODE)", by name.
    public func schoolOptions() throws -> [(id: Int64, name: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, code FROM schools ORDER BY name COLLATE NOCASE, id").map { row in
                (row["id"], "\(row["name"] as String) (\(row["code"] as String))")
            }
        }
    }

    /// One school as `schoolOptions` names it ("Name (CODE)"), for a record that shows its school:
    /// one row read, not all of them.
    public func schoolOption(id: Int64) throws -> String? {
        try school(id: id).map { "\($0.name) (\($0.code))" }
    }

    /// The last audit entry of a record: who changed it last, and when.
    public func lastChange(entity: String, id: Int64) throws -> AuditEntry? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, at, login, entity, entity_id, action, before, after FROM audit_log
                WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1
                """, arguments: [entity, id]).map(AuditEntry.init(row:))
        }
    }
}

extension FacetStore {
    /// The id of the school with this code (codes are case-insensitive), or nil.
    public func schoolID(code: String) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM schools WHERE code = ?", arguments: [code]) }
    }
}
