import FacetModel
import FacetStore
import Foundation
import TermUI

/// What every screen of one kiosk shares: its school and the clock its idle timeout is read from.
/// (Wrong PIN tries are the school's, kept in the database.)
final class KioskSession {
    let school: (id: Int64, code: String, name: String)
    let idleTimeout: TimeInterval
    let context: AppContext
    private(set) var lastActivity: Date
    /// Set by the welcome screen: clears a half-done survey.
    var resetSurvey: () -> Void = {}

    init(school: (id: Int64, code: String, name: String), idleTimeout: TimeInterval, _ context: AppContext) {
        self.school = school
        self.idleTimeout = idleTimeout
        self.context = context
        lastActivity = context.clock.now
    }

    /// A key was pressed: the idle time starts again.
    func touch() { lastActivity = context.clock.now }

    var isIdle: Bool { context.clock.now.timeIntervalSince(lastActivity) >= idleTimeout }

    /// Why the signed-in user may not `action` records of `entity` at this kiosk's school, or nil.
    func denial(_ action: WriteAction, _ entity: Entity) -> String? {
        if let reason = context.store.readOnlyReason { return "This database is open read-only: \(reason)." }
        return AccessPolicy.denial(user: context.store.currentUser, action: action, entity: entity, scope: .schools([school.id]))
    }

    /// On any kiosk screen over the welcome: when no one has touched a key for the idle timeout,
    /// everything is cleared and the welcome returns (a staff screen left open locks itself).
    func idleEffect() -> Effect? {
        guard isIdle else { return nil }
        resetSurvey()
        touch()
        return .popToRoot
    }
}

/// The kiosk as a pane: one screen stack that starts at the family survey's welcome.
final class KioskPane: Pane {
    let session: KioskSession
    var title: String { "Front office · \(session.school.code) \(session.school.name)" }

    init(_ context: AppContext, school: (id: Int64, code: String, name: String), idleTimeout: TimeInterval) {
        session = KioskSession(school: school, idleTimeout: idleTimeout, context)
    }

    func makeRootScreen() -> Screen { KioskSurveyScreen(session) }
}

/// Why a kiosk cannot start, in words for the person at the terminal.
public struct KioskRefusal: Error, CustomStringConvertible {
    public let description: String
}

extension AppConfiguration {
    /// The default idle timeout of the family survey.
    public static let kioskIdleTimeout: TimeInterval = 90

    /// The front-office kiosk of one school: one pane, no pane keys, no quit (only *Leave the
    /// kiosk* with the PIN), no demo offer.
    static func kiosk(school: (id: Int64, code: String, name: String), idleTimeout: TimeInterval) -> AppConfiguration {
        AppConfiguration(panes: [{ KioskPane($0, school: school, idleTimeout: idleTimeout) }],
                         allowsPaneSwitching: false, allowsQuit: false, offersDemoWhenEmpty: false)
    }

    /// `facet kiosk --school CODE`: admins for any school, coordinators and front offices for
    /// their own.
    public static func kiosk(store: FacetStore, schoolCode: String, idleTimeout: TimeInterval = kioskIdleTimeout) throws -> AppConfiguration {
        guard let user = store.currentUser else { throw KioskRefusal(description: "You are not a user of this database.") }
        guard let school = try store.school(code: schoolCode) else { throw KioskRefusal(description: "There is no school with the code \(schoolCode).") }
        guard user.role == .admin || (user.role != .viewer && user.schoolIDs.contains(school.id)) else {
            throw KioskRefusal(description: "Your account (\(user.role.label.lowercased())) may not run the kiosk of \(school.code).")
        }
        guard idleTimeout >= 10 else { throw KioskRefusal(description: "The idle timeout is at least 10 seconds.") }
        return kiosk(school: school, idleTimeout: idleTimeout)
    }

    /// The application a signed-in user gets from plain `facet`: front-office accounts land in the
    /// kiosk of their school, everyone else in the full application.
    public static func forCurrentUser(of store: FacetStore) throws -> AppConfiguration {
        guard let user = store.currentUser, user.role == .frontOffice else { return .full }
        guard user.schoolIDs.count == 1, let id = user.schoolIDs.first, let school = try store.school(id: id) else {
            throw KioskRefusal(description: "A front-office account serves exactly one school; an admin sets it with: facet users set-schools \(user.login) CODE")
        }
        return kiosk(school: school, idleTimeout: kioskIdleTimeout)
    }
}

/// A screen shown at the kiosk that is not the kiosk's own (a form, the directory's text): every
/// key counts as activity, and when the kiosk is idle it goes back to the welcome like the rest.
final class KioskIdleLock: Screen {
    let inner: Screen
    let session: KioskSession

    init(_ inner: Screen, _ session: KioskSession) {
        self.inner = inner
        self.session = session
    }

    var isOverlay: Bool { inner.isOverlay }
    var passesGlobalKeys: Bool { false }
    var helpTitle: String { inner.helpTitle }
    func handle(_ key: Key) -> Effect? {
        session.touch()
        return inner.handle(key) ?? Effect.none
    }
    func render(in area: Rect, on surface: inout Surface, focused: Bool) { inner.render(in: area, on: &surface, focused: focused) }
    var statusHints: [Hint] { inner.statusHints }
    var helpSections: [HelpSection] { inner.helpSections }
    func dataChanged() { inner.dataChanged() }
    func tick() -> Effect? { session.idleEffect() ?? inner.tick() }
    var renderProblem: String? { inner.renderProblem }
}
