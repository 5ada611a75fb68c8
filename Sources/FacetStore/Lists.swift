import FacetModel
import GRDB

// The lists the screens show, as typed store APIs: what each selects, how each column sorts, what
// `/` searches. The application names a list and gets a `PagedList`; it never sees SQL.

/// SQL that shows a stored choice by its label ("front-office" → "Front office").
private func label<C: Choice>(_ column: String, _ type: C.Type) -> String {
    "CASE \(column) " + C.allCases.map { "WHEN '\($0.rawValue)' THEN '\($0.label.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: " ")
        + " ELSE \(column) END"
}

/// Quick filters of the partnerships list (status, area, tier, school, partner, flags).
public struct PartnershipFilter: Equatable, Sendable {
    public var status: PartnershipStatus?
    public var areaID: Int64?
    /// 1–3, or 0 for "no tier assigned".
    public var tier: Int?
    public var schoolID: Int64?
    public var partnerID: Int64?
    public var notAligned = false
    public var reviewOverdue = false
    public var endingSoon = false

    public init() {}
    public var isEmpty: Bool { self == PartnershipFilter() }

    func sql(today: Day, alignedSQL: String) -> (String, [StoredValue])? {
        var parts: [String] = [], args: [StoredValue] = []
        if let status { parts.append("p.status = ?"); args.append(.text(status.rawValue)) }
        if let areaID { parts.append("EXISTS (SELECT 1 FROM partnership_priority_areas x WHERE x.partnership_id = p.id AND x.priority_area_id = ?)"); args.append(.integer(areaID)) }
        if let tier { parts.append(tier == 0 ? "p.tier IS NULL" : "p.tier = ?"); if tier != 0 { args.append(.integer(Int64(tier))) } }
        if let schoolID {
            parts.append("(p.district_wide = 1 OR EXISTS (SELECT 1 FROM partnership_schools x WHERE x.partnership_id = p.id AND x.school_id = ?))")
            args.append(.integer(schoolID))
        }
        if let partnerID { parts.append("p.partner_id = ?"); args.append(.integer(partnerID)) }
        if notAligned { parts.append("NOT \(alignedSQL)") }
        if reviewOverdue {
            parts.append("p.status = 'active' AND (p.last_review IS NULL OR p.last_review < ?)")
            args.append(.text(PolicyAlignment.reviewCutoff(today: today).description))
        }
        if endingSoon {
            parts.append("p.status != 'ended' AND p.end_date BETWEEN ? AND ?")
            args += [.text(today.description), .text(today.adding(days: RenewalFlag.endingWindowDays).description)]
        }
        return parts.isEmpty ? nil : (parts.map { "(\($0))" }.joined(separator: " AND "), args)
    }
}

extension FacetStore {
    /// Schools with their active partnerships and staff; inactive schools muted. The counts are
    /// kept in `school_counts` by triggers (migration v14-speed), not counted per school per page.
    public func schoolList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "schools s LEFT JOIN school_counts sc ON sc.school_id = s.id",
            id: "s.id",
            columns: [
                .init("Code", display: "s.code", sortKeys: ["s.code COLLATE NOCASE"]),
                .init("School", display: "s.name", sortKeys: ["s.name COLLATE NOCASE"]),
                .init("Level", display: label("s.level", SchoolLevel.self), sortKeys: ["s.level"]),
                .init("Partnerships", display: "COALESCE(sc.active_partnerships, 0)"),
                .init("Staff", display: "COALESCE(sc.active_staff, 0)"),
            ],
            searchable: ["s.code", "s.name", "s.level"],
            flag: "CASE WHEN s.active THEN NULL ELSE 'muted' END"))
    }

    /// Partner organisations with their active partnerships.
    public func partnerList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "partners pr",
            id: "pr.id",
            columns: [
                .init("Partner", display: "pr.name", sortKeys: ["pr.name COLLATE NOCASE"]),
                .init("Kind", display: label("pr.kind", PartnerKind.self), sortKeys: ["pr.kind"]),
                .init("Contact", display: "pr.contact_name", sortKeys: ["pr.contact_name COLLATE NOCASE"]),
                .init("Active", display: "(SELECT COUNT(*) FROM partnerships p WHERE p.partner_id = pr.id AND p.status = 'active')", unsorted: ()),
            ],
            searchable: ["pr.name", "pr.contact_name", "pr.kind", "pr.contact_email"]))
    }

    /// Surveys with their languages, questions, waves and the smallest group results show.
    public func surveyList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "surveys sv",
            id: "sv.id",
            columns: [
                .init("Survey", display: "sv.title", sortKeys: ["sv.title COLLATE NOCASE"]),
                .init("Languages", display: "replace(sv.languages, ',', ' ')", sortKeys: ["sv.languages"]),
                .init("Questions", display: "(SELECT COUNT(*) FROM survey_questions q WHERE q.survey_id = sv.id)"),
                .init("Waves", display: "(SELECT COUNT(*) FROM survey_waves w WHERE w.survey_id = sv.id)"),
                .init("Min n", display: "sv.min_group_size"),
            ],
            searchable: ["sv.title", "sv.languages", "sv.audience"]))
    }

    /// Employees, searched through their trigram index; inactive ones muted.
    public func employeeList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "employees e LEFT JOIN schools s ON s.id = e.school_id",
            id: "e.id",
            columns: [
                // What `/` finds (a surname, a school) is spread over the numbers, roles and hire
                // dates, and bunched in the names (a surname's matches sit together).
                .init("Number", display: "e.number").spreadingMatches(),
                .init("Name", display: "e.last_name || ', ' || e.first_name",
                      sortKeys: ["e.last_name COLLATE NOCASE", "e.first_name COLLATE NOCASE"]).keepingOrder(),
                // Not a sort: the school's name is in another table, so no index of employees holds
                // that order and each page would sort 150,000 rows. `/` finds a school's staff.
                .init("School", display: "COALESCE(s.name, 'District office')", unsorted: ()),
                .init("Role", display: label("e.role", EmployeeRole.self), sortKeys: ["e.role"]).spreadingMatches(),
                .init("Hired", display: "COALESCE(e.hire_date, '')").spreadingMatches(),
            ],
            searchable: ["e.number", "e.last_name", "e.first_name", "e.email", "COALESCE(s.name, 'District office')", "e.role"],
            flag: "CASE WHEN e.active THEN NULL ELSE 'muted' END",
            fullText: "employees_search"))
    }

    /// The partnerships policy checklist; criteria not in use muted.
    public func criteriaList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "policy_criteria c", id: "c.id",
            columns: [
                .init("#", display: "c.position", sortKeys: ["c.position"]),
                .init("Criterion", display: "c.text", sortKeys: ["c.text COLLATE NOCASE"]),
                .init("Checked by", display: "CASE WHEN c.rule IS NULL THEN 'reviewer' ELSE 'the record' END", sortKeys: ["c.rule IS NULL"]),
                .init("Required", display: "CASE WHEN c.required THEN 'yes' ELSE 'no' END", sortKeys: ["c.required"]),
                .init("In use", display: "CASE WHEN c.active THEN 'yes' ELSE 'no' END", sortKeys: ["c.active"]),
            ],
            searchable: ["c.text", "c.code"],
            flag: "CASE WHEN c.active THEN NULL ELSE 'muted' END"))
    }

    /// Partnerships with their schools, areas, tier, status, alignment (✓/✗ by the policy as it
    /// stands) and last review, judged on `today`; rows due for renewal or review are flagged and
    /// ended ones muted. The policy is read now: ask again after the criteria change. (When the
    /// policy cannot be read, the list's own queries fail too and report why.)
    public func partnershipList(filter: PartnershipFilter = PartnershipFilter(), today: Day) -> PagedList {
        let alignedSQL = (try? alignedSQL(today: today)) ?? "0"
        let schools = "CASE WHEN p.district_wide THEN 'district-wide' ELSE COALESCE((SELECT group_concat(code, ' ') FROM (SELECT s.code FROM partnership_schools ps JOIN schools s ON s.id = ps.school_id WHERE ps.partnership_id = p.id ORDER BY s.code)), '—') END"
        let areas = "COALESCE((SELECT group_concat(pa.name, ', ') FROM partnership_priority_areas ppa JOIN priority_areas pa ON pa.id = ppa.priority_area_id WHERE ppa.partnership_id = p.id), '—')"
        let renewal = "CASE WHEN p.status = 'ended' THEN 'muted' WHEN (\(FacetStore.renewalFlagSQL(today: today))) IS NOT NULL THEN 'warning' END"
        let list = PagedList(store: self, query: ListQuery(
            from: "partnerships p JOIN partners pr ON pr.id = p.partner_id",
            id: "p.id",
            columns: [
                // The partner's id after its name: partners_by_name then partnerships_by_partner
                // give exactly this order (two partners of one name would interleave otherwise).
                // What `/` finds (a service, a word of the notes, "Library" in many partners'
                // names) is spread over every sortable order here, so a thousand matches are found
                // by a short walk of the order's index, not by reading each match's two rows to
                // sort them ("lib": 1,114 matches, 1,086 table pages read for one letter).
                .init("Partner", display: "pr.name", sortKeys: ["pr.name COLLATE NOCASE", "pr.id"],
                      walkFrom: "partners pr CROSS JOIN partnerships p ON pr.id = p.partner_id").spreadingMatches(),
                // Lists worked out per row: shown, not offered as sorts (each page would work them
                // out for every partnership); quick filters (`f`) select by school and area instead.
                .init("Schools", display: schools, unsorted: ()),
                .init("Priority areas", display: areas, unsorted: ()),
                .init("Tier", display: "COALESCE(p.tier, '—')", sortKeys: ["COALESCE(p.tier, 9)"]).spreadingMatches(),
                .init("Status", display: label("p.status", PartnershipStatus.self), sortKeys: ["p.status"]).spreadingMatches(),
                // Alignment is judged per row against the policy and today: filter it (`f`, not aligned).
                .init("OK", display: "CASE WHEN \(alignedSQL) THEN '✓' ELSE '✗' END", unsorted: ()),
                .init("Reviewed", display: "COALESCE(p.last_review, 'never')", sortKeys: ["COALESCE(p.last_review, '')"]).spreadingMatches(),
            ],
            searchable: ["pr.name", "p.services", "pr.contact_name", "p.notes"],
            flag: renewal,
            fullText: "partnerships_search"))
        if let condition = filter.sql(today: today, alignedSQL: alignedSQL) {
            list.setExtraCondition(condition.0, arguments: condition.1)
        }
        return list
    }

    /// The headline of the partnerships metric: aligned of active, and renewals due.
    public func partnershipSummary(today: Day) throws -> (metric: AlignmentCount, endingSoon: Int, reviewOverdue: Int) {
        let metric = try alignmentMetric(today: today)
        let renewals = try renewalCounts(today: today)
        return (metric, renewals.endingSoon, renewals.reviewOverdue)
    }
}

// MARK: access, by entity

extension FacetStore {
    /// Why this login may not do `action` on `entity` — on one record when `record` is given, else on
    /// any record within the user's own reach (their schools) — or nil when it may. The store asks
    /// the same `AccessPolicy` again on every write.
    public func denial(_ action: WriteAction, _ entity: Entity, record: Int64? = nil) -> String? {
        if let readOnlyReason { return "This database is open read-only: \(readOnlyReason)." }
        let scope: RecordScope
        if let record {
            guard let s = try? self.scope(of: entity.table, id: record) else {
                return "That record could not be read; it may have been deleted."
            }
            scope = s
        } else {
            scope = AccessPolicy.ownScope(of: currentUser)
        }
        return AccessPolicy.denial(user: currentUser, action: action, entity: entity, scope: scope)
    }

    /// Why this login may not make a district-wide change (a bulk import) to `entity`, or nil.
    public func denial(_ action: WriteAction, _ entity: Entity, districtWide: Bool) -> String? {
        guard districtWide else { return denial(action, entity) }
        if let readOnlyReason { return "This database is open read-only: \(readOnlyReason)." }
        return AccessPolicy.denial(user: currentUser, action: action, entity: entity, scope: .district)
    }

    public func permits(_ action: WriteAction, _ entity: Entity, record: Int64? = nil) -> Bool {
        denial(action, entity, record: record) == nil
    }

    // Entity forms of the record APIs, for the screens.

    public func fetchRecord(_ entity: Entity, id: Int64) throws -> [String: StoredValue]? { try fetchRecord(table: entity.table, id: id) }

    @discardableResult
    public func insertRecord(_ entity: Entity, values: [String: StoredValue]) throws -> Int64 { try insertRecord(entity.table, values: values) }

    @discardableResult
    public func updateRecord(_ entity: Entity, id: Int64, expectedVersion: Int, changes: [String: StoredValue]) throws -> Int {
        try updateRecord(entity.table, id: id, expectedVersion: expectedVersion, changes: changes)
    }

    public func deleteRecord(_ entity: Entity, id: Int64, expectedVersion: Int) throws {
        try deleteRecord(entity.table, id: id, expectedVersion: expectedVersion)
    }

    public func history(of entity: Entity, id: Int64) throws -> [AuditEntry] { try history(entity: entity.table, id: id) }

    public func lastChange(of entity: Entity, id: Int64) throws -> AuditEntry? { try lastChange(entity: entity.table, id: id) }

    @discardableResult
    public func restore(_ entity: Entity, id: Int64, toStateAfter entryID: Int64) throws -> Int {
        try restore(entity.table, id: id, toStateAfter: entryID)
    }
}
