import FacetModel
import FacetStore
import TermUI

/// What Enter, `n`, `d` and `h` do on any list of records: open the form (or a read-only view
/// when this user cannot change the record), create, delete after asking, show the history.
extension ListScreen {
    var store: FacetStore { context.store }
    var noun: String { controller.noun }

    /// Enter: the edit form when this user may change the record, else a read-only view of it.
    func openRecord(_ row: TableRow) -> Effect {
        do {
            guard let values = try store.fetchRecord(controller.entity, id: row.id) else {
                return .all([.refresh, .status("That \(noun) no longer exists; someone deleted it.")])
            }
            if let entity = controller.editorEntity, store.permits(.update, entity, record: row.id), let editor = controller.makeEditor() {
                return .push(formScreen(EditSession(editor: editor, recordID: row.id, stored: try editor.load(store, row.id) ?? values)))
            }
            func lines(_ values: [String: StoredValue]) -> [String] {
                let width = (values.keys.map(\.count).max() ?? 0) + 2
                return values.keys.sorted().map {
                    DisplayWidth.fit($0.replacingOccurrences(of: "_", with: " "), to: width) + (values[$0]?.description ?? "")
                }
            }
            let store = self.store, entity = controller.entity
            return .push(TextScreen(title: "\(noun.capitalized) #\(row.id) — \(row.cells.first ?? "")", lines: lines(values), context) {
                ((try? store.fetchRecord(entity, id: row.id)) ?? nil).map(lines)
            })
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// A form whose saved record becomes this list's selection.
    func formScreen(_ session: EditSession) -> FormScreen {
        FormScreen(session, context) { [weak self] id in self?.select(id: id) }
    }

    /// The edit form of a record, when this user may change it.
    func edit(id: Int64) -> Effect {
        guard let editor = controller.makeEditor() else { return .none }
        do {
            guard let stored = try editor.load(store, id) else {
                return .all([.refresh, .status("That \(editor.noun) no longer exists.")])
            }
            if let reason = store.denial(.update, editor.entity, record: id) { return .error(reason) }
            return .push(formScreen(EditSession(editor: editor, recordID: id, stored: stored)))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    func newRecord() -> Effect {
        guard let editor = controller.makeEditor() else { return .status("New \(noun)s are added elsewhere.") }
        return .push(formScreen(EditSession(editor: editor, recordID: nil, stored: nil)))
    }

    func askToDelete(_ row: TableRow) -> Effect {
        guard let editor = controller.makeEditor() else { return .status("\(noun.capitalized)s cannot be deleted here.") }
        do {
            guard let stored = try store.fetchRecord(editor.entity, id: row.id) else {
                return .all([.refresh, .status("That \(editor.noun) no longer exists.")])
            }
            if let reason = store.denial(.delete, editor.entity, record: row.id) { return .error(reason) }
            let label = row.cells.prefix(2).joined(separator: " ")
            return .push(confirmDelete(editor.entity, id: row.id, version: Int(stored["version"]?.integerValue ?? 0), label: label,
                                       title: "Delete \(editor.noun)?",
                                       message: "Delete \(label)? An admin can see it in the audit log, but it leaves every list."))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// `d` on a record that others still use (a school with partnerships and staff): it cannot be
    /// deleted, so the question says what uses it and offers to mark it inactive instead.
    func deleteOrMarkInactive(_ row: TableRow, _ entity: Entity) -> Effect {
        guard let inUse = store.denial(.delete, entity, record: row.id) == nil ? store.stillInUse(entity, id: row.id) : nil else {
            return askToDelete(row)
        }
        let label = row.cells.prefix(2).joined(separator: " ")
        let store = self.store
        return .push(DialogScreen(Dialog(title: "\(label) is still in use", message: inUse + "\nMark it inactive? It stays in every record and leaves the lists of active ones.",
                                         kind: .options([("i", "Mark it inactive")])), context) { answer in
            guard answer == .option("i") else { return .none }
            do {
                guard let stored = try store.fetchRecord(entity, id: row.id) else { return .status("\(label) no longer exists.") }
                if stored["active"]?.integerValue == 0 { return .status("\(label) is already inactive.") }
                try store.updateRecord(entity, id: row.id, expectedVersion: Int(stored["version"]?.integerValue ?? 0), changes: ["active": .integer(0)])
                return .all([.refresh, .status("Marked \(label) inactive.")])
            } catch {
                return .push(DialogScreen.error(error, self.context))
            }
        })
    }

    func confirmDelete(_ entity: Entity, id: Int64, version: Int, label: String, title: String, message: String,
                       yesLabel: String = "Delete") -> DialogScreen {
        DialogScreen(Dialog(title: title, message: message, kind: .confirm, yesLabel: yesLabel, noLabel: "Keep it"), context) { [self] answer in
            answer == .yes ? delete(entity, id: id, version: version, label: label) : .none
        }
    }

    func delete(_ entity: Entity, id: Int64, version: Int, label: String) -> Effect {
        let store = self.store
        return JobScreen.write("Deleting \(label)", context, work: { try store.deleteRecord(entity, id: id, expectedVersion: version) }) { [self] result in
            switch result {
            case .success: return .all([.refresh, .status("Deleted \(label).")])
            case .failure(StoreError.conflict(_, _, _, let current)):
                // Someone changed it since the question was asked: ask again, saying so.
                let who = (try? store.lastChange(of: entity, id: id)).flatMap { $0 }
                return .push(confirmDelete(entity, id: id, version: Int(current["version"]?.integerValue ?? 0), label: label,
                                           title: "Changed meanwhile",
                                           message: "\(label) was changed by \(who?.login ?? "someone") at \(who?.at ?? "just now") since you looked at it. Delete it anyway?",
                                           yesLabel: "Delete anyway"))
            case .failure(StoreError.notFound):
                return .all([.refresh, .status("\(label) was already deleted by someone else.")])
            case .failure(is JobScreen.StoppedWaiting):
                return .status("Not deleted: you stopped waiting for another user's save.")
            case .failure(let error):
                return .push(DialogScreen.error(error, context))
            }
        }
    }

    func showHistory(_ row: TableRow) -> Effect {
        do {
            return .push(try HistoryScreen(entity: controller.entity, recordID: row.id,
                                           title: "History — \(row.cells.prefix(2).joined(separator: " "))", context))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }
}
