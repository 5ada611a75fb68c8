import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// What every pane's key-driven tests share: a fresh database holding the small demo district,
/// judged on 2026-11-30, an application at 80×24 in monochrome, and keys to press. A test class
/// overrides `login` or `demoSeed` where it needs another user or district.
class PaneTestCase: XCTestCase {
    var folder: URL!
    var store: FacetStore!
    let today = Day("2026-11-30")!
    /// The user the tests act as.
    var login: String { "admin1" }
    var demoSeed: UInt64 { 2026 }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-pane-\(UUID().uuidString)")
        store = try DemoTemplate.store(path: folder.appendingPathComponent("facet.sqlite").path, login: login, seed: demoSeed)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func makeApp(_ store: FacetStore? = nil) -> FacetApplication { FacetApplication(store: store ?? self.store, theme: .monochrome, today: today) }
    func screen(_ app: FacetApplication) -> [String] { app.render(size: Size(width: 80, height: 24)).lines }
    func text(_ app: FacetApplication) -> String { screen(app).joined(separator: "\n") }
    func press(_ app: FacetApplication, _ keys: Key...) { for k in keys { app.handle(.key(k)) } }
    func type(_ app: FacetApplication, _ text: String) { for c in text { app.handle(.key(.char(c))) } }
}
