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

    static let partnerships = PaneDefinition(
        title: "Partnerships", entity: "partners", noun: "partner",
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
            searchable: ["e.number", "e.last_name", "e.first_name", "e.email", "s.name", "e.role"],
            flag: "CASE WHEN e.active THEN NULL ELSE 'muted' END"),
        widths: [.fixed(8), .flex(weight: 2, min: 18), .flex(weight: 2, min: 16), .fixed(13), .fixed(10)])

    static let all = [dashboard, partnerships, standards, surveys, rosters]
}

/// A pane's live state: its list, its table on screen, its filter.
final class PaneState {
    let definition: PaneDefinition
    let list: PagedList
    var table: Table
    /// Whether `/` is taking typed characters.
    var isTypingFilter = false
    var filterText = ""

    init(definition: PaneDefinition, store: FacetStore) {
        self.definition = definition
        self.list = PagedList(store: store, query: definition.query)
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
