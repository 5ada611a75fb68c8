import FacetModel
import FacetStore
import TermUI

/// A record's form. Every save is version-checked: a save over someone else's newer change becomes
/// the conflict screen, a busy database keeps the form for a retry, nothing typed is lost.
final class FormScreen: BoundScreen {
    let session: EditSession
    private let context: AppContext
    /// Told the record's id once it is saved (the list below selects it).
    private let onSaved: (Int64) -> Void

    init(_ session: EditSession, _ context: AppContext, onSaved: @escaping (Int64) -> Void = { _ in }) {
        self.session = session
        self.context = context
        self.onSaved = onSaved
    }

    var bindings: BindingTable<FormAction> { Form.bindings }
    var helpTitle: String { session.form.title }
    var unsavedEdit: EditSession? { session }
    var store: FacetStore { context.store }

    func perform(_ action: FormAction) -> Effect { outcome(session.form.perform(action)) }

    /// Keys for the focused field (typing, choosing).
    func handleUnbound(_ key: Key) -> Effect? { outcome(session.form.handle(key)) }

    private func outcome(_ outcome: FormOutcome) -> Effect {
        switch outcome {
        case .editing: return .none
        case .save: return save()
        case .cancel:
            guard session.form.isModified else { return .pop }
            return .replace(DialogScreen(Dialog(title: "Discard changes?", message: "This \(session.editor.noun) has changes that are not saved.",
                                                kind: .confirm, yesLabel: "Discard them", noLabel: "Keep editing"),
                                         context, carrying: session) { [self] answer in
                answer == .yes ? .status("Changes discarded.") : .push(self)
            })
        }
    }

    /// Writes the form off the key path (it may wait for another user's lock); on success the form
    /// closes, screens refresh and the record is selected.
    func save() -> Effect {
        let changes = session.changes
        if session.recordID != nil, changes.isEmpty { return .all([.pop, .status("Nothing changed.")]) }
        let editor = session.editor, store = self.store
        let id = session.recordID, version = session.version, values = session.values
        return JobScreen.write("Saving the \(editor.noun)", context, work: { try editor.save(store, id, version, values, changes) }) { [self] result in
            switch result {
            case .success(let id):
                let label = values["code"]?.text ?? values["number"]?.text ?? editor.name(values)
                let noun = editor.noun
                return saved(id: id, message: label.isEmpty || label == noun ? "Saved the \(noun)." : "Saved \(noun) \(label).")
            case .failure(let error): return failed(error)
            }
        }
    }

    /// What a save that did not happen becomes: the conflict screen, the busy question, or a notice
    /// in the form. The input is always kept.
    func failed(_ error: Error) -> Effect {
        switch error {
        case StoreError.conflict(_, let id, _, let current):
            return conflict(stored: ((try? session.editor.load(store, id)) ?? nil) ?? current)
        case StoreError.busy:
            return .replace(busyDialog())
        case is JobScreen.StoppedWaiting:
            session.form.notice = "Not saved: you stopped waiting for another user's save. Ctrl-S tries again."
        case StoreError.notFound(let entity, _):
            session.form.notice = "This \(session.editor.noun) was deleted by someone else (\(entity)); Esc closes the form."
        default:
            session.form.notice = String(describing: error)
        }
        session.form.noticeIsError = true
        return .none
    }

    func saved(id: Int64, message: String) -> Effect {
        .all([.pop, .refresh, .then { [onSaved] in onSaved(id); return .status(message) }])
    }

    /// "Database busy": yes tries again, no goes back to the form with the input kept.
    func busyDialog() -> DialogScreen {
        DialogScreen(Dialog(title: "Database busy", message: "Database busy — another user is saving. Your input is kept.\nRetry now?",
                            kind: .confirm, yesLabel: "Retry", noLabel: "Back to the form"), context, carrying: session) { [self] answer in
            if answer == .yes { return .all([.push(self), .then { self.save() }]) }
            session.form.notice = "Not saved yet: the database was busy. Ctrl-S tries again."
            return .push(self)
        }
    }

    /// Someone saved the record meanwhile: the conflict screen, field by field, in place of the form.
    func conflict(stored: [String: StoredValue]) -> Effect {
        guard let id = session.recordID else { return .none }
        let storedVersion = Int(stored["version"]?.integerValue ?? 0)
        let rows = session.mergeRows(stored: stored)
        if rows.isEmpty {
            // They saved exactly what this user typed: nothing to decide.
            session.version = storedVersion
            return .all([.pop, .refresh, .status("Someone else had saved the same values; nothing more to save.")])
        }
        let noun = session.editor.noun
        let who = (try? store.lastChange(of: session.editor.entity, id: id)).flatMap { $0 }
        let explanation = who.map { "\($0.login) saved this \(noun) at \($0.at) while you were editing. Choose, field by field, what to keep." }
            ?? "Someone saved this \(noun) while you were editing. Choose, field by field, what to keep."
        return .replace(MergeScreen(MergeView(title: "Edit conflict", explanation: explanation, rows: rows),
                                    form: self, storedVersion: storedVersion, context))
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let form = session.form
        let rect = area.centered(width: min(78, area.width), height: min(area.height - 1, form.fields.reduce(4) { $0 + $1.height + ($1.height > 1 ? 1 : 0) }))
        form.render(in: rect, on: &surface, theme: context.theme)
    }
}

/// Two versions of a record side by side; the user keeps, field by field, theirs or the stored.
final class MergeScreen: BoundScreen {
    private var merge: MergeView
    private let form: FormScreen
    private let storedVersion: Int
    private let context: AppContext

    init(_ merge: MergeView, form: FormScreen, storedVersion: Int, _ context: AppContext) {
        self.merge = merge
        self.form = form
        self.storedVersion = storedVersion
        self.context = context
    }

    var bindings: BindingTable<MergeView.Action> { MergeView.bindings }
    var helpTitle: String { merge.title }
    var unsavedEdit: EditSession? { form.session }

    func perform(_ action: MergeView.Action) -> Effect {
        switch action {
        case .apply: return apply()
        case .back: return .replace(form)
        default:
            _ = merge.perform(action)
            return .none
        }
    }

    /// Saves the stored record with the fields the user chose to keep as theirs.
    private func apply() -> Effect {
        let session = form.session
        let store = context.store
        guard let id = session.recordID else { return .none }
        let mine = session.values
        var changes: [String: StoredValue] = [:]
        for row in merge.rows where row.choice == .yours { changes[row.key] = mine[row.key] }
        if changes.isEmpty {
            return .all([.pop, .refresh, .status("Kept the stored \(session.editor.noun); your changes were set aside.")])
        }
        let stored = ((try? session.editor.load(store, id)) ?? nil) ?? [:]
        let editor = session.editor, version = storedVersion, chosen = changes
        return JobScreen.write("Saving the \(editor.noun)", context,
                               work: { try editor.save(store, id, version, stored.merging(chosen) { $1 }, chosen) }) { [self] result in
            switch result {
            case .success:
                session.version = version + 1
                return form.saved(id: id, message: "Saved the merged \(editor.noun).")
            case .failure(StoreError.conflict(_, _, _, let current)):
                // Changed yet again meanwhile: decide again.
                return form.conflict(stored: ((try? editor.load(store, id)) ?? nil) ?? current)
            case .failure(let error):
                let effect = form.failed(error)
                if case .replace = effect { return effect }
                return .replace(form)
            }
        }
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        merge.render(in: area, on: &surface, theme: context.theme)
    }
}
