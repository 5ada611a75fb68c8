import FacetModel
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp
@testable import FacetStore
import FacetTestSupport

/// The front-office kiosk, in memory: who lands in it, the family survey by keys, the idle timeout
/// on an injected clock, the PIN, the lock-down keys, pasted text, and the school's walls.
final class KioskTests: XCTestCase {
    static let today = Day("2026-11-30")!
    static let pin = "4821"
    var folder: URL!
    var path: String { folder.appendingPathComponent("facet.sqlite").path }
    var admin: FacetStore!
    var e101: Int64!
    var e102: Int64!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-kiosk-\(UUID().uuidString)")
        admin = try DemoTemplate.store(path: path, login: "admin1", seed: 7)
        try admin.addUser(login: "lobby", displayName: "Front desk", role: .frontOffice, schoolCodes: ["E101"])
        try admin.addUser(login: "coord", displayName: "Coordinator", role: .coordinator, schoolCodes: ["E101"])
        try admin.addUser(login: "reader", displayName: "Reader", role: .viewer, schoolCodes: [])
        e101 = try XCTUnwrap(admin.school(code: "E101")).id
        e102 = try XCTUnwrap(admin.school(code: "E102")).id
        // Few iterations: the hash is the same function, only cheaper to check in a debug build.
        try admin.setKioskPIN(schoolID: e101, pin: Self.pin, iterations: 50)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// The kiosk of the front-office login, on a clock the test moves.
    func kiosk(login: String = "lobby", clock: FixedClock = FixedClock(day: KioskTests.today)) throws -> (FacetApplication, FacetStore) {
        let store = try FacetStore(path: path, login: login)
        let configuration = try AppConfiguration.forCurrentUser(of: store)
        return (FacetApplication(store: store, theme: .monochrome, configuration: configuration, clock: clock), store)
    }

    func press(_ app: FacetApplication, _ keys: [Key]) { for k in keys { app.handle(.key(k)) } }
    func typeText(_ app: FacetApplication, _ text: String) { press(app, text.map { .char($0) }) }
    func screen(_ app: FacetApplication) -> String { app.render(size: Size(width: 80, height: 24)).text }
    func survey(_ app: FacetApplication) throws -> KioskSurveyScreen { try XCTUnwrap(app.stack.first as? KioskSurveyScreen) }

    func counts() throws -> (responses: Int, audit: Int, visits: Int, contacts: Int) {
        try admin.read { db in
            let responses = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_responses") ?? 0
            let audit = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0
            let visits = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM partner_visits") ?? 0
            let contacts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM family_contacts") ?? 0
            return (responses, audit, visits, contacts)
        }
    }

    // MARK: who gets the kiosk

    func testAFrontOfficeUserLandsInTheKioskOfTheirSchoolAndOthersInTheFullApplication() throws {
        let (app, _) = try kiosk()
        let text = screen(app)
        let lines = text.components(separatedBy: "\n")
        XCTAssertTrue(lines[0].contains("Front office · E101"), lines[0])
        XCTAssertFalse(text.contains("Dashboard") || text.contains("Partnerships"), text)
        XCTAssertTrue(text.contains("English") && text.contains("Español"), text)
        XCTAssertEqual(app.panes.count, 1)

        let coordinator = try FacetStore(path: path, login: "coord")
        XCTAssertEqual(try AppConfiguration.forCurrentUser(of: coordinator).panes.count, AppConfiguration.full.panes.count)
        // `facet kiosk --school`: admins anywhere, others at their own school only.
        XCTAssertNoThrow(try AppConfiguration.kiosk(store: admin, schoolCode: "E102"))
        XCTAssertNoThrow(try AppConfiguration.kiosk(store: coordinator, schoolCode: "e101"))
        XCTAssertThrowsError(try AppConfiguration.kiosk(store: coordinator, schoolCode: "E102"))
        XCTAssertThrowsError(try AppConfiguration.kiosk(store: FacetStore(path: path, login: "lobby"), schoolCode: "E102"))
        XCTAssertThrowsError(try AppConfiguration.kiosk(store: FacetStore(path: path, login: "reader"), schoolCode: "E101"))
        XCTAssertThrowsError(try AppConfiguration.kiosk(store: admin, schoolCode: "NOPE"))
    }

    // MARK: the family survey

    func testAFullSurveyInSpanishByKeysThenTheWelcomeScreen() throws {
        let (app, _) = try kiosk()
        let before = try counts()
        let s = try survey(app)
        let spanish = try XCTUnwrap(s.languages.firstIndex(of: "es"))
        typeText(app, String(spanish + 1))
        XCTAssertTrue(screen(app).contains("Pregunta 1 de"), screen(app))
        XCTAssertTrue(screen(app).contains("siguiente"), "the status line speaks Spanish too")
        let questions = try XCTUnwrap(s.wave).instrument.questions
        for (i, q) in questions.enumerated() {
            XCTAssertEqual(s.mode, .question(i))
            switch q.kind {
            case .openText: typeText(app, "Muy amable"); press(app, [.enter])
            case .yesNo: press(app, [.enter])  // the first option, Sí, with Enter
            default: typeText(app, "2")  // a number key answers and moves on
            }
        }
        XCTAssertEqual(s.mode, .review)
        XCTAssertTrue(screen(app).contains("Revise sus respuestas"), screen(app))
        XCTAssertTrue(screen(app).contains("Enviar"))
        // Back to change the last answer, then on to the review again.
        press(app, [.left])
        XCTAssertEqual(s.mode, .question(questions.count - 1))
        press(app, [.enter])
        XCTAssertEqual(s.mode, .review)
        press(app, [.enter])  // Submit
        XCTAssertEqual(s.mode, .welcome)
        XCTAssertTrue(s.answers.isEmpty)
        XCTAssertTrue(screen(app).contains("¡Gracias!"), screen(app))
        let after = try counts()
        XCTAssertEqual(after.responses, before.responses + 1)
        XCTAssertEqual(after.audit, before.audit, "responses are not audited")
        let row = try XCTUnwrap(admin.read { db in
            try Row.fetchOne(db, sql: "SELECT language, channel, school_id, (SELECT COUNT(*) FROM survey_answers a WHERE a.response_id = r.id) AS n FROM survey_responses r WHERE channel = 'kiosk' AND given_on = '2026-11-30'")
        })
        XCTAssertEqual(row["language"] as String, "es")
        XCTAssertEqual(row["school_id"] as Int64, e101)
        XCTAssertEqual(row["n"] as Int, questions.count)
        let text = try admin.read { db in try String.fetchOne(db, sql: "SELECT text FROM survey_answers WHERE text IS NOT NULL AND response_id IN (SELECT id FROM survey_responses WHERE channel = 'kiosk' AND given_on = '2026-11-30')") }
        XCTAssertEqual(text, "Muy amable")
    }

    func testAnIdleTimeoutMidSurveyDiscardsItAndWritesNothing() throws {
        let clock = FixedClock(day: Self.today)
        let (app, _) = try kiosk(clock: clock)
        let before = try counts()
        let s = try survey(app)
        typeText(app, "1")
        typeText(app, "45")
        XCTAssertEqual(s.mode, .question(2))
        clock.advance(by: 60)
        app.tick()
        XCTAssertEqual(s.mode, .question(2), "60 s is not idle yet")
        clock.advance(by: 31)
        app.tick()
        XCTAssertEqual(s.mode, .welcome)
        XCTAssertTrue(s.answers.isEmpty)
        XCTAssertEqual(try counts().responses, before.responses)
        XCTAssertEqual(try counts().audit, before.audit)
        // Starting again starts from nothing.
        typeText(app, "1")
        XCTAssertEqual(s.mode, .question(0))
        XCTAssertTrue(s.answers.isEmpty)
    }

    func testNoOpenWaveGivesAPoliteScreenInEveryLanguage() throws {
        let (app, _) = try kiosk(clock: FixedClock(day: Day("2027-01-15")!))
        let text = screen(app)
        XCTAssertTrue(text.contains("There is no survey right now."), text)
        XCTAssertTrue(text.contains("No hay encuesta en este momento."), text)
        XCTAssertTrue(text.contains("Tam sim no tsis muaj daim ntawv nug."), text)
        press(app, [.enter, .char("1")])
        XCTAssertEqual(try survey(app).mode, .welcome)
    }

    func testAPastedBlockStaysLiteralText() throws {
        let (app, _) = try kiosk()
        let s = try survey(app)
        let questions = try XCTUnwrap(s.wave).instrument.questions
        let open = try XCTUnwrap(questions.firstIndex { $0.kind == .openText })
        typeText(app, "1")
        for _ in 0..<open { press(app, [.enter]) }  // the first option of each
        XCTAssertEqual(s.mode, .question(open))
        // A paste: text, an escape sequence (Esc, then its letters), Ctrl keys, F-keys, 5,000 letters.
        typeText(app, "q=1; DROP TABLE x")
        press(app, [.escape])
        typeText(app, "[31m\u{9b}")  // a C1 control character in the paste is not kept
        press(app, [.ctrl("c"), .ctrl("z"), .ctrl("\\"), .function(1), .tab, .escape])
        typeText(app, String(repeating: "a", count: 5_000))
        XCTAssertEqual(s.mode, .question(open), "nothing in the paste left the question")
        let id = try XCTUnwrap(questions[open].id)
        guard case .text(let text)? = s.answers[id] else { return XCTFail("no text answer") }
        XCTAssertTrue(text.hasPrefix("q=1; DROP TABLE x[31maaa"), String(text.prefix(40)))
        XCTAssertEqual(text.count, FieldLimits.freeText)
        XCTAssertFalse(app.shouldQuit)
    }

    // MARK: locked down

    func testLockDownKeysDoNothingAndDispatchHasNoWayOut() throws {
        let (app, _) = try kiosk()
        let before = try counts()
        // Dispatch has no quit and no pane keys to look up, and no kiosk screen passes keys to it.
        for key in [Key.char("q"), .ctrl("c"), .char("1"), .function(1), .function(2)] {
            XCTAssertNil(app.globalBindings.action(for: key), "\(key)")
        }
        XCTAssertFalse(app.top.passesGlobalKeys)
        let lockDown: [Key] = [.ctrl("c"), .ctrl("z"), .ctrl("\\"), .ctrl("d"), .char("q"), .char("Q"), .escape, .escape, .char("["), .char("A"),
                               .char("?"), .tab, .backTab, .insert, .delete, .home, .end, .pageUp, .pageDown]
            + (1...12).map(Key.function) + [.escape, .char("x"), .escape, .char("q")]
        let s = try survey(app)
        for key in lockDown {
            app.handle(.key(key))
            XCTAssertFalse(app.shouldQuit, "\(key)")
            XCTAssertEqual(app.stack.count, 1, "\(key)")
            XCTAssertEqual(app.currentPane, 0)
        }
        XCTAssertEqual(s.mode, .welcome)
        // Mid-survey too: the same keys leave the question where it is.
        typeText(app, "1")
        for key in lockDown where key != .char("?") && key != .char("q") && key != .char("Q") && key != .char("x") && key != .char("A") && key != .char("[") {
            app.handle(.key(key))
            XCTAssertFalse(app.shouldQuit, "\(key)")
        }
        XCTAssertEqual(s.mode, .question(0))
        // A resize keeps the screen; a smaller window shows the message and then the same question.
        _ = app.render(size: Size(width: 60, height: 20))
        XCTAssertTrue(screen(app).contains("Pregunta") || screen(app).contains("Question 1 of"), screen(app))
        // The shell's own quit effect is refused in this configuration; only leaving with the PIN ends it.
        app.apply(.quit)
        XCTAssertFalse(app.shouldQuit)
        XCTAssertEqual(try counts().responses, before.responses)
        XCTAssertEqual(try counts().audit, before.audit)
    }

    func testLeavingRequiresThePINAndWrongTriesWaitLongerOnTheClock() throws {
        let clock = FixedClock(day: Self.today)
        let (app, _) = try kiosk(clock: clock)
        press(app, [.char("s")])
        XCTAssertTrue(app.top is PinScreen)
        typeText(app, "1111"); press(app, [.enter])
        XCTAssertTrue(app.top is PinScreen)
        XCTAssertEqual(app.statusMessage, "Wrong PIN.")
        XCTAssertFalse(screen(app).contains("1111"), "the PIN is never shown")
        typeText(app, "2222"); press(app, [.enter])
        typeText(app, "3333"); press(app, [.enter])
        XCTAssertTrue(app.statusMessage?.contains("waits 5 s") == true, app.statusMessage ?? "")
        // The right PIN is refused while the wait lasts, then taken.
        typeText(app, Self.pin); press(app, [.enter])
        XCTAssertTrue(app.top is PinScreen)
        XCTAssertTrue(app.statusMessage?.contains("wait") == true, app.statusMessage ?? "")
        clock.advance(by: 5)
        typeText(app, Self.pin); press(app, [.enter])
        XCTAssertTrue(app.top is StaffMenuScreen, "\(type(of: app.top))")
        XCTAssertTrue(screen(app).contains("Leave the kiosk"), screen(app))
        // Leave asks for the PIN again.
        typeText(app, "5")
        XCTAssertTrue(app.top is PinScreen)
        press(app, [.escape])
        XCTAssertFalse(app.shouldQuit)
        XCTAssertTrue(app.top is StaffMenuScreen)
        typeText(app, "5")
        typeText(app, "9999"); press(app, [.enter])
        XCTAssertFalse(app.shouldQuit)
        typeText(app, Self.pin); press(app, [.enter])
        XCTAssertTrue(app.shouldQuit)
    }

    /// The wait is the school's, in the database: a reconnect (a new `facet kiosk` session on the
    /// same file) still waits, and a right PIN in either clears it for both.
    func testWrongPINTriesAndTheirWaitOutliveTheSession() throws {
        let clock = FixedClock(day: Self.today)
        let (first, _) = try kiosk(clock: clock)
        press(first, [.char("s")])
        for wrong in ["1111", "2222", "3333"] { typeText(first, wrong); press(first, [.enter]) }
        XCTAssertTrue(first.statusMessage?.contains("waits 5 s") == true, first.statusMessage ?? "")

        // The connection drops; the lobby reconnects with a new session: the wait is still there.
        let (second, _) = try kiosk(clock: clock)
        press(second, [.char("s")])
        typeText(second, Self.pin); press(second, [.enter])
        XCTAssertTrue(second.top is PinScreen, "the right PIN waits too")
        XCTAssertTrue(second.statusMessage?.contains("wait") == true, second.statusMessage ?? "")
        // A fourth wrong try after the wait doubles it, in the new session as in the old.
        clock.advance(by: 5)
        typeText(second, "4444"); press(second, [.enter])
        XCTAssertTrue(second.statusMessage?.contains("waits 10 s") == true, second.statusMessage ?? "")
        XCTAssertEqual(try admin.kioskPinLockout(schoolID: e101).failures, 4)
        XCTAssertEqual(try admin.kioskPinLockout(schoolID: e102).failures, 0, "another school's kiosk does not wait")

        // The right PIN after the wait clears the tries for the school.
        clock.advance(by: 10)
        typeText(second, Self.pin); press(second, [.enter])
        XCTAssertTrue(second.top is StaffMenuScreen, "\(type(of: second.top))")
        XCTAssertEqual(try admin.kioskPinLockout(schoolID: e101), PinLockout())
        let (third, _) = try kiosk(clock: clock)
        press(third, [.char("s")])
        typeText(third, "1111"); press(third, [.enter])
        XCTAssertEqual(third.statusMessage, "Wrong PIN.", "counting starts again: two tries are free")

        // Each wrong try is audited, with the kiosk's login.
        let audited = try admin.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE entity = 'kiosk_pin_attempts' AND login = 'lobby'") ?? 0
        }
        XCTAssertEqual(audited, 6, "four wrong tries, one clearing, one more wrong try")
    }

    /// Item 8 of the kiosk's issue: in every shipped theme the chosen row is marked (▶) and styled
    /// apart from the others, and in monochrome — no colour at all — by its attributes (reverse).
    func testTheChoiceStaysDistinguishableInEveryThemeAndWithoutColour() throws {
        /// The style of the text just after the ▶ marker, and of the same column in a row without it.
        func styles(_ surface: Surface) -> (selected: Style, other: Style)? {
            for y in 0..<surface.height {
                for x in 0..<surface.width - 5 where surface[x, y].grapheme == "▶" {
                    guard let d = (1...4).first(where: { surface[x + $0, y].grapheme != " " }) else { continue }
                    for y2 in 0..<surface.height where y2 != y && surface[x, y2].grapheme == " "
                        && surface[x + d, y2].grapheme != " " && !surface[x + d, y2].grapheme.isEmpty {
                        return (surface[x + d, y].style, surface[x + d, y2].style)
                    }
                }
            }
            return nil
        }
        let screens: [(String, [Key])] = [
            ("welcome", []), ("question", [.char("2")]), ("review", [.char("1")] + Array(repeating: Key.enter, count: 11)),
            ("staff menu", [.char("s")] + Self.pin.map { .char($0) } + [.enter]),
        ]
        for name in ["monochrome", "high-contrast", "default"] {
            let chosen = ThemeCatalog.choose(flag: name, terminalColors: 256, environment: ["HOME": "/nonexistent"], executable: nil)
            XCTAssertEqual(chosen.theme.name, name, "the shipped theme is found")
            for (screenName, keys) in screens {
                let store = try FacetStore(path: path, login: "lobby")
                let app = FacetApplication(store: store, theme: chosen.theme, configuration: try AppConfiguration.forCurrentUser(of: store),
                                           clock: FixedClock(day: Self.today))
                press(app, keys)
                let surface = app.render(size: Size(width: 80, height: 24))
                let found = try XCTUnwrap(styles(surface), "\(name) \(screenName): a ▶ row and another row\n\(surface.text)")
                XCTAssertNotEqual(found.selected, found.other, "\(name) \(screenName)")
                if name == "monochrome" {
                    XCTAssertEqual(found.selected.foreground, .terminalDefault)
                    XCTAssertNotEqual(found.selected.attributes, found.other.attributes, "\(screenName): told apart without colour")
                    XCTAssertTrue(found.selected.attributes.contains(.reverse), "\(screenName)")
                }
            }
        }
    }

    /// Every word of the status line on the family's screens is one of the kiosk's words in their
    /// language; on the welcome, before a language is chosen, in each language offered.
    func testTheFamilysStatusLineIsInTheirLanguage() throws {
        func words(_ w: KioskWords) -> Set<String> {
            Set(Mirror(reflecting: w).children.compactMap { ($0.value as? String)?.lowercased() })
        }
        func labels(_ app: FacetApplication) -> [String] { app.top.statusHints.map { $0.label.lowercased() } }
        let (app, _) = try kiosk()
        let both = words(.english).union(words(.spanish))
        for label in labels(app) {
            let parts = label.components(separatedBy: "/")
            XCTAssertTrue(parts.allSatisfy(both.contains), "welcome: \(label)")
            XCTAssertTrue(parts.contains { words(.spanish).contains($0) && !words(.english).contains($0) }, "welcome: \(label) in Spanish too")
        }
        typeText(app, "2")
        var seen = Set<String>()
        for _ in 0..<12 {
            for label in labels(app) {
                seen.insert(label)
                XCTAssertTrue(label.components(separatedBy: " · ").allSatisfy(words(.spanish).contains), "in Spanish: \(label)")
            }
            press(app, [.enter])
        }
        XCTAssertTrue(seen.isSuperset(of: ["elegir", "siguiente", "atrás", "cambiar · enviar"]), "\(seen)")
        // Hmong and Spanish have every word, and none is left in English.
        for other in [KioskWords.spanish, KioskWords.hmong] {
            for (e, o) in zip(Mirror(reflecting: KioskWords.english).children, Mirror(reflecting: other).children) {
                XCTAssertNotEqual(e.value as? String, o.value as? String, "\(other.languageName): \(e.label ?? "")")
            }
        }
    }

    func testAStaffScreenLeftOpenLocksItselfAfterTheIdleTimeout() throws {
        let clock = FixedClock(day: Self.today)
        let (app, _) = try kiosk(clock: clock)
        press(app, [.char("s")]); typeText(app, Self.pin); press(app, [.enter])
        typeText(app, "3")
        XCTAssertTrue(screen(app).contains("Partner directory"), screen(app))
        clock.advance(by: 90)
        app.tick()
        XCTAssertEqual(app.stack.count, 1)
        XCTAssertTrue(app.top is KioskSurveyScreen)
    }

    func testNoPINSetRefusesTheStaffMenuAndSaysHowToSetOne() throws {
        try admin.write { w in try w.db.execute(sql: "DELETE FROM kiosk_pins") }
        let (app, _) = try kiosk()
        press(app, [.char("s")])
        XCTAssertEqual(app.stack.count, 1)
        XCTAssertTrue(app.statusMessage?.contains("facet kiosk set-pin --school E101") == true, app.statusMessage ?? "")
    }

    // MARK: the staff side

    func testPartnerSignInAndOutByKeysRollUpIntoHours() throws {
        let clock = FixedClock(Date(timeIntervalSince1970: TimeInterval(Self.today.ordinal) * 86_400 + 8 * 3600))
        let (app, store) = try kiosk(clock: clock)
        let partnership = try XCTUnwrap(store.activePartnerships(schoolID: e101, matching: "").first)
        press(app, [.char("s")]); typeText(app, Self.pin); press(app, [.enter])
        typeText(app, "2")
        XCTAssertTrue(screen(app).contains("No partner staff are signed in"), screen(app))
        press(app, [.char("n")])
        typeText(app, String(partnership.partner.prefix(6)))
        press(app, [.tab]); typeText(app, "Ana Ruiz")
        press(app, [.tab]); typeText(app, "Tutoring")
        press(app, [.ctrl("s")])
        XCTAssertTrue(app.top is PartnerVisitsScreen, screen(app))
        XCTAssertTrue(screen(app).contains("Ana Ruiz"), screen(app))
        clock.advance(by: 2.5 * 3600)
        press(app, [.enter])  // signs the highlighted visitor out
        XCTAssertTrue(screen(app).contains("No partner staff are signed in"), screen(app))
        XCTAssertTrue(app.statusMessage?.contains("Ana Ruiz") == true && app.statusMessage?.contains("signed out") == true)
        let hours = try admin.visitHours(partnershipID: partnership.id)
        XCTAssertEqual(hours.count, 1)
        XCTAssertEqual(hours.first?.school, "E101")
        XCTAssertEqual(hours.first?.month, "2026-11")
        XCTAssertEqual(hours.first?.hours ?? 0, 2.5, accuracy: 0.01)
        // The partnership's detail in the main application shows them.
        let main = FacetApplication(store: admin, theme: .monochrome, today: Self.today)
        let lines = try PartnershipsList(main.context).detailLines(id: partnership.id)?.1 ?? []
        XCTAssertTrue(lines.contains { $0.contains("2026-11") && $0.contains("E101") && $0.contains("2.5 h") }, lines.joined(separator: "\n"))
    }

    func testAFamilyContactFromTheKioskIsSeenAndClosedByTheCoordinator() throws {
        let clock = FixedClock(day: Self.today)
        let (app, _) = try kiosk(clock: clock)
        press(app, [.char("s")]); typeText(app, Self.pin); press(app, [.enter])
        typeText(app, "4")
        press(app, [.right])  // Concern
        press(app, [.tab, .right])  // Spanish
        press(app, [.tab]); typeText(app, "Bus late every day")
        press(app, [.tab]); typeText(app, "612-555-0100")
        press(app, [.tab]); typeText(app, "M. Vang")
        press(app, [.ctrl("s")])
        XCTAssertTrue(app.top is StaffMenuScreen, screen(app))
        let row = try XCTUnwrap(admin.read { db in try Row.fetchOne(db, sql: "SELECT * FROM family_contacts") })
        XCTAssertEqual(row["kind"] as String, "concern")
        XCTAssertEqual(row["language"] as String, "es")
        XCTAssertEqual(row["reach"] as String, "612-555-0100")
        XCTAssertEqual(row["due_at"] as String, "2026-12-02T12:00:00Z", "48 hours after noon")

        // Two days and more later the coordinator of E101 sees it overdue; a viewer sees it without the phone number.
        clock.advance(by: 50 * 3600)
        let coordinator = try FacetStore(path: path, login: "coord")
        let main = FacetApplication(store: coordinator, theme: .monochrome, configuration: .full, clock: clock)
        press(main, [.char("2"), .char("l")])
        var text = screen(main)
        XCTAssertTrue(text.contains("1 open · 1 overdue"), text)
        XCTAssertTrue(text.contains("Bus late") && text.contains("612-555-0100"), text)
        let viewer = FacetApplication(store: try FacetStore(path: path, login: "reader"), theme: .monochrome, configuration: .full, clock: clock)
        press(viewer, [.char("2"), .char("l")])
        text = screen(viewer)
        XCTAssertTrue(text.contains("Bus late") && !text.contains("612-555-0100"), text)
        press(viewer, [.char("c")])
        XCTAssertTrue(viewer.statusMessage?.contains("viewer") == true, viewer.statusMessage ?? "")
        // Closing with a resolution.
        press(main, [.char("c")]); typeText(main, "Called back, route changed"); press(main, [.enter])
        XCTAssertTrue(screen(main).contains("0 open"), screen(main))
        XCTAssertEqual(try admin.read { db in try String.fetchOne(db, sql: "SELECT status FROM family_contacts") }, "closed")
    }

    // MARK: the school's walls

    func testTheFrontOfficeRoleCannotReachAnotherSchoolsData() throws {
        let (app, store) = try kiosk()
        let before = try counts()
        let other = try XCTUnwrap(admin.activePartnerships(schoolID: e102, matching: "", limit: 10_000).first { p in
            try! !admin.activePartnerships(schoolID: e101, matching: "", limit: 10_000).contains { $0.id == p.id }
        })
        let wave = try XCTUnwrap(store.openWaveID(schoolID: e102, on: Self.today))
        let now = Date()
        func refused(_ body: () throws -> Void) {
            XCTAssertThrowsError(try body()) { error in
                guard let e = error as? StoreError, case .forbidden = e else { return XCTFail("\(error)") }
            }
        }
        let first = try XCTUnwrap(store.wave(id: wave)?.instrument.questions.first { $0.kind == .scale5 }?.id)
        refused { try store.submitResponse(ResponseSubmission(waveID: wave, schoolID: self.e102, language: "en", channel: .kiosk, day: Self.today, answers: [first: .value(5)])) }
        refused { try store.signIn(partnershipID: other.id, schoolID: self.e102, visitor: "X", purpose: "", at: now) }
        refused { try store.recordFamilyContact(schoolID: self.e102, kind: .question, language: "en", summary: "X", reach: "", owner: "", at: now) }
        refused { try store.setKioskPIN(schoolID: self.e101, pin: "1234", iterations: 10) }
        // A partnership of another school cannot be signed in at this one either.
        XCTAssertThrowsError(try store.signIn(partnershipID: other.id, schoolID: e101, visitor: "X", purpose: "", at: now))
        // What the kiosk's screens read is this school's: the directory and the sign-in search.
        let session = try XCTUnwrap((app.panes[0] as? KioskPane)?.session)
        let directory = KioskDirectory.lines(session).joined(separator: "\n")
        let here = Set(try store.activePartnerships(schoolID: e101, matching: "", limit: 10_000).map { $0.partner })
        XCTAssertEqual(Set(try store.partnerDirectory(schoolID: e101).map(\.partner)), here)
        for name in here { XCTAssertTrue(directory.contains(name), name) }
        let otherName = try XCTUnwrap(admin.partnerName(id: XCTUnwrap(admin.partnership(id: other.id)).partnerID))
        if !here.contains(otherName) {
            XCTAssertFalse(directory.contains(otherName), "another school's partner is not in this school's directory")
            XCTAssertTrue(try store.activePartnerships(schoolID: e101, matching: otherName).isEmpty)
        }
        // Every binding of every kiosk screen, pressed: nothing leaves the kiosk, nothing is written.
        press(app, [.char("s")]); typeText(app, Self.pin); press(app, [.enter])
        for item in ["2", "3"] {
            typeText(app, item)
            for key: Key in [.enter, .char("n"), .escape, .escape, .escape] { app.handle(.key(key)) }
            XCTAssertTrue(app.top is StaffMenuScreen || app.top is KioskSurveyScreen, "\(type(of: app.top))")
            if app.top is KioskSurveyScreen { press(app, [.char("s")]); typeText(app, Self.pin); press(app, [.enter]) }
        }
        XCTAssertEqual(app.panes.count, 1)
        XCTAssertFalse(app.shouldQuit)
        XCTAssertEqual(try counts().visits, before.visits)
        XCTAssertEqual(try counts().contacts, before.contacts)
    }

    func testOneMigrationV10KioskAfterV9AndDoctorIsContentWithKioskWrites() throws {
        // One migration, registered right after the PD rosters' (later ones may follow it).
        let names = Migrations.migrator.migrations
        let kiosk = try XCTUnwrap(names.firstIndex(of: "v10-kiosk"))
        XCTAssertEqual(names[kiosk - 1], "v9-pd-rosters")
        XCTAssertEqual(names.filter { $0.contains("kiosk") }, ["v10-kiosk", "v16-kiosk-pin-attempts"])
        let store = try FacetStore(path: path, login: "lobby")
        let partnership = try XCTUnwrap(store.activePartnerships(schoolID: e101, matching: "").first)
        let visit = try store.signIn(partnershipID: partnership.id, schoolID: e101, visitor: "Ana", purpose: "", at: Date())
        try store.signOut(visitID: visit, expectedVersion: 1, at: Date().addingTimeInterval(60))
        let contact = try store.recordFamilyContact(schoolID: e101, kind: .compliment, language: "hmn", summary: "Thanks", reach: "", owner: "Office", at: Date())
        try FacetStore(path: path, login: "coord").closeFamilyContact(id: contact, resolution: "Passed on", at: Date())
        try admin.setKioskPIN(schoolID: e101, pin: "7777", iterations: 10)
        // Wrong PIN tries are audited records too (v16), cleared by a right PIN.
        for _ in 0..<3 { try store.recordKioskPinFailure(schoolID: e101, at: Date()) }
        try store.clearKioskPinFailures(schoolID: e101)
        let findings = FacetStore.diagnose(path: path)
        for name in ["integrity check", "audit chain", "records match the audit log"] {
            let finding = try XCTUnwrap(findings.first { $0.check == name }, name)
            XCTAssertTrue(finding.ok, "\(name): \(finding.value)")
        }
    }

    func testThePINIsASaltedSlowHash() throws {
        // RFC 7914 §11 / RFC 6070-style vectors for PBKDF2-HMAC-SHA256.
        XCTAssertEqual(PBKDF2.hex(PBKDF2.derive(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 1)),
                       "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b")
        XCTAssertEqual(PBKDF2.hex(PBKDF2.derive(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 2)),
                       "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43")
        let a = PBKDF2.encode(pin: "4821", iterations: 10), b = PBKDF2.encode(pin: "4821", iterations: 10)
        XCTAssertNotEqual(a, b, "a random salt each time")
        XCTAssertTrue(PBKDF2.verify(pin: "4821", encoded: a))
        XCTAssertFalse(PBKDF2.verify(pin: "4822", encoded: a))
        let stored = try XCTUnwrap(admin.read { db in try String.fetchOne(db, sql: "SELECT pin_hash FROM kiosk_pins") })
        XCTAssertFalse(stored.contains(Self.pin))
        XCTAssertTrue(stored.hasPrefix("pbkdf2-sha256$50$"))
        XCTAssertEqual(FacetStore.pinIterations >= 10_000, true)
        XCTAssertThrowsError(try admin.setKioskPIN(schoolID: e101, pin: "12a4", iterations: 10))
        XCTAssertThrowsError(try admin.setKioskPIN(schoolID: e101, pin: "123", iterations: 10))
    }
}
