import FacetModel
import Foundation
import GRDB

/// An indicator as the rating form shows it.
public struct IndicatorInfo: Hashable, Sendable {
    public var id: Int64
    public var standardID: Int64
    public var standardCode: String
    public var standardTitle: String
    public var code: String
    public var text: String
    public var retired: Bool
}

/// A stored rating, with its version for the version-checked save.
public struct StoredRating: Hashable, Sendable {
    public var id: Int64
    public var indicatorID: Int64
    public var level: Int
    public var evidence: String
    public var version: Int
}

/// One change of the rating form: a new level (nil removes the rating) and evidence, for an
/// indicator that had `stored` when the form opened.
public struct RatingChange: Sendable {
    public var indicatorID: Int64
    public var stored: StoredRating?
    public var level: Int?
    public var evidence: String
    public init(indicatorID: Int64, stored: StoredRating?, level: Int?, evidence: String) {
        self.indicatorID = indicatorID; self.stored = stored; self.level = level; self.evidence = evidence
    }
}

/// The SIP coverage of one school year.
public struct StrategyCoverage: Sendable {
    public var year: String
    public var schools: [AssessmentGrid.School]
    public var standards: [AssessmentGrid.Standard]
    public var covered: [Int64: Set<Int64>]
    public var strategies: [Int64: Int]
    public var overdue: [Int64: Int]
    /// Schools in coverage order: none covered first.
    public var ordered: [AssessmentGrid.School] {
        let byID = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0) })
        return StrategyRules.order(schools: schools.map(\.id), coverage: covered).compactMap { byID[$0] }
    }
}

extension FacetStore {
    // MARK: the framework

    /// The active framework (the one adopted), if any.
    public func activeFramework() throws -> (id: Int64, name: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, name FROM frameworks WHERE adopted = 1 ORDER BY id LIMIT 1").map { ($0["id"], $0["name"]) }
        }
    }

    /// The active framework's standards; retired ones muted.
    public func standardList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "standards st JOIN frameworks f ON f.id = st.framework_id",
            id: "st.id",
            columns: [
                .init("#", display: "st.code", sortKeys: ["st.position", "st.code"]),
                .init("Standard", display: "st.title", sortKeys: ["st.title COLLATE NOCASE"]),
                .init("Ind.", display: "(SELECT COUNT(*) FROM indicators i WHERE i.standard_id = st.id AND i.retired = 0)"),
                .init("Description", display: "CASE WHEN st.retired THEN 'retired · ' ELSE '' END || st.description",
                      sortKeys: ["st.description COLLATE NOCASE"]),
            ],
            searchable: ["st.title", "st.code", "st.description"],
            condition: "f.adopted = 1",
            flag: "CASE WHEN st.retired THEN 'muted' END"))
    }

    /// A standard's indicators; retired ones muted.
    public func indicatorList(standardID: Int64) -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "indicators i",
            id: "i.id",
            columns: [
                .init("Code", display: "i.code", sortKeys: ["i.position", "i.code"]),
                .init("Indicator", display: "i.text", sortKeys: ["i.text COLLATE NOCASE"]),
                .init("Ratings", display: "(SELECT COUNT(*) FROM self_assessments sa WHERE sa.indicator_id = i.id)"),
                .init("In use", display: "CASE WHEN i.retired THEN 'retired' ELSE 'yes' END", sortKeys: ["i.retired"]),
            ],
            searchable: ["i.text", "i.code"],
            condition: "i.standard_id = \(standardID)",
            flag: "CASE WHEN i.retired THEN 'muted' END"))
    }

    /// Every framework; the active one says so.
    public func frameworkList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "frameworks f",
            id: "f.id",
            columns: [
                .init("Framework", display: "f.name", sortKeys: ["f.name COLLATE NOCASE"]),
                .init("Standards", display: "(SELECT COUNT(*) FROM standards st WHERE st.framework_id = f.id AND st.retired = 0)"),
                .init("Active", display: "CASE WHEN f.adopted THEN 'active' ELSE '' END", sortKeys: ["f.adopted"]),
            ],
            searchable: ["f.name"]))
    }

    /// Makes `id` the active framework (and no other), audited.
    public func adoptFramework(id: Int64, expectedVersion: Int) throws {
        try write { w in
            try w.update("frameworks", id: id, expectedVersion: expectedVersion, changes: ["adopted": 1])
            for row in try Row.fetchAll(w.db, sql: "SELECT id, version FROM frameworks WHERE adopted = 1 AND id != ?", arguments: [id]) {
                try w.update("frameworks", id: row["id"], expectedVersion: row["version"], changes: ["adopted": 0])
            }
        }
    }

    /// The standards the grid shows: the active framework's current ones, in order.
    public func assessedStandards() throws -> [AssessmentGrid.Standard] {
        try read { db in try Self.assessedStandards(db) }
    }

    static func assessedStandards(_ db: Database) throws -> [AssessmentGrid.Standard] {
        try Row.fetchAll(db, sql: """
            SELECT st.id, st.code, st.title FROM standards st JOIN frameworks f ON f.id = st.framework_id
            WHERE f.adopted = 1 AND st.retired = 0 ORDER BY st.position, st.code
            """).map { AssessmentGrid.Standard(id: $0["id"], code: $0["code"], title: $0["title"]) }
    }

    /// The indicators a school rates now: the current ones of the shown standards, in order.
    public func ratedIndicators() throws -> [IndicatorInfo] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.id, i.standard_id, st.code AS scode, st.title AS stitle, i.code, i.text, i.retired
                FROM indicators i JOIN standards st ON st.id = i.standard_id JOIN frameworks f ON f.id = st.framework_id
                WHERE f.adopted = 1 AND st.retired = 0 AND i.retired = 0
                ORDER BY st.position, st.code, i.position, i.code
                """).map(Self.indicatorInfo)
        }
    }

    /// Every indicator a school's ratings of `standardID` may name, retired ones too.
    public func indicators(standardID: Int64) throws -> [IndicatorInfo] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.id, i.standard_id, st.code AS scode, st.title AS stitle, i.code, i.text, i.retired
                FROM indicators i JOIN standards st ON st.id = i.standard_id WHERE st.id = ?
                ORDER BY i.position, i.code
                """, arguments: [standardID]).map(Self.indicatorInfo)
        }
    }

    private static func indicatorInfo(_ r: Row) -> IndicatorInfo {
        IndicatorInfo(id: r["id"], standardID: r["standard_id"], standardCode: r["scode"], standardTitle: r["stitle"],
                      code: r["code"], text: r["text"], retired: r["retired"])
    }

    // MARK: self-assessment

    /// A school's ratings of one year, by indicator.
    public func ratings(schoolID: Int64, year: String) throws -> [Int64: StoredRating] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, indicator_id, level, evidence, version FROM self_assessments WHERE school_year = ? AND school_id = ?
                """, arguments: [year, schoolID])
            return Dictionary(uniqueKeysWithValues: rows.map { r in
                (r["indicator_id"] as Int64, StoredRating(id: r["id"], indicatorID: r["indicator_id"], level: r["level"], evidence: r["evidence"], version: r["version"]))
            })
        }
    }

    /// Saves a school's ratings of a year in one audited transaction: new ones inserted, changed
    /// ones version-checked (someone else's newer rating is a conflict), cleared ones removed.
    /// Returns how many ratings were written.
    @discardableResult
    public func saveRatings(schoolID: Int64, year: String, changes: [RatingChange]) throws -> Int {
        guard SelfAssessmentRules.isSchoolYear(year) else { throw StoreError.invalid("The school year must be written as 2026-27.") }
        for c in changes {
            if let level = c.level, !(1...4).contains(level) {
                throw StoreError.invalid("A rating is 1 Unsatisfactory, 2 Basic, 3 Proficient or 4 Distinguished.")
            }
            if FieldLimits.exceeds(c.evidence, FieldLimits.freeText) {
                throw StoreError.invalid("Evidence notes are \(c.evidence.count) characters long; the limit is \(FieldLimits.freeText).")
            }
        }
        return try write { w in
            var written = 0
            for c in changes {
                switch (c.stored, c.level) {
                case (nil, nil): continue
                case (nil, let level?):
                    try w.insert(into: "self_assessments", values: ["school_id": schoolID, "school_year": year, "indicator_id": c.indicatorID,
                                                                    "level": level, "evidence": c.evidence])
                case (let s?, nil):
                    try w.delete(from: "self_assessments", id: s.id, expectedVersion: s.version)
                case (let s?, let level?):
                    guard s.level != level || s.evidence != c.evidence else { continue }
                    try w.update("self_assessments", id: s.id, expectedVersion: s.version, changes: ["level": level, "evidence": c.evidence])
                }
                written += 1
            }
            return written
        }
    }

    /// Active schools by code.
    static func gridSchools(_ db: Database) throws -> [AssessmentGrid.School] {
        try Row.fetchAll(db, sql: "SELECT id, code, name FROM schools WHERE active ORDER BY code COLLATE NOCASE, id")
            .map { AssessmentGrid.School(id: $0["id"], code: $0["code"], name: $0["name"]) }
    }

    /// Sums and counts of ratings by school and standard for one year, as `assessment_sums` keeps
    /// them (a few thousand rows a year, read along its primary key).
    static func assessmentCells(_ db: Database, year: String) throws -> [Int64: [Int64: AssessmentCell]] {
        try cells(db, sql: "SELECT school_id, standard_id, total, n FROM assessment_sums WHERE school_year = ?", year: year)
    }

    /// The same sums grouped afresh from every rating of the year: what the summary must equal
    /// (tests, and the benchmark's "before").
    static func assessmentCellsFromRatings(_ db: Database, year: String) throws -> [Int64: [Int64: AssessmentCell]] {
        try cells(db, sql: """
            SELECT sa.school_id, i.standard_id, SUM(sa.level) AS total, COUNT(*) AS n
            FROM self_assessments sa JOIN indicators i ON i.id = sa.indicator_id
            WHERE sa.school_year = ? GROUP BY sa.school_id, i.standard_id
            """, year: year)
    }

    private static func cells(_ db: Database, sql: String, year: String) throws -> [Int64: [Int64: AssessmentCell]] {
        var cells: [Int64: [Int64: AssessmentCell]] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: [year])
        while let r = try rows.next() {
            cells[r[0], default: [:]][r[1]] = AssessmentCell(sum: r[2], count: r[3])
        }
        return cells
    }

    /// The grid of `year` (schools × the shown standards) with the year before, for the change,
    /// read from the kept sums: within a frame on the largest district.
    public func assessmentGrid(year: String) throws -> AssessmentGrid {
        try read { db in
            try Self.assessmentGrid(db, year: year,
                                    years: String.fetchAll(db, sql: "SELECT DISTINCT school_year FROM assessment_sums ORDER BY school_year"),
                                    cells: Self.assessmentCells)
        }
    }

    /// The grid of `year` computed afresh from every rating, as it was before `assessment_sums`:
    /// what `assessmentGrid` must equal.
    public func assessmentGridFromRatings(year: String) throws -> AssessmentGrid {
        try read { db in
            try Self.assessmentGrid(db, year: year,
                                    years: String.fetchAll(db, sql: "SELECT DISTINCT school_year FROM self_assessments ORDER BY school_year"),
                                    cells: Self.assessmentCellsFromRatings)
        }
    }

    private static func assessmentGrid(_ db: Database, year: String, years: [String],
                                       cells: (Database, String) throws -> [Int64: [Int64: AssessmentCell]]) throws -> AssessmentGrid {
        var years = years
        if !years.contains(year) { years.append(year); years.sort() }
        let previous = SelfAssessmentRules.previousYear(year)
        return AssessmentGrid(year: year, schools: try gridSchools(db), standards: try assessedStandards(db),
                              cells: try cells(db, year), previous: try previous.map { try cells(db, $0) } ?? [:], years: years)
    }

    /// Schools as (id, code, name) in code order, for choices.
    public func schoolChoices() throws -> [AssessmentGrid.School] { try read { db in try Self.gridSchools(db) } }

    // MARK: SIP strategies

    /// Strategies of one year, or every year; overdue ones flagged, done and dropped muted. The
    /// standards a strategy advances ("Std.") are read from `sip_strategy_codes`, kept by triggers
    /// (migration v21), so sorting by them walks an index instead of working out every row.
    public func strategyList(year: String?, today: Day) -> PagedList {
        let list = PagedList(store: self, query: Self.strategyQuery(keptStandards: true, today: today))
        if let year { list.setExtraCondition("ss.school_year = ?", arguments: [.text(year)]) }
        return list
    }

    /// The list as it was before v21, its standards worked out per row by the same subquery: what
    /// `strategyList` must show, row for row and in every order (tests, and the benchmark's "before").
    func strategyListComputingStandards(year: String?, today: Day) -> PagedList {
        let list = PagedList(store: self, query: Self.strategyQuery(keptStandards: false, today: today))
        if let year { list.setExtraCondition("ss.school_year = ?", arguments: [.text(year)]) }
        return list
    }

    private static func strategyQuery(keptStandards: Bool, today: Day) -> ListQuery {
        // Kept: the codes' index gives the order, then the strategy's id from the same index (the
        // list's own id after it changes nothing), so a page, End or `S` reads a few index entries.
        // The join is there only in that order; the shown rows read their codes by primary key.
        let standards: ListQuery.Column = keptStandards
            ? .init("Std.", display: "(SELECT codes FROM sip_strategy_codes WHERE strategy_id = ss.id)", sortKeys: ["k.codes", "k.strategy_id"],
                    sortJoin: " JOIN sip_strategy_codes k ON k.strategy_id = ss.id")
            : .init("Std.", display: """
                COALESCE((SELECT group_concat(code, ' ') FROM (SELECT st.code FROM standards st
                  WHERE instr(',' || ss.standard_ids || ',', ',' || st.id || ',') > 0 ORDER BY st.position)), '—')
                """)
        return ListQuery(
            from: "sip_strategies ss JOIN schools s ON s.id = ss.school_id",
            id: "ss.id",
            columns: [
                .init("School", display: "s.code", sortKeys: ["s.code COLLATE NOCASE"]),
                .init("Year", display: "ss.school_year"),
                .init("Strategy", display: "ss.title", sortKeys: ["ss.title COLLATE NOCASE"]),
                standards,
                .init("Status", display: "CASE ss.status WHEN 'planned' THEN 'Planned' WHEN 'in-progress' THEN 'In progress' WHEN 'done' THEN 'Done' WHEN 'dropped' THEN 'Dropped' ELSE ss.status END",
                      sortKeys: ["ss.status"]),
                .init("Due", display: "COALESCE(ss.due_date, '—') || CASE WHEN ss.status IN ('planned', 'in-progress') AND ss.due_date < '\(today)' THEN ' !' ELSE '' END",
                      sortKeys: ["COALESCE(ss.due_date, '')"]),
            ],
            searchable: ["s.code", "s.name", "ss.title", "ss.owner", "ss.description"],
            flag: "CASE WHEN ss.status IN ('planned', 'in-progress') AND ss.due_date < '\(today)' THEN 'warning' WHEN ss.status IN ('done', 'dropped') THEN 'muted' END")
    }

    /// Which standards each school's strategies of `year` advance (dropped ones do not count),
    /// with how many strategies each school has and how many are overdue on `today`. Reads the
    /// kept `sip_coverage` and the strategies' covering index: within a frame on the largest district.
    public func strategyCoverage(year: String, today: Day) throws -> StrategyCoverage {
        try read { db in
            try Self.strategyCoverage(db, year: year, today: today, coveredSQL: """
                SELECT school_id, standard_id FROM sip_coverage WHERE school_year = ?
                """)
        }
    }

    /// The same coverage matched afresh from every strategy of the year against every standard:
    /// what `strategyCoverage` must equal (tests, and the benchmark's "before").
    public func strategyCoverageFromStrategies(year: String, today: Day) throws -> StrategyCoverage {
        try read { db in
            try Self.strategyCoverage(db, year: year, today: today, coveredSQL: """
                SELECT DISTINCT ss.school_id, st.id FROM sip_strategies ss
                JOIN standards st ON instr(',' || ss.standard_ids || ',', ',' || st.id || ',') > 0
                WHERE ss.school_year = ? AND ss.status != 'dropped'
                """)
        }
    }

    private static func strategyCoverage(_ db: Database, year: String, today: Day, coveredSQL: String) throws -> StrategyCoverage {
        let standards = try assessedStandards(db)
        var covered: [Int64: Set<Int64>] = [:]
        let rows = try Row.fetchCursor(db, sql: coveredSQL, arguments: [year])
        while let r = try rows.next() {
            covered[r[0], default: []].insert(r[1])
        }
        let shown = Set(standards.map(\.id))
        covered = covered.mapValues { $0.intersection(shown) }
        var strategies: [Int64: Int] = [:], overdue: [Int64: Int] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT school_id, COUNT(*), COALESCE(SUM(CASE WHEN status IN ('planned', 'in-progress') AND due_date < ? THEN 1 ELSE 0 END), 0) FROM sip_strategies
            WHERE school_year = ? AND status != 'dropped' GROUP BY school_id
            """, arguments: [today.description, year]) {
            strategies[r[0]] = r[1]
            overdue[r[0]] = r[2]
        }
        return StrategyCoverage(year: year, schools: try gridSchools(db), standards: standards, covered: covered,
                                strategies: strategies, overdue: overdue)
    }

    // MARK: convenings and the service model

    /// SQL true when follow-up `f` is overdue on `today`.
    private static func followUpOverdue(_ today: Day) -> String { "(f.done = 0 AND f.due_on < '\(today)')" }

    /// Every convening, with its follow-ups: how many are open and how many of those overdue.
    public func conveningList(today: Day) -> PagedList {
        let overdue = Self.followUpOverdue(today)
        let followUps = """
            COALESCE((SELECT CASE WHEN COUNT(*) = 0 THEN '' WHEN SUM(f.done = 0) = 0 THEN 'all done'
                ELSE SUM(f.done = 0) || ' open' || CASE WHEN SUM(\(overdue)) > 0 THEN ', ' || SUM(\(overdue)) || ' overdue' ELSE '' END END
              FROM convening_follow_ups f WHERE f.convening_id = c.id), '')
            """
        return PagedList(store: self, query: ListQuery(
            from: "convenings c LEFT JOIN schools s ON s.id = c.school_id",
            id: "c.id",
            columns: [
                .init("Date", display: "c.held_on"),
                .init("Group", display: "c.group_name", sortKeys: ["c.group_name COLLATE NOCASE", "c.held_on"]),
                .init("School", display: "COALESCE(s.code, 'district')", sortKeys: ["COALESCE(s.code, '')"]),
                .init("Present", display: "c.parents + c.community + c.staff + c.students"),
                .init("Follow-ups", display: followUps,
                      sortKeys: ["(SELECT COUNT(*) FROM convening_follow_ups f WHERE f.convening_id = c.id AND \(overdue))"]),
            ],
            searchable: ["c.group_name", "c.place", "c.topics", "c.outcomes", "COALESCE(s.name, '')",
                         "COALESCE((SELECT group_concat(f.what || ' ' || f.owner, ' ') FROM convening_follow_ups f WHERE f.convening_id = c.id), '')"],
            flag: "CASE WHEN EXISTS (SELECT 1 FROM convening_follow_ups f WHERE f.convening_id = c.id AND \(overdue)) THEN 'warning' END"))
    }

    /// A convening's follow-ups: due day ("!" when overdue), what, owner, and whether done.
    public func followUpList(conveningID: Int64, today: Day) -> PagedList {
        let overdue = Self.followUpOverdue(today)
        return PagedList(store: self, query: ListQuery(
            from: "convening_follow_ups f",
            id: "f.id",
            columns: [
                .init("Due", display: "COALESCE(f.due_on, '—') || CASE WHEN \(overdue) THEN ' !' ELSE '' END",
                      sortKeys: ["COALESCE(f.due_on, '9999')", "f.id"]),
                .init("Follow-up", display: "f.what", sortKeys: ["f.what COLLATE NOCASE"]),
                .init("Owner", display: "f.owner", sortKeys: ["f.owner COLLATE NOCASE"]),
                .init("State", display: "CASE WHEN f.done THEN 'done' WHEN \(overdue) THEN 'overdue' ELSE 'open' END",
                      sortKeys: ["f.done", "COALESCE(f.due_on, '9999')"]),
            ],
            searchable: ["f.what", "f.owner"],
            condition: "f.convening_id = \(conveningID)",
            flag: "CASE WHEN \(overdue) THEN 'warning' WHEN f.done THEN 'muted' END"))
    }

    /// A convening's group and day, for the follow-ups' header.
    public func conveningName(id: Int64) throws -> String? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT group_name, held_on FROM convenings WHERE id = ?", arguments: [id])
                .map { "\($0["group_name"] as String) \($0["held_on"] as String)" }
        }
    }

    /// Per group: meetings, first and last date, attendance at each meeting in date order, its
    /// follow-ups still open, and the overdue ones on `today` (oldest due first).
    public func conveningSummary(today: Day) throws -> [ConveningGroupSummary] {
        try read { db in
            var order: [String] = []
            var byGroup: [String: ConveningGroupSummary] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT group_name, held_on, parents + community + staff + students FROM convenings ORDER BY group_name COLLATE NOCASE, held_on, id
                """) {
                let g: String = r[0], day: String = r[1], n: Int = r[2]
                if byGroup[g] == nil { order.append(g); byGroup[g] = ConveningGroupSummary(group: g, first: day, last: day) }
                byGroup[g]!.last = day
                byGroup[g]!.attendance.append(n)
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT c.group_name, f.what, f.owner, f.due_on, f.done FROM convening_follow_ups f JOIN convenings c ON c.id = f.convening_id
                ORDER BY COALESCE(f.due_on, '9999'), f.id
                """) {
                let g: String = r[0]
                guard byGroup[g] != nil else { continue }
                let done: Bool = r[4]
                guard !done else { continue }
                byGroup[g]!.open += 1
                let due = (r[3] as String?).flatMap(Day.init)
                if FollowUpRules.isOverdue(due: due, done: done, today: today), let due {
                    byGroup[g]!.overdue.append((what: r[1], owner: r[2], due: due))
                }
            }
            return order.map { byGroup[$0]! }
        }
    }

    public func serviceModelList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "service_model m",
            id: "m.id",
            columns: [
                .init("Tier", display: "CASE m.tier WHEN 1 THEN '1 Universal' WHEN 2 THEN '2 Targeted' ELSE '3 Intensive' END",
                      sortKeys: ["m.tier", "m.position"]),
                .init("Service", display: "m.service", sortKeys: ["m.service COLLATE NOCASE"]),
            ],
            searchable: ["m.service"]))
    }

    /// The services of each tier, for the partnership form's reference.
    public func serviceModel() throws -> [Int: [String]] {
        try read { db in
            var result: [Int: [String]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT tier, service FROM service_model ORDER BY tier, position, id") {
                result[r[0], default: []].append(r[1])
            }
            return result
        }
    }
}

/// One representative group's convenings: meetings, their span and attendance, and its follow-ups.
public struct ConveningGroupSummary: Sendable {
    public var group: String
    public var first: String
    public var last: String
    public var attendance: [Int] = []
    /// Follow-ups not done yet.
    public var open = 0
    /// Follow-ups not done whose due day has passed, oldest first.
    public var overdue: [(what: String, owner: String, due: Day)] = []
    public var meetings: Int { attendance.count }
}
