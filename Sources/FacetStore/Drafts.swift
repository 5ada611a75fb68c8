import Foundation
import GRDB

/// A form's unsaved input, kept when a session ends mid-edit.
public struct Draft: Sendable, Equatable {
    public var id: Int64
    public var entity: String
    public var recordID: Int64?
    /// The version the form was loaded at: reopening and saving still detects others' changes.
    public var version: Int
    public var values: [String: StoredValue]
    /// The values the form was loaded with, so reopening knows what the user had changed.
    public var original: [String: StoredValue]
    public var savedAt: String
}

extension FacetStore {
    /// Keeps a form's input for this login. Written straight to the pool so it works even when
    /// the user's role changed meanwhile; never throws (a session is ending).
    public func saveDraft(entity: String, recordID: Int64?, version: Int, values: [String: StoredValue],
                          original: [String: StoredValue]) {
        _ = try? pool.write { db in
            try db.execute(sql: """
                INSERT INTO drafts (login, entity, record_id, version, field_values, original_values, saved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [login, entity, recordID, version, AuditEntry.encode(values) ?? "{}",
                                 AuditEntry.encode(original) ?? "{}", Timestamp.now()])
        }
    }

    public func drafts() throws -> [Draft] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM drafts WHERE login = ? ORDER BY id", arguments: [login]).map { row in
                Draft(id: row["id"], entity: row["entity"], recordID: row["record_id"], version: row["version"],
                      values: AuditEntry.decode(row["field_values"]), original: AuditEntry.decode(row["original_values"]),
                      savedAt: row["saved_at"])
            }
        }
    }

    public func discardDraft(id: Int64) throws {
        _ = try write { w in try w.db.execute(sql: "DELETE FROM drafts WHERE id = ? AND login = ?", arguments: [id, login]) }
    }
}
