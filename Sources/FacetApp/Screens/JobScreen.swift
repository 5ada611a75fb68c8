import FacetModel
import FacetStore
import TermUI

/// Long work in progress: what it is, rows done of the total, and Esc to cancel before it commits.
/// The screen keeps repainting while the work runs on its own thread; when it ends, the effect
/// made from its result takes the screen's place.
final class JobScreen: BoundScreen {
    let job: BackgroundJob
    private let context: AppContext
    private let unit: String
    private let onFinish: (Result<Any, Error>) -> Effect

    static let cancel = Action("job.cancel")
    let bindings = BindingTable<Action>([KeyBinding(cancel, keys: [.escape], label: "cancel", context: "Working")])

    /// What the screen says while the work reports no progress (a save waiting for a lock).
    private let waitingText: String
    /// How long the key that started the work waits for it before this screen shows, when shorter
    /// than the shell's own wait (a read that is usually quick but must not hold a frame).
    var quickWait: Double?

    init(_ job: BackgroundJob, unit: String = "rows", waiting: String = "Working…", _ context: AppContext,
         onFinish: @escaping (Result<Any, Error>) -> Effect) {
        self.job = job
        self.unit = unit
        self.waitingText = waiting
        self.context = context
        self.onFinish = onFinish
    }

    var helpTitle: String { job.title }

    func perform(_ action: Action) -> Effect {
        job.cancel()
        return .status("Cancelling — nothing is written.")
    }

    func tick() -> Effect? {
        guard let result = job.result else { return nil }
        return .all([.pop, onFinish(result)])
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let rect = area.centered(width: min(64, area.width - 4), height: 6)
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: theme[.dialogBorder], title: job.title, titleStyle: theme[.title])
        let inner = Rect(x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, height: 1)
        let (done, total) = job.progress
        let text: String
        if job.isCancelling {
            text = "Cancelling — rolling back, nothing is written…"
        } else if total > 0 {
            text = "\(done.grouped) of \(total.grouped) \(unit)"
        } else {
            text = waitingText
        }
        for (i, line) in Dialog.wrap(text, width: inner.width).prefix(2).enumerated() {
            surface.write(line, x: inner.x, y: inner.y + i, style: theme[.text], clip: Rect(x: inner.x, y: inner.y + i, width: inner.width, height: 1))
        }
        if total > 0, !job.isCancelling {
            let width = inner.width
            let filled = min(width, width * done / max(1, total))
            surface.write(String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled),
                          x: inner.x, y: inner.y + 1, style: theme[.accent], clip: Rect(x: inner.x, y: inner.y + 1, width: width, height: 1))
        }
    }
}

extension JobScreen {
    /// The user pressed Esc while a write waited for another user's lock: nothing was written.
    struct StoppedWaiting: Error {}

    /// A write that may have to wait for another user's lock, run off the key path: a screen says
    /// it is waiting and Esc stops the wait; `then` gets the result on the main loop. A write that
    /// finishes at once never shows the screen (the shell waits a moment before drawing it).
    static func write<T>(_ title: String, _ context: AppContext, work: @escaping @Sendable () throws -> T,
                         then: @escaping (Result<T, Error>) -> Effect) -> Effect {
        let job = BackgroundJob(title: title) { progress in
            try WaitingForLock.run(stoppingWhen: { progress.isCancelled }) { try work() }
        }
        return .push(JobScreen(job, waiting: "Another user is saving; waiting for the database. Esc stops waiting; your input is kept.",
                               context) { result in
            switch result {
            case .success(let value): return then(.success(value as! T))
            case .failure(StoreError.busy) where job.isCancelling: return then(.failure(StoppedWaiting()))
            case .failure(let error): return then(.failure(error))
            }
        })
    }
}

/// One line of input (a file's path) with Enter to go, as a small form.
final class PromptScreen: BoundScreen {
    enum Key_: Hashable, Sendable { case go, cancel }
    let form: Form
    private let context: AppContext
    private let onGo: (String, Form) -> Effect

    let bindings = BindingTable<Key_>([
        KeyBinding(.go, keys: [.enter, .ctrl("s")], label: "go", context: "Prompt", displayKeys: "Enter/Ctrl-S"),
        KeyBinding(.cancel, keys: [.escape], label: "cancel", context: "Prompt"),
    ])

    init(_ form: Form, _ context: AppContext, onGo: @escaping (String, Form) -> Effect) {
        self.form = form
        self.context = context
        self.onGo = onGo
    }

    var helpTitle: String { form.title }

    func perform(_ action: Key_) -> Effect {
        switch action {
        case .cancel: return .pop
        case .go:
            guard form.attemptSave() == .save else { return .none }
            return onGo((form.fields.first as? TextField)?.trimmedValue ?? "", form)
        }
    }

    func handleUnbound(_ key: Key) -> Effect? {
        _ = form.handle(key)
        return Effect.none
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        form.render(in: area.centered(width: min(76, area.width), height: 6), on: &surface, theme: context.theme)
    }
}
