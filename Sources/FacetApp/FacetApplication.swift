import FacetModel
import FacetStore
import Foundation
import TermUI

/// The application: state in, event in, state out (as in Bubble Tea), drawn in immediate mode.
/// Tests drive it through `handle(_:)` and `render(size:)` on the in-memory backend; `run(on:)` is
/// the same loop on a real terminal.
public final class FacetApplication {
    public static let minimumSize = Size(width: 80, height: 24)
    /// How often, at most, to look for other users' commits while keys keep arriving.
    static let changePollInterval: TimeInterval = 1

    public let store: FacetStore
    public var theme: Theme
    public var glyphs: Glyphs = .unicode
    public private(set) var currentPane = 0
    public private(set) var shouldQuit = false
    /// A one-line message for the status bar (a result, a warning); cleared by the next key.
    public var statusMessage: String?
    var statusIsError = false
    /// Set by Ctrl-L: the next frame repaints every cell.
    private var wantsFullRedraw = false

    /// The lists of each pane (1–5); the first of each is its main list.
    var groups: [[PaneState]]
    /// Which list of each pane is showing.
    var activeView: [Int]
    var overlay: Overlay?
    /// The day rules are judged against (review windows, renewals).
    public let today: Day
    /// The partnerships policy as SQL, rebuilt when an admin changes the criteria.
    var alignedSQL: String
    /// The record a detail view shows, for its e/r/d/h keys.
    var detailRecordID: Int64?
    private var partnershipSummaryCache: (metric: FacetStore.AlignmentCount, renewals: (endingSoon: Int, reviewOverdue: Int))?
    private var summary: [String: Int]?
    var lastVisibleRows = 20
    private let watcher: ChangeWatcher?
    private var lastPoll = Date.distantPast

    enum Overlay {
        case help(HelpOverlay)
        case dialog(Dialog, DialogPurpose)
        case detail(title: String, lines: [String], scroll: Int)
        case form(EditSession)
        case merge(MergeView, EditSession, storedVersion: Int)
        case history(HistoryState)
        case review(ReviewSession)
        case quickFilter(QuickFilterSession)
        case prompt(Form, FilePrompt)
    }

    enum DialogPurpose {
        case offerDemo
        case information
        /// Esc on a changed form: yes throws the changes away.
        case discardChanges(EditSession)
        /// The save waited too long for another user's lock: yes tries again, no goes back to the form.
        case busyRetry(EditSession)
        case confirmDelete(entity: String, id: Int64, version: Int, label: String)
        case confirmRestore(HistoryState, entryID: Int64)
        /// Input kept from a session that ended mid-edit: yes reopens it, no throws it away.
        case reopenDraft(Draft)
        /// `d` on a partnership: e marks it ended, d deletes it.
        case endOrDelete(id: Int64, version: Int, label: String)
        /// A CSV whose dry run found no problem: yes imports it.
        case confirmImport(String)
    }

    public init(store: FacetStore, theme: Theme, offerDemoWhenEmpty: Bool = true, today: Day = Day.today()) {
        self.store = store
        self.theme = theme
        self.today = today
        self.alignedSQL = (try? store.alignedSQL(today: today)) ?? "0"
        self.groups = PaneCatalog.groups(today: today, alignedSQL: alignedSQL).map { views in views.map { PaneState(definition: $0, store: store) } }
        self.activeView = Array(repeating: 0, count: groups.count)
        self.watcher = try? ChangeWatcher(store: store)
        if offerDemoWhenEmpty, (try? store.isEmpty()) == true {
            overlay = .dialog(Dialog(
                title: "An empty database",
                message: "This database has no schools, partners or employees yet.\nLoad a demo district to explore Facet (50 schools, 300 partners, 4,000 employees)? You can also start empty and add your own.",
                kind: .confirm, yesLabel: "Load the demo", noLabel: "Start empty"), .offerDemo)
        } else {
            offerNextDraft()
        }
    }

    /// When the session ends with a changed form open (SIGHUP from a dropped SSH connection,
    /// SIGTERM), its input is kept as a draft, offered again at the next start.
    public func keepUnsavedInput() {
        let session: EditSession
        switch overlay {
        case .form(let s)?: session = s
        case .merge(_, let s, _)?: session = s
        case .dialog(_, .discardChanges(let s))?, .dialog(_, .busyRetry(let s))?: session = s
        default: return
        }
        guard session.form.isModified else { return }
        store.saveDraft(entity: session.editor.entity, recordID: session.recordID, version: session.version, values: session.values, original: session.original)
    }

    func offerNextDraft() {
        guard let draft = (try? store.drafts())?.first else { return }
        let noun = RecordEditor.forEntity(draft.entity, store: store)?.noun ?? draft.entity
        let name = draft.values["name"]?.text ?? draft.values["last_name"]?.text ?? draft.values["code"]?.text ?? ""
        overlay = .dialog(Dialog(title: "Unsaved changes from your last session",
                                 message: "Your session ended at \(draft.savedAt) while you were editing \(draft.recordID == nil ? "a new" : "the") \(noun) \(name). Reopen your changes?",
                                 kind: .confirm, yesLabel: "Reopen them", noLabel: "Throw them away"), .reopenDraft(draft))
    }

    // MARK: the loop

    /// Runs until the user quits or a quit signal arrives; returns that signal, if any.
    public func run(on backend: Backend) -> Int32? {
        glyphs = backend.supportsUnicode ? .unicode : .ascii
        var needsDraw = true
        while !shouldQuit {
            if let signal = backend.pendingQuitSignal {
                keepUnsavedInput()
                return signal
            }
            if needsDraw {
                if wantsFullRedraw { backend.forgetScreen(); wantsFullRedraw = false }
                backend.draw(render(size: backend.size))
                needsDraw = false
            }
            let event = backend.nextEvent(timeoutMilliseconds: 500)
            if event == .tick {
                needsDraw = checkForOutsideChanges()
                continue
            }
            handle(event)
            if Date().timeIntervalSince(lastPoll) > Self.changePollInterval { _ = checkForOutsideChanges() }
            needsDraw = true
        }
        return nil
    }

    /// Looks for commits by other processes; when there are, lists reload keeping the selection on the
    /// same record. An open form is left alone: it learns of the change when it saves. Returns whether
    /// anything changed.
    @discardableResult
    public func checkForOutsideChanges() -> Bool {
        lastPoll = Date()
        guard let watcher, watcher.hasChanged() else { return false }
        store.reloadUser()
        refreshAll(keepingSelection: true)
        return true
    }

    // MARK: events

    var pane: PaneState { groups[currentPane][activeView[currentPane]] }

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
        guard let action = Bindings.table.action(for: key, in: listContexts) else {
            statusMessage = "\(key) does nothing here — press ? for help"
            return
        }
        perform(action)
    }

    func perform(_ action: AppAction) {
        let count = pane.source.rowCount()
        switch action {
        case .showPane(let n): currentPane = n
        case .quit: shouldQuit = true
        case .redraw: wantsFullRedraw = true
        case .help:
            let sections = Bindings.table.helpSections(in: listContexts.dropLast() + [Bindings.filtering, Bindings.global], available: isAvailable)
            overlay = .help(HelpOverlay(title: "Keys — \(pane.definition.title)", sections: sections + Bindings.widgetHelp))
        case .up: pane.table.move(.up, count: count, visibleRows: lastVisibleRows)
        case .down: pane.table.move(.down, count: count, visibleRows: lastVisibleRows)
        case .pageUp: pane.table.move(.pageUp, count: count, visibleRows: lastVisibleRows)
        case .pageDown: pane.table.move(.pageDown, count: count, visibleRows: lastVisibleRows)
        case .first: pane.table.move(.first, count: count, visibleRows: lastVisibleRows)
        case .last: pane.table.move(.last, count: count, visibleRows: lastVisibleRows)
        case .filter: pane.isTypingFilter = true
        case .clearFilter:
            if pane.filterText.isEmpty {
                if activeView[currentPane] != 0 { activeView[currentPane] = 0 }  // Esc leaves a secondary list
                return
            }
            pane.filterText = ""
            pane.applyFilter()
        case .sortNext:
            sort(by: (pane.table.state.sortColumn + 1) % pane.table.columns.count)
        case .sortReverse:
            sort(by: pane.table.state.sortColumn)
        case .open: openSelected()
        case .new: startNewRecord()
        case .delete:
            if isPartnershipsList, let row = selectedRow { askToDeleteOrEndPartnership(id: row.id) } else { askToDeleteSelected() }
        case .history: showHistory()
        case .restore: break
        case .edit:
            guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
            edit(entity: pane.definition.entity, id: row.id)
        case .review:
            guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
            startReview(id: row.id)
        case .quickFilter:
            overlay = .quickFilter(QuickFilterSession(current: pane.quickFilter, store: store))
        case .clearQuickFilters:
            applyQuickFilter(QuickFilter())
            statusMessage = "Quick filters cleared."
        case .breakdown: showBreakdown()
        case .importCSV: promptForFile(.importPartnerships)
        case .exportCSV: promptForFile(.exportPartnerships)
        case .showPartners: toggleView(1)
        case .showCriteria: toggleView(2)
        case .showPartnersPartnerships:
            guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
            activeView[currentPane] = 0
            var filter = QuickFilter()
            filter.partnerID = row.id
            applyQuickFilter(filter)
        }
    }

    /// Shows list `view` of the current pane, or its main list when that one is showing.
    private func toggleView(_ view: Int) {
        guard groups[currentPane].indices.contains(view) else { return }
        activeView[currentPane] = activeView[currentPane] == view ? 0 : view
    }

    /// Opens the edit form of a record when this user may change it.
    func edit(entity: String, id: Int64) {
        guard let editor = RecordEditor.forEntity(entity, store: store) else { return }
        do {
            guard let stored = try editor.load(store, id) else { statusMessage = "That \(editor.noun) no longer exists."; refreshAll(); return }
            if let reason = AccessPolicy.denial(user: store.currentUser, action: .update, table: entity, scope: try store.scope(of: entity, id: id)) {
                statusMessage = reason
                return
            }
            overlay = .form(EditSession(editor: editor, recordID: id, stored: stored))
        } catch {
            showError(error)
        }
    }

    /// The binding contexts of the list showing, most specific first.
    var listContexts: [String] {
        switch pane.definition.entity {
        case "partnerships": return [Bindings.partnerships, Bindings.list, Bindings.global]
        case "partners": return [Bindings.partners, Bindings.list, Bindings.global]
        case "policy_criteria": return [Bindings.criteria, Bindings.list, Bindings.global]
        default: return [Bindings.list, Bindings.global]
        }
    }

    /// Whether an action applies here for this user (hides `n`/`d` from roles that cannot use them).
    func isAvailable(_ action: AppAction) -> Bool {
        switch action {
        case .new:
            guard RecordEditor.editableEntities.contains(pane.definition.entity) else { return false }
            return canCreate(in: pane.definition.entity)
        case .delete:
            guard RecordEditor.editableEntities.contains(pane.definition.entity), let user = store.currentUser else { return false }
            return user.role == .admin || (user.role == .coordinator && pane.definition.entity != "schools")
        default:
            return true
        }
    }

    private func canCreate(in entity: String) -> Bool {
        guard let user = store.currentUser else { return false }
        switch user.role {
        case .admin: return true
        case .coordinator: return entity != "schools" && !user.schoolIDs.isEmpty
        case .frontOffice, .viewer: return false
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
            answered(purpose, answer)
        case .review(let session):
            handleReview(key, session)
        case .prompt(let form, let purpose):
            handlePrompt(key, form, purpose)
        case .quickFilter(let session):
            switch session.form.handle(key) {
            case .editing: break
            case .cancel: overlay = nil
            case .save:
                overlay = nil
                applyQuickFilter(session.filter)
            }
        case .detail(let title, let lines, var scroll):
            if let id = detailRecordID, isPartnershipsList {
                switch key {
                case .char("e"): overlay = nil; edit(entity: "partnerships", id: id); return
                case .char("r"): overlay = nil; startReview(id: id); return
                case .char("d"): overlay = nil; askToDeleteOrEndPartnership(id: id); return
                case .char("h"): overlay = nil; showHistory(); return
                default: break
                }
            }
            switch key {
            case .escape, .enter, .char("q"): overlay = nil
            case .down, .char("j"): scroll = min(max(0, lines.count - 1), scroll + 1); overlay = .detail(title: title, lines: lines, scroll: scroll)
            case .up, .char("k"): scroll = max(0, scroll - 1); overlay = .detail(title: title, lines: lines, scroll: scroll)
            default: break
            }
        case .form(let session):
            handleForm(key, session)
        case .merge(var merge, let session, let storedVersion):
            switch merge.handle(key) {
            case .editing: overlay = .merge(merge, session, storedVersion: storedVersion)
            case .back: overlay = .form(session)
            case .apply: applyMerge(merge, session, storedVersion: storedVersion)
            }
        case .history(var state):
            handleHistory(key, &state)
        }
    }

    private func answered(_ purpose: DialogPurpose, _ answer: Dialog.Answer) {
        switch purpose {
        case .offerDemo:
            if answer == .yes { loadDemo() }
        case .information:
            break
        case .discardChanges(let session):
            if answer != .yes { overlay = .form(session) } else { statusMessage = "Changes discarded." }
        case .busyRetry(let session):
            overlay = .form(session)
            if answer == .yes { save(session) } else { session.form.notice = "Not saved yet: the database was busy. Ctrl-S tries again." }
        case .confirmDelete(let entity, let id, let version, let label):
            if answer == .yes { delete(entity: entity, id: id, version: version, label: label) }
        case .confirmRestore(let state, let entryID):
            if answer == .yes { restore(state, entryID: entryID) } else { overlay = .history(state) }
        case .endOrDelete(let id, let version, let label):
            switch answer {
            case .option("e"): endPartnership(id: id, version: version, label: label)
            case .option("d"):
                overlay = .dialog(Dialog(title: "Delete partnership?", message: "Delete \(label)'s partnership for good? Its history stays in the audit log.",
                                         kind: .confirm, yesLabel: "Delete", noLabel: "Keep it"),
                                  .confirmDelete(entity: "partnerships", id: id, version: version, label: "\(label)'s partnership"))
            default: break
            }
        case .confirmImport(let text):
            if answer == .yes { importConfirmed(text) }
        case .reopenDraft(let draft):
            try? store.discardDraft(id: draft.id)
            if answer == .yes { reopen(draft) } else { offerNextDraft() }
        }
    }

    private func reopen(_ draft: Draft) {
        guard let editor = RecordEditor.forEntity(draft.entity, store: store) else { return }
        var stored: [String: StoredValue]?
        if let id = draft.recordID {
            stored = (try? editor.load(store, id)) ?? nil
            if stored == nil { statusMessage = "That \(editor.noun) was deleted meanwhile; your changes open as a new one." }
        }
        let session = EditSession(editor: editor, recordID: stored == nil ? nil : draft.recordID, stored: stored, draft: draft)
        session.form.notice = "Reopened from your last session; Ctrl-S saves, Esc discards."
        session.form.noticeIsError = false
        overlay = .form(session)
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

    /// Forgets every cached row and count, after a change; optionally keeps the current pane's
    /// selection on the same record.
    public func refreshAll(keepingSelection: Bool = false) {
        let selectedID = keepingSelection ? selectedRow?.id : nil
        rebuildPartnershipsIfPolicyChanged()
        for group in groups { for p in group { p.list.invalidate() } }
        summary = nil
        partnershipSummaryCache = nil
        if let selectedID { select(id: selectedID) }
    }

    /// The policy's SQL is part of the partnerships list's query: when an admin changed the
    /// criteria, the list is made anew (keeping its quick filters).
    private func rebuildPartnershipsIfPolicyChanged() {
        guard let sql = try? store.alignedSQL(today: today), sql != alignedSQL else { return }
        alignedSQL = sql
        let old = groups[1][0]
        let fresh = PaneState(definition: PaneCatalog.partnerships(today: today, alignedSQL: sql), store: store)
        fresh.table.state = old.table.state
        fresh.filterText = old.filterText
        fresh.list.setFilter(old.filterText)
        fresh.list.setSort(column: old.table.state.sortColumn, ascending: old.table.state.sortAscending)
        groups[1][0] = fresh
        applyQuickFilter(old.quickFilter)
    }

    func partnershipSummary() -> (metric: FacetStore.AlignmentCount, renewals: (endingSoon: Int, reviewOverdue: Int)) {
        if let cached = partnershipSummaryCache { return cached }
        let metric = (try? store.alignmentMetric(today: today)) ?? FacetStore.AlignmentCount(label: "District", aligned: 0, active: 0)
        let renewals = (try? store.renewalCounts(today: today)) ?? (0, 0)
        partnershipSummaryCache = (metric, renewals)
        return (metric, renewals)
    }

    /// Moves the selection to a record of the current pane, if the list (with its filter) shows it.
    func select(id: Int64) {
        guard let position = try? pane.list.position(of: id) else { return }
        pane.table.state.selected = position
        pane.table.state.clamp(count: pane.source.rowCount(), visibleRows: lastVisibleRows)
    }

    func showError(_ error: Error) {
        overlay = .dialog(Dialog(title: "Something went wrong", message: String(describing: error), kind: .message,
                                 isError: true), .information)
    }

    var selectedRow: TableRow? {
        let state = pane.table.state
        return pane.source.rows(in: state.selected..<(state.selected + 1)).first
    }

    private func showDetail(row: TableRow, values: [String: StoredValue]) {
        let width = (values.keys.map(\.count).max() ?? 0) + 2
        let lines = values.keys.sorted().map { DisplayWidth.fit($0.replacingOccurrences(of: "_", with: " "), to: width) + (values[$0]?.description ?? "") }
        overlay = .detail(title: "\(pane.definition.noun.capitalized) #\(row.id) — \(row.cells.first ?? "")", lines: lines, scroll: 0)
    }

    /// Enter: the edit form when this user may change the record, else a read-only view of it.
    private func openSelected() {
        guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
        if isPartnershipsList { showPartnershipDetail(id: row.id); return }
        do {
            guard let values = try store.fetchRecord(table: pane.definition.entity, id: row.id) else {
                statusMessage = "That \(pane.definition.noun) no longer exists; someone deleted it."
                refreshAll()
                return
            }
            if let editor = RecordEditor.forEntity(pane.definition.entity, store: store),
               store.permits(.update, table: editor.entity, scope: try store.scope(of: editor.entity, id: row.id)) {
                overlay = .form(EditSession(editor: editor, recordID: row.id, stored: try editor.load(store, row.id) ?? values))
            } else {
                showDetail(row: row, values: values)
            }
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
        Tabs.render(groups.map { $0[0].definition.title }, active: currentPane, in: tabsRow, on: &surface, theme: theme)
        renderHeader(in: headerRow, on: &surface)
        lastVisibleRows = Table.visibleRows(in: body)
        let source = pane.source
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
        let count = pane.source.rowCount()
        let capped = pane.list.countIsCapped ? "+" : ""
        var right = count == 1 && capped.isEmpty ? "1 \(pane.definition.noun)" : "\(count.formatted())\(capped) \(pane.definition.noun)s"
        if count > 0 { right = "\((pane.table.state.selected + 1).formatted()) of " + right }
        if !pane.filterText.isEmpty || pane.isTypingFilter {
            let waiting = pane.list.filterIsDeferred ? " (3 letters to search)" : ""
            right = "/\(pane.filterText)" + (pane.isTypingFilter ? "▏" : "") + waiting + "  " + right
        }
        let rightWidth = DisplayWidth.of(right)
        surface.write(right, x: rect.maxX - rightWidth - 1, y: rect.y, style: pane.isTypingFilter ? theme[.accent] : theme[.muted], clip: rect)

        var left = pane.definition.title
        if activeView[currentPane] != 0 { left = groups[currentPane][0].definition.title + " › " + left }
        if isPartnershipsList {
            let chips = quickFilterChips()
            left = chips.isEmpty ? partnershipsHeadline() : "Filter: " + chips
        }
        if currentPane == 0, let s = dashboardSummary() {
            let p = partnershipSummary()
            let pct = p.metric.percent.map { " · \(Int($0.rounded()))% aligned" } ?? ""
            left = "\((s["active_partnerships"] ?? 0).formatted()) active\(pct) · \(p.renewals.endingSoon) ending · \(p.renewals.reviewOverdue) to review"
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
        let hints: [(keys: String, label: String)]
        switch overlay {
        case .form?: hints = [("Tab", "next field"), ("Ctrl-S", "save"), ("Esc", "cancel")]
        case .merge?: hints = [("←/→", "choose"), ("Enter", "save merged"), ("Esc", "back to form")]
        case .history?: hints = [("↑/↓", "change")] + Bindings.table.statusHints(in: [Bindings.history], available: { _ in self.store.currentUser?.role == .admin }) + [("Esc", "close")]
        case .prompt?: hints = [("Enter/Ctrl-S", "go"), ("Esc", "cancel")]
        case .review?, .quickFilter?: hints = [("Tab", "next"), ("Space", "tick"), ("Ctrl-S", "save"), ("Esc", "cancel")]
        default:
            StatusBar.render(message: statusMessage, messageRole: statusIsError ? .error : .statusBar,
                             hints: Bindings.table.statusHints(in: listContexts.dropLast(), available: isAvailable),
                             trailing: Bindings.table.statusHints(in: [Bindings.global]),
                             in: rect, on: &surface, theme: theme)
            statusIsError = false
            return
        }
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
            let footer = detailRecordID != nil && isPartnershipsList ? "e edit · r review · d end/delete · h history · ↑↓ scroll · Esc close" : "↑↓ scroll   Esc close"
            surface.write(footer, x: inner.x + 1, y: inner.maxY - 1, style: theme[.muted], clip: inner)
        case .form(let session)?:
            let rect = area.centered(width: min(78, area.width), height: min(area.height - 1, session.form.fields.reduce(4) { $0 + $1.height + ($1.height > 1 ? 1 : 0) }))
            session.form.render(in: rect, on: &surface, theme: theme)
        case .merge(let merge, _, _)?:
            merge.render(in: area, on: &surface, theme: theme)
        case .history(let state)?:
            renderHistory(state, in: area, on: &surface)
        case .review(let session)?:
            let rect = area.centered(width: min(78, area.width), height: min(area.height - 1, session.form.fields.count + 5))
            session.form.render(in: rect, on: &surface, theme: theme)
        case .quickFilter(let session)?:
            let rect = area.centered(width: min(70, area.width), height: min(area.height - 1, 16))
            session.form.render(in: rect, on: &surface, theme: theme)
        case .prompt(let form, _)?:
            form.render(in: area.centered(width: min(76, area.width), height: 6), on: &surface, theme: theme)
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
