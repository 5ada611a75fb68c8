import FacetModel
import FacetStore
import TermUI

/// Creating, editing and deleting records: every save is version-checked, so a save over someone
/// else's newer change becomes the conflict screen, and a busy database keeps the form for a retry.
extension FacetApplication {
    func startNewRecord() {
        guard let editor = RecordEditor.forEntity(pane.definition.entity, store: store) else {
            statusMessage = "New \(pane.definition.noun)s are added elsewhere for now."
            return
        }
        guard isAvailable(.new) else {
            statusMessage = AccessPolicy.denial(user: store.currentUser, action: .create, table: editor.entity, scope: .district)
                ?? "You cannot add \(editor.noun)s."
            return
        }
        overlay = .form(EditSession(editor: editor, recordID: nil, stored: nil))
    }

    func handleForm(_ key: Key, _ session: EditSession) {
        switch session.form.handle(key) {
        case .editing:
            break
        case .cancel:
            if session.form.isModified {
                overlay = .dialog(Dialog(title: "Discard changes?", message: "This \(session.editor.noun) has changes that are not saved.",
                                         kind: .confirm, yesLabel: "Discard them", noLabel: "Keep editing"), .discardChanges(session))
            } else {
                overlay = nil
            }
        case .save:
            save(session)
        }
    }

    func save(_ session: EditSession) {
        do {
            let changes = session.changes
            if session.recordID != nil, changes.isEmpty { overlay = nil; statusMessage = "Nothing changed."; return }
            let id = try session.editor.save(store, session.recordID, session.version, session.values, changes)
            overlay = nil
            refreshAll()
            select(id: id)
            let label = session.values["code"]?.text ?? session.values["number"]?.text ?? session.editor.name(session.values)
            statusMessage = label.isEmpty || label == session.editor.noun ? "Saved the \(session.editor.noun)." : "Saved \(session.editor.noun) \(label)."
        } catch StoreError.conflict(_, let id, _, let current) {
            showConflict(session, stored: ((try? session.editor.load(store, id)) ?? nil) ?? current)
        } catch StoreError.busy {
            overlay = .dialog(Dialog(title: "Database busy", message: "Database busy — another user is saving. Your input is kept.\nRetry now?",
                                     kind: .confirm, yesLabel: "Retry", noLabel: "Back to the form"), .busyRetry(session))
        } catch StoreError.notFound(let entity, _) {
            session.form.notice = "This \(session.editor.noun) was deleted by someone else (\(entity)); Esc closes the form."
            overlay = .form(session)
        } catch {
            session.form.notice = String(describing: error)
            session.form.noticeIsError = true
            overlay = .form(session)
        }
    }

    private func showConflict(_ session: EditSession, stored: [String: StoredValue]) {
        guard let id = session.recordID else { return }
        let storedVersion = Int(stored["version"]?.integerValue ?? 0)
        let rows = session.mergeRows(stored: stored)
        if rows.isEmpty {
            // They saved exactly what this user typed: nothing to decide.
            session.version = storedVersion
            overlay = nil
            refreshAll()
            statusMessage = "Someone else had saved the same values; nothing more to save."
            return
        }
        let who = (try? store.lastChange(entity: session.editor.entity, id: id)).flatMap { $0 }
        let explanation = who.map { "\($0.login) saved this \(session.editor.noun) at \($0.at) while you were editing. Choose, field by field, what to keep." }
            ?? "Someone saved this \(session.editor.noun) while you were editing. Choose, field by field, what to keep."
        overlay = .merge(MergeView(title: "Edit conflict", explanation: explanation, rows: rows), session, storedVersion: storedVersion)
    }

    /// Saves the stored record with the fields the user chose to keep as theirs.
    func applyMerge(_ merge: MergeView, _ session: EditSession, storedVersion: Int) {
        guard let id = session.recordID else { return }
        let mine = session.values
        var changes: [String: StoredValue] = [:]
        for row in merge.rows where row.choice == .yours { changes[row.key] = mine[row.key] }
        let stored = ((try? session.editor.load(store, id)) ?? nil) ?? [:]
        do {
            if changes.isEmpty {
                overlay = nil
                refreshAll(keepingSelection: true)
                statusMessage = "Kept the stored \(session.editor.noun); your changes were set aside."
                return
            }
            _ = try session.editor.save(store, id, storedVersion, stored.merging(changes) { $1 }, changes)
            session.version = storedVersion + 1
            overlay = nil
            refreshAll()
            select(id: id)
            statusMessage = "Saved the merged \(session.editor.noun)."
        } catch StoreError.conflict(_, _, _, let current) {
            // Changed yet again meanwhile: decide again.
            showConflict(session, stored: ((try? session.editor.load(store, id)) ?? nil) ?? current)
        } catch StoreError.busy {
            overlay = .dialog(Dialog(title: "Database busy", message: "Database busy — another user is saving. Your input is kept.\nRetry now?",
                                     kind: .confirm, yesLabel: "Retry", noLabel: "Back to the form"), .busyRetry(session))
        } catch {
            session.form.notice = String(describing: error)
            overlay = .form(session)
        }
    }

    func askToDeleteSelected() {
        guard let editor = RecordEditor.forEntity(pane.definition.entity, store: store) else {
            statusMessage = "\(pane.definition.noun.capitalized)s cannot be deleted here."
            return
        }
        guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
        do {
            guard let stored = try store.fetchRecord(table: editor.entity, id: row.id) else {
                statusMessage = "That \(editor.noun) no longer exists."
                refreshAll()
                return
            }
            if let reason = AccessPolicy.denial(user: store.currentUser, action: .delete, table: editor.entity,
                                                scope: try store.scope(of: editor.entity, id: row.id)) {
                statusMessage = reason
                return
            }
            let label = row.cells.prefix(2).joined(separator: " ")
            overlay = .dialog(Dialog(title: "Delete \(editor.noun)?",
                                     message: "Delete \(label)? An admin can see it in the audit log, but it leaves every list.",
                                     kind: .confirm, yesLabel: "Delete", noLabel: "Keep it"),
                              .confirmDelete(entity: editor.entity, id: row.id, version: Int(stored["version"]?.integerValue ?? 0), label: label))
        } catch {
            showError(error)
        }
    }

    func delete(entity: String, id: Int64, version: Int, label: String) {
        do {
            try store.deleteRecord(entity, id: id, expectedVersion: version)
            refreshAll()
            statusMessage = "Deleted \(label)."
        } catch StoreError.conflict(_, _, _, let current) {
            // Someone changed it since the question was asked: ask again, saying so.
            let who = (try? store.lastChange(entity: entity, id: id)).flatMap { $0 }
            overlay = .dialog(Dialog(title: "Changed meanwhile",
                                     message: "\(label) was changed by \(who?.login ?? "someone") at \(who?.at ?? "just now") since you looked at it. Delete it anyway?",
                                     kind: .confirm, yesLabel: "Delete anyway", noLabel: "Keep it"),
                              .confirmDelete(entity: entity, id: id, version: Int(current["version"]?.integerValue ?? 0), label: label))
        } catch StoreError.notFound {
            refreshAll()
            statusMessage = "\(label) was already deleted by someone else."
        } catch {
            showError(error)
        }
    }
}
