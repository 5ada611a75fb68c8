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

    public init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
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
