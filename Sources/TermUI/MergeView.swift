// Two versions of the same record side by side, field by field, and a choice per field: what the
// user typed ("yours") or what is stored now ("theirs"). Nothing is chosen silently: every field that
// differs is listed, starting on "yours".

public struct MergeView: Sendable {
    public enum Side: Sendable, Equatable { case yours, theirs }

    public struct Row: Sendable, Equatable {
        public var key: String
        public var label: String
        public var yours: String
        public var theirs: String
        public var choice: Side = .yours

        public init(key: String, label: String, yours: String, theirs: String) {
            self.key = key; self.label = label; self.yours = yours; self.theirs = theirs
        }
    }

    public enum Outcome: Sendable, Equatable {
        case editing
        /// Save with these choices.
        case apply
        /// Back to the form, nothing saved.
        case back
    }

    public enum Action: Hashable, Sendable { case up, down, keepYours, takeStored, toggle, allYours, allStored, apply, back }

    public static let context = "Edit conflict"
    public static let bindings = BindingTable<Action>([
        KeyBinding(.keepYours, keys: [.left, .char("y"), .char("m")], label: "choose", context: context, displayKeys: "←/→"),
        KeyBinding(.takeStored, keys: [.right, .char("t")], label: "take the stored value", context: context, showInStatus: false),
        KeyBinding(.toggle, keys: [.char(" ")], label: "switch the field's choice", context: context, showInStatus: false),
        KeyBinding(.allYours, keys: [.char("Y"), .char("M")], label: "all yours", context: context, showInStatus: false),
        KeyBinding(.allStored, keys: [.char("T")], label: "all stored", context: context, showInStatus: false),
        KeyBinding(.up, keys: [.up, .char("k")], label: "previous field", context: context, showInStatus: false),
        KeyBinding(.down, keys: [.down, .char("j"), .tab], label: "next field", context: context, showInStatus: false),
        KeyBinding(.apply, keys: [.enter, .ctrl("s")], label: "save merged", context: context),
        KeyBinding(.back, keys: [.escape], label: "back to form", context: context),
    ])

    public var title: String
    /// Who changed the record and when, shown above the fields.
    public var explanation: String
    public var rows: [Row]
    public var selected = 0

    public init(title: String, explanation: String, rows: [Row]) {
        self.title = title
        self.explanation = explanation
        self.rows = rows
    }

    public func choice(for key: String) -> Side? { rows.first { $0.key == key }?.choice }

    public mutating func handle(_ key: Key) -> Outcome {
        guard let action = MergeView.bindings.action(for: key) else { return .editing }
        return perform(action)
    }

    public mutating func perform(_ action: Action) -> Outcome {
        switch action {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, rows.count - 1), selected + 1)
        case .keepYours: if rows.indices.contains(selected) { rows[selected].choice = .yours }
        case .takeStored: if rows.indices.contains(selected) { rows[selected].choice = .theirs }
        case .toggle:
            if rows.indices.contains(selected) { rows[selected].choice = rows[selected].choice == .yours ? .theirs : .yours }
        case .allYours: for i in rows.indices { rows[i].choice = .yours }
        case .allStored: for i in rows.indices { rows[i].choice = .theirs }
        case .apply: return .apply
        case .back: return .back
        }
        return .editing
    }

    public func render(in area: Rect, on surface: inout Surface, theme: Theme) {
        let rect = area.centered(width: min(area.width - 2, 78), height: min(area.height, rows.count * 2 + 9))
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: theme[.warning], title: title, titleStyle: theme[.warning])
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        var y = inner.y
        for line in Dialog.wrap(explanation, width: inner.width).prefix(2) {
            surface.write(line, x: inner.x, y: y, style: theme[.text], clip: inner)
            y += 1
        }
        let labelWidth = min(18, (rows.map { DisplayWidth.of($0.label) }.max() ?? 0) + 1)
        let valueWidth = (inner.width - labelWidth - 2) / 2
        let yoursX = inner.x + labelWidth + 1, theirsX = yoursX + valueWidth + 1
        surface.write("Yours (←)", x: yoursX, y: y, style: theme[.header], clip: inner)
        surface.write("Stored now (→)", x: theirsX, y: y, style: theme[.header], clip: inner)
        y += 1
        let visible = max(1, (inner.maxY - 1 - y))
        let first = max(0, min(selected - visible + 1, rows.count - visible))
        for (i, row) in rows.enumerated().dropFirst(first).prefix(visible) {
            let isSelected = i == selected
            surface.write(DisplayWidth.fit(row.label, to: labelWidth), x: inner.x, y: y,
                          style: isSelected ? theme[.accent] : theme[.text], clip: inner)
            let chosen = isSelected ? theme[.selection] : theme[.success]
            let other = theme[.muted]
            let mark = surface.glyphs.check
            surface.write(DisplayWidth.fit((row.choice == .yours ? mark + " " : "  ") + row.yours, to: valueWidth), x: yoursX, y: y,
                          style: row.choice == .yours ? chosen : other, clip: inner)
            surface.write(DisplayWidth.fit((row.choice == .theirs ? mark + " " : "  ") + row.theirs, to: valueWidth), x: theirsX, y: y,
                          style: row.choice == .theirs ? chosen : other, clip: inner)
            y += 1
        }
        surface.write("←/→ choose · Y all yours · T all stored · Enter save · Esc back to form",
                      x: inner.x, y: inner.maxY - 1, style: theme[.muted], clip: inner)
    }
}
