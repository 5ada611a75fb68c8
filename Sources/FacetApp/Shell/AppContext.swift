import FacetModel
import FacetStore
import TermUI

/// What every pane and screen shares: the store, the clock, how things look, and values worth
/// computing once per change of the data (a metric shown in two headers).
final class AppContext {
    let store: FacetStore
    let clock: Clock
    var theme: Theme
    var glyphs: Glyphs = .unicode
    /// Whether slow reads (the dashboard's figures) run off the key path and fill in when done;
    /// false without a loop (tests), where they are read in place.
    var computesInBackground = false
    /// Rows a list shows, from the last frame (paging moves by this much).
    var visibleRows = 20
    /// Where a full screen draws (between the tabs and the status line), from the last frame.
    var body = Rect(x: 0, y: 1, width: 80, height: 22)
    /// Set by the terminal loop until its first frame is on screen: list headers show their title
    /// instead of their metric (a count over the partnerships), which comes one frame later, so
    /// start-up reads less before anything is drawn.
    var headlinesWait = false
    private var memo: [String: Any] = [:]
    /// Editors by entity, from the panes: a draft reopens in its editor whatever pane is showing.
    var editors: (Entity) -> RecordEditor? = { _ in nil }

    init(store: FacetStore, clock: Clock, theme: Theme) {
        self.store = store
        self.clock = clock
        self.theme = theme
    }

    /// Today, read from the clock now (a session left open overnight sees the new day).
    var today: Day { clock.today }

    /// `compute()` the first time `key` is asked for after the data last changed. When it throws,
    /// nothing is kept (the next ask tries again).
    func cached<T>(_ key: String, _ compute: () throws -> T) rethrows -> T {
        // Look for the key first: `memo[key] as? T` with an optional T would take a missing entry
        // for a kept nil and never compute.
        if let stored = memo[key], let value = stored as? T { return value }
        let value = try compute()
        memo[key] = value
        return value
    }

    func forgetCachedValues() { memo.removeAll() }

    /// Draws the screen `effect` pushes where it would appear, on a surface no one sees, once per
    /// `key` and change of the data. What its first frame reads is then kept (the memo, and the
    /// objects the memo holds), so the key that opens it for real draws from memory. For a view
    /// a key opens that reads more than a frame allows the first time; done between keys
    /// (`Screen.prepareAhead`). True when it drew (work was done), false when `key` was done.
    func drawUnseen(_ key: String, _ effect: () -> Effect) -> Bool {
        guard memo["drawnUnseen." + key] == nil else { return false }
        memo["drawnUnseen." + key] = true
        guard case .push(let screen) = effect(), !screen.isOverlay else { return true }
        var surface = Surface(width: body.x + body.width, height: body.y + body.height, glyphs: glyphs)
        screen.render(in: body, on: &surface, focused: true)
        return true
    }

    /// The value kept under `key` since the data last changed, if any (nothing is computed).
    func kept<T>(_ key: String) -> T? { memo[key] as? T }

    /// Keeps `value` under `key` until the data change (a result read in the background).
    func keep<T>(_ key: String, _ value: T) { memo[key] = value }

    /// Shows what `read` returns, read once per change of the data: at once when it is kept, else
    /// read on a background thread behind a progress screen, so the key that asked answers within
    /// a frame even when the read takes a fifth of a second on the largest district.
    func readKept<T>(_ key: String, title: String, waiting: String, read: @escaping @Sendable () throws -> T,
                     show: @escaping (T) -> Effect) -> Effect {
        if let value: T = kept(key) { return show(value) }
        let job = BackgroundJob(title: title) { _ in try read() as Any }
        let screen = JobScreen(job, waiting: waiting, self) { [weak self, weak job] result in
            // Esc on the progress screen: the user left; what was read is kept for next time.
            let left = job?.isCancelling ?? false
            switch result {
            case .failure(let error):
                guard let self, !left else { return .none }
                return .push(DialogScreen.error(error, self))
            case .success(let value):
                let value = value as! T
                self?.keep(key, value)
                return left ? .none : show(value)
            }
        }
        screen.quickWait = 0.008
        return .push(screen)
    }

    /// The partnerships metric and renewals, shared by the dashboard and the partnerships pane.
    var partnershipSummary: (metric: FacetStore.AlignmentCount, endingSoon: Int, reviewOverdue: Int) {
        cached("partnershipSummary") {
            (try? store.partnershipSummary(today: today)) ?? (FacetStore.AlignmentCount(label: "District", aligned: 0, active: 0), 0, 0)
        }
    }
}
