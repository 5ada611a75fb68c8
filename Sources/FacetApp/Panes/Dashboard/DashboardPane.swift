import FacetModel
import FacetStore
import TermUI

/// Pane 1: the district at a glance — the partnerships metric in the header, the schools below.
final class DashboardPane: Pane {
    let title = "Dashboard"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen {
        let context = self.context
        return ListScreen(RecordList(
            title: "Dashboard", noun: "school", entity: .schools,
            columns: [(.fixed(6), .left), (.flex(weight: 1, min: 20), .left), (.fixed(11), .left), (.fixed(12), .right), (.fixed(6), .right)],
            editor: { Self.schoolEditor },
            headline: { _ in
                let p = context.partnershipSummary
                let pct = p.metric.percent.map { " · \(Int($0.rounded()))% aligned" } ?? ""
                return "\(p.metric.active.formatted()) active\(pct) · \(p.endingSoon) ending · \(p.reviewOverdue) to review"
            },
            delete: { row, list in list.deleteOrMarkInactive(row, .schools) },
            list: { context.store.schoolList() }), context)
    }

    func editor(for entity: Entity) -> RecordEditor? { entity == .schools ? Self.schoolEditor : nil }

    static var schoolEditor: RecordEditor {
        RecordEditor(entity: .schools, noun: "school", columns: [
            .text("code", "Code", required: true, maxLength: 12),
            .text("name", "Name", required: true, maxLength: 120),
            .choice("level", "Level", SchoolLevel.self),
            .checkbox("active", "Active", defaultOn: true),
        ])
    }
}
