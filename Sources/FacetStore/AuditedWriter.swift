import Foundation
import GRDB

/// Every change to an editable table goes through here, inside one write transaction: the version is
/// checked (a stale write is a conflict, never an overwrite), `updated_at/updated_by` are stamped,
/// and the audit log gets the fields before and after.
public struct AuditedWriter {
    public let db: Database
    public let login: String
    let at = Timestamp.now()

    /// Columns the writer manages itself; callers never set them.
    static let managedColumns: Set<String> = ["id", "version", "updated_at", "updated_by"]

    /// Inserts a row and returns its id.
    @discardableResult
    public func insert(into table: String, values: [String: (any DatabaseValueConvertible)?]) throws -> Int64 {
        var columns = values.filter { !AuditedWriter.managedColumns.contains($0.key) }
        columns["version"] = 1
        columns["updated_at"] = at
        columns["updated_by"] = login
        let names = columns.keys.sorted()
        let sql = "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        try db.execute(sql: sql, arguments: StatementArguments(names.map { columns[$0]! }))
        let id = db.lastInsertedRowID
        let after = try AuditedWriter.fetchColumns(db, table: table, id: id) ?? [:]
        try appendAudit(entity: table, id: id, action: "insert", before: [:], after: after)
        return id
    }

    /// Applies `changes` when the stored version is still `expectedVersion`; otherwise throws
    /// `StoreError.conflict` carrying the stored values. Returns the new version.
    @discardableResult
    public func update(_ table: String, id: Int64, expectedVersion: Int,
                       changes: [String: (any DatabaseValueConvertible)?], action: String = "update") throws -> Int {
        guard let current = try AuditedWriter.fetchColumns(db, table: table, id: id) else {
            throw StoreError.notFound(entity: table, id: id)
        }
        let storedVersion = current["version"]?.integerValue.map(Int.init) ?? -1
        guard storedVersion == expectedVersion else {
            throw StoreError.conflict(entity: table, id: id, expectedVersion: expectedVersion, current: current)
        }
        let proposed = changes.filter { !AuditedWriter.managedColumns.contains($0.key) }
            .mapValues { StoredValue(($0?.databaseValue) ?? .null) }
        let changed = proposed.filter { current[$0.key] != $0.value }
        guard !changed.isEmpty else { return storedVersion }
        let names = changed.keys.sorted()
        let sets = names.map { "\($0) = ?" } + ["version = version + 1", "updated_at = ?", "updated_by = ?"]
        var args: [DatabaseValue] = names.map { changed[$0]!.databaseValue }
        args += [at.databaseValue, login.databaseValue, id.databaseValue, expectedVersion.databaseValue]
        try db.execute(sql: "UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE id = ? AND version = ?",
                       arguments: StatementArguments(args))
        guard db.changesCount == 1 else {
            throw StoreError.conflict(entity: table, id: id, expectedVersion: expectedVersion, current: current)
        }
        let before = current.filter { changed[$0.key] != nil }
        try appendAudit(entity: table, id: id, action: action, before: before, after: changed)
        return storedVersion + 1
    }

    /// Deletes a row when its version is still `expectedVersion`.
    public func delete(from table: String, id: Int64, expectedVersion: Int) throws {
        guard let current = try AuditedWriter.fetchColumns(db, table: table, id: id) else {
            throw StoreError.notFound(entity: table, id: id)
        }
        try db.execute(sql: "DELETE FROM \(table) WHERE id = ? AND version = ?", arguments: [id, expectedVersion])
        guard db.changesCount == 1 else {
            throw StoreError.conflict(entity: table, id: id, expectedVersion: expectedVersion, current: current)
        }
        try appendAudit(entity: table, id: id, action: "delete", before: current, after: [:])
    }

    /// Records a bulk change (an import, the demo) as one audit row with a summary.
    public func recordBulk(entity: String, summary: [String: (any DatabaseValueConvertible)?]) throws {
        try appendAudit(entity: entity, id: nil, action: "import", before: [:],
                        after: summary.mapValues { StoredValue(($0?.databaseValue) ?? .null) })
    }

    func appendAudit(entity: String, id: Int64?, action: String, before: [String: StoredValue], after: [String: StoredValue]) throws {
        let strip: ([String: StoredValue]) -> [String: StoredValue] = { $0.filter { !["updated_at", "updated_by"].contains($0.key) } }
        try db.execute(sql: """
            INSERT INTO audit_log (at, login, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [at, login, entity, id, action, AuditEntry.encode(strip(before)), AuditEntry.encode(strip(after))])
    }

    static func fetchColumns(_ db: Database, table: String, id: Int64) throws -> [String: StoredValue]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]) else { return nil }
        var result: [String: StoredValue] = [:]
        for (name, value) in zip(row.columnNames, row.databaseValues) { result[name] = StoredValue(value) }
        return result
    }
}
