import FacetModel
import FacetStore
import TermUI

/// Pane 5: professional development. Every employee (the people it is for), the courses and their
/// sessions, each session's roster with its waiting list, check-in at the door, and who is current.
final class RostersPane: Pane {
    let title = "PD Rosters"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen { ListScreen(EmployeesList(context), context) }

    func editor(for entity: Entity) -> RecordEditor? {
        let store = context.store
        switch entity {
        case .employees: return Self.employeeEditor(store: store)
        case .pdCourses: return TrainingEditors.course()
        case .pdSessions: return TrainingEditors.session(store: store)
        case .pdSettings: return TrainingEditors.settings()
        default: return nil
        }
    }

    /// Reads the schools for its choice when made: made when a form opens, not per key.
    static func employeeEditor(store: FacetStore) -> RecordEditor {
        let schools = (try? store.schoolOptions()) ?? []
        return RecordEditor(entity: .employees, noun: "employee", columns: [
            .text("number", "Employee number", required: true, maxLength: 20),
            .text("first_name", "First name", required: true, maxLength: 80),
            .text("last_name", "Last name", required: true, maxLength: 80),
            .text("email", "Email", maxLength: 120, validators: [Validation.email]),
            .choice("school_id", "School", options: schools.map { (.integer($0.id), $0.name) }, emptyLabel: "District office"),
            .choice("role", "Role", EmployeeRole.self),
            .date("hire_date", "Hire date"),
            .checkbox("active", "Active", defaultOn: true),
        ], name: { "\($0["first_name"]?.text ?? "") \($0["last_name"]?.text ?? "")" })
    }
}

extension Action {
    static let rostersEdit = Action("rosters.edit")
    static let rostersCourses = Action("rosters.courses"), rostersSessions = Action("rosters.sessions")
    static let rostersCompliance = Action("rosters.compliance"), rostersImport = Action("rosters.import")
}

/// The employees: Enter shows one with their PD history and where they stand on each required course.
final class EmployeesList: ListController {
    static let context = "PD Rosters"
    let title = "PD Rosters"
    let noun = "employee"
    let entity = Entity.employees
    let editorEntity: Entity? = .employees
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(8), .left), (.flex(weight: 2, min: 18), .left), (.flex(weight: 2, min: 16), .left), (.fixed(13), .left), (.fixed(10), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    var store: FacetStore { context.store }
    func makeList() -> PagedList { store.employeeList() }
    func makeEditor() -> RecordEditor? { RostersPane.employeeEditor(store: store) }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.rostersEdit, keys: [.char("e")], label: "edit", context: c, showInStatus: false),
            KeyBinding(.rostersSessions, keys: [.char("t")], label: "sessions", context: c),
            KeyBinding(.rostersCourses, keys: [.char("c")], label: "courses", context: c),
            KeyBinding(.rostersCompliance, keys: [.char("p")], label: "compliance", context: c),
            KeyBinding(.rostersImport, keys: [.char("I")], label: "import from HR", context: c, showInStatus: false),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        switch action {
        case .rostersEdit: return Requirement(action: .update, entity: .employees)
        case .rostersImport: return Requirement(action: .create, entity: .employees, districtWide: true)
        default: return nil
        }
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .rostersEdit: return list.withSelection { list.edit(id: $0.id) }
        case .rostersSessions: return SessionsList.show(context)
        case .rostersCourses: return .push(ListScreen(CoursesList(context), context))
        case .rostersCompliance: return ComplianceReport.run(context, courseCode: nil)
        case .rostersImport: return EmployeeFiles.importPrompt(context)
        default: return .none
        }
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect { detail(id: row.id, in: list) }

    /// The compliance report (`p`) drawn unseen between keys: the district's and each role's
    /// figures for every required course, a few ms of range sums; then the sessions (`t`), whose
    /// first page and count come from pages nothing else on this list reads.
    func prepareAhead(_ list: ListScreen) -> Bool {
        context.drawUnseen("compliance") { ComplianceReport.run(context, courseCode: nil) }
            || context.drawUnseen("sessions") { SessionsList.show(context) }
    }

    /// `d`: an employee with PD history keeps it: they are marked inactive instead of deleted.
    func delete(_ row: TableRow, in list: ListScreen) -> Effect {
        let records = (try? store.trainingHistory(employeeID: row.id).count) ?? 0
        guard records > 0 else { return list.askToDelete(row) }
        if let reason = store.denial(.update, .employees, record: row.id) { return .error(reason) }
        let store = self.store
        return .push(DialogScreen(Dialog(title: "Mark inactive instead?",
                                         message: "\(row.cells[1]) has \(records) professional-development record\(records == 1 ? "" : "s"), kept as their history, so they are not deleted. Mark them inactive (they stop counting for compliance)?",
                                         kind: .confirm, yesLabel: "Mark inactive", noLabel: "Keep as is"), context) { answer in
            guard answer == .yes else { return .none }
            do {
                guard let stored = try store.fetchRecord(.employees, id: row.id) else { return .status("That employee no longer exists.") }
                try store.updateRecord(.employees, id: row.id, expectedVersion: Int(stored["version"]?.integerValue ?? 0), changes: ["active": .integer(0)])
                return .all([.refresh, .status("Marked \(row.cells[1]) inactive.")])
            } catch {
                return .error(String(describing: error))
            }
        })
    }

    /// An employee: who they are, where they stand on each required course, every session they took.
    func detail(id: Int64, in list: ListScreen) -> Effect {
        let today = context.today
        do {
            guard let e = try store.fetchRecord(.employees, id: id) else {
                return .all([.refresh, .status("That employee no longer exists.")])
            }
            // The one school, not all 1,800 to pick one name from.
            func school(_ id: Int64?) throws -> String? { try id.flatMap { try self.store.schoolOption(id: $0) } }
            let name = "\(e["first_name"]?.text ?? "") \(e["last_name"]?.text ?? "")"
            let role = EmployeeRole(rawValue: e["role"]?.text ?? "")?.label ?? (e["role"]?.text ?? "")
            var lines = [
                "Number      \(e["number"]?.text ?? "")",
                "School      " + (try school(e["school_id"]?.integerValue) ?? "District office"),
                "Role        \(role)",
                "Email       " + (e["email"]?.text ?? "").ifEmpty("—"),
                "Hired       " + (e["hire_date"]?.text ?? "").ifEmpty("—") + (e["active"]?.integerValue == 1 ? "" : "   (inactive: not counted)"),
                "",
                "Required courses on \(today)",
            ]
            let standing = try store.complianceOf(employeeID: id, today: today)
            for (course, status) in standing {
                let text: String
                switch status {
                case .notCounted: text = "not required"
                case .current(let until): text = "\(context.glyphs.check) current" + (until.map { " until \($0)" } ?? "")
                case .inGrace(let until): text = "new hire: due by \(until)"
                case .overdue(let since): text = "\(context.glyphs.cross) overdue" + (since.map { " since \($0)" } ?? " (never taken)")
                }
                lines.append("  " + DisplayWidth.fit("\(course.code) \(course.title)", to: 44) + " " + text)
            }
            if standing.isEmpty { lines.append("  none") }
            lines += ["", "Professional development"]
            let history = try store.trainingHistory(employeeID: id)
            for r in history {
                let hours = r.hours.map { String(format: " · %.1f h", $0) } ?? ""
                lines.append("  \(r.day)  " + DisplayWidth.fit("\(r.courseCode) \(r.courseTitle)", to: 40) + " \(r.status.label)\(hours)")
            }
            if history.isEmpty { lines.append("  none yet") }
            let c = TextScreen.context
            let store = self.store
            let actions: [TextScreen.RecordAction] = [
                .init(binding: KeyBinding(.rostersEdit, keys: [.char("e")], label: "edit", context: c),
                      denial: { store.denial(.update, .employees, record: id) }, perform: { list.edit(id: id) }),
                .init(binding: KeyBinding(.history, keys: [.char("h")], label: "history", context: c),
                      denial: { nil }, perform: { [context] in
                          (try? HistoryScreen(entity: .employees, recordID: id, title: "History — \(name)", context)).map(Effect.push) ?? .none
                      }),
            ]
            return .push(TextScreen(title: name, lines: lines, context, actions: actions))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }
}
