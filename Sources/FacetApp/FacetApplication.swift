import FacetModel
import FacetStore
import Foundation
import TermUI

/// The application: state in, event in, state out (as in Bubble Tea), drawn in immediate mode.
/// Tests drive it through `handle(_:)` and `render(size:)` on the in-memory backend; `run(on:)` is
/// the same loop on a real terminal.
public final class FacetApplication {
    public static let minimumSize = Size(width: 80, height: 24)

    public let store: FacetStore
    public var theme: Theme
    public var glyphs: Glyphs = .unicode
    public private(set) var currentPane = 0
    public private(set) var shouldQuit = false
    /// Set by Ctrl-L: the next frame repaints every cell.
    private var wantsFullRedraw = false
    /// A one-line message for the status bar (a result, a warning); cleared by the next key.
    public var statusMessage: String?
    var statusIsError = false

    let panes: [PaneState]
    private let sources: [PagedListSource]
    private var overlay: Overlay?
    private var summary: [String: Int]?
    private var lastVisibleRows = 20

    enum Overlay {
        case help(HelpOverlay)
        case dialog(Dialog, DialogPurpose)
        case detail(title: String, lines: [String], scroll: Int)
    }

    enum DialogPurpose {
        case offerDemo
        case information
    }

    public init(store: FacetStore, theme: Theme, offerDemoWhenEmpty: Bool = true) {
        self.store = store
        self.theme = theme
        self.panes = PaneCatalog.all.map { PaneState(definition: $0, store: store) }
        self.sources = panes.map { PagedListSource($0.list) }
        if offerDemoWhenEmpty, (try? store.isEmpty()) == true {
            overlay = .dialog(Dialog(
                title: "An empty database",
                message: "This database has no schools, partners or employees yet.\nLoad a demo district to explore Facet (50 schools, 300 partners, 4,000 employees)? You can also start empty and add your own.",
                kind: .confirm, yesLabel: "Load the demo", noLabel: "Start empty"), .offerDemo)
        }
    }

    // MARK: the loop

    /// Runs until the user quits or a quit signal arrives; returns that signal, if any.
    public func run(on backend: Backend) -> Int32? {
        glyphs = backend.supportsUnicode ? .unicode : .ascii
        var needsDraw = true
        while !shouldQuit {
            if let signal = backend.pendingQuitSignal { return signal }
            if needsDraw {
                if wantsFullRedraw { backend.forgetScreen(); wantsFullRedraw = false }
                backend.draw(render(size: backend.size))
                needsDraw = false
            }
            let event = backend.nextEvent(timeoutMilliseconds: 500)
            if event == .tick { continue }
            handle(event)
            needsDraw = true
        }
        return nil
    }

    // MARK: events

    var pane: PaneState { panes[currentPane] }

    public func handle(_ event: Event) {
        switch event {
        case .tick, .resize: return
        case .key(let key): handle(key)
        }
    }

    private func handle(_ key: Key) {
        if overlay != nil { handleOverlay(key); return }
        statusMessage = nil
        if pane.isTypingFilter { handleFilterTyping(key); return }
        guard let action = Bindings.table.action(for: key, in: [Bindings.list, Bindings.global]) else {
            statusMessage = "\(key) does nothing here — press ? for help"
            return
        }
        perform(action)
    }

    func perform(_ action: AppAction) {
        let count = sources[currentPane].rowCount()
        switch action {
        case .showPane(let n): currentPane = n
        case .quit: shouldQuit = true
        case .redraw: wantsFullRedraw = true
        case .help:
            overlay = .help(HelpOverlay(title: "Keys — \(pane.definition.title)",
                                        sections: Bindings.table.helpSections(in: [Bindings.list, Bindings.filtering, Bindings.global])))
        case .up: pane.table.move(.up, count: count, visibleRows: lastVisibleRows)
        case .down: pane.table.move(.down, count: count, visibleRows: lastVisibleRows)
        case .pageUp: pane.table.move(.pageUp, count: count, visibleRows: lastVisibleRows)
        case .pageDown: pane.table.move(.pageDown, count: count, visibleRows: lastVisibleRows)
        case .first: pane.table.move(.first, count: count, visibleRows: lastVisibleRows)
        case .last: pane.table.move(.last, count: count, visibleRows: lastVisibleRows)
        case .filter: pane.isTypingFilter = true
        case .clearFilter:
            guard !pane.filterText.isEmpty else { return }
            pane.filterText = ""
            pane.applyFilter()
        case .sortNext:
            let next = (pane.table.state.sortColumn + 1) % pane.table.columns.count
            sort(by: next)
        case .sortReverse:
            sort(by: pane.table.state.sortColumn)
        case .open: openSelected()
        case .history: showHistory()
        }
    }

    private func sort(by column: Int) {
        pane.table.sort(by: column)
        pane.list.setSort(column: pane.table.state.sortColumn, ascending: pane.table.state.sortAscending)
        let c = pane.table.columns[pane.table.state.sortColumn]
        statusMessage = "Sorted by \(c.title), \(pane.table.state.sortAscending ? "ascending" : "descending")"
    }

    private func handleFilterTyping(_ key: Key) {
        switch Bindings.table.action(for: key, in: [Bindings.filtering]) {
        case .clearFilter?:
            pane.isTypingFilter = false
            pane.filterText = ""
            pane.applyFilter()
        case .open?:
            pane.isTypingFilter = false
        default:
            switch key {
            case .char(let c): pane.filterText.append(c)
            case .backspace: if !pane.filterText.isEmpty { pane.filterText.removeLast() }
            case .ctrl("u"): pane.filterText = ""
            case .up, .down, .pageUp, .pageDown:
                pane.isTypingFilter = false
                handle(key)
                return
            default: return
            }
            pane.applyFilter()
        }
    }

    private func handleOverlay(_ key: Key) {
        guard let current = overlay else { return }
        switch current {
        case .help(var help):
            if key == .escape || key == .char("?") || key == .char("q") || key == .enter { overlay = nil; return }
            _ = help.handle(key, visibleRows: max(1, lastVisibleRows - 2))
            overlay = .help(help)
        case .dialog(let dialog, let purpose):
            guard let answer = dialog.answer(for: key) else { return }
            overlay = nil
            if purpose == .offerDemo, answer == .yes { loadDemo() }
        case .detail(let title, let lines, var scroll):
            switch key {
            case .escape, .enter, .char("q"): overlay = nil
            case .down, .char("j"): scroll = min(max(0, lines.count - 1), scroll + 1); overlay = .detail(title: title, lines: lines, scroll: scroll)
            case .up, .char("k"): scroll = max(0, scroll - 1); overlay = .detail(title: title, lines: lines, scroll: scroll)
            default: break
            }
        }
    }

    private func loadDemo() {
        do {
            let counts = try DemoData.load(into: store, size: .small, seed: 2026, force: false)
            refreshAll()
            statusMessage = "Demo district loaded: \(counts["schools"] ?? 0) schools, \(counts["partners"] ?? 0) partners, \(counts["employees"] ?? 0) employees."
        } catch {
            showError(error)
        }
    }

    /// Forgets every cached row and count, after a change.
    public func refreshAll() {
        for p in panes { p.list.invalidate() }
        summary = nil
    }

    func showError(_ error: Error) {
        overlay = .dialog(Dialog(title: "Something went wrong", message: String(describing: error), kind: .message,
                                 isError: true), .information)
    }

    private var selectedRow: TableRow? {
        let state = pane.table.state
        return sources[currentPane].rows(in: state.selected..<(state.selected + 1)).first
    }

    private func openSelected() {
        guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
        do {
            guard let values = try store.fetchRecord(table: pane.definition.entity, id: row.id) else {
                statusMessage = "That \(pane.definition.noun) no longer exists."
                refreshAll()
                return
            }
            let width = (values.keys.map(\.count).max() ?? 0) + 2
            let lines = values.keys.sorted().map { DisplayWidth.fit($0.replacingOccurrences(of: "_", with: " "), to: width) + (values[$0]?.description ?? "") }
            overlay = .detail(title: "\(pane.definition.noun.capitalized) #\(row.id) — \(row.cells.first ?? "")", lines: lines, scroll: 0)
        } catch {
            showError(error)
        }
    }

    private func showHistory() {
        guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
        do {
            let entries = try store.history(entity: pane.definition.entity, id: row.id)
            var lines: [String] = []
            for e in entries {
                lines.append("\(e.at)  \(e.login)  \(e.action)")
                for field in Set(e.before.keys).union(e.after.keys).sorted() where field != "version" {
                    let before = e.before[field]?.description ?? "", after = e.after[field]?.description ?? ""
                    lines.append("    \(field): \(before.isEmpty ? "—" : before) → \(after.isEmpty ? "—" : after)")
                }
            }
            if lines.isEmpty { lines = ["No changes recorded since this record was loaded (bulk loads are logged as one entry)."] }
            overlay = .detail(title: "History — \(row.cells.first ?? "")", lines: lines, scroll: 0)
        } catch {
            showError(error)
        }
    }

    // MARK: drawing

    public func render(size: Size) -> Surface {
        var surface = Surface(width: size.width, height: size.height, glyphs: glyphs)
        surface.clear(style: theme[.text])
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            renderTooSmall(size: size, on: &surface)
            return surface
        }
        let (tabsRow, rest) = surface.bounds.splitTop(1)
        let (headerRow, body0) = rest.splitTop(1)
        let (body, statusRow) = body0.splitBottom(1)
        Tabs.render(panes.map(\.definition.title), active: currentPane, in: tabsRow, on: &surface, theme: theme)
        renderHeader(in: headerRow, on: &surface)
        lastVisibleRows = Table.visibleRows(in: body)
        let source = sources[currentPane]
        source.lastError = nil
        pane.table.render(source: source, in: body, on: &surface, theme: theme, focused: overlay == nil)
        if let error = source.lastError {
            statusMessage = String(describing: error)
            statusIsError = true
        }
        renderStatus(in: statusRow, on: &surface)
        renderOverlay(in: body0, on: &surface)
        return surface
    }

    private func renderHeader(in rect: Rect, on surface: inout Surface) {
        let count = sources[currentPane].rowCount()
        var right = count == 1 ? "1 \(pane.definition.noun)" : "\(count.formatted()) \(pane.definition.noun)s"
        if count > 0 { right = "\((pane.table.state.selected + 1).formatted()) of " + right }
        if !pane.filterText.isEmpty || pane.isTypingFilter {
            right = "/\(pane.filterText)" + (pane.isTypingFilter ? "▏" : "") + "  " + right
        }
        let rightWidth = DisplayWidth.of(right)
        surface.write(right, x: rect.maxX - rightWidth - 1, y: rect.y, style: pane.isTypingFilter ? theme[.accent] : theme[.muted], clip: rect)

        var left = pane.definition.title
        if currentPane == 0, let s = dashboardSummary() {
            left = "\((s["partners"] ?? 0).formatted()) partners · \((s["active_partnerships"] ?? 0).formatted()) active partnerships · \((s["employees"] ?? 0).formatted()) staff"
        }
        surface.write(DisplayWidth.truncate(left, to: max(0, rect.width - rightWidth - 4)), x: rect.x + 1, y: rect.y,
                      style: theme[.title], clip: rect)
    }

    private func dashboardSummary() -> [String: Int]? {
        if summary == nil { summary = try? store.counts() }
        return summary
    }

    private func renderStatus(in rect: Rect, on surface: inout Surface) {
        if pane.isTypingFilter {
            StatusBar.render(message: nil, hints: [("type", "to filter")] + Bindings.table.statusHints(in: [Bindings.filtering]).map { ($0.keys, $0.label) },
                             in: rect, on: &surface, theme: theme)
            return
        }
        let hints = Bindings.table.statusHints(in: [Bindings.list, Bindings.global]) + [("1-5", "panes")]
        StatusBar.render(message: statusMessage, messageRole: statusIsError ? .error : .statusBar, hints: hints,
                         in: rect, on: &surface, theme: theme)
        statusIsError = false
    }

    private func renderOverlay(in area: Rect, on surface: inout Surface) {
        switch overlay {
        case .help(let help)?:
            help.render(in: area, on: &surface, theme: theme)
        case .dialog(let dialog, _)?:
            dialog.render(in: area, on: &surface, theme: theme)
        case .detail(let title, let lines, let scroll)?:
            let rect = area.centered(width: min(76, area.width - 2), height: min(area.height - 1, lines.count + 4))
            surface.fill(rect, style: theme[.dialog])
            surface.box(rect, style: theme[.dialogBorder], title: title, titleStyle: theme[.title])
            let inner = rect.inset(by: 1)
            for (i, line) in lines.dropFirst(scroll).prefix(inner.height - 1).enumerated() {
                surface.write(line, x: inner.x + 1, y: inner.y + i, style: theme[.text], clip: inner)
            }
            surface.write("↑↓ scroll   Esc close", x: inner.x + 1, y: inner.maxY - 1, style: theme[.muted], clip: inner)
        case nil:
            break
        }
    }

    private func renderTooSmall(size: Size, on surface: inout Surface) {
        let lines = ["Facet needs a window of at least \(Self.minimumSize.width)×\(Self.minimumSize.height).",
                     "This one is \(size.width)×\(size.height).",
                     "Make the window larger; q quits."]
        let top = max(0, size.height / 2 - 1)
        for (i, line) in lines.enumerated() {
            let cut = DisplayWidth.truncate(line, to: size.width)
            surface.write(cut, x: max(0, (size.width - DisplayWidth.of(cut)) / 2), y: top + i,
                          style: i == 0 ? theme[.warning] : theme[.text])
        }
    }
}
