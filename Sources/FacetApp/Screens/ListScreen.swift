import FacetModel
import FacetStore
import TermUI

/// What a write action needs from the access policy: the store is asked before a binding is
/// offered, again before it runs, and once more when it writes.
struct Requirement {
    var action: WriteAction
    var entity: Entity
    /// A change to the district as a whole (a bulk import), not to records of the user's schools.
    var districtWide = false
}

/// What a pane tells one of its lists: the records, the columns, the header, its own keys.
protocol ListController: AnyObject {
    /// The list's name ("Partners"); with `parentTitle`, the header reads "Partnerships › Partners".
    var title: String { get }
    var parentTitle: String? { get }
    var noun: String { get }
    /// The noun for several ("criteria"); the noun with an "s" unless given.
    var nounPlural: String { get }
    var entity: Entity { get }
    var columnLayout: [(width: TableColumn.Width, alignment: Alignment)] { get }
    /// The list as the store serves it (asked again after every change of the data).
    func makeList() -> PagedList
    /// The entity this list's form creates and changes, or nil when the list is read-only here.
    var editorEntity: Entity? { get }
    /// The form's editor; made when a form opens (it may read choices, such as every school).
    func makeEditor() -> RecordEditor?
    /// The list's own keys (beyond moving, filtering, sorting, open, new, delete, history).
    var bindings: [KeyBinding<Action>] { get }
    /// What an action of `bindings` needs from the access policy, if anything.
    func requirement(for action: Action) -> Requirement?
    func perform(_ action: Action, in list: ListScreen) -> Effect
    /// The header's left side (a metric), or nil for the title.
    func headline(_ list: ListScreen) -> String?
    /// Enter on a row.
    func open(_ row: TableRow, in list: ListScreen) -> Effect
    /// `d` on a row.
    func delete(_ row: TableRow, in list: ListScreen) -> Effect
    /// What `d` is called in the status line and help: "delete" unless it does something else
    /// (standards and indicators are retired, never deleted).
    var deleteLabel: String { get }
    /// What `d` writes, as the access policy is asked about it.
    var deleteAction: WriteAction { get }
    /// Between keys: reads ahead a view one of the list's keys opens, when its first open reads
    /// more than a frame allows (`AppContext.drawUnseen`). True asks to be called again.
    func prepareAhead(_ list: ListScreen) -> Bool
}

extension ListController {
    var parentTitle: String? { nil }
    var nounPlural: String { noun + "s" }
    var bindings: [KeyBinding<Action>] { [] }
    func requirement(for action: Action) -> Requirement? { nil }
    func perform(_ action: Action, in list: ListScreen) -> Effect { .none }
    func headline(_ list: ListScreen) -> String? { nil }
    func prepareAhead(_ list: ListScreen) -> Bool { false }
    func open(_ row: TableRow, in list: ListScreen) -> Effect { list.openRecord(row) }
    func delete(_ row: TableRow, in list: ListScreen) -> Effect { list.askToDelete(row) }
    var deleteLabel: String { "delete" }
    var deleteAction: WriteAction { .delete }
}

extension Action {
    static let up = Action("list.up"), down = Action("list.down"), pageUp = Action("list.pageUp"), pageDown = Action("list.pageDown")
    static let first = Action("list.first"), last = Action("list.last")
    static let open = Action("list.open"), filter = Action("list.filter"), clearFilter = Action("list.clearFilter")
    static let sortNext = Action("list.sortNext"), sortReverse = Action("list.sortReverse")
    static let new = Action("list.new"), delete = Action("list.delete"), history = Action("list.history")
    static let keepFilter = Action("list.keepFilter")
    /// From a list pushed over another (partners over partnerships): back to the one below.
    static let back = Action("list.back")
}

/// A pane's list of records: paged from the store, filtered as you type, sorted by any column,
/// with the keys of its controller. It is the screen most of the application is made of.
final class ListScreen: BoundScreen {
    static let listContext = "Lists"
    static let filteringContext = "Typing a filter"

    let controller: ListController
    let context: AppContext
    private(set) var list: PagedList
    var table: Table
    var isTypingFilter = false
    var filterText = ""
    let bindings: BindingTable<Action>
    private var loadError: Error?

    init(_ controller: ListController, _ context: AppContext) {
        self.controller = controller
        self.context = context
        list = controller.makeList()
        let sortable = list.columnSortable
        table = Table(columns: zip(list.columnTitles, controller.columnLayout).enumerated().map { i, c in
            TableColumn(c.0, width: c.1.width, alignment: c.1.alignment, sortable: sortable.indices.contains(i) ? sortable[i] : true)
        })
        let editable = controller.editorEntity != nil
        let c = Self.listContext
        var all: [KeyBinding<Action>] = controller.bindings
        all += [
            KeyBinding(.up, keys: [.up, .char("k")], label: "move up", context: c, showInStatus: false),
            KeyBinding(.down, keys: [.down, .char("j")], label: "move down", context: c, showInStatus: false),
            KeyBinding(.pageUp, keys: [.pageUp], label: "page up", context: c, showInStatus: false),
            KeyBinding(.pageDown, keys: [.pageDown, .char(" ")], label: "page down", context: c, showInStatus: false),
            KeyBinding(.first, keys: [.home, .char("g")], label: "first row", context: c, showInStatus: false),
            KeyBinding(.last, keys: [.end, .char("G")], label: "last row", context: c, showInStatus: false),
            KeyBinding(.open, keys: [.enter], label: "open", context: c),
            KeyBinding(.filter, keys: [.char("/")], label: "filter", context: c),
            KeyBinding(.clearFilter, keys: [.escape], label: controller.parentTitle == nil ? "clear filter" : "clear filter, then back",
                       context: c, showInStatus: false),
            KeyBinding(.sortNext, keys: [.char("s")], label: "sort", context: c),
            KeyBinding(.sortReverse, keys: [.char("S")], label: "reverse sort", context: c, showInStatus: false),
        ]
        if editable {
            all += [KeyBinding(.new, keys: [.char("n")], label: "new", context: c),
                    KeyBinding(.delete, keys: [.char("d")], label: controller.deleteLabel, context: c)]
        }
        all += [
            KeyBinding(.history, keys: [.char("h")], label: "history", context: c),
            KeyBinding(.keepFilter, keys: [.enter], label: "keep filter, back to list", context: Self.filteringContext),
            KeyBinding(.clearFilter, keys: [.escape], label: "clear filter", context: Self.filteringContext),
        ]
        bindings = BindingTable(all)
    }

    var title: String { controller.title }
    var helpTitle: String { controller.parentTitle.map { "\($0) › \(controller.title)" } ?? controller.title }
    var isOverlay: Bool { false }
    var passesGlobalKeys: Bool { !isTypingFilter }
    var activeContexts: [String] {
        isTypingFilter ? [Self.filteringContext] : bindings.contexts.filter { $0 != Self.filteringContext }
    }

    var helpSections: [HelpSection] {
        bindings.helpSections(in: bindings.contexts) { self.denial(of: $0) == nil }
    }

    var statusHints: [Hint] {
        if let kept = keptHints, kept.typing == isTypingFilter { return kept.hints }
        let hints: [Hint]
        if isTypingFilter {
            hints = [("type", "to filter")] + bindings.statusHints(in: [Self.filteringContext])
        } else {
            hints = bindings.statusHints(in: activeContexts) { self.denial(of: $0) == nil }
        }
        keptHints = (isTypingFilter, hints)
        return hints
    }

    /// The status line's hints, worked out once rather than every frame (each binding asks the
    /// access policy): they change with typing a filter, and with the user's rights, which are
    /// read again only when the data change (`dataChanged`).
    private var keptHints: (typing: Bool, hints: [Hint])?

    // MARK: access

    func requirement(for action: Action) -> Requirement? {
        switch action {
        case .new: return Requirement(action: .create, entity: controller.editorEntity ?? controller.entity)
        case .delete: return Requirement(action: controller.deleteAction, entity: controller.editorEntity ?? controller.entity)
        default: return controller.requirement(for: action)
        }
    }

    /// Why this user may not take `action` on this list at all (the status line, help and dispatch
    /// all ask here); the record-level answer comes when the action runs on the selected row.
    func denial(of action: Action) -> String? {
        guard let req = requirement(for: action) else { return nil }
        return context.store.denial(req.action, req.entity, districtWide: req.districtWide)
    }

    // MARK: keys

    func handleUnbound(_ key: Key) -> Effect? {
        guard isTypingFilter else { return nil }
        switch key {
        case .char(let c): filterText.append(c)
        case .backspace: if !filterText.isEmpty { filterText.removeLast() }
        case .ctrl("u"): filterText = ""
        case .up, .down, .pageUp, .pageDown:
            isTypingFilter = false
            return handle(key)
        default: return nil  // not used while typing; the filter passes no keys on
        }
        applyFilter()
        return Effect.none
    }

    func perform(_ action: Action) -> Effect {
        let count = rowCount
        let rows = context.visibleRows
        switch action {
        case .up: table.move(.up, count: count, visibleRows: rows)
        case .down: table.move(.down, count: count, visibleRows: rows)
        case .pageUp: table.move(.pageUp, count: count, visibleRows: rows)
        case .pageDown: table.move(.pageDown, count: count, visibleRows: rows)
        case .first: table.move(.first, count: count, visibleRows: rows)
        case .last: table.move(.last, count: count, visibleRows: rows)
        case .filter: isTypingFilter = true
        case .keepFilter: isTypingFilter = false
        case .clearFilter:
            if isTypingFilter || !filterText.isEmpty {
                isTypingFilter = false
                filterText = ""
                applyFilter()
            } else if controller.parentTitle != nil {
                return .pop  // Esc leaves a list opened from another
            }
        case .sortNext: return sort(by: nextSortableColumn(after: table.state.sortColumn))
        case .sortReverse: return sort(by: table.state.sortColumn)
        case .open: return withSelection { controller.open($0, in: self) }
        case .new: return newRecord()
        case .delete: return withSelection { controller.delete($0, in: self) }
        case .history: return withSelection { showHistory($0) }
        default: return controller.perform(action, in: self)
        }
        return .none
    }

    func withSelection(_ body: (TableRow) -> Effect) -> Effect {
        guard let row = selectedRow else { return .status("Nothing selected") }
        return body(row)
    }

    /// The next column offered as a sort, round the end (columns the store cannot sort fast are skipped).
    private func nextSortableColumn(after column: Int) -> Int {
        let n = table.columns.count
        for step in 1...max(1, n) where table.columns[(column + step) % n].sortable { return (column + step) % n }
        return column
    }

    private func sort(by column: Int) -> Effect {
        table.sort(by: column)
        list.setSort(column: table.state.sortColumn, ascending: table.state.sortAscending)
        let c = table.columns[table.state.sortColumn]
        return .status("Sorted by \(c.title), \(table.state.sortAscending ? "ascending" : "descending")")
    }

    func applyFilter() {
        adoptOrderReadAhead()
        list.setFilter(filterText)
        table.state.selected = 0
        table.state.top = 0
    }

    // MARK: data

    var rowCount: Int {
        do { return try list.count() } catch { loadError = error; return 0 }
    }

    var selectedRow: TableRow? {
        let state = table.state
        return rows(in: state.selected..<(state.selected + 1)).first
    }

    func rows(in range: Range<Int>) -> [TableRow] {
        do {
            return try list.rows(in: range).map { TableRow(id: $0.id, cells: $0.cells, role: $0.flag.flatMap(ThemeRole.init(rawValue:))) }
        } catch {
            loadError = error
            return []
        }
    }

    /// The data changed: the list is asked for anew (its query may depend on the policy or the
    /// day), keeping the filter, the sort and the selected record.
    func dataChanged() {
        keptHints = nil
        reload(keepingSelection: true)
    }

    func reload(keepingSelection: Bool) {
        let selectedID = keepingSelection ? selectedRow?.id : nil
        list = controller.makeList()
        list.setFilter(filterText)
        list.setSort(column: table.state.sortColumn, ascending: table.state.sortAscending)
        if let selectedID { select(id: selectedID) }
    }

    /// Moves the selection to a record, if the list (with its filter) shows it.
    func select(id: Int64) {
        guard let position = try? list.position(of: id) else { return }
        table.state.selected = position
        table.state.clamp(count: rowCount, visibleRows: context.visibleRows)
    }

    /// Starts the list again from its top (a new quick filter).
    func replaceList() {
        reload(keepingSelection: false)
        table.state.selected = 0
        table.state.top = 0
    }

    // MARK: drawing

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let (headerRow, body) = area.splitTop(1)
        loadError = nil
        renderHeader(in: headerRow, on: &surface)
        let source = ListSource(self)
        table.render(source: source, in: body, on: &surface, theme: context.theme, focused: focused)
    }

    /// The rows a few moves past either edge of the screen, read while the user looks at this
    /// frame; then whatever the list's own keys open (`ListController.prepareAhead`).
    func prepareAhead() -> Bool {
        let state = table.state
        try? list.keepAhead(of: state.top..<(state.top + context.visibleRows))
        if let order = list.orderToReadAhead { _ = context.readAhead(order.key, order.read) }
        return controller.prepareAhead(self)
    }

    /// Gives the list its sort's whole order, read ahead (`PagedList.orderToReadAhead`): when the
    /// read has finished, or when it is under way and the filter searches now (a word of three
    /// letters; shorter ones wait for more on a large list). A filter typed before it was started
    /// sorts its matches in SQL, as before.
    private func adoptOrderReadAhead() {
        guard let key = list.orderToReadAhead?.key else { return }
        let searches = filterText.split(separator: " ").contains { $0.count >= 3 }
        if let order: ListOrder? = context.takeReadAhead(key, waiting: searches) { list.useOrder(order) }
    }

    /// A read that failed while drawing, said on the status line.
    var renderProblem: String? { loadError.map { String(describing: $0) } }

    private func renderHeader(in rect: Rect, on surface: inout Surface) {
        let theme = context.theme
        let count = rowCount
        let noun = controller.noun
        let capped = list.countIsCapped ? "+" : ""
        var right = count == 1 && capped.isEmpty ? "1 \(noun)" : "\(count.grouped)\(capped) \(controller.nounPlural)"
        if count > 0 { right = "\((table.state.selected + 1).grouped) of " + right }
        if !filterText.isEmpty || isTypingFilter {
            let waiting = list.filterIsDeferred ? " (3 letters to search)" : ""
            right = "/\(filterText)" + (isTypingFilter ? "▏" : "") + waiting + "  " + right
        }
        let rightWidth = DisplayWidth.of(right)
        surface.write(right, x: rect.maxX - rightWidth - 1, y: rect.y, style: isTypingFilter ? theme[.accent] : theme[.muted], clip: rect)
        let left = (context.headlinesWait ? nil : controller.headline(self)) ?? helpTitle
        surface.write(DisplayWidth.truncate(left, to: max(0, rect.width - rightWidth - 4)), x: rect.x + 1, y: rect.y,
                      style: theme[.title], clip: rect)
    }
}

/// The table's view of a list screen's rows.
private final class ListSource: TableDataSource {
    unowned let screen: ListScreen
    init(_ screen: ListScreen) { self.screen = screen }
    func rowCount() -> Int { screen.rowCount }
    func rows(in range: Range<Int>) -> [TableRow] { screen.rows(in: range) }
}
