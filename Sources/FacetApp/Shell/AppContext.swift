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
    /// Where a full screen draws (between the tabs and the status line), and where an overlay
    /// does (below the header line), from the last frame.
    var body = Rect(x: 0, y: 1, width: 80, height: 22)
    var overlayArea = Rect(x: 0, y: 2, width: 80, height: 22)
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

    func forgetCachedValues() {
        memo.removeAll()
        // Reads started ahead of a change would bring what it changed: they finish unheard.
        readsAhead.removeAll()
    }

    /// Reads started ahead on a background thread, by key, until a key takes their result: the job
    /// and the place of the key's result among those it reads, one after the other.
    private var readsAhead: [String: (job: BackgroundJob, index: Int)] = [:]

    /// A read to start ahead: its key and what it reads (`readAhead(_:)`).
    struct ReadAhead: Sendable {
        let key: String
        let read: @Sendable () throws -> Any
        init<T>(_ key: String, _ read: @escaping @Sendable () throws -> T) {
            self.key = key
            self.read = { try read() as Any }
        }
    }

    /// Starts `read` on a background thread, once per `key` and change of the data, so the key
    /// that needs it finds it read (`keptOrRead`) — for a view whose read takes longer than the
    /// moment between two keys, which a read on the loop's thread would make the next key wait
    /// for. Without a loop (tests) it reads in place. Always false: nothing more to do now.
    func readAhead<T>(_ key: String, _ read: @escaping @Sendable () throws -> T) -> Bool {
        readAhead([ReadAhead(key, read)])
    }

    /// Starts the reads not yet kept or under way on one background thread, one after the other
    /// (one connection's page cache, not one each).
    func readAhead(_ reads: [ReadAhead]) -> Bool {
        let due = reads.filter { memo[$0.key] == nil && readsAhead[$0.key] == nil }
        guard !due.isEmpty else { return false }
        guard computesInBackground else {
            for r in due { _ = try? keptOrRead(r.key, r.read) }
            return false
        }
        let work = due.map(\.read)
        let job = BackgroundJob(title: "reading ahead") { _ in work.map { read in Result { try read() } } as Any }
        for (i, r) in due.enumerated() { readsAhead[r.key] = (job, i) }
        return false
    }

    /// The result of `key`'s read started ahead (waited for when it is still under way), if it succeeded.
    private func takeReadAhead(_ key: String) -> Any? {
        guard let (job, index) = readsAhead.removeValue(forKey: key), case .success(let all) = job.wait(),
              let results = all as? [Result<Any, Error>], case .success(let value) = results[index] else { return nil }
        return value
    }

    /// What `read` returns, once per change of the data: kept; or the result of the read started
    /// ahead (waited for when it is still under way: it is closer to done than a new read); or
    /// read now. A failed read keeps nothing (the next ask reads again).
    func keptOrRead<T>(_ key: String, _ read: () throws -> T) throws -> T {
        if let stored = memo[key], let value = stored as? T { return value }
        if let any = takeReadAhead(key), let value = any as? T {
            memo[key] = value
            return value
        }
        let value = try read()
        memo[key] = value
        return value
    }

    /// What the read started ahead under `key` returned, taken from the context for the caller to
    /// keep: when it has finished, or (`waiting`) when it is under way. Nil when no such read was
    /// started or it failed: the caller goes its own way rather than read now. Without a loop the
    /// read ran in place and is kept (`readAhead`).
    func takeReadAhead<T>(_ key: String, waiting: Bool) -> T? {
        if let stored = memo.removeValue(forKey: key) { return stored as? T }
        guard let (job, _) = readsAhead[key], waiting || job.result != nil else { return nil }
        return takeReadAhead(key) as? T
    }

    /// Waits for the reads started ahead and keeps their results (tests, which have no loop).
    func waitForReadsAhead() {
        for key in Array(readsAhead.keys) {
            if let value = takeReadAhead(key) { memo[key] = value }
        }
    }

    /// Draws the screen `effect` pushes where it would appear, on a surface no one sees, once per
    /// `key` and change of the data. What its first frame reads is then kept (the memo, and the
    /// objects the memo holds), so the key that opens it for real draws from memory. For a view
    /// a key opens that reads more than a frame allows the first time; done between keys
    /// (`Screen.prepareAhead`). True when it drew (work was done), false when `key` was done.
    func drawUnseen(_ key: String, _ effect: () -> Effect) -> Bool {
        guard memo["drawnUnseen." + key] == nil else { return false }
        memo["drawnUnseen." + key] = true
        guard case .push(let screen) = effect() else { return true }
        let area = screen.isOverlay ? overlayArea : body
        var surface = Surface(width: area.x + area.width, height: area.y + area.height, glyphs: glyphs)
        screen.render(in: area, on: &surface, focused: true)
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
