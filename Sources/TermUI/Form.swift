// A form is a list of fields and a focus index (as in Bubble Tea). Tab/Shift-Tab and ↑/↓ move
// between fields, Ctrl-S saves, Esc cancels. Saving is refused while any field fails validation;
// every failing field shows its message beside it and focus goes to the first.

public enum FormOutcome: Equatable, Sendable {
    /// The form used the key; keep it open.
    case editing
    /// Every field is valid and the user asked to save.
    case save
    /// The user asked to leave (the owner asks first if `isModified`).
    case cancel
}

/// What a key asks of a form; the keys come from `Form.bindings`, so help and the status line list
/// exactly what the form does.
public enum FormAction: Hashable, Sendable { case next, previous, save, cancel }

public final class Form {
    public static let context = "Forms"
    /// Keys the form acts on before its focused field sees them.
    public static let bindings = BindingTable<FormAction>([
        KeyBinding(.next, keys: [.tab], label: "next field", context: context),
        KeyBinding(.previous, keys: [.backTab], label: "previous field", context: context, showInStatus: false),
        KeyBinding(.save, keys: [.ctrl("s")], label: "save", context: context),
        KeyBinding(.cancel, keys: [.escape], label: "cancel", context: context),
    ])
    /// Keys the fields take themselves, for help.
    public static let fieldHelp = HelpSection(title: "In a field", rows: [
        .init(keys: "←/→ Space", label: "change a choice, tick a box"),
        .init(keys: "↑/↓", label: "lines in a text area, items in a list"),
        .init(keys: "type", label: "narrow a list, search for a match"),
    ])
    /// Keys the focused field may use first (↑/↓ move within a list or text area); when it does
    /// not, they move between fields.
    public static let fieldFallbacks = BindingTable<FormAction>([
        KeyBinding(.next, keys: [.down, .enter], label: "next field (when the field does not use it)", context: context, showInStatus: false),
        KeyBinding(.previous, keys: [.up], label: "previous field (when the field does not use it)", context: context, showInStatus: false),
    ])

    public var title: String
    public var fields: [FormField]
    public var focus = 0
    /// Errors are shown once the user has tried to save or left a field it touched.
    public private(set) var showsAllErrors = false
    /// A message for the whole form (a conflict, a refused save), shown above the fields.
    public var notice: String?
    public var noticeIsError = true
    private var visited: Set<Int> = []
    private var scroll = 0
    /// The widest the label column may grow (a checklist of long criteria wants more).
    public var labelWidthLimit = 24
    /// Checks across fields ("ends before it starts"): each names the field its message goes beside.
    public var crossChecks: () -> [(field: Int, message: String)] = { [] }

    public init(title: String, fields: [FormField]) {
        self.title = title
        self.fields = fields
        focus = fields.firstIndex { $0.takesFocus } ?? 0
    }

    /// Whether `notice` is the count of failing fields from a refused save: it follows the fields
    /// as they are fixed and goes when none fails.
    private var noticeCountsFailures = false

    /// Set when the form opens on input that was never saved (a draft kept from an ended session):
    /// it counts as changed from the start, so Esc asks and another hang-up keeps it again.
    public var opensWithUnsavedInput = false

    public var isModified: Bool { opensWithUnsavedInput || fields.contains { $0.isModified } }

    /// The message for field `index`: its own check first, then any check across fields.
    public func message(for index: Int) -> String? {
        fields[index].validationMessage() ?? crossChecks().first { $0.field == index }?.message
    }

    /// Labels and messages of every failing field.
    public var failures: [(label: String, message: String)] {
        fields.indices.compactMap { i in message(for: i).map { (fields[i].label, $0) } }
    }

    public func handle(_ key: Key) -> FormOutcome {
        if let action = Form.bindings.action(for: key) { return perform(action) }
        if fields.indices.contains(focus), fields[focus].handle(key) { updateFailureNotice(); return .editing }
        if let action = Form.fieldFallbacks.action(for: key) { return perform(action) }
        return .editing
    }

    private func updateFailureNotice() {
        guard noticeCountsFailures else { return }
        let all = failures
        if all.isEmpty { notice = nil; noticeCountsFailures = false; return }
        notice = Self.failureNotice(all)
    }

    static func failureNotice(_ all: [(label: String, message: String)]) -> String {
        (all.count == 1 ? "1 field needs attention before saving" : "\(all.count) fields need attention before saving")
            + " — \(all[0].label): \(all[0].message)"
    }

    public func perform(_ action: FormAction) -> FormOutcome {
        switch action {
        case .save: return attemptSave()
        case .cancel: return .cancel
        case .next: moveFocus(by: 1)
        case .previous: moveFocus(by: -1)
        }
        return .editing
    }

    /// `.save` when every field is valid; otherwise shows every message and focuses the first failure.
    public func attemptSave() -> FormOutcome {
        showsAllErrors = true
        if let firstBad = fields.indices.first(where: { message(for: $0) != nil }) {
            focus = firstBad
            notice = Self.failureNotice(failures)
            noticeCountsFailures = true
            noticeIsError = true
            return .editing
        }
        notice = nil
        return .save
    }

    public func moveFocus(by delta: Int) {
        guard fields.contains(where: { $0.takesFocus }) else { return }
        visited.insert(focus)
        repeat { focus = (focus + delta + fields.count) % fields.count } while !fields[focus].takesFocus
        updateFailureNotice()
    }

    public func focusField(labelled label: String) {
        if let i = fields.firstIndex(where: { $0.label == label }) { focus = i }
    }

    private func shouldShowError(_ index: Int) -> Bool { showsAllErrors || (visited.contains(index) && index != focus) }

    /// Draws the form as a bordered panel filling `rect`.
    public func render(in rect: Rect, on surface: inout Surface, theme: Theme) {
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: theme[.dialogBorder], title: title + (isModified ? " *" : ""), titleStyle: theme[.title])
        var inner = rect.inset(by: 1)
        inner = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        if let notice {
            surface.write(DisplayWidth.truncate(notice, to: inner.width), x: inner.x, y: inner.y,
                          style: noticeIsError ? theme[.error] : theme[.success], clip: inner)
        }
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 2)
        let labelWidth = min(labelWidthLimit, (fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2)
        // One-line inputs leave room for their message beside them; taller fields (lists, pickers,
        // text areas) take the full width and show their message under their label.
        let inputWidth = max(10, min(30, (body.width - labelWidth) / 2))
        let wideInputWidth = body.width - labelWidth
        let messageX = body.x + labelWidth + inputWidth + 2

        // Scroll so the focused field is fully visible.
        var tops: [Int] = []
        var y = 0
        for f in fields { tops.append(y); y += f.height + (f.height > 1 ? 1 : 0) }
        if fields.indices.contains(focus) {
            let top = tops[focus], bottom = top + fields[focus].height
            if top < scroll { scroll = top }
            if bottom > scroll + body.height { scroll = bottom - body.height }
        }
        surface.cursor = nil
        for (i, field) in fields.enumerated() {
            let fy = body.y + tops[i] - scroll
            if fy < body.y || fy + field.height > body.maxY { continue }
            let focused = i == focus
            let message = (shouldShowError(i) ? self.message(for: i) : nil) ?? (focused ? field.keyMessage : nil)
            let labelStyle = message != nil ? theme[.error] : (focused ? theme[.accent] : theme[.text])
            surface.write(DisplayWidth.fit(field.label, to: labelWidth - 1), x: body.x, y: fy, style: labelStyle, clip: body)
            let tall = field.height > 1
            let inputRect = Rect(x: body.x + labelWidth, y: fy, width: tall ? wideInputWidth : inputWidth, height: field.height)
            if let c = field.renderInput(in: inputRect, focused: focused, on: &surface, theme: theme) { surface.cursor = c }
            if let message {
                let text = surface.glyphs.cross + " " + message
                if tall {
                    let lines = Dialog.wrap(text, width: labelWidth - 1).prefix(field.height - 1)
                    for (j, line) in lines.enumerated() {
                        surface.write(line, x: body.x, y: fy + 1 + j, style: theme[.error], clip: Rect(x: body.x, y: fy, width: labelWidth - 1, height: field.height))
                    }
                } else {
                    let room = max(0, body.maxX - messageX)
                    surface.write(DisplayWidth.truncate(text, to: room), x: messageX, y: fy, style: theme[.error], clip: body)
                    // Cut beside the field: the focused field's whole message goes on the notice line.
                    if focused, DisplayWidth.of(text) > room, notice == nil || noticeCountsFailures {
                        surface.fill(Rect(x: inner.x, y: inner.y, width: inner.width, height: 1), style: theme[.dialog])
                        surface.write(DisplayWidth.truncate("\(field.label): \(message)", to: inner.width), x: inner.x, y: inner.y,
                                      style: theme[.error], clip: inner)
                    }
                }
            }
        }
        surface.write("Tab next · Shift-Tab back · Ctrl-S save · Esc cancel", x: inner.x, y: inner.maxY - 1,
                      style: theme[.muted], clip: inner)
    }
}
