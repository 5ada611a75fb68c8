import Foundation
import GRDB

/// The audit log as a hash chain: each row's `hash` is SHA-256 over the previous row's hash and this
/// row's content, so a row forged, changed or removed with `sqlite3` breaks the chain from there on.
/// It is evidence, not prevention: whoever can write the file can recompute the whole chain.
enum AuditChain {
    /// The tables AuditedWriter writes and whose `version` the audit log accounts for
    /// (drafts also have a version but are personal scratch, never audited).
    static func auditedTables(_ db: Database) throws -> [String] {
        let tables = try String.fetchAll(db, sql: """
            SELECT m.name FROM sqlite_master m
            WHERE m.type = 'table' AND m.name NOT IN ('drafts', 'audit_log') AND m.name NOT LIKE 'sqlite_%'
              AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'version')
            ORDER BY m.name
            """)
        return tables
    }

    /// The tables `facet demo` fills in bulk (one 'import' row for entity "demo"), with version 1.
    static let demoTables: Set<String> = ["schools", "school_years", "partners", "partnerships", "surveys", "employees",
                                          "self_assessments", "sip_strategies", "convenings", "convening_follow_ups"]

    /// The append-only triggers every Facet database must have.
    static let appendOnlyTriggers = ["audit_log_no_update", "audit_log_no_delete"]

    /// One row's content in an unambiguous form: each field as its UTF-8 length and text, NULL as "~".
    static func content(id: Int64, at: String, login: String, entity: String, entityID: Int64?, action: String,
                        before: String?, after: String?, version: Int64?) -> String {
        func field(_ value: String?) -> String {
            guard let value else { return "~" }
            return "\(value.utf8.count):\(value)"
        }
        return [field(String(id)), field(at), field(login), field(entity), field(entityID.map { String($0) }), field(action),
                field(before), field(after), field(version.map { String($0) })].joined(separator: "|")
    }

    static func hash(previous: String, content: String) -> String {
        SHA256.hex(previous + "\n" + content)
    }

    static func hash(previous: String, row: Row) -> String {
        hash(previous: previous, content: content(id: row["id"], at: row["at"], login: row["login"], entity: row["entity"],
                                                  entityID: row["entity_id"], action: row["action"], before: row["before"],
                                                  after: row["after"], version: row["version"]))
    }

    /// The v7 migration: adds `version` (the record's version after the change) and `hash`, and chains
    /// the rows already there. The last row of each existing record gets the record's current version:
    /// the state at migration time is the one trusted starting point.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER IF EXISTS audit_log_no_update;
            DROP TRIGGER IF EXISTS audit_log_no_delete;
            ALTER TABLE audit_log ADD COLUMN version INTEGER;
            ALTER TABLE audit_log ADD COLUMN hash TEXT;
            """)
        for table in try auditedTables(db) {
            try db.execute(sql: """
                UPDATE audit_log SET version = (SELECT t.version FROM \(table) t WHERE t.id = audit_log.entity_id)
                WHERE id IN (SELECT MAX(id) FROM audit_log WHERE entity = ? AND entity_id IS NOT NULL GROUP BY entity_id)
                  AND entity_id IN (SELECT id FROM \(table))
                """, arguments: [table])
        }
        var previous = ""
        let rows = try Row.fetchAll(db, sql: "SELECT id, at, login, entity, entity_id, action, before, after, version FROM audit_log ORDER BY id")
        let update = try db.makeStatement(sql: "UPDATE audit_log SET hash = ? WHERE id = ?")
        for row in rows {
            previous = hash(previous: previous, row: row)
            try update.execute(arguments: [previous, row["id"] as Int64])
        }
        // The same triggers as v1-foundation.
        try db.execute(sql: """
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be removed'); END;
            """)
    }

    /// The append-only triggers that are missing or no longer refuse anything.
    static func missingTriggers(_ db: Database) throws -> [String] {
        let present = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
        return appendOnlyTriggers.filter { name in
            !present.contains { ($0["name"] as String) == name && (($0["sql"] as String?) ?? "").contains("RAISE(ABORT") }
        }
    }

    /// The id of the first row whose hash does not follow from the rows before it, or nil when the chain holds.
    static func firstBrokenRow(_ db: Database) throws -> Int64? {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, at, login, entity, entity_id, action, before, after, version, hash FROM audit_log ORDER BY id")
        var previous = ""
        while let row = try rows.next() {
            let stored: String? = row["hash"]
            guard let stored, stored == hash(previous: previous, row: row) else { return row["id"] }
            previous = stored
        }
        return nil
    }

    /// Users whose role or schools differ from what the audit log last set for them, as sentences.
    static func userMismatches(_ db: Database) throws -> [String] {
        var role: [Int64: String] = [:]
        var schools: [Int64: Set<String>] = [:]
        func codes(_ value: StoredValue?) -> Set<String> {
            Set((value?.text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT entity, entity_id, action, before, after FROM audit_log
            WHERE entity IN ('users', 'schools') OR (entity = 'demo' AND action = 'import') ORDER BY id
            """)
        while let row = try rows.next() {
            let entity: String = row["entity"], action: String = row["action"]
            let before = AuditEntry.decode(row["before"]), after = AuditEntry.decode(row["after"])
            switch entity {
            case "demo":
                // `demo --force` deletes every school, and with them every user's schools.
                for id in schools.keys { schools[id] = [] }
            case "schools":
                // A school's deletion removes it from users (ON DELETE CASCADE); a new code follows it.
                let old = before["code"]?.text.uppercased()
                if let old, action == "delete" {
                    for id in schools.keys { schools[id]?.remove(old) }
                } else if let old, let new = after["code"]?.text.uppercased() {
                    for id in schools.keys where schools[id]!.contains(old) { schools[id]!.remove(old); schools[id]!.insert(new) }
                }
            default:
                guard let id: Int64 = row["entity_id"] else { continue }
                if action == "delete" { role[id] = nil; schools[id] = nil; continue }
                if action == "insert" { schools[id] = [] }
                if let r = after["role"] { role[id] = r.text }
                if after["schools"] != nil { schools[id] = codes(after["schools"]) }
            }
        }
        var problems: [String] = []
        for user in try Row.fetchAll(db, sql: "SELECT id, login, role FROM users ORDER BY login") {
            let id: Int64 = user["id"], login: String = user["login"], current: String = user["role"]
            guard let audited = role[id] else {
                problems.append("user \(login) (#\(id)) has no audit row: it was added outside Facet")
                continue
            }
            if audited != current {
                problems.append("user \(login) is \(current) but the audit log last made them \(audited)")
            }
            let actual = Set(try String.fetchAll(db, sql: """
                SELECT s.code FROM user_schools us JOIN schools s ON s.id = us.school_id WHERE us.user_id = ?
                """, arguments: [id]).map { $0.uppercased() })
            let expected = schools[id] ?? []
            if actual != expected {
                func list(_ s: Set<String>) -> String { s.isEmpty ? "none" : s.sorted().joined(separator: ", ") }
                problems.append("user \(login) works for \(list(actual)) but the audit log last set \(list(expected))")
            }
        }
        return problems
    }

    /// Records whose current version is not the one their last audit row gave them, as sentences.
    /// A record with no audit row must be at version 1 (shipped data, or a bulk load); a bulk load
    /// ('import' row without a record id) after a record's last row may have replaced it at version 1.
    static func versionMismatches(_ db: Database, limit: Int = 20) throws -> (count: Int, examples: [String]) {
        var count = 0
        var examples: [String] = []
        let bulk = try Row.fetchAll(db, sql: "SELECT entity, MAX(id) AS id FROM audit_log WHERE action = 'import' AND entity_id IS NULL GROUP BY entity")
        let lastBulk = Dictionary(uniqueKeysWithValues: bulk.map { ($0["entity"] as String, $0["id"] as Int64) })
        for table in try auditedTables(db) {
            let bulkID = max(lastBulk[table] ?? 0, demoTables.contains(table) ? lastBulk["demo"] ?? 0 : 0)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.id, t.version, a.id AS audit_id, a.version AS audited FROM \(table) t
                LEFT JOIN audit_log a ON a.id = (SELECT MAX(l.id) FROM audit_log l
                    WHERE l.entity = ? AND l.entity_id = t.id AND l.version IS NOT NULL)
                """, arguments: [table])
            while let row = try rows.next() {
                let id: Int64 = row["id"], version: Int64 = row["version"]
                let auditID: Int64? = row["audit_id"], audited: Int64? = row["audited"]
                let ok: Bool
                if let auditID, let audited {
                    ok = version == audited || (version == 1 && bulkID > auditID)
                } else {
                    ok = version == 1
                }
                guard !ok else { continue }
                count += 1
                if examples.count < limit {
                    examples.append(audited.map { "\(table) #\(id) is at version \(version) but its last audit row says \($0)" }
                        ?? "\(table) #\(id) is at version \(version) but has no audit row")
                }
            }
        }
        return (count, examples)
    }
}

/// Version bumps without a changed column (a partnership whose links alone change, a review that
/// changes nothing but the version) still need an audit row, so that every version is accounted for.
/// The caller's own rows for the record usually follow; what is left at the end gets an empty row.
final class PendingVersionBumps {
    var records: [(entity: String, id: Int64)] = []

    func add(_ entity: String, _ id: Int64) {
        if !records.contains(where: { $0 == (entity, id) }) { records.append((entity, id)) }
    }

    func remove(_ entity: String, _ id: Int64) {
        records.removeAll { $0 == (entity, id) }
    }
}
