import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// Every pane and every overlay of the demo district (seed 2026) at 80×24 on a fixed day, compared
/// with the screens kept in `Golden/`. They are rewritten only when `FACET_UPDATE_GOLDEN=1` is set;
/// a missing or different screen fails the test and prints both, so a change to what users see is
/// always a decision, never an accident. Times of day (audit stamps) are masked: they are not ours.
final class GoldenScreenTests: XCTestCase {
    static let today = Day("2026-11-30")!
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    var updating: Bool { ProcessInfo.processInfo.environment["FACET_UPDATE_GOLDEN"] == "1" }

    var folder: URL!
    var path: String { folder.appendingPathComponent("facet.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-golden-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func demoStore(login: String = "tester") throws -> FacetStore {
        try DemoTemplate.store(path: path, login: login, seed: 2026)
    }

    func app(_ store: FacetStore) -> FacetApplication {
        FacetApplication(store: store, theme: .monochrome, today: Self.today)
    }

    func press(_ app: FacetApplication, _ keys: [Key]) { for k in keys { app.handle(.key(k)) } }
    func keys(_ text: String) -> [Key] { text.map { .char($0) } }

    static func masked(_ lines: [String]) -> String {
        let stamp = try! NSRegularExpression(pattern: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
        return lines.map { line in
            let range = NSRange(line.startIndex..., in: line)
            return stamp.stringByReplacingMatches(in: line, range: range, withTemplate: "YYYY-MM-DDThh:mm:ssZ")
        }.joined(separator: "\n") + "\n"
    }

    /// Compares the app's screen with `Golden/<name>.txt`.
    func check(_ name: String, _ app: FacetApplication, width: Int = 80, height: Int = 24,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let actual = Self.masked(app.render(size: Size(width: width, height: height)).lines)
        let url = Self.goldenFolder.appendingPathComponent(name + ".txt")
        if updating {
            try FileManager.default.createDirectory(at: Self.goldenFolder, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("No golden screen \(name).txt; record it with FACET_UPDATE_GOLDEN=1 swift test --filter GoldenScreenTests\n\(actual)",
                    file: file, line: line)
            return
        }
        if expected != actual {
            XCTFail("Screen \(name) differs from Golden/\(name).txt (FACET_UPDATE_GOLDEN=1 rewrites it when the change is intended)\n--- expected\n\(expected)--- actual\n\(actual)",
                    file: file, line: line)
        }
    }

    func testPanesAndTheirOverlays() throws {
        let store = try demoStore()
        // Each screen starts from a fresh application on the same database, so one screen's
        // keys cannot leak into the next.
        let screens: [(String, [Key])] = [
            ("dashboard", keys("1")),
            ("dashboard-schools", keys("1l")),
            ("dashboard-schools-sorted-by-name", keys("1ls")),
            ("dashboard-targets", keys("1t")),
            ("partnerships", keys("2")),
            ("standards", keys("3")),
            ("surveys", keys("4")),
            ("survey-questions", keys("4") + [.enter]),
            ("survey-languages", keys("4") + [.enter] + keys("l")),
            ("survey-question-edit", keys("4") + [.enter, .enter]),
            ("survey-translate", keys("4") + [.enter] + keys("thmn") + [.enter]),
            ("survey-waves", keys("4w")),
            ("survey-wave-new", keys("4wn")),
            ("survey-paper-setup", keys("4wGp")),
            ("survey-paper-entry", keys("4wGp") + [.ctrl("s")] + keys("54")),
            ("survey-results", keys("4r")),
            ("survey-results-by-wave", keys("4rv")),
            ("survey-distribution", keys("4r") + [.down, .enter]),
            ("rosters", keys("5")),
            ("rosters-filter-typing", keys("5/kow")),
            ("rosters-moved-down", keys("5") + [.down, .down, .pageDown]),
            ("help-partnerships", keys("2?")),
            ("help-dashboard", keys("1?")),
            ("partnership-detail", keys("2") + [.enter]),
            ("partnership-edit", keys("2e")),
            ("partnership-review", keys("2r")),
            ("partnership-new", keys("2n")),
            ("quick-filter", keys("2f")),
            ("quick-filter-applied", keys("2f") + [.right, .right, .right, .ctrl("s")]),
            ("breakdown", keys("2b")),
            ("partners", keys("2p")),
            ("partner-edit", keys("2p") + [.enter]),
            ("criteria", keys("2c")),
            ("criterion-edit", keys("2c") + [.enter]),
            ("end-or-delete", keys("2d")),
            ("import-prompt", keys("2I")),
            ("export-prompt", keys("2E")),
            ("school-edit", keys("1l") + [.enter]),
            ("school-new", keys("1ln")),
            ("school-new-invalid", keys("1ln") + [.ctrl("s")]),
            ("school-discard", keys("1l") + [.enter] + keys("x") + [.escape]),
            ("school-delete", keys("1ld")),
            ("employee-edit", keys("5e")),
            ("employee-detail", keys("5") + [.enter]),
            ("courses", keys("5c")),
            ("course-edit", keys("5c") + [.enter]),
            ("grace-period", keys("5cg")),
            ("overdue", keys("5co")),
            ("sessions", keys("5t")),
            ("session-edit", keys("5te")),
            ("roster", keys("5t") + [.enter]),
            ("roster-register", keys("5t") + [.enter] + keys("aKow")),
            ("check-in", keys("5ti")),
            ("check-in-typing", keys("5ti") + keys("E10")),
            ("completion", keys("5t") + [.enter] + keys("C")),
            ("hr-import-prompt", keys("5I")),
            ("standard-detail", keys("3") + [.enter]),
            ("standard-edit", keys("3e")),
            ("standards-help", keys("3?")),
            ("standards-frameworks", keys("3f")),
            ("standards-grid", keys("3a")),
            ("standards-grid-moved", keys("3a") + [.down, .down, .down, .right]),
            ("standards-grid-ratings", keys("3a") + [.enter]),
            ("standards-rating", keys("3a") + [.down, .down, .down] + keys("r42")),
            ("standards-rate-choose", keys("3r")),
            ("standards-plans", keys("3p")),
            ("standards-plan-edit", keys("3p") + [.enter]),
            ("standards-coverage", keys("3c")),
            ("standards-convenings", keys("3m")),
            ("standards-convening-groups", keys("3mg")),
            ("standards-follow-ups", keys("3m") + [.end, .up] + keys("f")),
            ("standards-follow-up-edit", keys("3m") + [.end, .up] + keys("f") + [.enter]),
            ("standards-service-model", keys("3t")),
            ("outreach", keys("6")),
            ("outreach-reach", keys("6r")),
            ("outreach-event-edit", keys("6") + [.enter]),
            ("outreach-campaigns", keys("6c")),
            ("outreach-conferences", keys("6f")),
            ("outreach-participation", keys("6fp")),
            ("outreach-conference-edit", keys("6f") + [.enter]),
            ("outreach-toolkit", keys("6t")),
            ("outreach-gaps", keys("6tg")),
            ("outreach-resource-edit", keys("6t") + [.enter]),
            ("outreach-steps", keys("6l")),
            ("outreach-progress", keys("6lv")),
            ("outreach-milestones", keys("6l") + [.enter]),
            ("outreach-help", keys("6?")),
            ("history-unchanged", keys("1lh")),
            ("no-such-key", keys("1Z")),
        ]
        for (name, keys) in screens {
            let app = app(store)
            press(app, keys)
            try check(name, app)
        }
        try check("too-small", app(store), width: 60, height: 20)
        // The dashboard uses the space of a larger window: three tiles a row, every bar.
        try check("dashboard-132x43", app(store), width: 132, height: 43)
    }

    func testScreensAfterChanges() throws {
        let store = try demoStore()
        // A saved edit, then its history.
        let editing = app(store)
        press(editing, keys("1l") + [.enter, .end] + keys(" Campus") + [.ctrl("s")])
        try check("school-saved", editing)
        press(editing, keys("h"))
        try check("history-after-edit", editing)

        // Import problems: a file with a bad row.
        let csv = folder.appendingPathComponent("bad.csv")
        try "partner,tier,start_date\nGolden Partner,7,2026-13-01\n".write(to: csv, atomically: true, encoding: .utf8)
        let importing = app(store)
        press(importing, keys("2I") + [.ctrl("u")] + csv.path.map { .char($0) } + [.enter])
        importing.waitForBackgroundWork()
        try check("import-problems", importing)

        // The compliance report, read from the counts kept by day, and by school.
        let compliance = app(store)
        press(compliance, keys("5p"))
        try check("compliance", compliance)
        press(compliance, keys("s"))
        try check("compliance-by-school", compliance)

        // A viewer: no write keys offered, Enter shows the record read-only.
        try store.addUser(login: "reader", displayName: "Reader", role: .viewer, schoolCodes: [])
        let viewer = app(try FacetStore(path: path, login: "reader"))
        press(viewer, keys("2"))
        try check("viewer-partnerships", viewer)
        press(viewer, keys("1l") + [.enter])
        try check("viewer-school-detail", viewer)
    }

    func testConflictAndDraftScreens() throws {
        let first = try demoStore(login: "first")
        try first.addUser(login: "second", displayName: "Second", role: .admin, schoolCodes: [])
        let second = try FacetStore(path: path, login: "second")
        let a = app(first), b = app(second)
        press(a, keys("1l") + [.enter, .end] + keys(" A"))
        press(b, keys("1l") + [.enter, .end] + keys(" B") + [.ctrl("s")])
        press(a, [.ctrl("s")])
        try check("conflict", a)

        // Input left in a form when the session ended is offered at the next start.
        press(a, [.escape])
        a.keepUnsavedInput()
        try check("draft-offer", app(try FacetStore(path: path, login: "first")))
    }

    func testEmptyDatabaseOffersTheDemo() throws {
        try check("empty-database", app(try FacetStore(path: path, login: "tester")))
    }

    /// The front-office kiosk of E101 at 80×24 and 132×43: the welcome and a language chosen, a
    /// question in Spanish, an open question, the review, the thank-you, the staff PIN and menu,
    /// partner sign-in and sign-out, the directory, and the family contact form.
    func testKioskScreens() throws {
        let admin = try demoStore()
        try admin.addUser(login: "lobby", displayName: "Front desk", role: .frontOffice, schoolCodes: ["E101"])
        let e101 = try XCTUnwrap(admin.school(code: "E101")).id
        try admin.setKioskPIN(schoolID: e101, pin: "4821", iterations: 10)
        // Someone signed in at noon, so the sign-out list shows a row.
        let partnership = try XCTUnwrap(admin.activePartnerships(schoolID: e101, matching: "").first)
        try admin.signIn(partnershipID: partnership.id, schoolID: e101, visitor: "Mai Vang", purpose: "Homework club",
                         at: FixedClock(day: Self.today).now)
        let screens: [(String, [Key])] = [
            ("kiosk-welcome", []),
            ("kiosk-question-es", keys("2")),
            ("kiosk-question-open-text", keys("2") + Array(repeating: Key.enter, count: 10) + keys("Todo bien")),
            ("kiosk-review", keys("1") + Array(repeating: Key.enter, count: 11)),
            ("kiosk-pin", keys("s48")),
            ("kiosk-staff-menu", keys("s4821") + [.enter]),
            ("kiosk-sign-in", keys("s4821") + [.enter] + keys("2n")),
            ("kiosk-contact", keys("s4821") + [.enter] + keys("4")),
            ("kiosk-language-chosen", [.down]),
            ("kiosk-thank-you", keys("1") + Array(repeating: Key.enter, count: 12)),
            ("kiosk-directory", keys("s4821") + [.enter] + keys("3")),
            ("kiosk-visits", keys("s4821") + [.enter] + keys("2")),
        ]
        // Item 8 of the kiosk's issue: every screen at the smallest window, and at a larger one,
        // where it uses the room (longer question texts unwrapped, the review's texts whole).
        for (width, height, suffix) in [(80, 24, ""), (132, 43, "-132x43")] {
            for (name, keys) in screens {
                let store = try FacetStore(path: path, login: "lobby")
                let app = FacetApplication(store: store, theme: .monochrome, configuration: try AppConfiguration.forCurrentUser(of: store),
                                           clock: FixedClock(day: Self.today))
                press(app, keys)
                try check(name + suffix, app, width: width, height: height)
            }
        }
    }
}
