import FacetModel
import Foundation
import GRDB

// The front-office kiosk: the staff PIN of each school (a salted, slow hash), partner staff signing
// in and out, the family contact log, and what the kiosk reads (the open wave, the partners serving
// the school). Every write goes through the audited writer; survey responses go through
// `submitResponse` as everywhere else.

enum KioskSchema {
    /// The "v10-kiosk" migration.
    static func migrate(_ db: Database) throws {
        let kinds = ContactKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE kiosk_pins (
                id INTEGER PRIMARY KEY,
                school_id INTEGER NOT NULL UNIQUE REFERENCES schools(id) ON DELETE CASCADE,
                pin_hash TEXT NOT NULL,
                \(Migrations.bookkeeping)
            );
            CREATE TABLE partner_visits (
                id INTEGER PRIMARY KEY,
                partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
                school_id INTEGER NOT NULL REFERENCES schools(id),
                visitor_name TEXT NOT NULL CHECK (length(visitor_name) > 0),
                purpose TEXT NOT NULL DEFAULT '',
                time_in TEXT NOT NULL,
                time_out TEXT,
                \(Migrations.bookkeeping),
                CHECK (time_out IS NULL OR time_out >= time_in)
            );
            CREATE INDEX partner_visits_in ON partner_visits(school_id, time_out);
            CREATE INDEX partner_visits_by_partnership ON partner_visits(partnership_id, time_in);
            CREATE TABLE family_contacts (
                id INTEGER PRIMARY KEY,
                school_id INTEGER NOT NULL REFERENCES schools(id),
                kind TEXT NOT NULL CHECK (kind IN (\(kinds))),
                language TEXT NOT NULL DEFAULT 'en',
                summary TEXT NOT NULL CHECK (length(summary) > 0),
                reach TEXT NOT NULL DEFAULT '',
                owner TEXT NOT NULL DEFAULT '',
                received_at TEXT NOT NULL,
                due_at TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
                resolution TEXT NOT NULL DEFAULT '',
                closed_at TEXT,
                \(Migrations.bookkeeping)
            );
            CREATE INDEX family_contacts_by_school ON family_contacts(school_id, status, due_at);
            """)
    }
}

extension KioskSchema {
    /// The "v16-kiosk-pin-attempts" migration: wrong PIN tries and the wait they impose, per
    /// school, so that a new kiosk session (a reconnect) still waits. A right PIN clears the row.
    static func migratePinAttempts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE kiosk_pin_attempts (
                id INTEGER PRIMARY KEY,
                school_id INTEGER NOT NULL UNIQUE REFERENCES schools(id) ON DELETE CASCADE,
                failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
                locked_until TEXT,
                \(Migrations.bookkeeping)
            );
            """)
    }
}

/// PBKDF2-HMAC-SHA256 (RFC 8018) over the SHA-256 the audit chain already uses.
enum PBKDF2 {
    /// One 32-byte block: all a PIN needs. HMAC's padded keys are made once, not per iteration.
    static func derive(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        var key = password.count > 64 ? SHA256.digest(password) : password
        key += [UInt8](repeating: 0, count: 64 - key.count)
        let inner = key.map { $0 ^ 0x36 }, outer = key.map { $0 ^ 0x5c }
        func hmac(_ message: [UInt8]) -> [UInt8] { SHA256.digest(outer + SHA256.digest(inner + message)) }
        var u = hmac(salt + [0, 0, 0, 1])
        var result = u
        for _ in 1..<max(1, iterations) {
            u = hmac(u)
            for i in result.indices { result[i] ^= u[i] }
        }
        return result
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let b = UInt8(String(decoding: chars[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
        }
        return out
    }

    /// "pbkdf2-sha256$ITERATIONS$SALT$HASH", with a random 16-byte salt.
    static func encode(pin: String, iterations: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return "pbkdf2-sha256$\(iterations)$\(hex(salt))$\(hex(derive(password: Array(pin.utf8), salt: salt, iterations: iterations)))"
    }

    static func verify(pin: String, encoded: String) -> Bool {
        let parts = encoded.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), iterations >= 1,
              let salt = bytes(hex: parts[2]), let expected = bytes(hex: parts[3]) else { return false }
        let actual = derive(password: Array(pin.utf8), salt: salt, iterations: iterations)
        // Compared in full whatever differs first.
        return actual.count == expected.count && zip(actual, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A partner staff member signed in at a school now.
public struct PartnerVisitor: Sendable, Equatable {
    public var id: Int64
    public var version: Int
    public var partner: String
    public var visitor: String
    public var purpose: String
    public var timeIn: String
}

/// A partnership serving a school, as the kiosk's directory shows it.
public struct DirectoryEntry: Sendable, Equatable {
    public var partner: String
    public var areas: [String]
    public var contactName: String
    public var phone: String
    public var email: String
    public var services: String
}

extension FacetStore {
    /// Iterations of the PIN hash: slow enough to make guessing a stolen hash costly.
    public static let pinIterations = 20_000

    // MARK: schools

    /// A school's id, code and name by code (case ignored), or nil.
    public func school(code: String) throws -> (id: Int64, code: String, name: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, code, name FROM schools WHERE code = ? COLLATE NOCASE", arguments: [code])
                .map { (id: $0["id"] as Int64, code: $0["code"] as String, name: $0["name"] as String) }
        }
    }

    public func school(id: Int64) throws -> (id: Int64, code: String, name: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, code, name FROM schools WHERE id = ?", arguments: [id])
                .map { (id: $0["id"] as Int64, code: $0["code"] as String, name: $0["name"] as String) }
        }
    }

    // MARK: the staff PIN

    /// Sets (or replaces) the staff PIN of a school's kiosk: admins only.
    public func setKioskPIN(schoolID: Int64, pin: String, iterations: Int = FacetStore.pinIterations) throws {
        if let problem = KioskPIN.problem(pin) { throw StoreError.invalid(problem) }
        let encoded = PBKDF2.encode(pin: pin, iterations: iterations)
        try write { w in
            if let row = try Row.fetchOne(w.db, sql: "SELECT id, version FROM kiosk_pins WHERE school_id = ?", arguments: [schoolID]) {
                try w.update("kiosk_pins", id: row["id"], expectedVersion: row["version"], changes: ["pin_hash": encoded])
            } else {
                try w.insert(into: "kiosk_pins", values: ["school_id": schoolID, "pin_hash": encoded])
            }
        }
    }

    public func hasKioskPIN(schoolID: Int64) throws -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT 1 FROM kiosk_pins WHERE school_id = ?", arguments: [schoolID]) != nil }
    }

    /// Whether `pin` is the school's kiosk PIN (false when none is set).
    public func verifyKioskPIN(schoolID: Int64, pin: String) throws -> Bool {
        guard let encoded = try read({ db in
            try String.fetchOne(db, sql: "SELECT pin_hash FROM kiosk_pins WHERE school_id = ?", arguments: [schoolID])
        }) else { return false }
        return PBKDF2.verify(pin: pin, encoded: encoded)
    }

    // MARK: wrong PIN tries

    /// The wrong PIN tries at a school's kiosk and the wait they impose now.
    public func kioskPinLockout(schoolID: Int64) throws -> PinLockout {
        try read { db in try Self.pinLockout(db, schoolID: schoolID)?.lockout ?? PinLockout() }
    }

    /// Records a wrong PIN at a school's kiosk (audited: which kiosk account tried, when) and
    /// returns the lockout that follows.
    @discardableResult
    public func recordKioskPinFailure(schoolID: Int64, at now: Date) throws -> PinLockout {
        try write { w in
            let stored = try Self.pinLockout(w.db, schoolID: schoolID)
            var lockout = stored?.lockout ?? PinLockout()
            lockout.recordFailure(now: now)
            let values: [String: (any DatabaseValueConvertible)?] = ["failures": lockout.failures,
                                                                      "locked_until": lockout.lockedUntil.map(Timestamp.format)]
            if let stored {
                try w.update("kiosk_pin_attempts", id: stored.id, expectedVersion: stored.version, changes: values,
                             scope: .schools([schoolID]))
            } else {
                try w.insert(into: "kiosk_pin_attempts", values: values.merging(["school_id": schoolID]) { $1 })
            }
            return lockout
        }
    }

    /// A right PIN: the wrong tries are forgotten and nothing waits (no write when none were kept).
    public func clearKioskPinFailures(schoolID: Int64) throws {
        guard let stored = try read({ db in try Self.pinLockout(db, schoolID: schoolID) }),
              stored.lockout.failures > 0 || stored.lockout.lockedUntil != nil else { return }
        try write { w in
            guard let current = try Self.pinLockout(w.db, schoolID: schoolID), current.lockout != PinLockout() else { return }
            try w.update("kiosk_pin_attempts", id: current.id, expectedVersion: current.version,
                         changes: ["failures": 0, "locked_until": nil], scope: .schools([schoolID]))
        }
    }

    private static func pinLockout(_ db: Database, schoolID: Int64) throws -> (id: Int64, version: Int, lockout: PinLockout)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, version, failures, locked_until FROM kiosk_pin_attempts WHERE school_id = ?",
                                         arguments: [schoolID]) else { return nil }
        let until = (row["locked_until"] as String?).flatMap(Timestamp.parse)
        return (row["id"], row["version"], PinLockout(failures: row["failures"], lockedUntil: until))
    }

    // MARK: the survey

    /// The open wave a school's families may answer on `day`, or nil.
    public func openWaveID(schoolID: Int64, on day: Day) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT w.id FROM survey_waves w JOIN survey_wave_schools ws ON ws.wave_id = w.id AND ws.school_id = ?
                WHERE w.status = 'open' AND w.opens <= ? AND w.closes >= ? ORDER BY w.opens DESC, w.id DESC LIMIT 1
                """, arguments: [schoolID, day.description, day.description])
        }
    }

    // MARK: partner visits

    /// SQL true when partnership `p` is active at school `?`.
    private static let activeAtSchool = """
        p.status = 'active' AND (p.district_wide = 1 OR EXISTS (SELECT 1 FROM partnership_schools ps WHERE ps.partnership_id = p.id AND ps.school_id = ?))
        """

    /// Partnerships active at a school whose partner's name contains `text` (case ignored).
    public func activePartnerships(schoolID: Int64, matching text: String, limit: Int = 8) throws -> [(id: Int64, partner: String)] {
        let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.id, pr.name FROM partnerships p JOIN partners pr ON pr.id = p.partner_id
                WHERE \(Self.activeAtSchool) AND pr.name LIKE ? ESCAPE '\\'
                ORDER BY pr.name COLLATE NOCASE, p.id LIMIT ?
                """, arguments: [schoolID, pattern, limit]).map { (id: $0["id"] as Int64, partner: $0["name"] as String) }
        }
    }

    /// Signs a partner's staff member in at a school; returns the visit's id.
    @discardableResult
    public func signIn(partnershipID: Int64, schoolID: Int64, visitor: String, purpose: String, at time: Date) throws -> Int64 {
        let name = visitor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw StoreError.invalid("The visitor's name is needed.") }
        guard name.count <= PartnerVisitRules.visitorLimit, purpose.count <= PartnerVisitRules.purposeLimit else {
            throw StoreError.invalid("The name or purpose is longer than the form takes.")
        }
        return try write { w in
            let active = try Int.fetchOne(w.db, sql: "SELECT 1 FROM partnerships p WHERE p.id = ? AND \(Self.activeAtSchool)",
                                          arguments: [partnershipID, schoolID]) != nil
            guard active else { throw StoreError.invalid("That partnership is not active at this school.") }
            return try w.insert(into: "partner_visits", values: [
                "partnership_id": partnershipID, "school_id": schoolID, "visitor_name": name,
                "purpose": purpose.trimmingCharacters(in: .whitespacesAndNewlines), "time_in": Timestamp.format(time),
            ])
        }
    }

    /// Who is signed in at a school now, earliest first.
    public func visitorsIn(schoolID: Int64) throws -> [PartnerVisitor] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.id, v.version, pr.name AS partner, v.visitor_name, v.purpose, v.time_in FROM partner_visits v
                JOIN partnerships p ON p.id = v.partnership_id JOIN partners pr ON pr.id = p.partner_id
                WHERE v.school_id = ? AND v.time_out IS NULL ORDER BY v.time_in, v.id
                """, arguments: [schoolID]).map {
                PartnerVisitor(id: $0["id"], version: $0["version"], partner: $0["partner"], visitor: $0["visitor_name"],
                               purpose: $0["purpose"], timeIn: $0["time_in"])
            }
        }
    }

    public func signOut(visitID: Int64, expectedVersion: Int, at time: Date) throws {
        _ = try write { w in
            try w.update("partner_visits", id: visitID, expectedVersion: expectedVersion, changes: ["time_out": Timestamp.format(time)])
        }
    }

    /// Hours of finished visits of a partnership, by school and month ("2026-11"), newest first.
    public func visitHours(partnershipID: Int64) throws -> [(school: String, month: String, visits: Int, hours: Double)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.code, substr(v.time_in, 1, 7) AS month, COUNT(*) AS visits,
                       SUM((julianday(v.time_out) - julianday(v.time_in)) * 24) AS hours
                FROM partner_visits v JOIN schools s ON s.id = v.school_id
                WHERE v.partnership_id = ? AND v.time_out IS NOT NULL
                GROUP BY s.code, month ORDER BY month DESC, s.code
                """, arguments: [partnershipID]).map {
                (school: $0["code"] as String, month: $0["month"] as String, visits: $0["visits"] as Int, hours: ($0["hours"] as Double?) ?? 0)
            }
        }
    }

    // MARK: the directory

    /// Partnerships active at a school with their partner's contact, services and priority areas.
    public func partnerDirectory(schoolID: Int64) throws -> [DirectoryEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT pr.name, pr.contact_name, pr.contact_phone, pr.contact_email, p.services,
                       (SELECT group_concat(pa.name, '|') FROM partnership_priority_areas ppa JOIN priority_areas pa ON pa.id = ppa.priority_area_id
                        WHERE ppa.partnership_id = p.id) AS areas
                FROM partnerships p JOIN partners pr ON pr.id = p.partner_id
                WHERE \(Self.activeAtSchool) ORDER BY pr.name COLLATE NOCASE, p.id
                """, arguments: [schoolID]).map {
                DirectoryEntry(partner: $0["name"], areas: (($0["areas"] as String?) ?? "").split(separator: "|").map(String.init),
                               contactName: $0["contact_name"], phone: $0["contact_phone"], email: $0["contact_email"], services: $0["services"])
            }
        }
    }

    // MARK: family contacts

    /// Logs a family's question, concern, compliment or suggestion; the reply is due `replyHours` after `at`.
    @discardableResult
    public func recordFamilyContact(schoolID: Int64, kind: ContactKind, language: String, summary: String, reach: String,
                                    owner: String, at time: Date, replyHours: Int = FamilyContactRules.defaultReplyHours) throws -> Int64 {
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError.invalid("Say what the family asked or said.") }
        guard text.count <= FamilyContactRules.summaryLimit, reach.count <= FamilyContactRules.reachLimit,
              owner.count <= FamilyContactRules.ownerLimit else { throw StoreError.invalid("A field is longer than the form takes.") }
        guard replyHours >= 1 else { throw StoreError.invalid("The reply is due at least an hour later.") }
        return try write { w in
            try w.insert(into: "family_contacts", values: [
                "school_id": schoolID, "kind": kind.rawValue, "language": language, "summary": text,
                "reach": reach.trimmingCharacters(in: .whitespacesAndNewlines), "owner": owner.trimmingCharacters(in: .whitespacesAndNewlines),
                "received_at": Timestamp.format(time), "due_at": Timestamp.format(time.addingTimeInterval(Double(replyHours) * 3600)),
            ])
        }
    }

    /// Open family contacts of the schools this user works for (every school for an admin or a
    /// viewer), overdue ones first and flagged. How to reach the family shows only to users with
    /// access to that school.
    public func familyContactList(now: Date) -> PagedList {
        let stamp = Timestamp.format(now)
        let user = currentUser
        let seeAll = user?.role == .admin
        let schools = (user?.schoolIDs ?? []).sorted().map(String.init).joined(separator: ",")
        let reachSQL = seeAll ? "c.reach" : (schools.isEmpty ? "''" : "CASE WHEN c.school_id IN (\(schools)) THEN c.reach ELSE '' END")
        let list = PagedList(store: self, query: ListQuery(
            from: "family_contacts c JOIN schools s ON s.id = c.school_id",
            id: "c.id",
            columns: [
                .init("Due", display: "replace(substr(c.due_at, 1, 16), 'T', ' ')", sortKeys: ["c.due_at"]),
                .init("School", display: "s.code", sortKeys: ["s.code COLLATE NOCASE"]),
                .init("Kind", display: "upper(substr(c.kind, 1, 1)) || substr(c.kind, 2)", sortKeys: ["c.kind"]),
                .init("What", display: "c.summary", sortKeys: ["c.summary COLLATE NOCASE"]),
                .init("Owner", display: "c.owner", sortKeys: ["c.owner COLLATE NOCASE"]),
                .init("Reach", display: reachSQL),
            ],
            searchable: ["c.summary", "c.owner", "s.code", "c.kind"],
            condition: "c.status = 'open'",
            flag: "CASE WHEN c.due_at < '\(stamp)' THEN 'error' END"))
        if user?.role == .coordinator || user?.role == .frontOffice {
            list.setExtraCondition(schools.isEmpty ? "0" : "c.school_id IN (\(schools))", arguments: [])
        }
        return list
    }

    /// How many open contacts are overdue for this user's schools (every school for an admin), or
    /// of one school of those (the dashboard's school view).
    public func overdueContactCount(now: Date, schoolID: Int64? = nil) throws -> (open: Int, overdue: Int) {
        let user = currentUser
        let ids = (user?.schoolIDs ?? []).sorted().map(String.init).joined(separator: ",")
        let scoped = user?.role == .coordinator || user?.role == .frontOffice
        var condition = scoped ? (ids.isEmpty ? " AND 0" : " AND school_id IN (\(ids))") : ""
        if let schoolID { condition += " AND school_id = \(schoolID)" }
        return try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS open, COALESCE(SUM(due_at < ?), 0) AS overdue FROM family_contacts WHERE status = 'open'\(condition)
                """, arguments: [Timestamp.format(now)])
            let open: Int = row?["open"] ?? 0
            let overdue: Int = row?["overdue"] ?? 0
            return (open, overdue)
        }
    }

    /// One contact's fields for its detail, or nil.
    public func familyContact(id: Int64) throws -> [String: StoredValue]? { try fetchRecord(table: "family_contacts", id: id) }

    /// Closes an open contact with what was done.
    public func closeFamilyContact(id: Int64, resolution: String, at time: Date) throws {
        let text = resolution.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError.invalid("Say how the contact was resolved.") }
        guard text.count <= FamilyContactRules.resolutionLimit else { throw StoreError.invalid("The resolution is longer than the form takes.") }
        try write { w in
            guard let row = try Row.fetchOne(w.db, sql: "SELECT version, status FROM family_contacts WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(entity: "family_contacts", id: id)
            }
            guard row["status"] as String == "open" else { throw StoreError.invalid("That contact is already closed.") }
            try w.update("family_contacts", id: id, expectedVersion: row["version"],
                         changes: ["status": "closed", "resolution": text, "closed_at": Timestamp.format(time)])
        }
    }
}
