import FacetModel
import Foundation
import GRDB

/// Every change to an editable table goes through here, inside one write transaction: the version is
/// checked (a stale write is a conflict, never an overwrite), `updated_at/updated_by` are stamped,
/// and the audit log gets the fields before and after.
public struct AuditedWriter {
    public let db: Database
    public let login: String
    /// The user whose role decides what may be written; nil for an unknown login.
    public let user: User?
    /// False only while bootstrapping the first admin of a new database.
    let enforcesAccess: Bool
    let at = Timestamp.now()
    /// Records whose version was bumped in this transaction without an audit row yet.
    let pendingBumps = PendingVersionBumps()

    init(db: Database, login: String, user: User?, enforcesAccess: Bool = true) {
        self.db = db
        self.login = login
        self.user = user
        self.enforcesAccess = enforcesAccess
    }

    /// Throws `StoreError.forbidden` unless the access policy allows the change.
    public func authorize(_ action: WriteAction, table: String, scope: RecordScope) throws {
        guard enforcesAccess else { return }
        if let reason = AccessPolicy.denial(user: user, action: action, table: table, scope: scope) {
            throw StoreError.forbidden(reason)
        }
    }

    /// The schools a record belongs to, from its stored or proposed columns.
    public func scope(of table: String, id: Int64?, columns: [String: StoredValue]) throws -> RecordScope {
        switch table {
        case "schools":
            return id.map { .schools([$0]) } ?? .district
        case "partnerships":
            guard let id else { return .district }
            if columns["district_wide"]?.integerValue == 1 { return .district }
            let ids = try Int64.fetchSet(db, sql: "SELECT school_id FROM partnership_schools WHERE partnership_id = ?", arguments: [id])
            return ids.isEmpty ? .district : .schools(ids)
        case "convening_follow_ups":
            // A follow-up belongs to its convening's school (or the district).
            guard let convening = columns["convening_id"]?.integerValue,
                  let row = try Row.fetchOne(db, sql: "SELECT school_id FROM convenings WHERE id = ?", arguments: [convening]),
                  let school = row["school_id"] as Int64? else { return .district }
            return .schools([school])
        default:
            if let school = columns["school_id"] {
                if let sid = school.integerValue { return .schools([sid]) }
                return .district
            }
            return .district
        }
    }

    /// Columns the writer manages itself; callers never set them.
    static let managedColumns: Set<String> = ["id", "version", "updated_at", "updated_by"]

    /// Inserts a row and returns its id.
    /// `scope` is for records whose schools live in a link table (partnerships): the caller names the
    /// schools the record will have, and is held to them when it writes the links.
    @discardableResult
    public func insert(into table: String, values: [String: (any DatabaseValueConvertible)?], scope declared: RecordScope? = nil) throws -> Int64 {
        var columns = values.filter { !AuditedWriter.managedColumns.contains($0.key) }
        try authorize(.create, table: table, scope: declared ?? scope(of: table, id: nil, columns: columns.mapValues { StoredValue(($0?.databaseValue) ?? .null) }))
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
    /// One row of an import: with an id it changes that record at the version it has in this
    /// transaction (the file names records, not versions); without one it adds a record.
    func saveImported(_ table: String, id: Int64?, values: [String: (any DatabaseValueConvertible)?]) throws {
        if let id {
            let version = try Int.fetchOne(db, sql: "SELECT version FROM \(table) WHERE id = ?", arguments: [id]) ?? 0
            _ = try update(table, id: id, expectedVersion: version, changes: values)
        } else {
            _ = try insert(into: table, values: values)
        }
    }

    public func update(_ table: String, id: Int64, expectedVersion: Int,
                       changes: [String: (any DatabaseValueConvertible)?], action: String = "update",
                       scope declared: RecordScope? = nil, bumpVersion forceVersionBump: Bool = false) throws -> Int {
        guard let current = try AuditedWriter.fetchColumns(db, table: table, id: id) else {
            throw StoreError.notFound(entity: table, id: id)
        }
        let storedVersion = current["version"]?.integerValue.map(Int.init) ?? -1
        guard storedVersion == expectedVersion else {
            throw StoreError.conflict(entity: table, id: id, expectedVersion: expectedVersion, current: current)
        }
        let proposed = changes.filter { !AuditedWriter.managedColumns.contains($0.key) }
            .mapValues { StoredValue(($0?.databaseValue) ?? .null) }
        let oldScope = try scope(of: table, id: id, columns: current)
        try authorize(.update, table: table, scope: oldScope)
        let newScope = try declared ?? scope(of: table, id: id, columns: current.merging(proposed) { $1 })
        if newScope != oldScope { try authorize(.update, table: table, scope: newScope) }
        let changed = proposed.filter { current[$0.key] != $0.value }
        guard !changed.isEmpty || forceVersionBump else { return storedVersion }
        let names = changed.keys.sorted()
        let sets = names.map { "\($0) = ?" } + ["version = version + 1", "updated_at = ?", "updated_by = ?"]
        var args: [DatabaseValue] = names.map { changed[$0]!.databaseValue }
        args += [at.databaseValue, login.databaseValue, id.databaseValue, expectedVersion.databaseValue]
        // Cached: compiling an UPDATE compiles every trigger on the table (employees have a dozen
        // statements of them), and an import changes thousands of rows the same way.
        try db.cachedStatement(sql: "UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE id = ? AND version = ?")
            .execute(arguments: StatementArguments(args))
        guard db.changesCount == 1 else {
            throw StoreError.conflict(entity: table, id: id, expectedVersion: expectedVersion, current: current)
        }
        if !changed.isEmpty {
            let before = current.filter { changed[$0.key] != nil }
            try appendAudit(entity: table, id: id, action: action, before: before, after: changed)
        } else {
            pendingBumps.add(table, id)
        }
        return storedVersion + 1
    }

    /// Deletes a row when its version is still `expectedVersion`.
    public func delete(from table: String, id: Int64, expectedVersion: Int) throws {
        guard let current = try AuditedWriter.fetchColumns(db, table: table, id: id) else {
            throw StoreError.notFound(entity: table, id: id)
        }
        try authorize(.delete, table: table, scope: scope(of: table, id: id, columns: current))
        try db.cachedStatement(sql: "DELETE FROM \(table) WHERE id = ? AND version = ?").execute(arguments: [id, expectedVersion])
        guard db.changesCount == 1 else {
            throw StoreError.conflict(entity: table, id: id, expectedVersion: expectedVersion, current: current)
        }
        try appendAudit(entity: table, id: id, action: "delete", before: current, after: [:])
    }

    /// Records a bulk change (an import, the demo) as one audit row with a summary.
    public func recordBulk(entity: String, summary: [String: (any DatabaseValueConvertible)?]) throws {
        // Bulk loads replace district records wholesale: an admin's job. Thrown here, it rolls back the load.
        try authorize(.create, table: entity, scope: .district)
        try appendAudit(entity: entity, id: nil, action: "import", before: [:],
                        after: summary.mapValues { StoredValue(($0?.databaseValue) ?? .null) })
    }

    /// Appends one audit row, chained to the one before it (see `AuditChain`). The row carries the
    /// record's version after the change, which `facet doctor` compares with the record.
    func appendAudit(entity: String, id: Int64?, action: String, before: [String: StoredValue], after: [String: StoredValue]) throws {
        let strip: ([String: StoredValue]) -> [String: StoredValue] = { $0.filter { !["updated_at", "updated_by"].contains($0.key) } }
        let beforeJSON = AuditEntry.encode(strip(before)), afterJSON = AuditEntry.encode(strip(after))
        var version: Int64?
        if let id {
            pendingBumps.remove(entity, id)
            if action == "delete" {
                version = before["version"]?.integerValue
            } else {
                version = try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM \(entity) WHERE id = ?"), arguments: [id])
            }
        }
        // This is an immediate write transaction: no one else can append between this read and the insert.
        let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"))
        let rowID = (previous?["id"] as Int64? ?? 0) + 1
        let hash = AuditChain.hash(previous: previous?["hash"] ?? "", content: AuditChain.content(
            id: rowID, at: at, login: login, entity: entity, entityID: id, action: action,
            before: beforeJSON, after: afterJSON, version: version))
        // Cached: an import appends one row per partnership, and compiling the statements each time
        // was a sixth of its time.
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (id, at, login, entity, entity_id, action, before, after, version, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [rowID, at, login, entity, id, action, beforeJSON, afterJSON, version, hash])
    }

    /// Gives every version bump of this transaction that has no audit row yet an empty one.
    func finishVersionBumps() throws {
        for (entity, id) in pendingBumps.records {
            try appendAudit(entity: entity, id: id, action: "update", before: [:], after: [:])
        }
    }

    static func fetchColumns(_ db: Database, table: String, id: Int64) throws -> [String: StoredValue]? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [id]) else { return nil }
        var result: [String: StoredValue] = [:]
        for (name, value) in zip(row.columnNames, row.databaseValues) { result[name] = StoredValue(value) }
        return result
    }
}
