import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// A pane that exists only in this test target: adding a pane is a controller and one line of
/// configuration, with no change to the shell.
final class NotesPane: Pane {
    let title = "Notes"
    private let context: AppContext
    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen {
        let store = context.store
        return ListScreen(RecordList(title: "Notes", noun: "area", entity: .priorityAreas,
                                     columns: [(.flex(weight: 1, min: 20), .left)],
                                     list: { store.schoolList() }), context)
    }
}

final class ConfigurationTests: XCTestCase {
    var folder: URL!
    var store: FacetStore!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-config-\(UUID().uuidString)")
        store = try DemoTemplate.store(path: folder.appendingPathComponent("facet.sqlite").path, login: "tester", seed: 9)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testAPaneIsAddedByConfigurationAlone() throws {
        var configuration = AppConfiguration(panes: [DashboardPane.init, NotesPane.init])
        configuration.offersDemoWhenEmpty = false
        let app = FacetApplication(store: store, theme: .monochrome, configuration: configuration, clock: FixedClock(day: Day("2026-11-30")!))
        var lines = app.render(size: Size(width: 80, height: 24)).lines
        XCTAssertTrue(lines[0].contains("1 Dashboard") && lines[0].contains("2 Notes"), lines[0])
        XCTAssertFalse(lines[0].contains("Partnerships"))
        app.handle(.key(.char("2")))
        lines = app.render(size: Size(width: 80, height: 24)).lines
        XCTAssertTrue(lines[1].contains("Notes"), lines[1])
        XCTAssertTrue(lines[1].contains("1 of 50 areas"), lines[1])
        // Its keys are the shell's: help lists it among the panes, and key 3 is nothing here.
        app.handle(.key(.char("?")))
        var help = app.render(size: Size(width: 80, height: 24)).lines
        app.handle(.key(.pageDown))
        help += app.render(size: Size(width: 80, height: 24)).lines
        XCTAssertTrue(help.contains { $0.contains("2/F2") && $0.contains("notes") }, help.joined(separator: "\n"))
        app.handle(.key(.escape))
        app.handle(.key(.char("3")))
        XCTAssertEqual(app.currentPane, 1)
        XCTAssertTrue(app.statusMessage?.contains("does nothing here") == true)
    }

    func testAConfigurationWithoutQuitOrPaneSwitchingRefusesThoseKeys() throws {
        var configuration = AppConfiguration(panes: [DashboardPane.init, NotesPane.init], allowsPaneSwitching: false, allowsQuit: false)
        configuration.offersDemoWhenEmpty = false
        let app = FacetApplication(store: store, theme: .monochrome, configuration: configuration, clock: FixedClock(day: Day("2026-11-30")!))
        for key in [Key.char("q"), .ctrl("c"), .char("2"), .function(2)] { app.handle(.key(key)) }
        XCTAssertFalse(app.shouldQuit)
        XCTAssertEqual(app.currentPane, 0)
        let status = app.render(size: Size(width: 80, height: 24)).lines[23]
        XCTAssertFalse(status.contains("quit"), status)
    }

    func testTodayIsReadFromTheClockSoANewDayIsSeen() throws {
        let clock = FixedClock(day: Day("2026-11-30")!)
        let app = FacetApplication(store: store, theme: .monochrome, configuration: .full, clock: clock)
        app.handle(.key(.char("2")))
        app.handle(.key(.char("E")))
        XCTAssertTrue(app.render(size: Size(width: 80, height: 24)).text.contains("partnerships-2026-11-30.csv"))
        app.handle(.key(.escape))
        clock.advance(by: 86_400)
        app.tick()
        app.handle(.key(.char("E")))
        XCTAssertTrue(app.render(size: Size(width: 80, height: 24)).text.contains("partnerships-2026-12-01.csv"),
                      "a session left open overnight works on the new day")
    }
}
