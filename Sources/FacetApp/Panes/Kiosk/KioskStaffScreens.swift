import FacetModel
import FacetStore
import Foundation
import TermUI

/// The staff side of the kiosk, behind the school's PIN: the menu, partner sign-in and sign-out,
/// the partner directory, the family contact log, and leaving the kiosk.
enum KioskStaff {
    /// Asks for the PIN, then carries out `then` (the menu, or leaving).
    static func askForPIN(_ session: KioskSession, then: @escaping () -> Effect) -> Effect {
        let store = session.context.store
        let hasPIN = (try? store.hasKioskPIN(schoolID: session.school.id)) ?? false
        guard hasPIN else {
            return .error("No staff PIN is set for this kiosk; an admin sets one with: facet kiosk set-pin --school \(session.school.code)")
        }
        return .push(PinScreen(session, onCorrect: then))
    }
}

extension Action {
    static let kioskPinEnter = Action("kiosk.pin.enter"), kioskPinCancel = Action("kiosk.pin.cancel")
    static let kioskMenuUp = Action("kiosk.menu.up"), kioskMenuDown = Action("kiosk.menu.down")
    static let kioskMenuOpen = Action("kiosk.menu.open"), kioskMenuClose = Action("kiosk.menu.close")
    static let kioskSignIn = Action("kiosk.visits.signIn"), kioskSignOut = Action("kiosk.visits.signOut")
}

/// The staff PIN: digits shown as dots, Enter checks it. Wrong tries make the next wait (see
/// `PinLockout`), kept per school in the database and read against the application's clock.
final class PinScreen: BoundScreen {
    static let context = "Staff PIN"
    let bindings = BindingTable<Action>([
        KeyBinding(.kioskPinEnter, keys: [.enter], label: "check the PIN", context: PinScreen.context),
        KeyBinding(.kioskPinCancel, keys: [.escape], label: "cancel", context: PinScreen.context),
    ])
    let session: KioskSession
    private let onCorrect: () -> Effect
    private(set) var digits = ""
    private var message: String?

    init(_ session: KioskSession, onCorrect: @escaping () -> Effect) {
        self.session = session
        self.onCorrect = onCorrect
    }

    var helpTitle: String { "Staff PIN" }
    func tick() -> Effect? { session.idleEffect() }

    func handleUnbound(_ key: Key) -> Effect? {
        session.touch()
        switch key {
        case .char(let c) where c.isASCII && c.isNumber:
            if digits.count < KioskPIN.lengths.upperBound { digits.append(c) }
        case .backspace: if !digits.isEmpty { digits.removeLast() }
        default: break
        }
        return Effect.none
    }

    func perform(_ action: Action) -> Effect {
        session.touch()
        guard action == .kioskPinEnter else { return .pop }
        let store = session.context.store, school = session.school.id
        let now = session.context.clock.now
        do {
            // The wait is the school's, kept in the database: a new session (a reconnect) still waits.
            let wait = try store.kioskPinLockout(schoolID: school).wait(now: now)
            if wait > 0 {
                digits = ""
                message = "Too many wrong tries: wait \(wait) s and try again."
                return .error(message!)
            }
            let correct = try store.verifyKioskPIN(schoolID: school, pin: digits)
            digits = ""
            guard correct else {
                let next = try store.recordKioskPinFailure(schoolID: school, at: now).wait(now: now)
                message = next > 0 ? "Wrong PIN. The next try waits \(next) s." : "Wrong PIN."
                return .error(message!)
            }
            try store.clearKioskPinFailures(schoolID: school)
        } catch StoreError.busy {
            return .error("Database busy — please press Enter again.")
        } catch {
            digits = ""
            return .error(String(describing: error))
        }
        return .all([.pop, onCorrect()])
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = session.context.theme
        let rect = area.centered(width: min(50, area.width), height: 7)
        surface.fill(rect, style: theme[.dialog])
        surface.box(rect, style: theme[.dialogBorder], title: "Staff PIN", titleStyle: theme[.title])
        surface.write("PIN: " + String(repeating: "•", count: digits.count) + "▏", x: rect.x + 2, y: rect.y + 2, style: theme[.inputFocused], clip: rect)
        if let message { surface.write(DisplayWidth.truncate(message, to: rect.width - 4), x: rect.x + 2, y: rect.y + 4, style: theme[.error], clip: rect) }
    }
}

/// What staff can do at the kiosk.
final class StaffMenuScreen: BoundScreen {
    static let context = "Staff menu"
    let bindings = BindingTable<Action>([
        KeyBinding(.kioskMenuUp, keys: [.up], label: "choose", context: StaffMenuScreen.context, displayKeys: "↑↓"),
        KeyBinding(.kioskMenuDown, keys: [.down], label: "next item", context: StaffMenuScreen.context, showInStatus: false),
        KeyBinding(.kioskMenuOpen, keys: [.enter], label: "open", context: StaffMenuScreen.context),
        KeyBinding(.kioskMenuClose, keys: [.escape], label: "back to the family survey", context: StaffMenuScreen.context),
    ])
    static let items = ["Family survey", "Partner sign-in / sign-out", "Partner directory", "Family contact log", "Leave the kiosk"]
    let session: KioskSession
    private(set) var cursor = 0

    init(_ session: KioskSession) { self.session = session }

    var isOverlay: Bool { false }
    var helpTitle: String { "Staff menu" }
    func tick() -> Effect? { session.idleEffect() }

    func perform(_ action: Action) -> Effect {
        session.touch()
        switch action {
        case .kioskMenuUp: cursor = max(0, cursor - 1)
        case .kioskMenuDown: cursor = min(Self.items.count - 1, cursor + 1)
        case .kioskMenuOpen: return open(cursor)
        default: return .pop
        }
        return .none
    }

    func handleUnbound(_ key: Key) -> Effect? {
        session.touch()
        if case .char(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= Self.items.count {
            cursor = n - 1
            return open(cursor)
        }
        return Effect.none
    }

    private func open(_ item: Int) -> Effect {
        let session = self.session
        switch item {
        case 0: return .pop
        case 1: return .push(PartnerVisitsScreen(session))
        case 2: return .push(KioskIdleLock(KioskDirectory.screen(session), session))
        case 3: return KioskContactLog.form(session)
        default: return KioskStaff.askForPIN(session) { .leave }
        }
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = session.context.theme
        surface.fill(area, style: theme[.text])
        surface.write("Staff menu · \(session.school.code) \(session.school.name)", x: area.x + 2, y: area.y + 1, style: theme[.title], clip: area)
        for (i, item) in Self.items.enumerated() {
            let selected = i == cursor
            surface.write((selected ? "▶ " : "  ") + "\(i + 1)  \(item)", x: area.x + 4, y: area.y + 3 + i * 2,
                          style: theme[selected ? .selection : .text], clip: area)
        }
        surface.write("Leaving the kiosk asks for the PIN again.", x: area.x + 2, y: area.y + 14, style: theme[.muted], clip: area)
        surface.write("After \(Int(session.idleTimeout)) s without a key the kiosk returns to the family survey.",
                      x: area.x + 2, y: area.y + 15, style: theme[.muted], clip: area)
    }
}

/// Partner staff signing in and out: who is in now (Enter signs the highlighted one out), `n` signs
/// someone in — the partnership found by typing part of the partner's name, among those active at
/// this school.
final class PartnerVisitsScreen: BoundScreen {
    static let context = "Partner visits"
    let bindings = BindingTable<Action>([
        KeyBinding(.kioskSignIn, keys: [.char("n")], label: "sign in", context: PartnerVisitsScreen.context),
        KeyBinding(.kioskSignOut, keys: [.enter], label: "sign out", context: PartnerVisitsScreen.context),
        KeyBinding(.kioskMenuUp, keys: [.up], label: "choose", context: PartnerVisitsScreen.context, displayKeys: "↑↓"),
        KeyBinding(.kioskMenuDown, keys: [.down], label: "next", context: PartnerVisitsScreen.context, showInStatus: false),
        KeyBinding(.kioskMenuClose, keys: [.escape], label: "back", context: PartnerVisitsScreen.context),
    ])
    let session: KioskSession
    private(set) var visitors: [PartnerVisitor] = []
    private var cursor = 0
    private var problem: String?

    init(_ session: KioskSession) {
        self.session = session
        reload()
    }

    var isOverlay: Bool { false }
    var helpTitle: String { "Partner sign-in / sign-out" }
    func tick() -> Effect? { session.idleEffect() }
    func dataChanged() { reload() }

    func denial(of action: Action) -> String? {
        switch action {
        case .kioskSignIn: return session.denial(.create, .partnerVisits)
        case .kioskSignOut: return session.denial(.update, .partnerVisits)
        default: return nil
        }
    }

    private func reload() {
        do {
            visitors = try session.context.store.visitorsIn(schoolID: session.school.id)
            problem = nil
        } catch {
            problem = String(describing: error)
        }
        cursor = min(cursor, max(0, visitors.count - 1))
    }

    func handleUnbound(_ key: Key) -> Effect? { session.touch(); return Effect.none }

    func perform(_ action: Action) -> Effect {
        session.touch()
        switch action {
        case .kioskMenuUp: cursor = max(0, cursor - 1)
        case .kioskMenuDown: cursor = min(max(0, visitors.count - 1), cursor + 1)
        case .kioskSignIn: return signInForm()
        case .kioskSignOut:
            guard visitors.indices.contains(cursor) else { return .status("No one is signed in.") }
            let v = visitors[cursor]
            do {
                try session.context.store.signOut(visitID: v.id, expectedVersion: v.version, at: session.context.clock.now)
                return .all([.refresh, .status("\(v.visitor) (\(v.partner)) signed out.")])
            } catch {
                reload()
                return .error(String(describing: error))
            }
        default: return .pop
        }
        return .none
    }

    private func signInForm() -> Effect {
        let session = self.session
        let store = session.context.store
        let partner = SearchPickerField("Partner", initial: nil, required: true, matchRows: 5, search: { text in
            ((try? store.activePartnerships(schoolID: session.school.id, matching: text)) ?? []).map {
                SearchPickerField.Item(id: $0.id, label: $0.partner)
            }
        })
        let visitor = TextField("Visitor's name", required: true, maxLength: PartnerVisitRules.visitorLimit)
        let purpose = TextField("Purpose", maxLength: PartnerVisitRules.purposeLimit)
        let form = Form(title: "Partner sign-in · \(session.school.code)", fields: [partner, visitor, purpose])
        form.notice = "Type part of the partner's name (partnerships active here)."
        form.noticeIsError = false
        return .push(KioskIdleLock(ClosureFormScreen(form: form, session.context) { [form] in
            session.touch()
            guard case .existing(let item)? = partner.choice else { return .none }
            do {
                try store.signIn(partnershipID: item.id, schoolID: session.school.id, visitor: visitor.trimmedValue,
                                 purpose: purpose.trimmedValue, at: session.context.clock.now)
                return .all([.pop, .refresh, .status("\(visitor.trimmedValue) (\(item.label)) signed in.")])
            } catch {
                form.notice = String(describing: error)
                form.noticeIsError = true
                return .none
            }
        }, session))
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = session.context.theme
        surface.fill(area, style: theme[.text])
        surface.write("Partner sign-in / sign-out · \(session.school.code) · signed in now: \(visitors.count)", x: area.x + 2, y: area.y + 1,
                      style: theme[.title], clip: area)
        var y = area.y + 3
        if let problem { surface.write(problem, x: area.x + 2, y: y, style: theme[.error], clip: area); return }
        if visitors.isEmpty {
            surface.write("No partner staff are signed in. n signs someone in.", x: area.x + 2, y: y, style: theme[.muted], clip: area)
            return
        }
        // The visitor's name keeps its width; the partner and the purpose share what the window gives.
        let rest = max(20, area.width - 4 - 2 - 21 - 11)
        let partnerWidth = rest * 3 / 5
        for (i, v) in visitors.enumerated() where y < area.maxY {
            let time = v.timeIn.count >= 16 ? String(v.timeIn.dropFirst(11).prefix(5)) : v.timeIn
            let row = (i == cursor ? "▶ " : "  ") + DisplayWidth.fit(v.visitor, to: 20) + " " + DisplayWidth.fit(v.partner, to: partnerWidth) + " in "
                + time + "  " + v.purpose
            surface.write(DisplayWidth.truncate(row, to: area.width - 4), x: area.x + 2, y: y, style: theme[i == cursor ? .selection : .text], clip: area)
            y += 1
        }
    }
}

/// The partners serving this school, by priority area: what staff need to refer a family.
enum KioskDirectory {
    static func lines(_ session: KioskSession) -> [String] {
        guard let entries = try? session.context.store.partnerDirectory(schoolID: session.school.id) else {
            return ["The directory could not be read."]
        }
        guard !entries.isEmpty else { return ["No partnership is active at this school."] }
        var areas: [String] = []
        for e in entries { for a in e.areas where !areas.contains(a) { areas.append(a) } }
        var out: [String] = []
        for area in areas.sorted() + [""] {
            let inArea = entries.filter { area.isEmpty ? $0.areas.isEmpty : $0.areas.contains(area) }
            guard !inArea.isEmpty else { continue }
            if !out.isEmpty { out.append("") }
            out.append(area.isEmpty ? "No priority area" : area)
            for e in inArea {
                let contact = [e.contactName, e.phone, e.email].filter { !$0.isEmpty }.joined(separator: " · ")
                out.append("  \(e.partner)" + (contact.isEmpty ? "" : " — \(contact)"))
                if !e.services.isEmpty { out.append("    \(e.services)") }
            }
        }
        return out + toolkitLines(session)
    }

    /// The family toolkit by language, after the partners: what staff can hand a family in the
    /// family's own language, and where to find it (read-only).
    static func toolkitLines(_ session: KioskSession) -> [String] {
        let store = session.context.store
        guard let items = try? store.toolkitItems(), !items.isEmpty else { return [] }
        var out = ["", "Family toolkit, by language"]
        for language in store.toolkitLanguages(items) {
            let inLanguage = items.filter { $0.languages.contains { $0.lowercased() == language.lowercased() } }
            out.append("  \(language)" + (inLanguage.isEmpty ? " — nothing yet" : ""))
            for item in inLanguage {
                out.append("    \(item.title) (\(item.kind.label.lowercased())\(item.gradeBand.isEmpty ? "" : ", \(item.gradeBand)"))" + (item.location.isEmpty ? "" : " — \(item.location)"))
            }
        }
        return out
    }

    static func screen(_ session: KioskSession) -> Screen {
        TextScreen(title: "Partner directory · \(session.school.code)", lines: lines(session), session.context, reload: { lines(session) })
    }
}

/// The family contact log at the front office: what the family asked or said, in which language,
/// how to reach them (seen only by staff with access to this school), who follows up, and when the
/// reply is due (48 hours unless changed).
enum KioskContactLog {
    static func form(_ session: KioskSession) -> Effect {
        if let reason = session.denial(.create, .familyContacts) { return .error(reason) }
        let kind = ChoiceField("Kind", options: ContactKind.allCases.map(\.label), selected: 0)
        let languages = SurveyLanguages.names
        let language = ChoiceField("Language", options: languages.map { $0.name }, selected: 0)
        let summary = TextField("What they asked or said", required: true, maxLength: FamilyContactRules.summaryLimit)
        let reach = TextField("How to reach them", maxLength: FamilyContactRules.reachLimit, placeholder: "optional")
        let owner = TextField("Follow-up owner", required: true, maxLength: FamilyContactRules.ownerLimit)
        let hours = TextField("Reply due in hours", value: String(FamilyContactRules.defaultReplyHours), required: true, maxLength: 3,
                              validators: [{ v in
                                  guard let n = Int(v) else { return "a number of hours" }
                                  return n >= 1 ? nil : "at least 1"
                              }])
        hours.accepts = { $0.isASCII && $0.isNumber }
        hours.refusalMessage = "digits only"
        let form = Form(title: "Family contact · \(session.school.code)", fields: [kind, language, summary, reach, owner, hours])
        form.notice = "How to reach them is seen only by staff of this school."
        form.noticeIsError = false
        let store = session.context.store
        return .push(KioskIdleLock(ClosureFormScreen(form: form, session.context) { [form] in
            session.touch()
            do {
                try store.recordFamilyContact(schoolID: session.school.id, kind: ContactKind.allCases[kind.selected ?? 0],
                                              language: languages[language.selected ?? 0].code, summary: summary.trimmedValue,
                                              reach: reach.trimmedValue, owner: owner.trimmedValue, at: session.context.clock.now,
                                              replyHours: Int(hours.trimmedValue) ?? FamilyContactRules.defaultReplyHours)
                return .all([.pop, .refresh, .status("Contact logged; the reply is due in \(hours.trimmedValue) hours.")])
            } catch {
                form.notice = String(describing: error)
                form.noticeIsError = true
                return .none
            }
        }, session))
    }
}
