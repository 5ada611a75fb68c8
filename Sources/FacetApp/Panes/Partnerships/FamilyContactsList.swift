import FacetModel
import FacetStore
import TermUI

extension Action {
    static let closeContact = Action("contacts.close")
}

/// `l` on the partnerships: the family contact log the front offices keep — open contacts of the
/// user's schools, overdue ones first and highlighted; `c` closes one with a resolution. How to
/// reach a family shows only to users with access to its school.
final class FamilyContactsList: ListController {
    static let context = "Family contacts"
    let title = "Family contacts"
    let parentTitle: String? = "Partnerships"
    let noun = "open contact"
    let entity = Entity.familyContacts
    let editorEntity: Entity? = nil
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(16), .left), (.fixed(5), .left), (.fixed(10), .left), (.flex(weight: 1, min: 12), .left),
        (.fixed(12), .left), (.fixed(14), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.familyContactList(now: context.clock.now) }
    func makeEditor() -> RecordEditor? { nil }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.closeContact, keys: [.char("c")], label: "close with a resolution", context: Self.context)]
    }

    func requirement(for action: Action) -> Requirement? {
        action == .closeContact ? Requirement(action: .update, entity: .familyContacts) : nil
    }

    func headline(_ list: ListScreen) -> String? {
        guard let counts = try? context.store.overdueContactCount(now: context.clock.now) else { return nil }
        return "Family contacts · \(counts.open) open · \(counts.overdue) overdue (reply promised and not given)"
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        guard action == .closeContact else { return .none }
        return list.withSelection { row in
            if let reason = context.store.denial(.update, .familyContacts, record: row.id) { return .error(reason) }
            let resolution = TextField("Resolution", required: true, maxLength: FamilyContactRules.resolutionLimit)
            let form = Form(title: "Close the contact — what was done", fields: [resolution])
            return .push(PromptScreen(form, context) { [context] text, form in
                do {
                    try context.store.closeFamilyContact(id: row.id, resolution: text, at: context.clock.now)
                    return .all([.pop, .refresh, .status("Contact closed.")])
                } catch {
                    form.notice = String(describing: error)
                    form.noticeIsError = true
                    return .none
                }
            })
        }
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        guard let r = try? context.store.familyContact(id: row.id) else { return .refresh }
        func text(_ k: String) -> String { r[k]?.text ?? "" }
        let schoolID = r["school_id"]?.integerValue
        let reach = AccessPolicy.canSeeFamilyContacts(user: context.store.currentUser, schoolID: schoolID)
            ? (text("reach").isEmpty ? "—" : text("reach")) : "(only staff with access to this school see it)"
        let lines = [
            "Kind              " + (ContactKind(rawValue: text("kind"))?.label ?? text("kind")),
            "Language          " + SurveyLanguages.name(text("language")),
            "Received          " + text("received_at"),
            "Reply due         " + text("due_at"),
            "Follow-up owner   " + text("owner"),
            "How to reach      " + reach,
            "Status            " + (ContactStatus(rawValue: text("status"))?.label ?? text("status")),
            "",
            text("summary"),
        ] + (text("resolution").isEmpty ? [] : ["", "Resolution: " + text("resolution")])
        return .push(TextScreen(title: "Family contact #\(row.id)", lines: lines, context))
    }

    func delete(_ row: TableRow, in list: ListScreen) -> Effect { .none }
}
