import FacetModel
import GRDB

/// One school's row of the self-assessment grid: its cells of the year by standard, its overall
/// cell over the shown standards and the change of that average from the year before.
public struct AssessmentGridRow: Equatable, Sendable {
    public var school: AssessmentGrid.School
    public var cells: [Int64: AssessmentCell]
    public var overall: AssessmentCell
    public var change: Double?

    public func cell(standard: Int64) -> AssessmentCell { cells[standard] ?? AssessmentCell() }
}

/// The self-assessment grid of one year read a window at a time, so that it opens and scrolls
/// within a frame on the largest district: the schools page from SQL in code order (`PagedList`
/// on the code index), the kept sums (`assessment_sums`) of only the schools shown are read, and
/// the header's counts come from indexed aggregates. Shows what `AssessmentGrid` shows, row for
/// row (`StandardsPagesTests`). Rows read are kept until the data change (make a new one then).
public final class AssessmentGridPages {
    public let year: String
    /// The shown standards: the active framework's current ones, in order.
    public let standards: [AssessmentGrid.Standard]
    /// School years that have ratings, oldest first, with `year` among them.
    public let years: [String]
    /// Active schools.
    public let schoolCount: Int
    /// Active schools with no rating of a shown standard in `year`.
    public let unrated: Int

    private let store: FacetStore
    private let schools: PagedList
    private let previousYear: String?
    private var kept: [Int64: AssessmentGridRow] = [:]

    init(store: FacetStore, year: String) throws {
        self.store = store
        self.year = year
        previousYear = SelfAssessmentRules.previousYear(year)
        schools = store.gridSchoolList()
        let (standards, keptYears, unrated) = try store.read { db -> ([AssessmentGrid.Standard], [String], Int) in
            let standards = try FacetStore.assessedStandards(db)
            let ids = standards.map { String($0.id) }.joined(separator: ", ")
            let unrated = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM schools s WHERE s.active AND NOT EXISTS (
                  SELECT 1 FROM assessment_sums a WHERE a.school_year = ? AND a.school_id = s.id AND a.standard_id IN (\(ids)) AND a.n > 0)
                """, arguments: [year]) ?? 0
            return (standards, try FacetStore.keptAssessmentYears(db), unrated)
        }
        self.standards = standards
        self.unrated = unrated
        var years = keptYears
        if !years.contains(year) { years.append(year); years.sort() }
        self.years = years
        schoolCount = try schools.count()
    }

    /// The rows at positions `range` in code order. Reads the sums of the schools around them
    /// (a page each side) that were not read yet, so moving and paging seldom read.
    public func rows(in range: Range<Int>) throws -> [AssessmentGridRow] {
        let wanted = range.clamped(to: 0..<schoolCount)
        guard !wanted.isEmpty else { return [] }
        let around = max(0, wanted.lowerBound - wanted.count)..<min(schoolCount, wanted.upperBound + wanted.count)
        let listed = try schools.rows(in: around)
        let missing = listed.filter { kept[$0.id] == nil }
        if !missing.isEmpty { try read(missing) }
        let lo = wanted.lowerBound - around.lowerBound
        return listed.dropFirst(lo).prefix(wanted.count).compactMap { kept[$0.id] }
    }

    /// Between keys: when the rows the next moves from `visible` ask for (`rows(in:)` reads a page
    /// each side) are not all kept, reads two pages each side of `visible`, so that a move never
    /// reads: `rows(in:)` alone, sliding by one school a move, read that one school's sums on
    /// almost every move down. True when it read.
    @discardableResult
    public func keepAhead(of visible: Range<Int>) throws -> Bool {
        let n = max(1, visible.count)
        let near = max(0, visible.lowerBound - n - n / 2)..<min(schoolCount, visible.upperBound + n + n / 2)
        guard !near.isEmpty else { return false }
        let before = schools.queriesRun
        guard try schools.rows(in: near).contains(where: { kept[$0.id] == nil }) else { return schools.queriesRun != before }
        let wide = max(0, visible.lowerBound - 2 * n)..<min(schoolCount, visible.upperBound + 2 * n)
        let missing = try schools.rows(in: wide).filter { kept[$0.id] == nil }
        if !missing.isEmpty { try read(missing) }
        return true
    }

    /// How many schools' rows have been read so far (tests: the grid reads what it shows, not every school).
    public var rowsRead: Int { kept.count }

    /// The row at `index`, if there is one.
    public func row(at index: Int) throws -> AssessmentGridRow? { try rows(in: index..<(index + 1)).first }

    /// Where a school is in code order, or nil when it is not shown (inactive, or gone).
    public func position(of schoolID: Int64) throws -> Int? { try schools.position(of: schoolID) }

    private func read(_ listed: [ListRow]) throws {
        let ids = listed.map { String($0.id) }.joined(separator: ", ")
        var current: [Int64: [Int64: AssessmentCell]] = [:], previous: [Int64: [Int64: AssessmentCell]] = [:]
        try store.read { db in
            // The primary key (school_year, school_id, standard_id) finds each school's few rows.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT school_year, school_id, standard_id, total, n FROM assessment_sums
                WHERE school_year IN (?, ?) AND school_id IN (\(ids))
                """, arguments: [year, previousYear ?? year])
            while let r = try rows.next() {
                let cell = AssessmentCell(sum: r[3], count: r[4])
                if (r[0] as String) == year { current[r[1], default: [:]][r[2]] = cell } else { previous[r[1], default: [:]][r[2]] = cell }
            }
        }
        let shown = standards.map(\.id)
        for row in listed {
            let overall = SelfAssessmentRules.overall(current[row.id], standards: shown)
            let before = SelfAssessmentRules.overall(previous[row.id], standards: shown)
            kept[row.id] = AssessmentGridRow(school: AssessmentGrid.School(id: row.id, code: row.cells[0], name: row.cells[1]),
                                             cells: current[row.id] ?? [:], overall: overall,
                                             change: SelfAssessmentRules.change(current: overall, previous: before))
        }
    }
}

/// One school's row of the SIP coverage: the shown standards its strategies advance, its
/// strategies that are not dropped, and how many of those are overdue.
public struct CoverageRow: Equatable, Sendable {
    public var school: AssessmentGrid.School
    public var covered: Set<Int64>
    public var strategies: Int
    public var overdue: Int

    public init(school: AssessmentGrid.School, covered: Set<Int64>, strategies: Int, overdue: Int) {
        self.school = school; self.covered = covered; self.strategies = strategies; self.overdue = overdue
    }
}

/// The SIP coverage of one year read a window at a time. The order (fewest shown standards covered
/// first, none at all first of all, then by code) comes from two index walks — the active schools'
/// ids in code order and the year's kept `sip_coverage` counted per school — bucketed by count, two
/// integers a school; only the schools in view are read (code, name, covered standards, plans and
/// overdue from the strategies' index). Sorting in SQL instead cost 10 ms for each window on the
/// largest district. Shows what `StrategyCoverage.ordered` shows, row for row.
public final class StrategyCoveragePages {
    public let year: String
    public let standards: [AssessmentGrid.Standard]
    /// Active schools.
    public var schoolCount: Int { order.count }
    /// Active schools none of whose strategies of `year` advances a shown standard.
    public let withNone: Int

    private let store: FacetStore
    private let today: Day
    private let order: [Int64]
    private var kept: [Int64: CoverageRow] = [:]

    init(store: FacetStore, year: String, today: Day) throws {
        self.store = store
        self.year = year
        self.today = today
        let (standards, schools, counts) = try store.read { db -> ([AssessmentGrid.Standard], [Int64], [Int64: Int]) in
            let standards = try FacetStore.assessedStandards(db)
            let ids = standards.map { String($0.id) }.joined(separator: ", ")
            let schools = try Int64.fetchAll(db, sql: "SELECT id FROM schools WHERE active ORDER BY code COLLATE NOCASE, id")
            var counts: [Int64: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT school_id, COUNT(*) FROM sip_coverage WHERE school_year = ? AND standard_id IN (\(ids)) GROUP BY school_id
                """, arguments: [year])
            while let r = try rows.next() { counts[r[0]] = r[1] }
            return (standards, schools, counts)
        }
        self.standards = standards
        var buckets = Array(repeating: [Int64](), count: standards.count + 1)
        for id in schools { buckets[min(standards.count, counts[id] ?? 0)].append(id) }
        order = buckets.flatMap { $0 }
        withNone = buckets[0].count
    }

    /// How many schools' rows have been read so far (tests: what is shown, not every school).
    public var rowsRead: Int { kept.count }

    /// The rows at positions `range` in coverage order; reads the schools around them (a page each
    /// side) that were not read yet.
    public func rows(in range: Range<Int>) throws -> [CoverageRow] {
        let wanted = range.clamped(to: 0..<order.count)
        guard !wanted.isEmpty else { return [] }
        let around = max(0, wanted.lowerBound - wanted.count)..<min(order.count, wanted.upperBound + wanted.count)
        let missing = order[around].filter { kept[$0] == nil }
        if !missing.isEmpty { try read(missing) }
        return order[wanted].compactMap { kept[$0] }
    }

    private func read(_ schools: [Int64]) throws {
        let ids = schools.map(String.init).joined(separator: ", ")
        let shown = standards.map { String($0.id) }.joined(separator: ", ")
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.code, s.name,
                  (SELECT group_concat(c.standard_id) FROM sip_coverage c WHERE c.school_year = :year AND c.school_id = s.id AND c.standard_id IN (\(shown))),
                  (SELECT COUNT(*) FROM sip_strategies ss WHERE ss.school_year = :year AND ss.school_id = s.id AND ss.status != 'dropped'),
                  (SELECT COUNT(*) FROM sip_strategies ss WHERE ss.school_year = :year AND ss.school_id = s.id
                     AND ss.status IN ('planned', 'in-progress') AND ss.due_date < :today)
                FROM schools s WHERE s.id IN (\(ids))
                """, arguments: ["year": year, "today": today.description])
        }
        for r in rows {
            let covered: String = r[3] ?? ""
            kept[r[0]] = CoverageRow(school: AssessmentGrid.School(id: r[0], code: r[1], name: r[2]),
                                     covered: Set(covered.split(separator: ",").compactMap { Int64($0) }),
                                     strategies: r[4], overdue: r[5])
        }
    }
}

extension FacetStore {
    /// Active schools in code order, paged (the grid's rows).
    func gridSchoolList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "schools s",
            id: "s.id",
            columns: [
                .init("Code", display: "s.code", sortKeys: ["s.code COLLATE NOCASE"]),
                .init("School", display: "s.name", unsorted: ()),
            ],
            searchable: [],
            condition: "s.active"))
    }

    /// The years `assessment_sums` has rows for, oldest first: one seek along its primary key per
    /// year rather than a walk over every row.
    static func keptAssessmentYears(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            WITH RECURSIVE y(v) AS (
              SELECT MIN(school_year) FROM assessment_sums
              UNION ALL
              SELECT (SELECT MIN(school_year) FROM assessment_sums WHERE school_year > y.v) FROM y WHERE y.v IS NOT NULL)
            SELECT v FROM y WHERE v IS NOT NULL
            """)
    }

    /// The self-assessment grid of `year`, read a window at a time (see `AssessmentGridPages`).
    public func assessmentGridPages(year: String) throws -> AssessmentGridPages {
        try AssessmentGridPages(store: self, year: year)
    }

    /// The SIP coverage of `year`, read a window at a time (see `StrategyCoveragePages`).
    public func strategyCoveragePages(year: String, today: Day) throws -> StrategyCoveragePages {
        try StrategyCoveragePages(store: self, year: year, today: today)
    }

    /// For the SIP strategies' headline: active schools with no strategy of `year` that is not
    /// dropped, and the strategies of `year` overdue on `today` — from the strategies' index,
    /// without building every school's coverage.
    public func strategyHeadline(year: String, today: Day) throws -> (schoolsWithNone: Int, overdue: Int) {
        try read { db in
            let none = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM schools s WHERE s.active AND NOT EXISTS (
                  SELECT 1 FROM sip_strategies ss WHERE ss.school_year = ? AND ss.school_id = s.id AND ss.status != 'dropped')
                """, arguments: [year]) ?? 0
            let overdue = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sip_strategies WHERE school_year = ? AND status IN ('planned', 'in-progress') AND due_date < ?
                """, arguments: [year, today.description]) ?? 0
            return (none, overdue)
        }
    }
}
