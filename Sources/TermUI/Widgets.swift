// Small widgets: tabs across the top, the status line, dialogs and the help overlay.

public enum Tabs {
    /// Draws " 1 First  2 Second …" with the active tab highlighted.
    /// Without `numbered` (an application whose panes cannot be switched) the titles stand alone.
    public static func render(_ titles: [String], active: Int, in rect: Rect, on surface: inout Surface, theme: Theme,
                              numbered: Bool = true) {
        surface.fill(rect, style: theme[.tabInactive])
        let labels = titles.enumerated().map { numbered ? " \($0.offset + 1) \($0.element) " : " \($0.element) " }
        // Six panes do not fit 80 columns with a column between tabs; their own padding then separates them.
        let gap = labels.reduce(0) { $0 + DisplayWidth.of($1) } + labels.count - 1 <= rect.width ? 1 : 0
        var x = rect.x
        for (i, label) in labels.enumerated() {
            let style = i == active ? theme[.tabActive] : theme[.tabInactive]
            let end = surface.write(label, x: x, y: rect.y, style: style, clip: rect)
            x = end + gap
            if x >= rect.maxX { break }
        }
    }
}

public enum StatusBar {
    /// A message on the left (or the key hints when there is none); `trailing` hints (help, quit)
    /// are kept at the right edge whatever else has to give way.
    public static func render(message: String?, messageRole: ThemeRole = .statusBar,
                              hints: [(keys: String, label: String)], trailing: [(keys: String, label: String)] = [],
                              in rect: Rect, on surface: inout Surface, theme: Theme) {
        surface.fill(rect, style: theme[.statusBar])
        func width(_ h: [(keys: String, label: String)]) -> Int {
            h.reduce(0) { $0 + DisplayWidth.of($1.keys) + 1 + DisplayWidth.of($1.label) + 2 }
        }
        let trailingWidth = width(trailing)
        var tx = rect.maxX - trailingWidth
        for hint in trailing where tx >= rect.x {
            tx = surface.write(hint.keys, x: tx, y: rect.y, style: theme[.statusKey], clip: rect)
            tx = surface.write(" " + hint.label + "  ", x: tx, y: rect.y, style: theme[.statusBar], clip: rect)
        }
        let leftEnd = rect.maxX - trailingWidth
        var x = rect.x + 1
        if let message, !message.isEmpty {
            var style = theme[messageRole]
            if messageRole != .statusBar { style.background = theme[.statusBar].background }
            let area = Rect(x: x, y: rect.y, width: max(0, rect.maxX - x - 1), height: 1)
            surface.fill(area, style: theme[.statusBar])
            surface.write(DisplayWidth.truncate(message, to: area.width), x: x, y: rect.y, style: style, clip: area)
            return
        }
        for hint in hints {
            let needed = DisplayWidth.of(hint.keys) + 1 + DisplayWidth.of(hint.label) + 2
            if x + needed > leftEnd { break }
            x = surface.write(hint.keys, x: x, y: rect.y, style: theme[.statusKey], clip: rect)
            x = surface.write(" " + hint.label + "  ", x: x, y: rect.y, style: theme[.statusBar], clip: rect)
        }
    }
}

/// A modal question or message, drawn centred over whatever is below.
public struct Dialog: Sendable {
    public enum Kind: Sendable {
        /// Yes/no: `y`/Enter answers yes, `n`/Esc answers no.
        case confirm
        /// A message: Enter or Esc closes.
        case message
        /// Several answers, each on its own key; Esc answers `.no`.
        case options([(key: Character, label: String)])
    }

    public enum Answer: Sendable, Hashable { case yes, no, dismissed, option(Character) }

    public var title: String
    public var message: String
    public var kind: Kind
    public var yesLabel: String
    public var noLabel: String
    public var isError: Bool

    public init(title: String, message: String, kind: Kind, yesLabel: String = "Yes", noLabel: String = "No",
                isError: Bool = false) {
        self.title = title
        self.message = message
        self.kind = kind
        self.yesLabel = yesLabel
        self.noLabel = noLabel
        self.isError = isError
    }

    public static let context = "Question"

    /// The dialog's keys: each answer and the keys that give it.
    public var bindings: BindingTable<Answer> {
        switch kind {
        case .confirm:
            return BindingTable([
                KeyBinding(.yes, keys: [.char("y"), .char("Y"), .enter], label: yesLabel, context: Dialog.context),
                KeyBinding(.no, keys: [.char("n"), .char("N"), .escape], label: noLabel, context: Dialog.context),
            ])
        case .message:
            return BindingTable([KeyBinding(.dismissed, keys: [.enter, .escape, .char(" "), .char("q")], label: "OK", context: Dialog.context)])
        case .options(let options):
            return BindingTable(options.map { KeyBinding(.option($0.key), keys: [.char($0.key)], label: $0.label, context: Dialog.context) }
                                + [KeyBinding(.no, keys: [.escape], label: "cancel", context: Dialog.context)])
        }
    }

    /// The answer a key gives, or nil when the key means nothing here.
    public func answer(for key: Key) -> Answer? { bindings.action(for: key) }

    public func render(in area: Rect, on surface: inout Surface, theme: Theme) {
        let width = min(area.width - 4, max(40, min(64, DisplayWidth.of(message) + 6)))
        let lines = Dialog.wrap(message, width: width - 4)
        let height = lines.count + 5
        let rect = area.centered(width: width, height: height)
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: isError ? theme[.error] : theme[.dialogBorder], title: title,
                    titleStyle: isError ? theme[.error] : theme[.title])
        for (i, line) in lines.enumerated() {
            surface.write(line, x: rect.x + 2, y: rect.y + 2 + i, style: theme[.dialog], clip: rect.inset(by: 1))
        }
        let buttons: String
        switch kind {
        case .confirm: buttons = "[y] \(yesLabel)   [n] \(noLabel)"
        case .message: buttons = "[Enter] OK"
        case .options(let options): buttons = options.map { "[\($0.key)] \($0.label)" }.joined(separator: "  ") + "  [Esc] cancel"
        }
        surface.write(buttons, x: rect.x + 2, y: rect.maxY - 2, style: theme[.accent], clip: rect.inset(by: 1))
    }

    /// Word-wraps text to a width in cells; explicit newlines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let w = String(word)
                if line.isEmpty {
                    line = DisplayWidth.truncate(w, to: width)
                } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(w) <= width {
                    line += " " + w
                } else {
                    result.append(line)
                    line = DisplayWidth.truncate(w, to: width)
                }
            }
            result.append(line)
        }
        return result
    }
}

/// The `?` overlay: every binding of the contexts in force, generated from the binding table.
public struct HelpOverlay: Sendable {
    public var title: String
    public var sections: [HelpSection]
    public var scroll: Int = 0

    public init(title: String, sections: [HelpSection]) {
        self.title = title
        self.sections = sections
    }

    /// Lines of one section list, keys padded to `keyWidth`.
    func lines(keyWidth: Int) -> [(text: String, isHeading: Bool)] {
        var out: [(String, Bool)] = []
        for section in sections {
            if !out.isEmpty { out.append(("", false)) }
            out.append((section.title, true))
            for row in section.rows { out.append(("  " + DisplayWidth.fit(row.keys, to: keyWidth) + " " + row.label, false)) }
        }
        return out
    }

    /// Lines laid out in columns: one when they fit, two side by side (split between sections) when not.
    func columns(height: Int, width: Int) -> [[(text: String, isHeading: Bool)]] {
        let single = lines(keyWidth: 18)
        guard single.count > height, width >= 60 else { return [single] }
        let narrow = lines(keyWidth: 10)
        // Break before the section heading nearest the middle.
        let middle = (narrow.count + 1) / 2
        let headings = narrow.indices.filter { narrow[$0].isHeading && $0 > 0 }
        let cut = headings.min { abs($0 - middle) < abs($1 - middle) } ?? middle
        return [Array(narrow[..<cut]), Array(narrow[cut...].drop { $0.text.isEmpty })]
    }

    public mutating func handle(_ key: Key, visibleRows: Int) -> Bool {
        let longest = columns(height: visibleRows, width: 76).map(\.count).max() ?? 0
        let maxScroll = max(0, longest - visibleRows)
        switch key {
        case .down, .char("j"): scroll = min(maxScroll, scroll + 1)
        case .up, .char("k"): scroll = max(0, scroll - 1)
        case .pageDown, .char(" "): scroll = min(maxScroll, scroll + visibleRows)
        case .pageUp: scroll = max(0, scroll - visibleRows)
        default: return false
        }
        return true
    }

    public func rect(in area: Rect) -> Rect { area.centered(width: min(80, area.width - 2), height: area.height - 2) }

    public func render(in area: Rect, on surface: inout Surface, theme: Theme) {
        let r = rect(in: area)
        surface.fill(r, style: theme[.dialog])
        surface.box(r, style: theme[.dialogBorder], title: title, titleStyle: theme[.title])
        let inner = r.inset(by: 1)
        let body = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height - 1)
        let columns = self.columns(height: body.height, width: body.width)
        let columnWidth = columns.count == 1 ? body.width : (body.width - 2) / 2
        for (c, column) in columns.enumerated() {
            let area = Rect(x: body.x + c * (columnWidth + 2), y: body.y, width: columnWidth, height: body.height)
            for (i, line) in column.dropFirst(scroll).prefix(body.height).enumerated() {
                surface.write(line.text, x: area.x, y: area.y + i, style: line.isHeading ? theme[.header] : theme[.text], clip: area)
            }
        }
        surface.write("↑↓ scroll   Esc/? close", x: body.x, y: inner.maxY - 1, style: theme[.muted], clip: inner)
    }
}
