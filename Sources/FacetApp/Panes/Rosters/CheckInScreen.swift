import FacetModel
import FacetStore
import TermUI

/// Check-in at the door, built for a queue: type a few letters of a name or number, the matches
/// narrow at once (the session's roster first, then anyone in the district for a walk-in), Enter
/// marks the chosen one attended, and the count runs at the top. Esc when the door closes.
final class CheckInScreen: BoundScreen {
    static let context = "Check-in"
    static let checkIn = Action("checkin.enter"), up = Action("checkin.up"), down = Action("checkin.down"), done = Action("checkin.done")
    let bindings = BindingTable<Action>([
        KeyBinding(checkIn, keys: [.enter], label: "check in", context: CheckInScreen.context),
        KeyBinding(down, keys: [.down], label: "choose", context: CheckInScreen.context, displayKeys: "↑↓"),
        KeyBinding(up, keys: [.up], label: "previous match", context: CheckInScreen.context, showInStatus: false),
        KeyBinding(done, keys: [.escape], label: "done", context: CheckInScreen.context),
    ])

    let sessionID: Int64
    private let context: AppContext
    private(set) var text = ""
    private(set) var matches: [CheckInMatch] = []
    private var selected = 0
    private(set) var session: SessionInfo?
    /// The last few people checked in, newest first, shown under the matches.
    private(set) var recent: [String] = []
    private var problem: String?

    init(sessionID: Int64, _ context: AppContext) {
        self.sessionID = sessionID
        self.context = context
        reloadSession()
    }

    static func open(sessionID: Int64, _ context: AppContext) -> Effect {
        if let reason = context.store.denial(.update, .pdEnrollments) { return .error(reason) }
        return .push(CheckInScreen(sessionID: sessionID, context))
    }

    var isOverlay: Bool { false }
    var helpTitle: String { "Check-in at the door" }

    func denial(of action: Action) -> String? {
        action == Self.checkIn ? context.store.denial(.update, .pdEnrollments) : nil
    }

    private func reloadSession() {
        do { session = try context.store.session(id: sessionID) } catch { problem = String(describing: error) }
    }

    private func search() {
        selected = 0
        do {
            matches = try context.store.checkInMatches(sessionID: sessionID, text: text, limit: 10)
            problem = nil
        } catch {
            matches = []
            problem = String(describing: error)
        }
    }

    func dataChanged() {
        reloadSession()
        if !text.isEmpty { search() }
    }

    func handleUnbound(_ key: Key) -> Effect? {
        switch key {
        case .char(let c): text.append(c)
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .ctrl("u"): text = ""
        default: return nil  // not used here (and, while typing, not passed on to global keys either)
        }
        search()
        return Effect.none
    }

    func perform(_ action: Action) -> Effect {
        switch action {
        // Each check-in refreshed the screens already: leaving refreshes nothing more (it made every
        // screen read again, the dashboard's figures too, after only typing).
        case Self.done: return .pop
        case Self.up: selected = max(0, selected - 1)
        case Self.down: selected = min(max(0, matches.count - 1), selected + 1)
        case Self.checkIn:
            guard matches.indices.contains(selected) else {
                return .status(text.count < 3 ? "Type a few letters of a name or number." : "No one matches “\(text)”.")
            }
            let who = matches[selected]
            do {
                let outcome = try context.store.checkIn(sessionID: sessionID, employeeID: who.employeeID)
                text = ""
                matches = []
                reloadSession()
                let message: String
                switch outcome {
                case .checkedIn(let name): message = "\(context.glyphs.check) \(name) checked in."
                case .walkIn(let name): message = "\(context.glyphs.check) \(name) added as a walk-in and checked in."
                case .already(let name): message = "\(name) was already checked in."
                }
                recent.insert(message, at: 0)
                if recent.count > 5 { recent.removeLast() }
                return .all([.refresh, .status(message)])
            } catch StoreError.busy {
                return .error("Database busy — another user is saving. Press Enter again.")
            } catch {
                return .error(String(describing: error))
            }
        default: break
        }
        return .none
    }

    /// "Checked in 12 (2 walk-ins) · 13 still expected · 3 waiting"
    var countLine: String {
        guard let s = session else { return "" }
        let expected = max(0, s.seatsTaken - s.checkedIn)
        return "Checked in \(s.checkedIn)" + (s.walkIns > 0 ? " (\(s.walkIns) walk-in\(s.walkIns == 1 ? "" : "s"))" : "")
            + " · \(expected) still expected · \(s.waiting) waiting"
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        surface.fill(area, style: theme[.text])
        var y = area.y
        let title = session.map { "Check-in · \($0.title)" } ?? "Check-in"
        surface.write(DisplayWidth.truncate(title, to: area.width - 2), x: area.x + 1, y: y, style: theme[.title], clip: area)
        y += 1
        surface.write(countLine, x: area.x + 1, y: y, style: theme[.accent], clip: area)
        y += 2
        let prompt = "Name or number: "
        surface.write(prompt, x: area.x + 1, y: y, style: theme[.text], clip: area)
        surface.write(text + "▏", x: area.x + 1 + prompt.count, y: y, style: theme[.inputFocused], clip: area)
        y += 2
        if let problem {
            surface.write(problem, x: area.x + 1, y: y, style: theme[.error], clip: area)
            y += 1
        } else if text.isEmpty {
            surface.write("Type a few letters; Enter checks in the highlighted person. Anyone not registered is added as a walk-in.",
                          x: area.x + 1, y: y, style: theme[.muted], clip: area)
            y += 1
        } else if matches.isEmpty {
            surface.write(text.count < 3 ? "No one on the roster matches; three letters search the whole district." : "No one matches “\(text)”.",
                          x: area.x + 1, y: y, style: theme[.muted], clip: area)
            y += 1
        }
        for (i, m) in matches.enumerated() where y < area.maxY - recent.count - 1 {
            let state = m.status.map { $0 == .waitlisted ? "waiting list" : $0.label.lowercased() } ?? "walk-in"
            let line = (i == selected ? "› " : "  ") + DisplayWidth.fit(m.name, to: 26) + " " + DisplayWidth.fit(m.number, to: 8) + " "
                + DisplayWidth.fit(m.school, to: 24) + " " + state
            surface.write(DisplayWidth.truncate(line, to: area.width - 2), x: area.x + 1, y: y,
                          style: i == selected ? theme[.selection] : theme[.text], clip: area)
            y += 1
        }
        var ry = area.maxY - recent.count
        for line in recent {
            surface.write(DisplayWidth.truncate(line, to: area.width - 2), x: area.x + 1, y: ry, style: theme[.muted], clip: area)
            ry += 1
        }
    }
}
