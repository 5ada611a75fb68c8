import FacetModel
import FacetStore
import TermUI

/// Pane 5: every employee, the people professional development is for.
final class RostersPane: Pane {
    let title = "PD Rosters"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen {
        let store = context.store
        return ListScreen(RecordList(
            title: "PD Rosters", noun: "employee", entity: .employees,
            columns: [(.fixed(8), .left), (.flex(weight: 2, min: 18), .left), (.flex(weight: 2, min: 16), .left), (.fixed(13), .left), (.fixed(10), .left)],
            editor: { Self.employeeEditor(store: store) },
            list: { store.employeeList() }), context)
    }

    func editor(for entity: Entity) -> RecordEditor? { entity == .employees ? Self.employeeEditor(store: context.store) : nil }

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
