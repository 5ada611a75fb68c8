import FacetModel
import FacetStore
import TermUI

/// `h`: the audit trail of one record, newest first; an admin can put the record back as it was
/// after any change (itself a new, audited change).
struct HistoryState {
    var entity: String
    var recordID: Int64
    var title: String
    var entries: [AuditEntry]
    var selected = 0

    /// One entry as lines: the change, then each field from → to.
    static func lines(of e: AuditEntry) -> [String] {
        var lines = ["\(e.at)  \(e.login)  \(e.action)"]
        for field in Set(e.before.keys).union(e.after.keys).sorted() where field != "version" {
            let before = e.before[field]?.description ?? "", after = e.after[field]?.description ?? ""
            switch e.action {
            case "insert": lines.append("    \(field): \(after.isEmpty ? "—" : after)")
            case "delete": lines.append("    \(field): \(before.isEmpty ? "—" : before)")
            default: lines.append("    \(field): \(before.isEmpty ? "—" : before) → \(after.isEmpty ? "—" : after)")
            }
        }
        return lines
    }
}

extension FacetApplication {
    func showHistory() {
        guard let row = selectedRow else { statusMessage = "Nothing selected"; return }
        do {
            let entries = try store.history(entity: pane.definition.entity, id: row.id).reversed()
            overlay = .history(HistoryState(entity: pane.definition.entity, recordID: row.id,
                                            title: "History — \(row.cells.prefix(2).joined(separator: " "))", entries: Array(entries)))
        } catch {
            showError(error)
        }
    }

    func handleHistory(_ key: Key, _ state: inout HistoryState) {
        switch key {
        case .escape, .char("q"), .char("h"): overlay = nil; return
        case .down, .char("j"): state.selected = min(max(0, state.entries.count - 1), state.selected + 1)
        case .up, .char("k"): state.selected = max(0, state.selected - 1)
        default:
            if Bindings.table.action(for: key, in: [Bindings.history]) == .restore {
                guard store.currentUser?.role == .admin else { statusMessage = "Only an admin can restore a previous version."; break }
                guard state.entries.indices.contains(state.selected), state.selected > 0 else {
                    statusMessage = "Choose an earlier change (↓) to restore the record as it was after it."
                    break
                }
                let entry = state.entries[state.selected]
                overlay = .dialog(Dialog(title: "Restore?", message: "Put this record back as it was after the \(entry.action) by \(entry.login) at \(entry.at)? The restore is itself recorded in the history.",
                                         kind: .confirm, yesLabel: "Restore", noLabel: "Cancel"),
                                  .confirmRestore(state, entryID: entry.id))
                return
            }
        }
        overlay = .history(state)
    }

    func restore(_ state: HistoryState, entryID: Int64) {
        do {
            try store.restore(state.entity, id: state.recordID, toStateAfter: entryID)
            refreshAll(keepingSelection: true)
            statusMessage = "Restored; the restore is in the record's history."
            showHistory()
        } catch {
            showError(error)
        }
    }

    func renderHistory(_ state: HistoryState, in area: Rect, on surface: inout Surface) {
        let rect = area.centered(width: min(78, area.width - 2), height: area.height - 1)
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: theme[.dialogBorder], title: state.title, titleStyle: theme[.title])
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 3)
        if state.entries.isEmpty {
            surface.write("No changes recorded since this record was loaded (bulk loads are logged as one entry).",
                          in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), style: theme[.muted])
        }
        // Start at the selected entry's block, showing as many following blocks as fit.
        var y = inner.y
        for (i, entry) in state.entries.enumerated().dropFirst(max(0, state.selected - 1)) {
            for (j, line) in HistoryState.lines(of: entry).enumerated() {
                guard y < inner.maxY else { break }
                let style = i == state.selected ? (j == 0 ? theme[.selection] : theme[.accent]) : (j == 0 ? theme[.header] : theme[.text])
                surface.write(DisplayWidth.fit(line, to: inner.width), x: inner.x, y: y, style: style, clip: inner)
                y += 1
            }
            y += 1
            if y >= inner.maxY { break }
        }
        let hint = store.currentUser?.role == .admin ? "↑↓ change · r restore as it was after it · Esc close" : "↑↓ change · Esc close"
        surface.write(hint, x: inner.x, y: rect.maxY - 2, style: theme[.muted], clip: rect.inset(by: 1))
    }
}
