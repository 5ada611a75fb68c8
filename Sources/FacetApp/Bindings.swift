import TermUI

/// Everything a key can ask the application to do.
public enum AppAction: Hashable, Sendable {
    case showPane(Int)
    case quit, help, redraw
    case up, down, pageUp, pageDown, first, last
    case open, history, new, delete
    case filter, clearFilter
    case sortNext, sortReverse
    /// In the history view: put the record back as it was after the selected change.
    case restore
    // The partnerships pane.
    case edit, review, quickFilter, clearQuickFilters, breakdown
    case showPartners, showCriteria, showPartnersPartnerships
    case importCSV, exportCSV
}

/// The one table of key bindings: it handles keys, fills the status line and writes the help.
enum Bindings {
    static let global = "Everywhere"
    static let list = "Lists"
    static let filtering = "Typing a filter"
    static let form = "Forms"
    static let history = "History"
    static let partnerships = "Partnerships"
    static let partners = "Partners"
    static let criteria = "Policy criteria"
    static let conflict = "Edit conflict"

    static let table = BindingTable<AppAction>([
        KeyBinding(.showPane(0), keys: [.char("1"), .function(1)], label: "dashboard", context: global, showInStatus: false),
        KeyBinding(.showPane(1), keys: [.char("2"), .function(2)], label: "partnerships", context: global, showInStatus: false),
        KeyBinding(.showPane(2), keys: [.char("3"), .function(3)], label: "standards", context: global, showInStatus: false),
        KeyBinding(.showPane(3), keys: [.char("4"), .function(4)], label: "surveys", context: global, showInStatus: false),
        KeyBinding(.showPane(4), keys: [.char("5"), .function(5)], label: "PD rosters", context: global, showInStatus: false),
        KeyBinding(.help, keys: [.char("?")], label: "help", context: global),
        KeyBinding(.quit, keys: [.char("q"), .ctrl("c")], label: "quit", context: global),
        KeyBinding(.redraw, keys: [.ctrl("l")], label: "redraw the screen", context: global, showInStatus: false),

        KeyBinding(.up, keys: [.up, .char("k")], label: "move up", context: list, showInStatus: false),
        KeyBinding(.down, keys: [.down, .char("j")], label: "move down", context: list, showInStatus: false),
        KeyBinding(.pageUp, keys: [.pageUp], label: "page up", context: list, showInStatus: false),
        KeyBinding(.pageDown, keys: [.pageDown, .char(" ")], label: "page down", context: list, showInStatus: false),
        KeyBinding(.first, keys: [.home, .char("g")], label: "first row", context: list, showInStatus: false),
        KeyBinding(.last, keys: [.end, .char("G")], label: "last row", context: list, showInStatus: false),
        KeyBinding(.open, keys: [.enter], label: "open", context: list),
        KeyBinding(.filter, keys: [.char("/")], label: "filter", context: list),
        KeyBinding(.clearFilter, keys: [.escape], label: "clear filter", context: list, showInStatus: false),
        KeyBinding(.sortNext, keys: [.char("s")], label: "sort", context: list),
        KeyBinding(.sortReverse, keys: [.char("S")], label: "reverse sort", context: list, showInStatus: false),
        KeyBinding(.new, keys: [.char("n")], label: "new", context: list),
        KeyBinding(.delete, keys: [.char("d")], label: "delete", context: list),
        KeyBinding(.history, keys: [.char("h")], label: "history", context: list),

        KeyBinding(.clearFilter, keys: [.escape], label: "clear filter", context: filtering),
        KeyBinding(.open, keys: [.enter], label: "keep filter, back to list", context: filtering),

        KeyBinding(.restore, keys: [.char("r")], label: "restore this version", context: history),

        KeyBinding(.edit, keys: [.char("e")], label: "edit", context: partnerships),
        KeyBinding(.review, keys: [.char("r")], label: "review", context: partnerships),
        KeyBinding(.quickFilter, keys: [.char("f")], label: "quick filter", context: partnerships),
        KeyBinding(.clearQuickFilters, keys: [.char("F")], label: "clear quick filters", context: partnerships, showInStatus: false),
        KeyBinding(.breakdown, keys: [.char("b")], label: "breakdown", context: partnerships),
        KeyBinding(.showPartners, keys: [.char("p")], label: "partners", context: partnerships),
        KeyBinding(.showCriteria, keys: [.char("c")], label: "policy criteria", context: partnerships, showInStatus: false),
        KeyBinding(.importCSV, keys: [.char("I")], label: "import CSV", context: partnerships, showInStatus: false),
        KeyBinding(.exportCSV, keys: [.char("E")], label: "export CSV", context: partnerships, showInStatus: false),
        KeyBinding(.showPartnersPartnerships, keys: [.char("l")], label: "its partnerships", context: partners),
        KeyBinding(.showPartners, keys: [.char("p")], label: "back to partnerships", context: partners),
        KeyBinding(.showCriteria, keys: [.char("c")], label: "back to partnerships", context: criteria),
    ])

    /// Keys handled inside widgets, listed in help so nothing is hidden.
    static let widgetHelp: [HelpSection] = [
        HelpSection(title: form, rows: [
            .init(keys: "Tab/Shift-Tab", label: "next / previous field"),
            .init(keys: "↑/↓", label: "previous / next field (lines in a text area)"),
            .init(keys: "←/→ Space", label: "change a choice, tick a box"),
            .init(keys: "Ctrl-S", label: "save"),
            .init(keys: "Esc", label: "cancel (asks if changed)"),
        ]),
        HelpSection(title: conflict, rows: [
            .init(keys: "←/→", label: "keep yours / take the stored value"),
            .init(keys: "Y/T", label: "all yours / all stored"),
            .init(keys: "Enter", label: "save the merged record"),
            .init(keys: "Esc", label: "back to your form"),
        ]),
    ]
}
