import TermUI

/// A question or a message over whatever is below. Its answer goes to the closure given by whoever
/// pushed it; the dialog itself only knows its keys.
final class DialogScreen: BoundScreen {
    let dialog: Dialog
    private let context: AppContext
    private let onAnswer: (Dialog.Answer) -> Effect
    /// A form waiting behind the question ("discard changes?"), kept as a draft if the session ends.
    var carriedEdit: EditSession?

    init(_ dialog: Dialog, _ context: AppContext, carrying edit: EditSession? = nil, onAnswer: @escaping (Dialog.Answer) -> Effect = { _ in .none }) {
        self.dialog = dialog
        self.context = context
        self.carriedEdit = edit
        self.onAnswer = onAnswer
    }

    /// A message saying something went wrong, in the store's words (never SQLite's).
    static func error(_ error: Error, _ context: AppContext) -> DialogScreen {
        DialogScreen(Dialog(title: "Something went wrong", message: String(describing: error), kind: .message, isError: true), context)
    }

    static func message(_ title: String, _ text: String, _ context: AppContext) -> DialogScreen {
        DialogScreen(Dialog(title: title, message: text, kind: .message), context)
    }

    var bindings: BindingTable<Dialog.Answer> { dialog.bindings }
    var helpTitle: String { dialog.title }
    var unsavedEdit: EditSession? { carriedEdit }

    func perform(_ answer: Dialog.Answer) -> Effect { .all([.pop, onAnswer(answer)]) }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        dialog.render(in: area, on: &surface, theme: context.theme)
    }
}

/// `?`: every key of the screen below and of the application, generated from the binding tables.
final class HelpScreen: BoundScreen {
    enum Key_: Hashable, Sendable { case scrollDown, scrollUp, pageDown, pageUp, close }
    private var help: HelpOverlay
    private let context: AppContext

    init(_ help: HelpOverlay, _ context: AppContext) {
        self.help = help
        self.context = context
    }

    let bindings = BindingTable<Key_>([
        KeyBinding(.scrollDown, keys: [.down, .char("j")], label: "scroll", context: "Help", displayKeys: "↑↓"),
        KeyBinding(.scrollUp, keys: [.up, .char("k")], label: "scroll up", context: "Help", showInStatus: false),
        KeyBinding(.pageDown, keys: [.pageDown, .char(" ")], label: "page down", context: "Help", showInStatus: false),
        KeyBinding(.pageUp, keys: [.pageUp], label: "page up", context: "Help", showInStatus: false),
        KeyBinding(.close, keys: [.escape, .char("?"), .char("q"), .enter], label: "close", context: "Help"),
    ])

    func perform(_ action: Key_) -> Effect {
        let rows = max(1, context.visibleRows - 2)
        switch action {
        case .close: return .pop
        case .scrollDown: _ = help.handle(.down, visibleRows: rows)
        case .scrollUp: _ = help.handle(.up, visibleRows: rows)
        case .pageDown: _ = help.handle(.pageDown, visibleRows: rows)
        case .pageUp: _ = help.handle(.pageUp, visibleRows: rows)
        }
        return .none
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        help.render(in: area, on: &surface, theme: context.theme)
    }
}

/// Lines of text in a box that scrolls: a record shown read-only, a breakdown, import problems.
/// Long lines wrap at the box's width; the last line stops at the bottom of the box. Keys that act
/// on the record shown (edit, review…) are given by the pane that opened it, and `reload` reads the
/// text again when the data changes (another user saved the record). A view of every school gives
/// its rows as `PagedLines` after the first lines: only those on screen are read, laid out by the view
/// for the box's text width (`textWidth`), not wrapped here.
final class TextScreen: BoundScreen {
    /// Lines read a window at a time: how many there are, and those at some positions, for the
    /// width of text the box shows (a view may lay a school out on more rows when it is narrow).
    struct PagedLines {
        private let rowCount: (Int) -> Int
        private let rowsAt: (Range<Int>, Int) -> [String]
        /// Lines that are the same at every width.
        init(count: Int, lines: @escaping (Range<Int>) -> [String]) { rowCount = { _ in count }; rowsAt = { range, _ in lines(range) } }
        /// Lines laid out for a text width: `count(width)` of them, `lines(range, width)` those at `range`.
        init(count: @escaping (Int) -> Int, lines: @escaping (Range<Int>, Int) -> [String]) { rowCount = count; rowsAt = lines }
        func count(width: Int) -> Int { rowCount(width) }
        func lines(_ range: Range<Int>, width: Int) -> [String] { rowsAt(range, width) }
    }

    struct RecordAction {
        var binding: KeyBinding<Action>
        /// Why the user may not take it, or nil.
        var denial: () -> String?
        var perform: () -> Effect
    }

    let title: String
    private(set) var lines: [String] { didSet { wrapCache = nil } }
    /// The lines after `lines`, read as they come into view.
    private(set) var pagedLines: PagedLines?
    /// The lines wrapped at the last width: a view of 1,800 schools took 15 ms a key to wrap again.
    private var wrapCache: (width: Int, wrapped: [String])?
    private var scroll = 0
    private let context: AppContext
    private let actions: [RecordAction]
    private let reload: (() -> [String]?)?
    private let reloadPaged: (() -> (lines: [String], paged: PagedLines)?)?
    /// Between keys: reads ahead a view one of `actions` opens (`AppContext.drawUnseen`), when its
    /// first open reads more than a frame allows (compliance by school from the compliance report).
    var readAhead: (() -> Bool)?
    let bindings: BindingTable<Action>
    /// The area the box was last drawn in (at first, that of an 80×24 window): paging and the end
    /// of scrolling are counted in the rows it shows.
    private var lastArea = Rect(x: 0, y: 2, width: 80, height: 22)

    static let context = "Viewing"
    static let scrollDown = Action("text.down"), scrollUp = Action("text.up"), close = Action("text.close")
    static let pageDown = Action("text.pageDown"), pageUp = Action("text.pageUp")
    static let top = Action("text.top"), bottom = Action("text.bottom")

    init(title: String, lines: [String], _ context: AppContext, actions: [RecordAction] = [], reload: (() -> [String]?)? = nil) {
        self.title = title
        self.lines = lines
        self.context = context
        self.actions = actions
        self.reload = reload
        self.reloadPaged = nil
        bindings = Self.bindings(actions)
    }

    /// `lines`, then `paged`'s lines read as they come into view; `reload` reads both again when
    /// the data change.
    init(title: String, lines: [String], paged: PagedLines, _ context: AppContext,
         reload: @escaping () -> (lines: [String], paged: PagedLines)?) {
        self.title = title
        self.lines = lines
        self.pagedLines = paged
        self.context = context
        self.actions = []
        self.reload = nil
        self.reloadPaged = reload
        bindings = Self.bindings([])
    }

    private static func bindings(_ actions: [RecordAction]) -> BindingTable<Action> {
        BindingTable(actions.map(\.binding) + [
            KeyBinding(Self.scrollDown, keys: [.down, .char("j")], label: "scroll", context: Self.context, displayKeys: "↑↓"),
            KeyBinding(Self.scrollUp, keys: [.up, .char("k")], label: "scroll up", context: Self.context, showInStatus: false),
            KeyBinding(Self.pageDown, keys: [.pageDown, .char(" ")], label: "page down", context: Self.context, showInStatus: false),
            KeyBinding(Self.pageUp, keys: [.pageUp], label: "page up", context: Self.context, showInStatus: false),
            KeyBinding(Self.top, keys: [.home], label: "top", context: Self.context, showInStatus: false),
            KeyBinding(Self.bottom, keys: [.end], label: "end", context: Self.context, showInStatus: false),
            KeyBinding(Self.close, keys: [.escape, .enter, .char("q")], label: "close", context: Self.context),
        ])
    }

    var helpTitle: String { title }

    func prepareAhead() -> Bool { readAhead?() ?? false }

    func denial(of action: Action) -> String? {
        actions.first { $0.binding.action == action }?.denial()
    }

    /// The lines wrapped to the box's width, the box, and how many rows of text it shows (the
    /// paged lines count in `total`, after the wrapped ones).
    private func layout(in area: Rect) -> (wrapped: [String], total: Int, rect: Rect, rows: Int) {
        let width = min(76, area.width - 2)
        let textWidth = Self.textWidth(boxWidth: width)
        let wrapped: [String]
        if let cache = wrapCache, cache.width == width {
            wrapped = cache.wrapped
        } else {
            wrapped = lines.flatMap { line -> [String] in
                guard DisplayWidth.of(line) > width - 4 else { return [line] }
                // Continuation lines keep the line's indent, so a wrapped field still reads as one.
                let indent = String(line.prefix { $0 == " " })
                let parts = Dialog.wrap(String(line.dropFirst(indent.count)), width: width - 4 - indent.count - 2)
                return parts.enumerated().map { indent + ($0.offset == 0 ? "" : "  ") + $0.element }
            }
            wrapCache = (width, wrapped)
        }
        let total = wrapped.count + (pagedLines?.count(width: textWidth) ?? 0)
        let rect = area.centered(width: width, height: min(area.height - 1, total + 4))
        return (wrapped, total, rect, max(1, rect.height - 3))
    }

    /// The columns of text a box `boxWidth` wide shows: inside its border, after a space.
    static func textWidth(boxWidth: Int) -> Int { boxWidth - 3 }

    /// The text rows `range` (positions among the wrapped lines, then the paged ones).
    private func shown(_ range: Range<Int>, wrapped: [String], textWidth: Int) -> [String] {
        var result = Array(wrapped[min(range.lowerBound, wrapped.count)..<min(range.upperBound, wrapped.count)])
        if let pagedLines, range.upperBound > wrapped.count {
            let lo = max(0, range.lowerBound - wrapped.count), hi = min(pagedLines.count(width: textWidth), range.upperBound - wrapped.count)
            if lo < hi { result += pagedLines.lines(lo..<hi, width: textWidth) }
        }
        return result
    }

    func perform(_ action: Action) -> Effect {
        let (_, total, _, shownRows) = layout(in: lastArea)
        let lastScroll = max(0, total - shownRows)
        switch action {
        case Self.close: return .pop
        case Self.scrollDown: scroll = min(lastScroll, scroll + 1)
        case Self.scrollUp: scroll = max(0, scroll - 1)
        case Self.pageDown: scroll = min(lastScroll, scroll + shownRows)
        case Self.pageUp: scroll = max(0, scroll - shownRows)
        case Self.top: scroll = 0
        case Self.bottom: scroll = lastScroll
        default:
            if let a = actions.first(where: { $0.binding.action == action }) { return .all([.pop, a.perform()]) }
        }
        return .none
    }

    func dataChanged() {
        if let reloadPaged {
            if let fresh = reloadPaged() { pagedLines = fresh.paged; lines = fresh.lines }
            return
        }
        guard let reload else { return }
        lines = reload() ?? ["This record was deleted by someone else.", "", "Esc closes this view."]
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        lastArea = area
        let (wrapped, total, rect, shownRows) = layout(in: area)
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: theme[.dialogBorder], title: title, titleStyle: theme[.title])
        let inner = rect.inset(by: 1)
        scroll = min(scroll, max(0, total - shownRows))
        for (i, line) in shown(scroll..<(scroll + shownRows), wrapped: wrapped, textWidth: Self.textWidth(boxWidth: rect.width)).enumerated() {
            surface.write(line, x: inner.x + 1, y: inner.y + i, style: theme[.text], clip: inner)
        }
        var footer = statusHints.map { "\($0.keys) \($0.label)" }.joined(separator: " · ")
        if total > shownRows { footer += "   \(scroll + 1)–\(min(total, scroll + shownRows)) of \(total)" }
        surface.write(footer, x: inner.x + 1, y: inner.maxY - 1, style: theme[.muted], clip: inner)
    }
}
