import TermUI

/// Everything a key can ask the application to do.
public enum AppAction: Hashable, Sendable {
    case showPane(Int)
    case quit, help, redraw
    case up, down, pageUp, pageDown, first, last
    case open, history
    case filter, clearFilter
    case sortNext, sortReverse
}

/// The one table of key bindings: it handles keys, fills the status line and writes the help.
enum Bindings {
    static let global = "Everywhere"
    static let list = "Lists"
    static let filtering = "Typing a filter"

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
        KeyBinding(.sortNext, keys: [.char("s")], label: "sort by next column", context: list),
        KeyBinding(.sortReverse, keys: [.char("S")], label: "reverse sort", context: list, showInStatus: false),
        KeyBinding(.history, keys: [.char("h")], label: "history", context: list),

        KeyBinding(.clearFilter, keys: [.escape], label: "clear filter", context: filtering),
        KeyBinding(.open, keys: [.enter], label: "keep filter, back to list", context: filtering),
    ])
}
