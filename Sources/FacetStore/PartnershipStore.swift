import FacetModel
import Foundation
import GRDB

/// Partnerships with their schools, priority areas and confirmed criteria; the policy checklist;
/// and the alignment metric, computed in SQL so it stays fast over tens of thousands of rows.
extension FacetStore {
    // MARK: catalogues

    public func policyCriteria() throws -> [PolicyCriterion] {
        try read { db in try Self.policyCriteria(db) }
    }

    static func policyCriteria(_ db: Database) throws -> [PolicyCriterion] {
        try Row.fetchAll(db, sql: "SELECT id, code, text, rule, required, active FROM policy_criteria ORDER BY position, id").map { row in
            PolicyCriterion(id: row["id"], code: row["code"], text: row["text"],
                            rule: (row["rule"] as String?).flatMap(DerivedRule.init(rawValue:)),
                            required: row["required"], active: row["active"])
        }
    }

    /// Priority areas, current first then retired, each with its id.
    public func priorityAreas() throws -> [(id: Int64, name: String, retired: Bool)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, retired FROM priority_areas ORDER BY retired, id").map {
                ($0["id"], $0["name"], $0["retired"])
            }
        }
    }

    /// Partners whose name contains `search` (accent- and case-insensitive on the folded name), by name.
    public func partnerOptions(matching search: String, limit: Int = 50) throws -> [(id: Int64, name: String)] {
        let folded = "%" + Validation.foldedName(search) + "%"
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, name FROM partners WHERE name_folded LIKE ? ORDER BY name COLLATE NOCASE, id LIMIT ?
                """, arguments: [folded, limit]).map { ($0["id"], $0["name"]) }
        }
    }

    /// The partner whose name folds to the same as `name` (a duplicate), if any.
    public func partner(namedLike name: String) throws -> (id: Int64, name: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, name FROM partners WHERE name_folded = ?",
                             arguments: [Validation.foldedName(name)]).map { ($0["id"], $0["name"]) }
        }
    }

    // MARK: one partnership

    public func partnership(id: Int64) throws -> Partnership? {
        try read { db in try Self.partnership(db, id: id) }
    }

    static func partnership(_ db: Database, id: Int64) throws -> Partnership? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM partnerships WHERE id = ?", arguments: [id]) else { return nil }
        var p = Partnership(
            id: id, partnerID: 0,
            schoolIDs: try Int64.fetchSet(db, sql: "SELECT school_id FROM partnership_schools WHERE partnership_id = ?", arguments: [id]),
            priorityAreaIDs: try Int64.fetchSet(db, sql: "SELECT priority_area_id FROM partnership_priority_areas WHERE partnership_id = ?", arguments: [id]),
            confirmedCriteria: try Int64.fetchSet(db, sql: "SELECT criterion_id FROM partnership_confirmations WHERE partnership_id = ?", arguments: [id]),
            version: row["version"])
        try PartnershipRecord(row: row).apply(to: &p)
        return p
    }

    /// Creates or updates (version-checked) a partnership with its schools and priority areas, in
    /// one audited transaction. Returns the id.
    /// `newPartnerNamed` creates the partner in the same transaction (or reuses one whose name folds
    /// to the same) and uses it.
    @discardableResult
    public func savePartnership(_ p: Partnership, newPartnerNamed: String? = nil) throws -> Int64 {
        if let problem = p.problems().first { throw StoreError.invalid("Partnership \(problem.field.replacingOccurrences(of: "_", with: " ")): \(problem.message)") }
        try Self.checkLengths("partnerships", ["services": .text(p.services), "outcome_measures": .text(p.outcomeMeasures),
                                                "reviewer": .text(p.reviewer), "notes": .text(p.notes)])
        if let name = newPartnerNamed { try Self.checkLengths("partners", ["name": .text(name)]) }
        return try write { w in
            var partnership = p
            if let name = newPartnerNamed?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
                let folded = Validation.foldedName(name)
                if let existing = try Int64.fetchOne(w.db, sql: "SELECT id FROM partners WHERE name_folded = ?", arguments: [folded]) {
                    partnership.partnerID = existing
                } else {
                    partnership.partnerID = try w.insert(into: "partners", values: ["name": name, "name_folded": folded,
                                                                                     "kind": PartnerKind.other.rawValue])
                }
            }
            return try w.savePartnership(partnership)
        }
    }

    /// A partner's name by id.
    public func partnerName(id: Int64) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT name FROM partners WHERE id = ?", arguments: [id]) }
    }

    /// The review: stamps the review date and reviewer and records which reviewer-confirmed
    /// criteria hold. Returns the new version.
    @discardableResult
    public func reviewPartnership(id: Int64, expectedVersion: Int, confirmed: Set<Int64>, on day: Day, reviewer: String) throws -> Int {
        try write { w in
            let before = try Int64.fetchSet(w.db, sql: "SELECT criterion_id FROM partnership_confirmations WHERE partnership_id = ?", arguments: [id])
            let version = try w.update("partnerships", id: id, expectedVersion: expectedVersion,
                                       changes: ["last_review": day.description, "reviewer": reviewer], bumpVersion: true)
            if before != confirmed {
                try w.db.execute(sql: "DELETE FROM partnership_confirmations WHERE partnership_id = ?", arguments: [id])
                for c in confirmed {
                    try w.db.execute(sql: "INSERT INTO partnership_confirmations (partnership_id, criterion_id, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?)",
                                     arguments: [id, c, w.login, w.at])
                }
                let codes = try Dictionary(uniqueKeysWithValues: Row.fetchAll(w.db, sql: "SELECT id, code FROM policy_criteria").map { ($0["id"] as Int64, $0["code"] as String) })
                func list(_ ids: Set<Int64>) -> StoredValue { .text(ids.compactMap { codes[$0] }.sorted().joined(separator: ", ")) }
                try w.appendAudit(entity: "partnerships", id: id, action: "update",
                                  before: ["confirmed": list(before)], after: ["confirmed": list(confirmed)])
            }
            return version
        }
    }

    /// Ends a partnership on `day` instead of deleting it (its history stays in the metric's past).
    @discardableResult
    /// One that has not started by `day` is refused rather than given an end before its start (which
    /// the schema forbids) or an end moved to its start (which would say it ran for a day it never ran).
    public func endPartnership(id: Int64, expectedVersion: Int, on day: Day) throws -> Int {
        try write { w in
            if let text = try String.fetchOne(w.db, sql: "SELECT start_date FROM partnerships WHERE id = ?", arguments: [id]),
               let start = Day(text), start > day {
                throw StoreError.invalid("This partnership has not started yet (it starts on \(start)); delete it or change its start date.")
            }
            return try w.update("partnerships", id: id, expectedVersion: expectedVersion, changes: ["status": PartnershipStatus.ended.rawValue, "end_date": day.description])
        }
    }

    // MARK: alignment in SQL

    /// A SQL expression, over a partnership aliased `p`, that is 1 when it meets every required
    /// active criterion. Mirrors `PolicyAlignment.isAligned`; a test holds the two together.
    /// Column checks come first so that SQLite's AND stops before the subqueries for most rows, and
    /// the current priority areas are listed by id so that check needs no join.
    static func alignedSQL(criteria: [PolicyCriterion], currentAreaIDs: [Int64], today: Day) -> String {
        let checks = criteria.filter { $0.active && $0.required }
            .map { criterionSQL($0, currentAreaIDs: currentAreaIDs, today: today) }
            .sorted { !$0.hasPrefix("EXISTS") && $1.hasPrefix("EXISTS") }
        return checks.isEmpty ? "1" : "(" + checks.joined(separator: " AND ") + ")"
    }

    static func criterionSQL(_ c: PolicyCriterion, currentAreaIDs: [Int64], today: Day) -> String {
        switch c.rule {
        case .servesPriorityArea?:
            guard !currentAreaIDs.isEmpty else { return "0" }
            return "EXISTS (SELECT 1 FROM partnership_priority_areas ppa WHERE ppa.partnership_id = p.id AND ppa.priority_area_id IN (\(currentAreaIDs.map(String.init).joined(separator: ", "))))"
        case .tierAssigned?:
            return "p.tier IS NOT NULL"
        case .agreementOnFile?:
            return "p.agreement_signed IS NOT NULL"
        case .reviewedWithinYear?:
            // Never NULL (a partnership never reviewed is 0, not NULL): `NOT aligned` must find it.
            return "(p.last_review IS NOT NULL AND p.last_review >= '\(PolicyAlignment.reviewCutoff(today: today))' AND p.last_review <= '\(today)')"
        case nil:
            return "EXISTS (SELECT 1 FROM partnership_confirmations pc WHERE pc.partnership_id = p.id AND pc.criterion_id = \(c.id))"
        }
    }

    /// SQL for the renewal flags of `p` ("ending soon", "review overdue"), NULL when neither.
    public static func renewalFlagSQL(today: Day) -> String {
        let soon = today.adding(days: RenewalFlag.endingWindowDays)
        return """
            CASE WHEN p.status != 'ended' AND p.end_date BETWEEN '\(today)' AND '\(soon)' THEN 'ending soon'
                 WHEN p.status = 'active' AND (p.last_review IS NULL OR p.last_review < '\(PolicyAlignment.reviewCutoff(today: today))') THEN 'review overdue'
            END
            """
    }

    public func alignedSQL(today: Day) throws -> String {
        let current = try priorityAreas().filter { !$0.retired }.map(\.id)
        return Self.alignedSQL(criteria: try policyCriteria(), currentAreaIDs: current, today: today)
    }

    // MARK: the metric

    public struct AlignmentCount: Sendable, Equatable {
        public var label: String
        public var aligned: Int
        public var active: Int
        public var percent: Double? { PolicyAlignment.percent(aligned: aligned, of: active) }

        public init(label: String, aligned: Int, active: Int) {
            self.label = label
            self.aligned = aligned
            self.active = active
        }
    }

    /// Percent of active partnerships in alignment, district-wide.
    public func alignmentMetric(today: Day) throws -> AlignmentCount {
        let aligned = try alignedSQL(today: today)
        return try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(\(aligned)), 0) AS a FROM partnerships p WHERE p.status = 'active'")!
            return AlignmentCount(label: "District", aligned: row["a"], active: row["n"])
        }
    }

    public struct AlignmentBreakdown: Sendable, Equatable {
        public var bySchool: [AlignmentCount]
        public var byPriorityArea: [AlignmentCount]
        public var byTier: [AlignmentCount]
    }

    /// The metric per school (a district-wide partnership counts for every school), per priority
    /// area and per tier, with counts.
    public func alignmentBreakdown(today: Day) throws -> AlignmentBreakdown {
        let aligned = try alignedSQL(today: today)
        return try read { db in
            // One pass computes each active partnership's alignment; the groupings reuse it.
            try db.execute(sql: "DROP TABLE IF EXISTS temp.active_alignment")
            try db.execute(sql: """
                CREATE TEMP TABLE active_alignment AS
                SELECT p.id, p.district_wide, p.tier, \(aligned) AS aligned FROM partnerships p WHERE p.status = 'active'
                """)
            defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.active_alignment") }
            func counts(_ sql: String) throws -> [AlignmentCount] {
                try Row.fetchAll(db, sql: sql).map { AlignmentCount(label: $0["label"], aligned: $0["a"] ?? 0, active: $0["n"] ?? 0) }
            }
            let districtWide = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(aligned), 0) AS a FROM active_alignment WHERE district_wide = 1")!
            let dwN: Int = districtWide["n"], dwA: Int = districtWide["a"]
            let bySchool = try counts("""
                SELECT s.code || ' ' || s.name AS label,
                       COUNT(aa.id) + \(dwN) AS n, COALESCE(SUM(aa.aligned), 0) + \(dwA) AS a
                FROM schools s
                LEFT JOIN partnership_schools ps ON ps.school_id = s.id
                LEFT JOIN active_alignment aa ON aa.id = ps.partnership_id
                WHERE s.active = 1
                GROUP BY s.id ORDER BY s.code
                """)
            let byArea = try counts("""
                SELECT pa.name || CASE WHEN pa.retired THEN ' (retired)' ELSE '' END AS label,
                       COUNT(aa.id) AS n, COALESCE(SUM(aa.aligned), 0) AS a
                FROM priority_areas pa
                LEFT JOIN partnership_priority_areas ppa ON ppa.priority_area_id = pa.id
                LEFT JOIN active_alignment aa ON aa.id = ppa.partnership_id
                GROUP BY pa.id ORDER BY pa.retired, pa.id
                """)
            let byTier = try counts("""
                SELECT CASE tier WHEN 1 THEN '1 Universal' WHEN 2 THEN '2 Targeted' WHEN 3 THEN '3 Intensive' ELSE 'No tier' END AS label,
                       COUNT(*) AS n, COALESCE(SUM(aligned), 0) AS a
                FROM active_alignment GROUP BY COALESCE(tier, 9) ORDER BY COALESCE(tier, 9)
                """)
            return AlignmentBreakdown(bySchool: bySchool, byPriorityArea: byArea, byTier: byTier)
        }
    }

    /// Active schools with no active partnership in a current priority area: the gaps to fill.
    /// A district-wide partnership in an area covers every school for it.
    public func coverageGaps() throws -> [(school: String, area: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.code || ' ' || s.name AS school, pa.name AS area
                FROM schools s CROSS JOIN priority_areas pa
                WHERE s.active = 1 AND pa.retired = 0
                  AND NOT EXISTS (
                    SELECT 1 FROM partnership_priority_areas ppa JOIN partnerships p ON p.id = ppa.partnership_id
                    WHERE ppa.priority_area_id = pa.id AND p.status = 'active'
                      AND (p.district_wide = 1 OR EXISTS (SELECT 1 FROM partnership_schools ps WHERE ps.partnership_id = p.id AND ps.school_id = s.id)))
                ORDER BY s.code, pa.id
                """).map { ($0["school"], $0["area"]) }
        }
    }

    /// How many partnerships end within 60 days, and how many active ones are overdue for review.
    /// With `schoolID`, only the partnerships serving that school (district-wide ones serve all).
    public func renewalCounts(today: Day, schoolID: Int64? = nil) throws -> (endingSoon: Int, reviewOverdue: Int) {
        let soon = today.adding(days: RenewalFlag.endingWindowDays)
        let cutoff = PolicyAlignment.reviewCutoff(today: today)
        let scope = Self.partnershipScopeSQL(schoolID: schoolID)
        return try read { db in
            let ending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM partnerships p WHERE status != 'ended' AND end_date BETWEEN ? AND ? AND \(scope)",
                                          arguments: [today.description, soon.description]) ?? 0
            let overdue = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM partnerships p WHERE status = 'active' AND (last_review IS NULL OR last_review < ?) AND \(scope)",
                                           arguments: [cutoff.description]) ?? 0
            return (ending, overdue)
        }
    }
}

extension AuditedWriter {
    /// Inserts or updates a partnership and replaces its links; the schools it will have decide
    /// whether this user may write it.
    func savePartnership(_ p: Partnership) throws -> Int64 {
        let scope: RecordScope = p.districtWide || p.schoolIDs.isEmpty ? .district : .schools(p.schoolIDs)
        let values = PartnershipRecord(p).columns
        let id: Int64
        if let existing = p.id {
            let linksChange = try linkIDs("partnership_schools", "school_id", existing) != p.schoolIDs
                || linkIDs("partnership_priority_areas", "priority_area_id", existing) != p.priorityAreaIDs
            try update("partnerships", id: existing, expectedVersion: p.version, changes: values, scope: scope, bumpVersion: linksChange)
            id = existing
        } else {
            id = try insert(into: "partnerships", values: values, scope: scope)
        }
        try replaceLinks("partnership_schools", "school_id", id, p.schoolIDs,
                         auditField: "schools", names: "SELECT id, code AS name FROM schools")
        try replaceLinks("partnership_priority_areas", "priority_area_id", id, p.priorityAreaIDs,
                         auditField: "priority_areas", names: "SELECT id, name FROM priority_areas")
        return id
    }

    func linkIDs(_ table: String, _ column: String, _ id: Int64) throws -> Set<Int64> {
        try Int64.fetchSet(db, sql: "SELECT \(column) FROM \(table) WHERE partnership_id = ?", arguments: [id])
    }

    /// Replaces a partnership's links to schools or areas; the change goes to the audit log by name.
    func replaceLinks(_ table: String, _ column: String, _ id: Int64, _ ids: Set<Int64>, auditField: String, names: String) throws {
        let before = try linkIDs(table, column, id)
        guard before != ids else { return }
        try db.execute(sql: "DELETE FROM \(table) WHERE partnership_id = ?", arguments: [id])
        for other in ids.sorted() {
            try db.execute(sql: "INSERT INTO \(table) (partnership_id, \(column)) VALUES (?, ?)", arguments: [id, other])
        }
        let lookup = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: names).map { ($0["id"] as Int64, $0["name"] as String) })
        func list(_ s: Set<Int64>) -> StoredValue { .text(s.map { lookup[$0] ?? String($0) }.sorted().joined(separator: ", ")) }
        try appendAudit(entity: "partnerships", id: id, action: "update", before: [auditField: list(before)], after: [auditField: list(ids)])
    }
}
