import FacetModel
import FacetStore
import TermUI

/// The first question on an empty database: load the demo district to explore, or start empty.
enum DemoOffer {
    static func dialog(_ context: AppContext) -> DialogScreen {
        DialogScreen(Dialog(
            title: "An empty database",
            message: "This database has no schools, partners or employees yet.\nLoad a demo district to explore Facet (50 schools, 300 partners, 4,000 employees)? You can also start empty and add your own.",
            kind: .confirm, yesLabel: "Load the demo", noLabel: "Start empty"), context) { answer in
            guard answer == .yes else { return .none }
            do {
                let counts = try DemoData.load(into: context.store, size: .small, seed: 2026, force: false)
                return .all([.refresh, .status("Demo district loaded: \(counts["schools"] ?? 0) schools, \(counts["partners"] ?? 0) partners, \(counts["employees"] ?? 0) employees.")])
            } catch {
                return .push(DialogScreen.error(error, context))
            }
        }
    }
}

/// Input kept from a session that ended mid-edit: reopen it, or throw it away.
enum DraftOffer {
    static func dialog(_ draft: Draft, editor: RecordEditor, _ context: AppContext) -> DialogScreen {
        let name = editor.name(draft.values).trimmingCharacters(in: .whitespaces)
        let what = draft.recordID == nil ? "a new \(editor.noun)" : "the \(editor.noun)"
        let named = name.isEmpty || name == editor.noun ? what : "\(what) \(name)"
        return DialogScreen(Dialog(title: "Unsaved changes from your last session",
                                   message: "Your session ended at \(draft.savedAt) while you were editing \(named). Reopen your changes?",
                                   kind: .confirm, yesLabel: "Reopen them", noLabel: "Throw them away"), context) { answer in
            try? context.store.discardDraft(id: draft.id)
            if answer == .yes { return reopen(draft, editor: editor, context) }
            // The next kept draft, if any.
            guard let next = (try? context.store.drafts())?.first, let entity = Entity(rawValue: next.entity),
                  let nextEditor = context.editors(entity) else { return .none }
            return .push(dialog(next, editor: nextEditor, context))
        }
    }

    private static func reopen(_ draft: Draft, editor: RecordEditor, _ context: AppContext) -> Effect {
        var stored: [String: StoredValue]?
        var effects: [Effect] = []
        if let id = draft.recordID {
            stored = (try? editor.load(context.store, id)) ?? nil
            if stored == nil { effects.append(.status("That \(editor.noun) was deleted meanwhile; your changes open as a new one.")) }
        }
        let session = EditSession(editor: editor, recordID: stored == nil ? nil : draft.recordID, stored: stored, draft: draft)
        session.form.notice = "Reopened from your last session; Ctrl-S saves, Esc discards."
        session.form.noticeIsError = false
        session.form.opensWithUnsavedInput = true
        return .all([.push(FormScreen(session, context))] + effects)
    }
}
