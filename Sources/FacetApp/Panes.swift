import FacetModel
import FacetStore
import TermUI

/// What a pane lists and how: its query, its columns on screen, the table its records live in.
struct PaneDefinition {
    var title: String
    /// The table `Enter` and `h` look records up in.
    var entity: String
    var noun: String
    var query: ListQuery
    var widths: [TableColumn.Width]
    var alignments: [Alignment] = []

    var columns: [TableColumn] {
        query.columns.enumerated().map { i, c in
            TableColumn(c.title, width: widths[i], alignment: i < alignments.count ? alignments[i] : .left)
        }
    }
}

enum PaneCatalog {
    /// SQL that shows a stored choice by its label ("front-office" → "Front office").
    static func label<C: Choice>(_ column: String, _ type: C.Type) -> String {
        "CASE \(column) " + C.allCases.map { "WHEN '\($0.rawValue)' THEN '\($0.label.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: " ")
            + " ELSE \(column) END"
    }

    static let dashboard = PaneDefinition(
        title: "Dashboard", entity: "schools", noun: "school",
        query: ListQuery(
            from: "schools s",
            id: "s.id",
            columns: [
                .init("Code", display: "s.code", sortKeys: ["s.code COLLATE NOCASE"]),
                .init("School", display: "s.name", sortKeys: ["s.name COLLATE NOCASE"]),
                .init("Level", display: label("s.level", SchoolLevel.self), sortKeys: ["s.level"]),
                .init("Partnerships", display: "(SELECT COUNT(*) FROM partnership_schools ps JOIN partnerships p ON p.id = ps.partnership_id WHERE ps.school_id = s.id AND p.status = 'active')"),
                .init("Staff", display: "(SELECT COUNT(*) FROM employees e WHERE e.school_id = s.id AND e.active)"),
            ],
            searchable: ["s.code", "s.name", "s.level"],
            flag: "CASE WHEN s.active THEN NULL ELSE 'muted' END"),
        widths: [.fixed(6), .flex(weight: 1, min: 20), .fixed(11), .fixed(12), .fixed(6)],
        alignments: [.left, .left, .left, .right, .right])

    static let partners = PaneDefinition(
        title: "Partners", entity: "partners", noun: "partner",
        query: ListQuery(
            from: "partners pr",
            id: "pr.id",
            columns: [
                .init("Partner", display: "pr.name", sortKeys: ["pr.name COLLATE NOCASE"]),
                .init("Kind", display: label("pr.kind", PartnerKind.self), sortKeys: ["pr.kind"]),
                .init("Contact", display: "pr.contact_name", sortKeys: ["pr.contact_name COLLATE NOCASE"]),
                .init("Active", display: "(SELECT COUNT(*) FROM partnerships p WHERE p.partner_id = pr.id AND p.status = 'active')"),
            ],
            searchable: ["pr.name", "pr.contact_name", "pr.kind", "pr.contact_email"]),
        widths: [.flex(weight: 3, min: 20), .fixed(16), .flex(weight: 2, min: 14), .fixed(6)],
        alignments: [.left, .left, .left, .right])

    static let standards = PaneDefinition(
        title: "Standards", entity: "standards", noun: "standard",
        query: ListQuery(
            from: "standards st JOIN frameworks f ON f.id = st.framework_id",
            id: "st.id",
            columns: [
                .init("#", display: "st.code", sortKeys: ["st.position"]),
                .init("Standard", display: "st.title", sortKeys: ["st.title COLLATE NOCASE"]),
                .init("Indicators", display: "(SELECT COUNT(*) FROM indicators i WHERE i.standard_id = st.id)"),
                .init("Framework", display: "f.name", sortKeys: ["f.name"]),
            ],
            searchable: ["st.title", "st.code", "f.name", "st.description"]),
        widths: [.fixed(3), .flex(weight: 2, min: 24), .fixed(10), .flex(weight: 2, min: 16)],
        alignments: [.right, .left, .right, .left])

    static let surveys = PaneDefinition(
        title: "Surveys", entity: "surveys", noun: "survey",
        query: ListQuery(
            from: "surveys sv",
            id: "sv.id",
            columns: [
                .init("Survey", display: "sv.title", sortKeys: ["sv.title COLLATE NOCASE"]),
                .init("Audience", display: "sv.audience"),
                .init("Languages", display: "replace(sv.languages, ',', ', ')", sortKeys: ["sv.languages"]),
                .init("Min n", display: "sv.min_group_size"),
            ],
            searchable: ["sv.title", "sv.languages", "sv.audience"]),
        widths: [.flex(weight: 3, min: 24), .fixed(10), .flex(weight: 2, min: 16), .fixed(5)],
        alignments: [.left, .left, .left, .right])

    static let rosters = PaneDefinition(
        title: "PD Rosters", entity: "employees", noun: "employee",
        query: ListQuery(
            from: "employees e LEFT JOIN schools s ON s.id = e.school_id",
            id: "e.id",
            columns: [
                .init("Number", display: "e.number"),
                .init("Name", display: "e.last_name || ', ' || e.first_name",
                      sortKeys: ["e.last_name COLLATE NOCASE", "e.first_name COLLATE NOCASE"]),
                .init("School", display: "COALESCE(s.name, 'District office')", sortKeys: ["COALESCE(s.name, '') COLLATE NOCASE"]),
                .init("Role", display: label("e.role", EmployeeRole.self), sortKeys: ["e.role"]),
                .init("Hired", display: "COALESCE(e.hire_date, '')"),
            ],
            searchable: ["e.number", "e.last_name", "e.first_name", "e.email", "COALESCE(s.name, 'District office')", "e.role"],
            flag: "CASE WHEN e.active THEN NULL ELSE 'muted' END",
            fullText: "employees_search"),
        widths: [.fixed(8), .flex(weight: 2, min: 18), .flex(weight: 2, min: 16), .fixed(13), .fixed(10)])

    /// The panes on keys 1–5; a pane may have more than one list (views), the first is its main one.
    static func groups(today: Day, alignedSQL: String) -> [[PaneDefinition]] {
        [[dashboard], [partnerships(today: today, alignedSQL: alignedSQL), partners, criteria], [standards], [surveys], [rosters]]
    }

    static func partnerships(today: Day, alignedSQL: String) -> PaneDefinition {
        let schools = "CASE WHEN p.district_wide THEN 'district-wide' ELSE COALESCE((SELECT group_concat(code, ' ') FROM (SELECT s.code FROM partnership_schools ps JOIN schools s ON s.id = ps.school_id WHERE ps.partnership_id = p.id ORDER BY s.code)), '—') END"
        let areas = "COALESCE((SELECT group_concat(pa.name, ', ') FROM partnership_priority_areas ppa JOIN priority_areas pa ON pa.id = ppa.priority_area_id WHERE ppa.partnership_id = p.id), '—')"
        let renewal = "CASE WHEN p.status = 'ended' THEN 'muted' WHEN (\(FacetStore.renewalFlagSQL(today: today))) IS NOT NULL THEN 'warning' END"
        return PaneDefinition(
            title: "Partnerships", entity: "partnerships", noun: "partnership",
            query: ListQuery(
                from: "partnerships p JOIN partners pr ON pr.id = p.partner_id",
                id: "p.id",
                columns: [
                    .init("Partner", display: "pr.name", sortKeys: ["pr.name COLLATE NOCASE"]),
                    .init("Schools", display: schools),
                    .init("Priority areas", display: areas),
                    .init("Tier", display: "COALESCE(p.tier, '—')", sortKeys: ["COALESCE(p.tier, 9)"]),
                    .init("Status", display: label("p.status", PartnershipStatus.self), sortKeys: ["p.status"]),
                    .init("OK", display: "CASE WHEN \(alignedSQL) THEN '✓' ELSE '✗' END", sortKeys: [alignedSQL]),
                    .init("Reviewed", display: "COALESCE(p.last_review, 'never')", sortKeys: ["COALESCE(p.last_review, '')"]),
                ],
                searchable: ["pr.name", "p.services", "pr.contact_name", "p.notes"],
                flag: renewal,
                fullText: "partnerships_search"),
            widths: [.flex(weight: 3, min: 16), .fixed(11), .flex(weight: 2, min: 12), .fixed(4), .fixed(9), .fixed(2), .fixed(10)],
            alignments: [.left, .left, .left, .right, .left, .center, .left])
    }

    static let criteria = PaneDefinition(
        title: "Policy criteria", entity: "policy_criteria", noun: "criterion",
        query: ListQuery(
            from: "policy_criteria c", id: "c.id",
            columns: [
                .init("#", display: "c.position", sortKeys: ["c.position"]),
                .init("Criterion", display: "c.text", sortKeys: ["c.text COLLATE NOCASE"]),
                .init("Checked by", display: "CASE WHEN c.rule IS NULL THEN 'reviewer' ELSE 'the record' END", sortKeys: ["c.rule IS NULL"]),
                .init("Required", display: "CASE WHEN c.required THEN 'yes' ELSE 'no' END", sortKeys: ["c.required"]),
                .init("In use", display: "CASE WHEN c.active THEN 'yes' ELSE 'no' END", sortKeys: ["c.active"]),
            ],
            searchable: ["c.text", "c.code"],
            flag: "CASE WHEN c.active THEN NULL ELSE 'muted' END"),
        widths: [.fixed(3), .flex(weight: 1, min: 30), .fixed(10), .fixed(8), .fixed(6)],
        alignments: [.right, .left, .left, .left, .left])
}

/// A list's live state: its query, its table on screen, its filters.
final class PaneState {
    let definition: PaneDefinition
    let list: PagedList
    let source: PagedListSource
    var table: Table
    /// Quick filters of the partnerships list (status, area, tier, school, partner, flags).
    var quickFilter = QuickFilter()
    /// The header's text for `quickFilter`.
    var quickFilterChips = ""
    /// Whether `/` is taking typed characters.
    var isTypingFilter = false
    var filterText = ""

    init(definition: PaneDefinition, store: FacetStore) {
        self.definition = definition
        self.list = PagedList(store: store, query: definition.query)
        self.source = PagedListSource(list)
        self.table = Table(columns: definition.columns)
    }

    func applyFilter() {
        list.setFilter(filterText)
        table.state.selected = 0
        table.state.top = 0
    }
}

/// Shows a `PagedList` through TermUI's table; a flag names the row's theme role.
final class PagedListSource: TableDataSource {
    let list: PagedList
    var lastError: Error?

    init(_ list: PagedList) { self.list = list }

    func rowCount() -> Int {
        do { return try list.count() } catch { lastError = error; return 0 }
    }

    func rows(in range: Range<Int>) -> [TableRow] {
        do {
            return try list.rows(in: range).map { TableRow(id: $0.id, cells: $0.cells, role: $0.flag.flatMap(ThemeRole.init(rawValue:))) }
        } catch {
            lastError = error
            return []
        }
    }
}
