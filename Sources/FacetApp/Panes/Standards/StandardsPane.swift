import FacetModel
import FacetStore
import TermUI

/// Pane 3: the family-engagement standards of the active framework and what schools do with them —
/// the self-assessment grid, SIP strategies and their coverage, convenings, and the service model.
final class StandardsPane: Pane {
    let title = "Standards"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen { ListScreen(StandardsList(context), context) }

    func editor(for entity: Entity) -> RecordEditor? {
        switch entity {
        case .standards: return StandardsList.editor(context.store)
        case .sipStrategies: return StrategiesList.editor(context)
        case .convenings: return ConveningsList.editor(context)
        case .serviceModel: return ServiceModelList.editor
        case .frameworks: return FrameworksList.editor
        default: return nil
        }
    }
}

extension Action {
    static let standardsGrid = Action("standards.grid"), standardsRate = Action("standards.rate")
    static let standardsPlans = Action("standards.plans"), standardsCoverage = Action("standards.coverage")
    static let standardsConvenings = Action("standards.convenings"), standardsTiers = Action("standards.tiers")
    static let standardsFrameworks = Action("standards.frameworks"), standardsEdit = Action("standards.edit")
    static let frameworkAdopt = Action("standards.adopt"), conveningSummary = Action("standards.conveningSummary")
    static let conveningFollowUps = Action("standards.conveningFollowUps")
}

/// A retire/restore toggle in place of deleting: retired items stay on old records.
enum Retiring {
    static func toggle(_ entity: Entity, row: TableRow, noun: String, list: ListScreen, context: AppContext) -> Effect {
        let store = context.store
        if let reason = store.denial(.update, entity, record: row.id) { return .error(reason) }
        guard let stored = try? store.fetchRecord(entity, id: row.id) else { return .refresh }
        let retired = stored["retired"]?.integerValue == 1
        let version = Int(stored["version"]?.integerValue ?? 0)
        let label = row.cells.prefix(2).joined(separator: " ")
        let message = retired
            ? "Put \(label) back in use?"
            : "Retire \(label)? It is no longer offered for new ratings and plans; ratings and plans that name it keep it."
        return .push(DialogScreen(Dialog(title: retired ? "Restore \(noun)?" : "Retire \(noun)?", message: message, kind: .confirm,
                                         yesLabel: retired ? "Restore" : "Retire", noLabel: "Keep it as it is"), context) { answer in
            guard answer == .yes else { return .none }
            do {
                try store.updateRecord(entity, id: row.id, expectedVersion: version, changes: ["retired": .integer(retired ? 0 : 1)])
                return .all([.refresh, .status(retired ? "\(label) is in use again." : "Retired \(label); old records keep it.")])
            } catch StoreError.conflict {
                return .all([.refresh, .error("Someone changed this \(noun) meanwhile; look again and retry.")])
            } catch {
                return .push(DialogScreen.error(error, context))
            }
        })
    }
}

/// The active framework's standards: Enter shows a standard's indicators; the pane's other work
/// is one key away.
final class StandardsList: ListController {
    static let context = "Standards"
    let title = "Standards"
    let noun = "standard"
    let entity = Entity.standards
    let editorEntity: Entity? = .standards
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(3), .right), (.flex(weight: 2, min: 26), .left), (.fixed(4), .right), (.flex(weight: 3, min: 20), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    var store: FacetStore { context.store }
    func makeList() -> PagedList { store.standardList() }
    func makeEditor() -> RecordEditor? { Self.editor(store) }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.standardsGrid, keys: [.char("a")], label: "grid", context: c),
            KeyBinding(.standardsPlans, keys: [.char("p")], label: "plans", context: c),
            KeyBinding(.standardsConvenings, keys: [.char("m")], label: "convenings (meetings)", context: c, showInStatus: false),
            KeyBinding(.standardsRate, keys: [.char("r")], label: "rate a school", context: c, showInStatus: false),
            KeyBinding(.standardsCoverage, keys: [.char("c")], label: "SIP coverage", context: c, showInStatus: false),
            KeyBinding(.standardsTiers, keys: [.char("t")], label: "service model (tiers)", context: c, showInStatus: false),
            KeyBinding(.standardsFrameworks, keys: [.char("f")], label: "frameworks", context: c, showInStatus: false),
            KeyBinding(.standardsEdit, keys: [.char("e")], label: "edit", context: c, showInStatus: false),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        switch action {
        case .standardsEdit: return Requirement(action: .update, entity: .standards)
        case .standardsRate: return Requirement(action: .create, entity: .selfAssessments)
        default: return nil
        }
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .standardsGrid: return AssessmentGridScreen.open(context)
        case .standardsRate: return RatingScreen.chooseSchool(context)
        case .standardsPlans: return .push(ListScreen(StrategiesList(context), context))
        case .standardsCoverage: return CoverageView.open(year: SelfAssessmentRules.schoolYear(of: context.today), context)
        case .standardsConvenings: return .push(ListScreen(ConveningsList(context), context))
        case .standardsTiers: return .push(ListScreen(ServiceModelList(context), context))
        case .standardsFrameworks: return .push(ListScreen(FrameworksList(context), context))
        case .standardsEdit: return list.withSelection { list.edit(id: $0.id) }
        default: return .none
        }
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        .push(ListScreen(IndicatorsList(context, standardID: row.id, title: "\(row.cells[0]) \(row.cells[1])"), context))
    }

    func delete(_ row: TableRow, in list: ListScreen) -> Effect {
        Retiring.toggle(.standards, row: row, noun: "standard", list: list, context: context)
    }
    var deleteLabel: String { "retire / restore" }
    var deleteAction: WriteAction { .update }

    func headline(_ list: ListScreen) -> String? {
        // Cached as a String, not a String?: the memo reads an optional type back as a missing value.
        let name: String = context.cached("activeFramework") { ((try? store.activeFramework()) ?? nil)?.name ?? "No framework is active (f chooses one)" }
        return name
    }

    /// This year's self-assessment grid (`a`) drawn unseen between keys: its first open reads the
    /// heading's counts and the first screen of schools with their kept sums.
    func prepareAhead(_ list: ListScreen) -> Bool {
        context.drawUnseen("assessmentGrid") { AssessmentGridScreen.open(context) }
    }

    /// A standard of the active framework: code, title, our description, order, retired.
    static func editor(_ store: FacetStore) -> RecordEditor {
        let frameworkID = ((try? store.activeFramework()) ?? nil)?.id
        return RecordEditor(entity: .standards, noun: "standard", columns: [
            .text("code", "Code", required: true, maxLength: 12),
            .text("title", "Standard", required: true, maxLength: 120),
            .textArea("description", "Description", rows: 3),
            WaveEditor.number("position", "Order", default: 7),
            .checkbox("retired", "Retired"),
        ], derived: { _ in frameworkID.map { ["framework_id": StoredValue.integer($0)] } ?? [:] },
        name: { "\($0["code"]?.text ?? "") \($0["title"]?.text ?? "")" })
    }
}

/// A standard's indicators: an admin edits, adds and retires them.
final class IndicatorsList: ListController {
    let title = "Indicators"
    let parentTitle: String?
    let noun = "indicator"
    let entity = Entity.indicators
    let editorEntity: Entity? = .indicators
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(6), .left), (.flex(weight: 1, min: 40), .left), (.fixed(7), .right), (.fixed(7), .left),
    ]
    let context: AppContext
    let standardID: Int64

    init(_ context: AppContext, standardID: Int64, title: String) {
        self.context = context
        self.standardID = standardID
        self.parentTitle = title
    }

    func makeList() -> PagedList { context.store.indicatorList(standardID: standardID) }

    func makeEditor() -> RecordEditor? {
        let standardID = self.standardID
        return RecordEditor(entity: .indicators, noun: "indicator", columns: [
            .text("code", "Code", required: true, maxLength: 12),
            .text("text", "Indicator", required: true, maxLength: 200),
            WaveEditor.number("position", "Order", default: 5),
            .checkbox("retired", "Retired"),
        ], derived: { _ in ["standard_id": .integer(standardID)] },
        name: { $0["code"]?.text ?? "indicator" })
    }

    func delete(_ row: TableRow, in list: ListScreen) -> Effect {
        Retiring.toggle(.indicators, row: row, noun: "indicator", list: list, context: context)
    }
    var deleteLabel: String { "retire / restore" }
    var deleteAction: WriteAction { .update }
}

/// Frameworks: an admin adds one (then its standards) and chooses the active one.
final class FrameworksList: ListController {
    static let context = "Frameworks"
    let title = "Frameworks"
    let parentTitle: String? = "Standards"
    let noun = "framework"
    let entity = Entity.frameworks
    let editorEntity: Entity? = .frameworks
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 1, min: 40), .left), (.fixed(9), .right), (.fixed(7), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.frameworkList() }
    func makeEditor() -> RecordEditor? { Self.editor }

    static var editor: RecordEditor {
        RecordEditor(entity: .frameworks, noun: "framework", columns: [.text("name", "Framework", required: true, maxLength: 120)])
    }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.frameworkAdopt, keys: [.char("u")], label: "use as active", context: Self.context)]
    }

    func requirement(for action: Action) -> Requirement? {
        action == .frameworkAdopt ? Requirement(action: .update, entity: .frameworks) : nil
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        guard action == .frameworkAdopt else { return .none }
        return list.withSelection { row in
            let store = context.store
            guard let stored = try? store.fetchRecord(.frameworks, id: row.id) else { return .refresh }
            do {
                try store.adoptFramework(id: row.id, expectedVersion: Int(stored["version"]?.integerValue ?? 0))
                return .all([.refresh, .status("\(row.cells[0]) is the active framework: the grid and plans use its standards.")])
            } catch StoreError.conflict {
                return .all([.refresh, .error("Someone changed the frameworks meanwhile; look again and retry.")])
            } catch {
                return .push(DialogScreen.error(error, context))
            }
        }
    }
}
