import FacetModel
import FacetStore
import Foundation
import TermUI

/// The shell: a stack of screens per pane, the tab strip, the status line, and the loop that turns
/// keys into effects. It knows no pane by name or index; the configuration lists them.
/// Tests drive it through `handle(_:)` and `render(size:)` on the in-memory backend; `run(on:)` is
/// the same loop on a real terminal.
public final class FacetApplication {
    public static let minimumSize = Size(width: 80, height: 24)
    /// How often, at most, to look for other users' commits while keys keep arriving.
    static let changePollInterval: TimeInterval = 1

    let context: AppContext
    let configuration: AppConfiguration
    let panes: [Pane]
    /// One stack per pane; the bottom of each is the pane's root screen.
    var stacks: [[Screen]]
    public private(set) var currentPane = 0
    public private(set) var shouldQuit = false
    /// A one-line message for the status bar (a result, a warning); cleared by the next key on a pane.
    public var statusMessage: String?
    var statusIsError = false
    let globalBindings: BindingTable<Action>
    /// Set by Ctrl-L: the next frame repaints every cell.
    private var wantsFullRedraw = false
    private let watcher: ChangeWatcher?
    private var lastPoll = Date.distantPast
    /// The day the screens were last filled on: when the clock passes midnight they refill.
    private var shownDay: Day

    public var store: FacetStore { context.store }
    public var theme: Theme {
        get { context.theme }
        set { context.theme = newValue }
    }

    public init(store: FacetStore, theme: Theme, configuration: AppConfiguration = .full, clock: Clock = SystemClock()) {
        context = AppContext(store: store, clock: clock, theme: theme)
        self.configuration = configuration
        let context = self.context
        panes = configuration.panes.map { $0(context) }
        stacks = panes.map { [$0.makeRootScreen()] }
        globalBindings = configuration.globalBindings(paneTitles: panes.map(\.title))
        watcher = try? ChangeWatcher(store: store)
        shownDay = clock.today
        let panes = self.panes
        context.editors = { entity in panes.lazy.compactMap { $0.editor(for: entity) }.first }
        if let reason = store.readOnlyReason {
            // Said at once; every write key is refused with the same words (see FacetStore.denial).
            statusMessage = "Read-only: \(reason). You can look, not change."
            statusIsError = true
        } else if configuration.offersDemoWhenEmpty, (try? store.isEmpty()) == true {
            push(DemoOffer.dialog(context))
        } else {
            offerNextDraft()
        }
    }

    /// The application judged on a fixed day (tests, benchmarks).
    public convenience init(store: FacetStore, theme: Theme, offerDemoWhenEmpty: Bool = true, today: Day) {
        var configuration = AppConfiguration.full
        configuration.offersDemoWhenEmpty = offerDemoWhenEmpty
        self.init(store: store, theme: theme, configuration: configuration, clock: FixedClock(day: today))
    }

    var stack: [Screen] { stacks[currentPane] }
    var top: Screen { stacks[currentPane].last! }

    func push(_ screen: Screen) { stacks[currentPane].append(screen) }

    /// When the session ends with a changed form open (SIGHUP from a dropped SSH connection,
    /// SIGTERM), its input is kept as a draft, offered again at the next start.
    public func keepUnsavedInput() {
        for screen in stack.reversed() {
            guard let session = screen.unsavedEdit else { continue }
            if session.form.isModified {
                store.saveDraft(entity: session.editor.entity.table, recordID: session.recordID, version: session.version,
                                values: session.values, original: session.original)
            }
            return
        }
    }

    func offerNextDraft() {
        guard let draft = (try? store.drafts())?.first, let entity = Entity(rawValue: draft.entity),
              let editor = context.editors(entity) else { return }
        push(DraftOffer.dialog(draft, editor: editor, context))
    }

    // MARK: the loop

    /// How long the loop leaves the machine to the terminal after a key's frame before it reads
    /// ahead for the next keys: work started the moment the frame is written (a window of rows, a
    /// view drawn unseen) took the CPU from the terminal reading that frame, so one move in nine
    /// was seen a millisecond or two later on a two-core machine (issue #11). A key that arrives
    /// meanwhile is answered at once; reading ahead starts after the pause.
    static let aheadPauseMilliseconds = 6

    /// Runs until the user quits or a quit signal arrives; returns that signal, if any.
    public func run(on backend: Backend) -> Int32? {
        context.glyphs = backend.supportsUnicode ? .unicode : .ascii
        quickWorkWait = 0.1
        // With a loop to come back to, slow figures (the dashboard's) are read after the first frame.
        context.computesInBackground = true
        let trace = LoopTrace.fromEnvironment()
        defer { trace?.write() }
        var needsDraw = true
        // After a key's frame, the first quiet moment goes to reading what the next keys need:
        // after a pause (`aheadPauseMilliseconds`), then one piece at a time while no key waits.
        var aheadDue = false
        var aheadPaused = false
        var backgroundWasRunning = false
        var timedKey: String?
        context.headlinesWait = true
        while !shouldQuit {
            if let signal = backend.pendingQuitSignal {
                endSession()
                return signal
            }
            if needsDraw {
                if wantsFullRedraw { backend.forgetScreen(); wantsFullRedraw = false }
                let surface = render(size: backend.size)
                trace?.mark()
                backend.draw(surface)
                needsDraw = false
            }
            if let key = timedKey { trace?.mark(); trace?.keyDone(key, reads: store.readsStarted); timedKey = nil }
            // The first frame went out without the headers' metrics: they come in the next one, at
            // once unless a key is already waiting.
            let metricsNext = context.headlinesWait
            if metricsNext { context.headlinesWait = false }
            // Long work reports progress: look at it often while it runs.
            let timeout = metricsNext ? 0 : aheadDue ? (aheadPaused ? 0 : Self.aheadPauseMilliseconds)
                : BackgroundJob.isAnyRunning ? 50 : 500
            let event = backend.nextEvent(timeoutMilliseconds: timeout)
            if event == .tick {
                if aheadDue {
                    if aheadPaused || metricsNext {
                        let began = LoopTrace.now()
                        aheadDue = top.prepareAhead()
                        trace?.ahead(began: began, more: aheadDue)
                    } else {
                        aheadPaused = true
                    }
                }
                let backgroundRunning = BackgroundJob.isAnyRunning
                if backgroundWasRunning && !backgroundRunning { ProcessMemory.returnFreePages() }
                backgroundWasRunning = backgroundRunning
                needsDraw = tick() || metricsNext
                continue
            }
            if trace != nil, case .key(let key) = event { trace?.keyRead(reads: store.readsStarted); timedKey = "\(key)" }
            handle(event)
            trace?.mark()
            aheadDue = true
            aheadPaused = false
            if Date().timeIntervalSince(lastPoll) > Self.changePollInterval { _ = checkForOutsideChanges() }
            needsDraw = true
        }
        endSession()
        return nil
    }

    /// Stops long work (an import rolls back, a save stops waiting), takes the results of work that
    /// finished, and keeps unsaved input, before the process ends.
    private func endSession() {
        BackgroundJob.cancelAllAndWait()
        while top is JobScreen, let done = top.tick() { apply(done) }
        keepUnsavedInput()
    }

    /// Nothing was pressed: let the top screen look at its work, see whether others changed the
    /// data, and whether the day turned. Returns whether the screen must be drawn again.
    @discardableResult
    public func tick() -> Bool {
        var changed = false
        if let effect = top.tick() { apply(effect); changed = true }
        if checkForOutsideChanges() { changed = true }
        if context.today != shownDay {
            shownDay = context.today
            refreshAll(keepingSelection: true)
            changed = true
        }
        return changed
    }

    /// Waits for long work shown on screen to finish and takes its result, as the loop would on
    /// its next turns (tests, which have no loop).
    func waitForBackgroundWork() {
        while let job = (top as? JobScreen)?.job {
            job.wait()
            tick()
        }
    }

    /// Looks for commits by other processes; when there are, screens reload keeping the selection
    /// on the same record. An open form is left alone: it learns of the change when it saves.
    @discardableResult
    public func checkForOutsideChanges() -> Bool {
        lastPoll = Date()
        guard let watcher, watcher.hasChanged() else { return false }
        store.reloadUser()
        refreshAll(keepingSelection: true)
        return true
    }

    /// Forgets every cached row, count and metric after a change; lists keep their selection on the
    /// same record when they still show it.
    public func refreshAll(keepingSelection: Bool = true) {
        context.forgetCachedValues()
        for stack in stacks { for screen in stack { screen.dataChanged() } }
    }

    // MARK: keys

    public func handle(_ event: Event) {
        switch event {
        case .tick, .resize: return
        case .key(let key): handle(key)
        }
    }

    /// How long a key waits for work it started (a save, an import) before the work's progress
    /// screen shows and keys answer again; nil waits until it is done (tests, which have no loop).
    var quickWorkWait: TimeInterval?

    private func handle(_ key: Key) {
        let screen = top
        if !screen.isOverlay { statusMessage = nil; statusIsError = false }
        if let effect = screen.handle(key) {
            apply(effect)
            // Work that finishes at once shows no progress screen.
            while let jobScreen = top as? JobScreen,
                  jobScreen.job.wait(upTo: quickWorkWait.map { min($0, jobScreen.quickWait ?? $0) }), let done = top.tick() { apply(done) }
            return
        }
        guard screen.passesGlobalKeys else { return }
        if let action = globalBindings.action(for: key) {
            performGlobal(action)
        } else {
            statusMessage = "\(key) does nothing here — press ? for help"
        }
    }

    private func performGlobal(_ action: Action) {
        switch action {
        case .quit: shouldQuit = true
        case .redraw: wantsFullRedraw = true
        case .help:
            let title = "Keys — " + (top.helpTitle == "Keys" ? panes[currentPane].title : top.helpTitle)
            let sections = top.helpSections + globalBindings.helpSections(in: [AppConfiguration.context])
                + Form.bindings.helpSections(in: [Form.context]) + [Form.fieldHelp]
                + MergeView.bindings.helpSections(in: [MergeView.context])
            push(HelpScreen(HelpOverlay(title: title, sections: sections), context))
        default:
            if let index = panes.indices.first(where: { Action.showPane($0) == action }) { currentPane = index }
        }
    }

    /// Carries out what a screen asked for.
    func apply(_ effect: Effect) {
        switch effect {
        case .none: break
        case .push(let screen): push(screen)
        case .pop: if stack.count > 1 { stacks[currentPane].removeLast() }
        case .replace(let screen):
            if stack.count > 1 { stacks[currentPane][stack.count - 1] = screen } else { push(screen) }
        case .status(let text): statusMessage = text; statusIsError = false
        case .error(let text): statusMessage = text; statusIsError = true
        case .refresh: refreshAll()
        case .quit: if configuration.allowsQuit { shouldQuit = true }
        case .popToRoot: stacks[currentPane].removeSubrange(1...)
        case .leave: shouldQuit = true
        case .openInPane(let title, let effect):
            guard configuration.allowsPaneSwitching, let index = panes.firstIndex(where: { $0.title == title }) else {
                statusMessage = "There is no \(title) pane here."
                statusIsError = true
                return
            }
            currentPane = index
            stacks[index].removeSubrange(1...)
            apply(effect)
        case .all(let effects): for e in effects { apply(e) }
        case .then(let later): apply(later())
        }
    }

    /// What the terminal loop does between keys: the top screen reads ahead what the next keys
    /// will likely need. True when it has more to do. For benchmarks and tests, which have no loop.
    @discardableResult public func prepareAhead() -> Bool { top.prepareAhead() }

    // MARK: drawing

    public func render(size: Size) -> Surface {
        let theme = context.theme
        var surface = Surface(width: size.width, height: size.height, glyphs: context.glyphs, style: theme[.text])
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            renderTooSmall(size: size, on: &surface)
            return surface
        }
        let (tabsRow, rest) = surface.bounds.splitTop(1)
        let (body, statusRow) = rest.splitBottom(1)
        Tabs.render(panes.map(\.title), active: currentPane, in: tabsRow, on: &surface, theme: theme,
                    numbered: configuration.allowsPaneSwitching)
        context.visibleRows = Table.visibleRows(in: body.splitTop(1).rest)
        context.body = body
        // Draw from the last screen that fills the body: what lies under it cannot be seen.
        // Overlays are centred below the header line, which stays in view above them.
        let overlayArea = Rect(x: 0, y: 2, width: size.width, height: size.height - 2)
        context.overlayArea = overlayArea
        let screens = stack
        let firstShown = screens.lastIndex { !$0.isOverlay } ?? 0
        for (i, screen) in screens.enumerated() where i >= firstShown {
            screen.render(in: screen.isOverlay ? overlayArea : body, on: &surface, focused: i == screens.count - 1)
        }
        if let problem = screens.compactMap(\.renderProblem).last { statusMessage = problem; statusIsError = true }
        let screen = top
        if let message = statusMessage, DisplayWidth.of(message) > statusRow.width - 2 {
            // A message too long for one line takes the two bottom lines rather than being cut.
            let lines = Dialog.wrap(message, width: statusRow.width - 2).prefix(2)
            let area = Rect(x: 0, y: statusRow.y - 1, width: statusRow.width, height: 2)
            surface.fill(area, style: theme[.statusBar])
            var style = theme[statusIsError ? .error : .statusBar]
            style.background = theme[.statusBar].background
            for (i, line) in lines.enumerated() {
                surface.write(line, x: 1, y: area.y + i + (lines.count == 1 ? 1 : 0), style: style, clip: area)
            }
            return surface
        }
        StatusBar.render(message: statusMessage, messageRole: statusIsError ? .error : .statusBar,
                         hints: screen.statusHints,
                         trailing: screen.passesGlobalKeys ? globalBindings.statusHints(in: [AppConfiguration.context]) : [],
                         in: statusRow, on: &surface, theme: theme)
        return surface
    }

    private func renderTooSmall(size: Size, on surface: inout Surface) {
        let lines = ["Facet needs a window of at least \(Self.minimumSize.width)×\(Self.minimumSize.height).",
                     "This one is \(size.width)×\(size.height).",
                     configuration.allowsQuit ? "Make the window larger; q quits." : "Make the window larger."]
        let top = max(0, size.height / 2 - 1)
        for (i, line) in lines.enumerated() {
            let cut = DisplayWidth.truncate(line, to: size.width)
            surface.write(cut, x: max(0, (size.width - DisplayWidth.of(cut)) / 2), y: top + i,
                          style: i == 0 ? context.theme[.warning] : context.theme[.text])
        }
    }
}
