import FacetModel
import FacetStore
import TermUI

/// Pane 2: the registry of community partnerships and the district's first metric, the percent of
/// active partnerships in alignment with the partnerships policy.
final class PartnershipsPane: Pane {
    let title = "Partnerships"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen { ListScreen(PartnershipsList(context), context) }

    func editor(for entity: Entity) -> RecordEditor? {
        switch entity {
        case .partnerships: return PartnershipEditor.editor(store: context.store)
        case .partners: return PartnersList.editor(store: context.store)
        case .policyCriteria: return CriteriaList.editor
        default: return nil
        }
    }
}

extension Action {
    static let edit = Action("partnerships.edit"), review = Action("partnerships.review")
    static let quickFilter = Action("partnerships.quickFilter"), clearQuickFilters = Action("partnerships.clearQuickFilters")
    static let breakdown = Action("partnerships.breakdown")
    static let showPartners = Action("partnerships.partners"), showCriteria = Action("partnerships.criteria")
    static let importCSV = Action("partnerships.import"), exportCSV = Action("partnerships.export")
    static let partnersPartnerships = Action("partners.partnerships")
    static let familyContacts = Action("partnerships.familyContacts")
}

/// The partnerships metric and renewals as `AppContext.partnershipSummary` keeps them.
typealias PartnershipSummary = (metric: FacetStore.AlignmentCount, endingSoon: Int, reviewOverdue: Int)

/// The partnerships list: quick filters as chips in the header, the metric when none is set.
final class PartnershipsList: ListController {
    static let context = "Partnerships"
    let title = "Partnerships"
    let noun = "partnership"
    let entity = Entity.partnerships
    let editorEntity: Entity? = .partnerships
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 3, min: 16), .left), (.fixed(11), .left), (.flex(weight: 2, min: 12), .left), (.fixed(4), .right),
        (.fixed(9), .left), (.fixed(2), .center), (.fixed(10), .left),
    ]
    let context: AppContext
    private(set) var filter = PartnershipFilter()
    /// The header's words for `filter`, made when it is applied (naming a school takes a query).
    private var chips = ""

    init(_ context: AppContext) { self.context = context }

    var store: FacetStore { context.store }
    func makeList() -> PagedList {
        let list = store.partnershipList(filter: filter, today: context.today)
        // The dashboard's "not aligned" list of the district: when the metric is kept (the headers
        // show it), its active less aligned is the list's count, instead of judging 12,000
        // partnerships again (30 ms). Every partnership has its partner: the join drops none. A
        // metric of no active partnerships is counted instead (it is also what a failed read shows).
        var notAligned = PartnershipFilter()
        notAligned.status = .active
        notAligned.notAligned = true
        if filter == notAligned, let summary: PartnershipSummary = context.kept("partnershipSummary"), summary.metric.active > 0 {
            list.assumeCount(summary.metric.active - summary.metric.aligned)
        }
        return list
    }
    func makeEditor() -> RecordEditor? { PartnershipEditor.editor(store: store) }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.edit, keys: [.char("e")], label: "edit", context: c),
            KeyBinding(.review, keys: [.char("r")], label: "review", context: c),
            KeyBinding(.quickFilter, keys: [.char("f")], label: "quick filter", context: c),
            KeyBinding(.clearQuickFilters, keys: [.char("F")], label: "clear quick filters", context: c, showInStatus: false),
            KeyBinding(.breakdown, keys: [.char("b")], label: "breakdown", context: c),
            KeyBinding(.showPartners, keys: [.char("p")], label: "partners", context: c),
            KeyBinding(.showCriteria, keys: [.char("c")], label: "policy criteria", context: c, showInStatus: false),
            KeyBinding(.importCSV, keys: [.char("I")], label: "import CSV", context: c, showInStatus: false),
            KeyBinding(.exportCSV, keys: [.char("E")], label: "export CSV", context: c, showInStatus: false),
            KeyBinding(.familyContacts, keys: [.char("l")], label: "family contact log", context: c, showInStatus: false),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        switch action {
        case .edit, .review: return Requirement(action: .update, entity: .partnerships)
        case .importCSV: return Requirement(action: .create, entity: .partnerships)
        default: return nil
        }
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .edit: return list.withSelection { list.edit(id: $0.id) }
        case .review: return list.withSelection { review(id: $0.id) }
        case .quickFilter: return .push(QuickFilterScreen(current: filter, context) { [self] in apply($0, to: list) })
        case .clearQuickFilters:
            apply(PartnershipFilter(), to: list)
            return .status("Quick filters cleared.")
        case .breakdown: return breakdown()
        case .showPartners: return .push(ListScreen(PartnersList(context, partnerships: self, list: list), context))
        case .showCriteria: return .push(ListScreen(CriteriaList(context), context))
        case .importCSV: return PartnershipFiles.importPrompt(context)
        case .exportCSV: return PartnershipFiles.exportPrompt(context)
        case .familyContacts: return .push(ListScreen(FamilyContactsList(context), context))
        default: return .none
        }
    }

    func apply(_ filter: PartnershipFilter, to list: ListScreen) {
        self.filter = filter
        chips = chipText(filter)
        list.replaceList()
    }

    func headline(_ list: ListScreen) -> String? {
        if !chips.isEmpty { return "Filter: " + chips }
        let summary = context.partnershipSummary
        return "Aligned " + (summary.metric.percent.map { "\(Int($0.rounded()))%" } ?? "—")
            + " (\(summary.metric.aligned)/\(summary.metric.active))"
            + " · \(summary.endingSoon) ending · \(summary.reviewOverdue) to review"
    }

    /// "status:Active · area:Mental health · not aligned"
    private func chipText(_ f: PartnershipFilter) -> String {
        var chips: [String] = []
        if let s = f.status { chips.append("status:\(s.label)") }
        if let a = f.areaID { chips.append("area:" + ((try? store.priorityAreas())?.first { $0.id == a }?.name ?? "#\(a)")) }
        if let t = f.tier { chips.append(t == 0 ? "no tier" : "tier:\(t)") }
        if let s = f.schoolID { chips.append("school:" + (((try? store.schoolOption(id: s)) ?? nil) ?? "#\(s)")) }
        if let p = f.partnerID { chips.append("partner:" + (((try? store.partnerName(id: p)) ?? nil) ?? "#\(p)")) }
        if f.notAligned { chips.append("not aligned") }
        if f.reviewOverdue { chips.append("review overdue") }
        if f.endingSoon { chips.append("ending soon") }
        return chips.joined(separator: " · ")
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect { detail(id: row.id, in: list) }

    func delete(_ row: TableRow, in list: ListScreen) -> Effect { endOrDelete(id: row.id, in: list) }
}
