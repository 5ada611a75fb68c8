/// The meanings a style can have on screen. Widgets ask for a role, never for a colour.
public enum ThemeRole: String, CaseIterable, Sendable {
    case text, muted, accent, title, header, selection, border, error, warning, success
    case statusBar = "status-bar", statusKey = "status-key"
    case tabActive = "tab-active", tabInactive = "tab-inactive"
    case input, inputFocused = "input-focused", dialog, dialogBorder = "dialog-border"
}

public struct Theme: Sendable {
    public var name: String
    public var styles: [ThemeRole: Style]
    /// How much of a list's selected row carries the selection style.
    public var selectionSpan: SelectionSpan

    public init(name: String, styles: [ThemeRole: Style], selectionSpan: SelectionSpan = .lead) {
        self.name = name
        self.styles = styles
        self.selectionSpan = selectionSpan
    }

    public subscript(role: ThemeRole) -> Style {
        styles[role] ?? Theme.monochrome.styles[role] ?? .plain
    }

    /// Readable with no colour at all: meaning carried by bold, underline, reverse and dim.
    public static let monochrome = Theme(name: "monochrome", styles: [
        .text: Style(),
        .muted: Style(attributes: .dim),
        .accent: Style(attributes: .bold),
        .title: Style(attributes: .bold),
        .header: Style(attributes: [.bold, .underline]),
        .selection: Style(attributes: .reverse),
        .border: Style(),
        .error: Style(attributes: [.bold, .underline]),
        .warning: Style(attributes: .bold),
        .success: Style(attributes: .bold),
        .statusBar: Style(attributes: .reverse),
        .statusKey: Style(attributes: [.reverse, .bold]),
        .tabActive: Style(attributes: [.reverse, .bold]),
        .tabInactive: Style(),
        .input: Style(attributes: .underline),
        .inputFocused: Style(attributes: [.reverse]),
        .dialog: Style(),
        .dialogBorder: Style(attributes: .bold),
    ])

    /// The compiled-in colour theme, used when no theme file loads. Uses only the 8 basic colours
    /// so it reads the same on every colour terminal.
    public static let fallback = Theme(name: "fallback", styles: [
        .text: Style(),
        .muted: Style(foreground: .ansi(8)),
        .accent: Style(foreground: .cyan, attributes: .bold),
        .title: Style(foreground: .cyan, attributes: .bold),
        .header: Style(foreground: .yellow, attributes: .bold),
        .selection: Style(foreground: .black, background: .cyan),
        .border: Style(foreground: .blue),
        .error: Style(foreground: .red, attributes: .bold),
        .warning: Style(foreground: .yellow, attributes: .bold),
        .success: Style(foreground: .green, attributes: .bold),
        .statusBar: Style(foreground: .black, background: .white),
        .statusKey: Style(foreground: .blue, background: .white, attributes: .bold),
        .tabActive: Style(foreground: .black, background: .cyan, attributes: .bold),
        .tabInactive: Style(foreground: .white),
        .input: Style(attributes: .underline),
        .inputFocused: Style(foreground: .black, background: .white),
        .dialog: Style(),
        .dialogBorder: Style(foreground: .cyan, attributes: .bold),
    ])
}

/// How much of a list's selected row is drawn in the selection style (`[selection] span` in a theme).
///
/// `lead` colours the row's first column (8 to 24 cells): moving the selection then rewrites that
/// much of two rows, not both rows whole, which keeps a move at about half the bytes on a slow SSH
/// link (the benchmark's budget is 200 bytes a move; whole rows took about 250). `row` colours the
/// whole row, for those who find the row easier to follow that way (the high-contrast theme).
public enum SelectionSpan: String, Sendable, CaseIterable {
    case lead, row

    /// The cells of a row `width` wide whose first column is `firstColumn` wide that the selection colours.
    public func cells(firstColumn: Int, width: Int) -> Int {
        switch self {
        case .row: return width
        case .lead: return min(width, min(24, max(8, firstColumn + 1)))
        }
    }
}
