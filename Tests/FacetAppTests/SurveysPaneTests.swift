import FacetModel
import FacetStore
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// The surveys pane through keys at 80×24, on the small demo district, judged on 2026-11-30.
final class SurveysPaneTests: XCTestCase {
    var folder: URL!
    var store: FacetStore!
    let today = Day("2026-11-30")!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-sv-\(UUID().uuidString)")
        store = try FacetStore(path: folder.appendingPathComponent("facet.sqlite").path, login: "admin1")
        try DemoData.load(into: store, size: .small, seed: 2026)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func makeApp(_ store: FacetStore? = nil) -> FacetApplication { FacetApplication(store: store ?? self.store, theme: .monochrome, today: today) }
    func screen(_ app: FacetApplication) -> [String] { app.render(size: Size(width: 80, height: 24)).lines }
    func text(_ app: FacetApplication) -> String { screen(app).joined(separator: "\n") }
    func press(_ app: FacetApplication, _ keys: Key...) { for k in keys { app.handle(.key(k)) } }
    func type(_ app: FacetApplication, _ text: String) { for c in text { app.handle(.key(.char(c))) } }

    func testDump() throws {
        let app = makeApp()
        type(app, "4")
        print(text(app))
        press(app, .enter)
        print(text(app))
        press(app, .escape)
        type(app, "w")
        print(text(app))
        type(app, "r")
        print(text(app))
        type(app, "v")
        print(text(app))
        type(app, "v")
        press(app, .down, .enter)
        print(text(app))
        press(app, .escape, .escape)
        type(app, "Gp")
        print(text(app))
        print(text(app))
        press(app, .ctrl("s"))
        type(app, "54y")
        print(text(app))
    }
}
