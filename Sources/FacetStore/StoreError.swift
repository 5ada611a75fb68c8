import GRDB

/// Why a store operation failed, in words a user can act on.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// Someone saved the record since it was read; `current` holds the stored values.
    case conflict(entity: String, id: Int64, expectedVersion: Int, current: [String: StoredValue])
    case notFound(entity: String, id: Int64)
    /// Another process held the database lock longer than the busy timeout.
    case busy
    case readOnly(path: String)
    case cannotOpen(path: String, reason: String)
    /// A uniqueness or other constraint refused the write.
    case constraint(String)
    case invalid(String)
    /// The user's role does not allow this change; the message says why.
    case forbidden(String)
    /// A read command was pointed at a path where there is no database (and must not create one).
    case noDatabase(path: String)
    /// The file is not an SQLite database at all.
    case notADatabase(path: String)
    /// The file is an SQLite database, but damaged (truncated, overwritten, failing its integrity check).
    case damaged(path: String, detail: String)
    /// The audit log's append-only triggers were removed outside Facet.
    case auditProtectionsMissing(path: String)
    /// The disk holding the database is full; the transaction was rolled back.
    case diskFull(path: String)
    /// The database could only be opened read-only; `reason` says why in words.
    case readOnlyBecause(path: String, reason: String)

    public var description: String {
        switch self {
        case .conflict(let entity, let id, _, _):
            return "\(entity) #\(id) was changed by someone else since you opened it."
        case .notFound(let entity, let id):
            return "\(entity) #\(id) no longer exists; someone may have deleted it."
        case .busy:
            return "The database is busy (another user is saving). Your input is kept; try again."
        case .readOnly(let path):
            return "The database \(path) is read-only for you; ask an administrator to add you to its group."
        case .cannotOpen(let path, let reason):
            return "Cannot open the database \(path): \(reason)"
        case .constraint(let message):
            return message
        case .invalid(let message):
            return message
        case .forbidden(let message):
            return message
        case .noDatabase(let path):
            return "There is no Facet database at \(path). Check --db or FACET_DB; `facet` (or `facet demo`) creates one."
        case .notADatabase(let path):
            return "The file \(path) is not a Facet database: it is not an SQLite file at all. Check --db or FACET_DB, or restore it from a backup: facet restore BACKUP"
        case .damaged(let path, let detail):
            return "The file \(path) is not a usable Facet database: it is damaged (\(detail)). Restore it from a backup: facet restore BACKUP"
        case .auditProtectionsMissing(let path):
            return "The audit protections of \(path) are missing (the audit log's append-only triggers were removed outside Facet), so Facet will not write to it. Run `facet doctor` to see what was changed, and restore a backup if needed."
        case .diskFull(let path):
            return "The disk holding \(path) is full: nothing was saved. Free some space (or ask an administrator to) and save again."
        case .readOnlyBecause(let path, let reason):
            return "The database \(path) is open read-only: \(reason). You can look but not change anything."
        }
    }

    /// Translates SQLite's errors into the cases above; anything else is passed on.
    static func translate(_ error: Error, path: String) -> Error {
        guard let db = error as? DatabaseError else { return error }
        if let storage = translateStorageError(db, path: path) { return storage }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError.busy
        case .SQLITE_READONLY: return StoreError.readOnly(path: path)
        case .SQLITE_CONSTRAINT: return StoreError.constraint(friendlyConstraint(db.message ?? "constraint failed"))
        default: return error
        }
    }

    static func friendlyConstraint(_ message: String) -> String {
        if message.hasPrefix("UNIQUE constraint failed: ") {
            let cols = message.dropFirst("UNIQUE constraint failed: ".count)
            return "Another record already has this \(cols.replacingOccurrences(of: "_", with: " ")); it must be unique."
        }
        if message.hasPrefix("FOREIGN KEY constraint failed") {
            return "Other records still refer to this one (for example sessions, rosters or employees); change or remove those first."
        }
        return message
    }
}

/// A column value as stored, comparable and printable without GRDB.
public enum StoredValue: Hashable, Sendable, CustomStringConvertible {
    case null, integer(Int64), real(Double), text(String), blob([UInt8])

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let i): self = .integer(i)
        case .double(let d): self = .real(d)
        case .string(let s): self = .text(s)
        case .blob(let b): self = .blob(Array(b))
        }
    }

    var storedDatabaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let i): return i.databaseValue
        case .real(let d): return d.databaseValue
        case .text(let s): return s.databaseValue
        case .blob(let b): return Data(b).databaseValue
        }
    }

    /// The value as text for a form field ("" for NULL).
    public var text: String { description }

    public var description: String {
        switch self {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        case .blob(let b): return "<\(b.count) bytes>"
        }
    }

    public var integerValue: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    var jsonObject: Any {
        switch self {
        case .null: return NSNull()
        case .integer(let i): return NSNumber(value: i)
        case .real(let d): return NSNumber(value: d)
        case .text(let s): return s
        case .blob(let b): return Data(b).base64EncodedString()
        }
    }

    static func fromJSON(_ any: Any) -> StoredValue {
        switch any {
        case is NSNull: return .null
        case let s as String: return .text(s)
        case let n as NSNumber:
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 9e15 ? .integer(n.int64Value) : .real(d)
        default: return .text(String(describing: any))
        }
    }
}

import Foundation
