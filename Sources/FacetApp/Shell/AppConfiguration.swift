import FacetModel
import TermUI

/// Which application this is: its panes in tab order, and whether the user may switch panes and
/// quit. The coordinators' application is one configuration; the front-office kiosk is another.
/// Adding a pane is a folder under `Panes/` and one line here.
public struct AppConfiguration {
    let panes: [(AppContext) -> Pane]
    public var allowsPaneSwitching = true
    public var allowsQuit = true
    /// Whether an empty database offers the demo district.
    public var offersDemoWhenEmpty = true

    init(panes: [(AppContext) -> Pane], allowsPaneSwitching: Bool = true, allowsQuit: Bool = true, offersDemoWhenEmpty: Bool = true) {
        self.panes = panes
        self.allowsPaneSwitching = allowsPaneSwitching
        self.allowsQuit = allowsQuit
        self.offersDemoWhenEmpty = offersDemoWhenEmpty
    }

    /// The full application for coordinators, admins and viewers.
    public static var full: AppConfiguration {
        AppConfiguration(panes: [
            DashboardPane.init,
            PartnershipsPane.init,
            StandardsPane.init,
            SurveysPane.init,
            RostersPane.init,
            OutreachPane.init,
        ])
    }

    static let context = "Everywhere"

    /// The bindings that work on every screen that passes keys on: pane keys (1–9 and F-keys, as
    /// many as there are panes), help, quit, redraw.
    func globalBindings(paneTitles: [String]) -> BindingTable<Action> {
        var bindings: [KeyBinding<Action>] = []
        if allowsPaneSwitching {
            for (i, title) in paneTitles.enumerated() where i < 9 {
                bindings.append(KeyBinding(Action.showPane(i), keys: [.char(Character(String(i + 1))), .function(i + 1)],
                                           label: title.lowercased() == "pd rosters" ? "PD rosters" : title.lowercased(),
                                           context: Self.context, showInStatus: false))
            }
        }
        bindings.append(KeyBinding(.help, keys: [.char("?")], label: "help", context: Self.context))
        if allowsQuit { bindings.append(KeyBinding(.quit, keys: [.char("q"), .ctrl("c")], label: "quit", context: Self.context)) }
        bindings.append(KeyBinding(.redraw, keys: [.ctrl("l")], label: "redraw the screen", context: Self.context, showInStatus: false))
        return BindingTable(bindings)
    }
}

extension Action {
    static func showPane(_ index: Int) -> Action { Action("pane.\(index)") }
    static let help = Action("help")
    static let quit = Action("quit")
    static let redraw = Action("redraw")
}

/// A workflow of the application: its tab title, its first screen and the editors of the records
/// it owns. Each pane lives in its own folder under `Panes/` with its screens.
protocol Pane: AnyObject {
    var title: String { get }
    /// The pane's first screen (usually its main list), made once when the application starts.
    func makeRootScreen() -> Screen
    /// The editor of records of `entity`, when this pane owns them (drafts reopen through it).
    func editor(for entity: Entity) -> RecordEditor?
}

extension Pane {
    func editor(for entity: Entity) -> RecordEditor? { nil }
}
