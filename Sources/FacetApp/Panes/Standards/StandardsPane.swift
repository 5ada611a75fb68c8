import FacetModel
import FacetStore
import TermUI

/// Pane 3: the family-engagement standards of the active framework (read-only for now).
final class StandardsPane: Pane {
    let title = "Standards"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen {
        let store = context.store
        return ListScreen(RecordList(
            title: "Standards", noun: "standard", entity: .standards,
            columns: [(.fixed(3), .right), (.flex(weight: 2, min: 24), .left), (.fixed(10), .right), (.flex(weight: 2, min: 16), .left)],
            list: { store.standardList() }), context)
    }
}
