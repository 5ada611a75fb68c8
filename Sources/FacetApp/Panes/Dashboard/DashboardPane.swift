import FacetModel
import FacetStore
import TermUI

/// Pane 1: the plan's metrics at a glance, for the district or one school, as tiles; `Enter` on a
/// tile opens the list behind it. The schools list and the targets are reached from here.
final class DashboardPane: Pane {
    let title = "Dashboard"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen { DashboardScreen(context) }

    func editor(for entity: Entity) -> RecordEditor? {
        switch entity {
        case .schools: return SchoolsList.editor
        case .metricTargets: return TargetsList.editor
        default: return nil
        }
    }
}

/// The schools, with their active partnerships and staff: `l` on the dashboard.
enum SchoolsList {
    static func screen(_ context: AppContext) -> ListScreen {
        ListScreen(RecordList(
            title: "Schools", parentTitle: "Dashboard", noun: "school", entity: .schools,
            columns: [(.fixed(6), .left), (.flex(weight: 1, min: 20), .left), (.fixed(11), .left), (.fixed(12), .right), (.fixed(6), .right)],
            editor: { editor },
            headline: { _ in
                let p = context.partnershipSummary
                let pct = p.metric.percent.map { " · \(Int($0.rounded()))% aligned" } ?? ""
                return "\(p.metric.active.grouped) active\(pct) · \(p.endingSoon) ending · \(p.reviewOverdue) to review"
            },
            delete: { row, list in list.deleteOrMarkInactive(row, .schools) },
            list: { context.store.schoolList() }), context)
    }

    static var editor: RecordEditor {
        RecordEditor(entity: .schools, noun: "school", columns: [
            .text("code", "Code", required: true, maxLength: 12),
            .text("name", "Name", required: true, maxLength: 120),
            .choice("level", "Level", SchoolLevel.self),
            .checkbox("active", "Active", defaultOn: true),
        ])
    }
}

/// The targets an admin sets, one per metric and school year: `t` on the dashboard.
enum TargetsList {
    static func screen(_ context: AppContext) -> ListScreen {
        ListScreen(RecordList(
            title: "Targets", parentTitle: "Dashboard", noun: "target", entity: .metricTargets,
            columns: [(.fixed(8), .left), (.flex(weight: 1, min: 24), .left), (.fixed(8), .right)],
            editor: { editor },
            headline: { _ in "Targets: on track at or above · at risk within a tenth below · off track lower" },
            list: { context.store.metricTargetList() }), context)
    }

    static var editor: RecordEditor {
        var editor = RecordEditor(entity: .metricTargets, noun: "target", columns: [
            .choice("metric", "Metric", MetricID.self),
            .text("school_year", "School year", required: true, maxLength: 7,
                  validators: [{ SelfAssessmentRules.isSchoolYear($0) ? nil : "A school year is written like 2026-27." }]),
            .text("target", "Target", required: true, maxLength: 6,
                  validators: [{ Double($0).map { (0...100).contains($0) } == true ? nil : "A number: a percent 0–100, or a level 1–4." }]),
        ])
        editor.crossChecks = { values, _ in
            guard let metric = values["metric"].flatMap({ MetricID(rawValue: $0.text) }),
                  let value = values["target"].flatMap({ Double($0.text) }),
                  let problem = MetricTarget.problem(value, for: metric) else { return [] }
            return [("target", problem)]
        }
        editor.name = { values in
            (values["metric"].flatMap { MetricID(rawValue: $0.text)?.label } ?? "target") + " " + (values["school_year"]?.text ?? "")
        }
        return editor
    }
}

extension Action {
    static let dashboardUp = Action("dashboard.up"), dashboardDown = Action("dashboard.down")
    static let dashboardLeft = Action("dashboard.left"), dashboardRight = Action("dashboard.right")
    static let dashboardOpen = Action("dashboard.open"), dashboardSchool = Action("dashboard.school")
    static let dashboardDistrict = Action("dashboard.district"), dashboardSchools = Action("dashboard.schools")
    static let dashboardTargets = Action("dashboard.targets")
    static let dashboardPreviousYear = Action("dashboard.previousYear"), dashboardNextYear = Action("dashboard.nextYear")
}

/// The tiles. The snapshot is read off the key path: the first frame shows the tiles' titles at
/// once and the figures fill in when the store has computed them (on a large district that takes
/// longer than the start-up budget). Tests, which have no loop, compute it in place.
final class DashboardScreen: BoundScreen {
    private let context: AppContext
    private(set) var snapshot: MetricsSnapshot?
    private(set) var selected = 0
    /// The school shown (nil: the district) and the school year.
    private(set) var schoolCode: String?
    private(set) var year: String
    private var job: BackgroundJob?
    /// The data changed while the figures were being read: read them again when done.
    private var stale = false
    private var failure: String?
    private var columns = 2
    /// The data changed since the figures were read.
    private var needsReading = false

    static let context = "Dashboard"
    let bindings: BindingTable<Action> = {
        let c = DashboardScreen.context
        return BindingTable([
            KeyBinding(.dashboardUp, keys: [.up, .char("k")], label: "move", context: c, displayKeys: "↑↓←→"),
            KeyBinding(.dashboardDown, keys: [.down, .char("j")], label: "move down", context: c, showInStatus: false),
            KeyBinding(.dashboardLeft, keys: [.left], label: "move left", context: c, showInStatus: false),
            KeyBinding(.dashboardRight, keys: [.right, .tab], label: "move right", context: c, showInStatus: false),
            KeyBinding(.dashboardOpen, keys: [.enter], label: "open list", context: c),
            KeyBinding(.dashboardSchool, keys: [.char("s")], label: "school", context: c),
            KeyBinding(.dashboardDistrict, keys: [.char("a")], label: "district", context: c),
            KeyBinding(.dashboardSchools, keys: [.char("l")], label: "schools list", context: c),
            KeyBinding(.dashboardTargets, keys: [.char("t")], label: "targets", context: c),
            KeyBinding(.dashboardPreviousYear, keys: [.char("[")], label: "year", context: c, showInStatus: false, displayKeys: "[ ]"),
            KeyBinding(.dashboardNextYear, keys: [.char("]")], label: "next year", context: c, showInStatus: false),
        ])
    }()

    init(_ context: AppContext) {
        self.context = context
        year = SelfAssessmentRules.schoolYear(of: context.today)
        // A coordinator starts on their (first) school; everyone else on the district.
        if let user = context.store.currentUser, user.role == .coordinator,
           let first = user.schoolIDs.compactMap({ (try? context.store.school(id: $0)) ?? nil }).map(\.code).sorted().first {
            schoolCode = first
        }
    }

    var isOverlay: Bool { false }
    var passesGlobalKeys: Bool { true }
    var helpTitle: String { "Dashboard" }
    var tiles: [DashboardTile] { DashboardTile.all }

    // MARK: the figures

    /// Starts reading the figures (in place when the application has no loop to wait with).
    private func startComputing() {
        guard job == nil else { stale = true; return }
        let store = context.store, code = schoolCode, year = year, today = context.today, now = context.clock.now
        let read: @Sendable (BackgroundJob.Progress) throws -> Any = { _ in
            try store.metricsSnapshot(schoolCode: code, year: year, today: today, now: now)
        }
        guard context.computesInBackground else {
            do { take(.success(try read(BackgroundJob.Progress()))) } catch { take(.failure(error)) }
            return
        }
        stale = false
        job = BackgroundJob(title: "Dashboard", work: read)
    }

    private func take(_ result: Result<Any, Error>) {
        switch result {
        case .success(let value):
            snapshot = value as? MetricsSnapshot
            failure = nil
        case .failure(let error):
            failure = "\(error)"
        }
    }

    /// Takes finished figures; starts again when the data changed meanwhile. Whether anything changed.
    private func collect() -> Bool {
        guard let job, let result = job.result else { return false }
        self.job = nil
        take(result)
        if stale { stale = false; startComputing() }
        return true
    }

    /// Waits for figures being read (tests and benchmarks that need the filled frame).
    func waitForFigures() {
        job?.wait()
        _ = collect()
    }

    func tick() -> Effect? { collect() ? Effect.none : nil }

    func dataChanged() {
        // Read again when next drawn, not now: a save on another pane must not start a read of every
        // figure the user is not looking at. The shown figures stay until fresh ones are read.
        needsReading = true
    }

    private func rescope(code: String?, year: String? = nil) -> Effect {
        schoolCode = code
        if let year { self.year = year }
        snapshot = nil
        if job != nil { stale = true } else { startComputing() }
        return .status("Dashboard: " + (code ?? "the district") + " · " + self.year)
    }

    // MARK: keys

    func perform(_ action: Action) -> Effect {
        let count = tiles.count
        switch action {
        case .dashboardUp: if selected >= columns { selected -= columns }
        case .dashboardDown: if selected + columns < count { selected += columns }
        case .dashboardLeft: selected = max(0, selected - 1)
        case .dashboardRight: selected = min(count - 1, selected + 1)
        case .dashboardOpen:
            guard let snapshot else { return .status("The figures are still being read.") }
            return tiles[selected].open(snapshot, context)
        case .dashboardSchool:
            return .push(ListScreen(SchoolChooser(context) { [weak self] code in self?.rescope(code: code) ?? .none }, context))
        case .dashboardDistrict: return rescope(code: nil)
        case .dashboardSchools: return .push(SchoolsList.screen(context))
        case .dashboardTargets: return .push(TargetsList.screen(context))
        case .dashboardPreviousYear, .dashboardNextYear:
            guard let start = Int(year.prefix(4)) else { return .none }
            let next = SchoolYear.name(startingIn: start + (action == .dashboardNextYear ? 1 : -1))
            if next > SelfAssessmentRules.schoolYear(of: context.today) { return .status("\(next) has not begun.") }
            return rescope(code: schoolCode, year: next)
        default: break
        }
        return .none
    }

    // MARK: drawing

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        if needsReading || (snapshot == nil && job == nil && failure == nil) {
            needsReading = false
            failure = nil
            startComputing()
        }
        _ = collect()
        let theme = context.theme
        let scope = snapshot?.scope.isDistrict == false ? "\(snapshot!.scope.code ?? "") \(snapshot!.scope.name)" : (schoolCode ?? "District")
        var head = "\(scope) · \(year)"
        if let snapshot {
            head += " · as of \(snapshot.asOf)"
            // An empty database says so rather than showing a page of dashes as if they were figures.
            if snapshot.sipCoverage.schools == 0, snapshot.partnerships.active == 0, snapshot.survey == nil {
                head += " · nothing to show yet: add schools with l, then n"
            }
        } else if failure == nil {
            head += " · reading the figures…"
        }
        surface.write(DisplayWidth.truncate(head, to: area.width - 2), x: area.x + 1, y: area.y, style: theme[.title])
        if let failure {
            surface.write(DisplayWidth.truncate("The figures could not be read: \(failure)", to: area.width - 2), x: area.x + 1, y: area.y + 1, style: theme[.error])
            return
        }
        columns = area.width >= 120 ? 3 : 2
        let rows = (tiles.count + columns - 1) / columns
        let grid = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        let tileHeight = max(3, grid.height / rows)
        let tileWidth = (grid.width - 1) / columns
        for (i, tile) in tiles.enumerated() {
            let rect = Rect(x: grid.x + 1 + (i % columns) * tileWidth, y: grid.y + (i / columns) * tileHeight,
                            width: tileWidth - 1, height: tileHeight)
            guard rect.maxY <= grid.maxY else { break }
            render(tile, in: rect, selected: i == selected && focused, on: &surface)
        }
    }

    private func render(_ tile: DashboardTile, in rect: Rect, selected: Bool, on surface: inout Surface) {
        let theme = context.theme
        // The title line: a marker and reverse video for the selected tile, the status in words.
        let status = snapshot.flatMap { s in tile.metric.map { s[$0] } }
        let word = tile.metric == nil ? "" : (status?.status?.label ?? (status?.target == nil ? "" : "no figure"))
        let titleStyle = selected ? theme[.selection] : theme[.header]
        surface.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: titleStyle)
        let wordWidth = DisplayWidth.of(word)
        let titleText = (selected ? "▶ " : "  ") + tile.title
        surface.write(DisplayWidth.truncate(titleText, to: rect.width - wordWidth - 1), x: rect.x, y: rect.y, style: titleStyle)
        if !word.isEmpty {
            var style = theme[DashboardTile.statusRole(status?.status)]
            style.background = titleStyle.background
            if selected { style = titleStyle }
            surface.write(word, x: rect.maxX - wordWidth - 1, y: rect.y, style: style)
        }
        guard let snapshot else {
            surface.write("…", x: rect.x + 2, y: rect.y + 1, style: theme[.muted])
            return
        }
        let lines = tile.lines(snapshot, rect.width - 2, rect.height - 1)
        for (n, line) in lines.prefix(rect.height - 1).enumerated() {
            surface.write(DisplayWidth.truncate(line.text, to: rect.width - 2), x: rect.x + 2, y: rect.y + 1 + n, style: theme[line.role])
        }
    }
}

/// `s` on the dashboard: the schools; `Enter` shows the dashboard of the highlighted one.
final class SchoolChooser: ListController {
    let title = "Choose a school"
    let parentTitle: String? = "Dashboard"
    let noun = "school"
    let entity = Entity.schools
    let editorEntity: Entity? = nil
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(6), .left), (.flex(weight: 1, min: 20), .left), (.fixed(11), .left), (.fixed(12), .right), (.fixed(6), .right),
    ]
    private let context: AppContext
    private let onChoose: (String) -> Effect

    init(_ context: AppContext, onChoose: @escaping (String) -> Effect) {
        self.context = context
        self.onChoose = onChoose
    }

    func makeList() -> PagedList { context.store.schoolList() }
    func makeEditor() -> RecordEditor? { nil }
    func headline(_ list: ListScreen) -> String? { "Enter shows the dashboard of the school · Esc goes back" }

    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        guard let code = row.cells.first, !code.isEmpty else { return .none }
        return .all([.pop, onChoose(code)])
    }
}
