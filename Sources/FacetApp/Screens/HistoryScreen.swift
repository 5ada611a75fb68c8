import FacetModel
import FacetStore
import TermUI

/// `h`: the audit trail of one record, newest first; an admin can put the record back as it was
/// after any change (itself a new, audited change).
final class HistoryScreen: BoundScreen {
    let entity: Entity
    let recordID: Int64
    let title: String
    private(set) var entries: [AuditEntry]
    private var selected = 0
    private let context: AppContext

    static let context = "History"
    static let down = Action("history.down"), up = Action("history.up"), restore = Action("history.restore"), close = Action("history.close")
    let bindings = BindingTable<Action>([
        KeyBinding(down, keys: [.down, .char("j")], label: "change", context: HistoryScreen.context, displayKeys: "↑/↓"),
        KeyBinding(up, keys: [.up, .char("k")], label: "newer change", context: HistoryScreen.context, showInStatus: false),
        KeyBinding(restore, keys: [.char("r")], label: "restore this version", context: HistoryScreen.context),
        KeyBinding(close, keys: [.escape, .char("q"), .char("h")], label: "close", context: HistoryScreen.context),
    ])

    init(entity: Entity, recordID: Int64, title: String, _ context: AppContext) throws {
        self.entity = entity
        self.recordID = recordID
        self.title = title
        self.context = context
        entries = try context.store.history(of: entity, id: recordID).reversed()
    }

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

    var helpTitle: String { title }

    func denial(of action: Action) -> String? {
        guard action == Self.restore else { return nil }
        guard context.store.currentUser?.role == .admin else { return "Only an admin can restore a previous version." }
        return context.store.denial(.update, entity, record: recordID)
    }

    func perform(_ action: Action) -> Effect {
        switch action {
        case Self.close: return .pop
        case Self.down: selected = min(max(0, entries.count - 1), selected + 1)
        case Self.up: selected = max(0, selected - 1)
        case Self.restore:
            guard entries.indices.contains(selected), selected > 0 else {
                return .status("Choose an earlier change (↓) to restore the record as it was after it.")
            }
            let entry = entries[selected]
            return .replace(DialogScreen(Dialog(title: "Restore?", message: "Put this record back as it was after the \(entry.action) by \(entry.login) at \(entry.at)? The restore is itself recorded in the history.",
                                                kind: .confirm, yesLabel: "Restore", noLabel: "Cancel"), context) { [self] answer in
                answer == .yes ? restore(entryID: entry.id) : .push(self)
            })
        default: break
        }
        return .none
    }

    private func restore(entryID: Int64) -> Effect {
        do {
            try context.store.restore(entity, id: recordID, toStateAfter: entryID)
            entries = try context.store.history(of: entity, id: recordID).reversed()
            selected = 0
            return .all([.push(self), .refresh, .status("Restored; the restore is in the record's history.")])
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let rect = area.centered(width: min(78, area.width - 2), height: area.height - 1)
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: theme[.dialogBorder], title: title, titleStyle: theme[.title])
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 3)
        if entries.isEmpty {
            surface.write("No changes recorded since this record was loaded (bulk loads are logged as one entry).",
                          in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), style: theme[.muted])
        }
        // Start at the selected entry's block, showing as many following blocks as fit.
        var y = inner.y
        for (i, entry) in entries.enumerated().dropFirst(max(0, selected - 1)) {
            for (j, line) in Self.lines(of: entry).enumerated() {
                guard y < inner.maxY else { break }
                let style = i == selected ? (j == 0 ? theme[.selection] : theme[.accent]) : (j == 0 ? theme[.header] : theme[.text])
                surface.write(DisplayWidth.fit(line, to: inner.width), x: inner.x, y: y, style: style, clip: inner)
                y += 1
            }
            y += 1
            if y >= inner.maxY { break }
        }
        let hint = statusHints.map { "\($0.keys) \($0.label)" }.joined(separator: " · ")
        surface.write(hint, x: inner.x, y: rect.maxY - 2, style: theme[.muted], clip: rect.inset(by: 1))
    }
}
