import FacetModel
import FacetStore
import TermUI

/// `p` in the partnerships pane: the partner organisations, with their contacts; `l` lists a
/// partner's partnerships.
final class PartnersList: ListController {
    static let context = "Partners"
    let title = "Partners"
    let parentTitle: String? = "Partnerships"
    let noun = "partner"
    let entity = Entity.partners
    let editorEntity: Entity? = .partners
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 3, min: 20), .left), (.fixed(16), .left), (.flex(weight: 2, min: 14), .left), (.fixed(6), .right),
    ]
    private let context: AppContext
    private unowned let partnerships: PartnershipsList
    private unowned let partnershipsScreen: ListScreen

    init(_ context: AppContext, partnerships: PartnershipsList, list: ListScreen) {
        self.context = context
        self.partnerships = partnerships
        self.partnershipsScreen = list
    }

    func makeList() -> PagedList { context.store.partnerList() }
    func makeEditor() -> RecordEditor? { Self.editor(store: context.store) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.partnersPartnerships, keys: [.char("l")], label: "its partnerships", context: Self.context),
         KeyBinding(.back, keys: [.char("p")], label: "back to partnerships", context: Self.context)]
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .back: return .pop
        case .partnersPartnerships:
            return list.withSelection { row in
                var filter = PartnershipFilter()
                filter.partnerID = row.id
                return .all([.pop, .then { [partnerships, partnershipsScreen] in
                    partnerships.apply(filter, to: partnershipsScreen)
                    return .none
                }])
            }
        default: return .none
        }
    }

    /// Partners: contacts and kind; a name that folds to an existing partner's is flagged before saving.
    static func editor(store: FacetStore) -> RecordEditor {
        RecordEditor(entity: .partners, noun: "partner", columns: [
            .text("name", "Name", required: true, maxLength: 160),
            .choice("kind", "Kind", PartnerKind.self),
            .text("contact_name", "Contact name", maxLength: 120),
            .text("contact_email", "Contact email", maxLength: 160, validators: [Validation.email]),
            .text("contact_phone", "Contact phone", maxLength: 40, validators: [Validation.phone]),
            .text("website", "Website", maxLength: 200),
            .text("address", "Address", maxLength: 200),
            .textArea("notes", "Notes"),
        ], derived: { values in ["name_folded": .text(Validation.foldedName(values["name"]?.text ?? ""))] },
           crossChecks: { values, id in
            guard let name = values["name"]?.text, !name.isEmpty,
                  let existing = try? store.partner(namedLike: name), existing.id != id else { return [] }
            return [("name", "duplicate of “\(existing.name)”")]
        })
    }
}

/// `c` in the partnerships pane: the partnerships policy checklist (admins edit it).
final class CriteriaList: ListController {
    static let context = "Policy criteria"
    let title = "Policy criteria"
    let parentTitle: String? = "Partnerships"
    let noun = "criterion"
    let nounPlural = "criteria"
    let entity = Entity.policyCriteria
    let editorEntity: Entity? = .policyCriteria
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(3), .right), (.flex(weight: 1, min: 30), .left), (.fixed(10), .left), (.fixed(8), .left), (.fixed(6), .left),
    ]
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.criteriaList() }
    func makeEditor() -> RecordEditor? { Self.editor }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.back, keys: [.char("c")], label: "back to partnerships", context: Self.context)]
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect { action == .back ? .pop : .none }

    /// Derived criteria keep their rule; new ones are confirmed by reviewers.
    static var editor: RecordEditor {
        RecordEditor(entity: .policyCriteria, noun: "criterion", columns: [
            .text("code", "Code", required: true, maxLength: 40),
            .text("text", "Criterion", required: true, maxLength: 200),
            .checkbox("required", "Required for alignment", defaultOn: true),
            .checkbox("active", "In use", defaultOn: true),
        ], derived: { _ in [:] }, name: { $0["text"]?.text ?? "" })
    }
}
