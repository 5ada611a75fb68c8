import FacetModel
import FacetStore
import TermUI

/// Pane 4: the surveys families answer (read-only for now).
final class SurveysPane: Pane {
    let title = "Surveys"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen {
        let store = context.store
        return ListScreen(RecordList(
            title: "Surveys", noun: "survey", entity: .surveys,
            columns: [(.flex(weight: 3, min: 24), .left), (.fixed(10), .left), (.flex(weight: 2, min: 16), .left), (.fixed(5), .right)],
            list: { store.surveyList() }), context)
    }
}
