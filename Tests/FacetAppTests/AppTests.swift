import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// Drives the application through keys at 80×24 and reads the screen, as a user would.
final class AppTests: XCTestCase {
    var folder: URL!
    var store: FacetStore!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-app-\(UUID().uuidString)")
        store = try FacetStore(path: folder.appendingPathComponent("facet.sqlite").path, login: "tester")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func makeApp(demo: Bool = true) throws -> FacetApplication {
        if demo { try loadDemo() }
        return FacetApplication(store: store, theme: .monochrome)
    }

    /// The small demo district (seed 7) in place of the empty database.
    func loadDemo() throws {
        store = try DemoTemplate.store(path: folder.appendingPathComponent("demo.sqlite").path, login: "tester", seed: 7)
    }

    func screen(_ app: FacetApplication, width: Int = 80, height: Int = 24) -> [String] {
        app.render(size: Size(width: width, height: height)).lines
    }

    func press(_ app: FacetApplication, _ keys: Key...) { for k in keys { app.handle(.key(k)) } }
    func type(_ app: FacetApplication, _ text: String) { for c in text { app.handle(.key(.char(c))) } }

    func testEachPaneRendersItsTitleAndRows() throws {
        let app = try makeApp()
        let expectations: [(Key, String, String)] = [
            (.char("1"), "Dashboard", "Partnerships in alignment"),
            (.char("2"), "Partnerships", "450 partnerships"),
            (.char("3"), "Standards", "Welcoming all families"),
            (.char("4"), "Surveys", "Family Customer Service Survey"),
            (.function(5), "PD Rosters", "4,000 employees"),
        ]
        for (key, title, content) in expectations {
            press(app, key)
            let lines = screen(app)
            XCTAssertEqual(lines.count, 24)
            XCTAssertTrue(lines[0].contains(title), "tab bar names \(title): \(lines[0])")
            XCTAssertTrue(lines.joined(separator: "\n").contains(content), "\(title) shows \(content):\n\(lines.joined(separator: "\n"))")
            // Rows fill the table area: header on line 2, data from line 3 on.
            let dataRows = lines[3..<23].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            XCTAssertGreaterThan(dataRows.count, title == "Standards" ? 5 : (title == "Surveys" || title == "Dashboard" ? 1 : 19))
            XCTAssertTrue(lines[23].contains("help"), "status line shows keys: \(lines[23])")
        }
    }

    func testSlashFiltersAsYouTypeAndEscClears() throws {
        let app = try makeApp()
        press(app, .char("5"))
        let full = screen(app)
        XCTAssertTrue(full[1].contains("4,000 employees"))
        // Pick the surname on the first row and filter by it.
        let firstName = full[3].dropFirst(9).prefix(while: { $0 != "," })
        press(app, .char("/"))
        type(app, String(firstName))
        let filtered = screen(app)
        XCTAssertTrue(filtered[1].contains("/\(firstName)"), filtered[1])
        XCTAssertFalse(filtered[1].contains("4,000 employees"))
        for line in filtered[3..<23] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            XCTAssertTrue(line.lowercased().contains(firstName.lowercased()), line)
        }
        press(app, .enter)  // keep the filter, back to the list
        XCTAssertTrue(screen(app)[1].contains("/\(firstName)"))
        press(app, .escape)
        XCTAssertTrue(screen(app)[1].contains("4,000 employees"))

        // A filter that matches nothing says so.
        press(app, .char("/"))
        type(app, "zzzqqq")
        let none = screen(app)
        XCTAssertTrue(none[3].contains("nothing to show"), none[3])
        XCTAssertTrue(none[1].contains("0 employees"), none[1])
    }

    func testSortingByColumnShowsIndicatorAndReordersRows() throws {
        let app = try makeApp()
        press(app, .char("1"), .char("l"))
        XCTAssertTrue(screen(app)[2].contains("Code▲"))
        press(app, .char("s"))
        let byName = screen(app)
        XCTAssertTrue(byName[2].contains("School▲"), byName[2])
        let names = byName[3..<23].map { String($0.dropFirst(7).prefix(30)).trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(names, names.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending })
        press(app, .char("S"))
        let reversed = screen(app)
        XCTAssertTrue(reversed[2].contains("School▼"))
        let reversedNames = reversed[3..<23].map { String($0.dropFirst(7).prefix(30)).trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(reversedNames, reversedNames.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedDescending })
    }

    func testListKeysMoveTheSelection() throws {
        let app = try makeApp()
        press(app, .char("5"))
        XCTAssertTrue(screen(app)[1].contains("1 of 4,000"))
        press(app, .down, .char("j"), .down)
        XCTAssertTrue(screen(app)[1].contains("4 of 4,000"))
        press(app, .end)
        XCTAssertTrue(screen(app)[1].contains("4,000 of 4,000"))
        press(app, .pageUp)
        XCTAssertTrue(screen(app)[1].contains("3,981 of 4,000"), screen(app)[1])
        press(app, .home, .char("k"))
        XCTAssertTrue(screen(app)[1].contains("1 of 4,000"))
    }

    func testQuestionMarkShowsHelpListingThePaneKeys() throws {
        let app = try makeApp()
        press(app, .char("2"), .char("?"))
        // Help may run over two pages: read both.
        var text = screen(app).joined(separator: "\n")
        press(app, .pageDown)
        text += screen(app).joined(separator: "\n")
        XCTAssertTrue(text.contains("Keys — Partnerships"))
        for expected in ["Lists", "filter", "sort", "Everywhere", "quit", "1/F1", "Forms", "Ctrl-S"] {
            XCTAssertTrue(text.contains(expected), "help lists \(expected):\n\(text)")
        }
        XCTAssertTrue(text.contains("quick filter"), "the pane's own keys are listed")
        press(app, .escape)
        XCTAssertFalse(screen(app).joined().contains("Keys — Partnerships"))
    }

    func testEnterShowsAReadOnlyRecordToAViewerAndHShowsItsHistory() throws {
        try loadDemo()
        try store.addUser(login: "reader", displayName: "Reader", role: .viewer, schoolCodes: [])
        let viewer = FacetApplication(store: try FacetStore(path: store.path, login: "reader"), theme: .monochrome)
        let status = screen(viewer)[23]
        XCTAssertFalse(status.contains("n new"), "a viewer is not offered new: \(status)")
        XCTAssertFalse(status.contains("d delete"))
        press(viewer, .char("1"), .char("l"), .enter)
        let detail = screen(viewer).joined(separator: "\n")
        XCTAssertTrue(detail.contains("School #"), detail)
        XCTAssertTrue(detail.contains("code"))
        press(viewer, .escape, .char("n"))
        XCTAssertTrue(screen(viewer)[23].contains("viewer"), screen(viewer)[23])
        press(viewer, .char("h"))
        XCTAssertTrue(screen(viewer).joined(separator: "\n").contains("History"))
    }

    func testEmptyDatabaseOffersTheDemo() throws {
        let app = try makeApp(demo: false)
        let offer = screen(app).joined(separator: "\n")
        XCTAssertTrue(offer.contains("Load the demo"), offer)
        press(app, .char("y"))
        let loaded = screen(app)
        XCTAssertTrue(loaded[1].contains("District ·"), loaded[1])
        XCTAssertTrue(loaded[23].contains("Demo district loaded"), loaded[23])

        // Answering no leaves the database empty and says so plainly.
        let other = FacetApplication(store: try FacetStore(path: folder.appendingPathComponent("b.sqlite").path, login: "t"), theme: .monochrome)
        press(other, .char("n"))
        XCTAssertTrue(screen(other)[1].contains("nothing to show yet"), screen(other)[1])
    }

    func testSmallWindowShowsSizeMessageAndRecovers() throws {
        let app = try makeApp()
        let small = screen(app, width: 60, height: 20).joined(separator: "\n")
        XCTAssertTrue(small.contains("at least 80×24"), small)
        XCTAssertTrue(small.contains("This one is 60×20"))
        XCTAssertTrue(screen(app)[0].contains("Dashboard"))
    }

    func testQuitKey() throws {
        let app = try makeApp()
        XCTAssertFalse(app.shouldQuit)
        press(app, .char("q"))
        XCTAssertTrue(app.shouldQuit)
    }

    func testRunLoopDrawsThroughTheInMemoryBackend() throws {
        let app = try makeApp()
        let backend = InMemoryBackend(width: 80, height: 24)
        backend.queuedEvents = [.key(.char("2")), .key(.char("q"))]
        XCTAssertNil(app.run(on: backend))
        XCTAssertTrue(backend.screenLines[0].contains("Partnerships"))
        XCTAssertGreaterThanOrEqual(backend.framesDrawn, 2)
    }
}
