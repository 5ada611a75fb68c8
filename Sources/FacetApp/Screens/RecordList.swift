import FacetModel
import FacetStore
import TermUI

/// A list controller made of values: for lists whose keys are the common ones (open, new, delete,
/// history). Panes with keys of their own write a controller class instead.
final class RecordList: ListController {
    let title: String
    /// The screen below, for lists pushed over another (Esc goes back to it).
    let parentTitle: String?
    let noun: String
    let entity: Entity
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)]
    let editorEntity: Entity?
    private let editor: (() -> RecordEditor)?
    private let list: () -> PagedList
    private let header: ((ListScreen) -> String?)?
    private let onDelete: ((TableRow, ListScreen) -> Effect)?

    init(title: String, parentTitle: String? = nil, noun: String, entity: Entity, columns: [(width: TableColumn.Width, alignment: Alignment)],
         editor: (() -> RecordEditor)? = nil, headline: ((ListScreen) -> String?)? = nil,
         delete: ((TableRow, ListScreen) -> Effect)? = nil, list: @escaping () -> PagedList) {
        self.title = title
        self.parentTitle = parentTitle
        self.noun = noun
        self.entity = entity
        self.columnLayout = columns
        self.editor = editor
        self.editorEntity = editor == nil ? nil : entity
        self.header = headline
        self.onDelete = delete
        self.list = list
    }

    func makeList() -> PagedList { list() }
    func makeEditor() -> RecordEditor? { editor?() }
    func headline(_ list: ListScreen) -> String? { header?(list) }
    func delete(_ row: TableRow, in list: ListScreen) -> Effect { onDelete?(row, list) ?? list.askToDelete(row) }
}
