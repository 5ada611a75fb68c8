import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// Sorting offers only the columns the store can sort fast (migration v14-speed): `s` steps over the
/// others, and the dashboard's counts come from the kept `school_counts`, following a save.
final class SortOffersTests: XCTestCase {
    var folder: URL!
    var store: FacetStore!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-sort-\(UUID().uuidString)")
        store = try DemoTemplate.store(path: folder.appendingPathComponent("facet.sqlite").path, login: "tester", seed: 7)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func screen(_ app: FacetApplication) -> [String] { app.render(size: Size(width: 80, height: 24)).lines }
    private func press(_ app: FacetApplication, _ keys: Key...) { for k in keys { app.handle(.key(k)) } }

    func testSortStepsOverTheRostersSchoolColumn() throws {
        let app = FacetApplication(store: store, theme: .monochrome)
        press(app, .char("5"))
        XCTAssertTrue(screen(app)[2].contains("Number▲"), screen(app)[2])
        press(app, .char("s"))
        XCTAssertTrue(screen(app)[2].contains("Name▲"), screen(app)[2])
        press(app, .char("s"))
        let byRole = screen(app)
        XCTAssertTrue(byRole[2].contains("Role▲"), byRole[2])
        XCTAssertFalse(byRole[2].contains("School▲"), byRole[2])
        XCTAssertTrue(byRole.last!.contains("Sorted by Role, ascending"), byRole.last!)
        press(app, .char("s"), .char("s"))  // Hired, then round to Number
        XCTAssertTrue(screen(app)[2].contains("Number▲"), screen(app)[2])
    }

    func testPartnershipsSortSkipsTheColumnsWorkedOutPerRow() throws {
        let app = FacetApplication(store: store, theme: .monochrome)
        press(app, .char("2"))
        var seen: [String] = []
        for _ in 0..<5 {
            press(app, .char("s"))
            let status = screen(app).last!
            if let r = status.range(of: "Sorted by ") { seen.append(String(status[r.upperBound...].prefix { $0 != "," })) }
        }
        XCTAssertEqual(seen, ["Tier", "Status", "Reviewed", "Partner", "Tier"])
    }

    func testDashboardStaffFollowsASave() throws {
        let app = FacetApplication(store: store, theme: .monochrome)
        press(app, .char("1"))
        press(app, .char("l"))  // the schools list, behind the dashboard
        let first = screen(app)[3]
        let code = String(first.split(separator: " ")[0])
        let staffBefore = Int(first.split(separator: " ").last!)!
        let school = try store.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM schools WHERE code = ?", arguments: [code]) }!
        let employee = try store.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM employees WHERE school_id = ? AND active ORDER BY id LIMIT 1", arguments: [school])
        }!
        let version = try store.read { db in try Int.fetchOne(db, sql: "SELECT version FROM employees WHERE id = ?", arguments: [employee]) }!
        try store.updateRecord(.employees, id: employee, expectedVersion: version, changes: ["active": .integer(0)])
        app.refreshAll()
        let after = screen(app)[3]
        XCTAssertTrue(after.hasPrefix(first.prefix(6)), after)
        XCTAssertEqual(Int(after.split(separator: " ").last!), staffBefore - 1, after)
    }
}

/// Results kept until the data change (survey results with what was read of them, the
/// self-assessment grid): the second open shows them without reading, a save makes the next open read again.
final class KeptResultsTests: XCTestCase {
    func testSurveyResultsAreKeptUntilTheDataChange() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-kept-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let store = try DemoTemplate.store(path: folder.appendingPathComponent("facet.sqlite").path, login: "tester", seed: 7)
        let app = FacetApplication(store: store, theme: .monochrome, today: Day(year: 2026, month: 11, day: 30)!)
        let surveyID = try XCTUnwrap(try store.surveyID(titled: ShippedSurvey.title))
        let key = "surveyResults.\(surveyID)"
        XCTAssertNil(app.context.kept(key) as KeptSurveyResults?)
        app.handle(.key(.char("4")))
        app.handle(.key(.char("r")))
        XCTAssertNotNil(app.top as? SurveyResultsScreen, "the results are shown at once")
        XCTAssertTrue(app.render(size: Size(width: 80, height: 24)).lines[1].contains("responses"))
        let kept: KeptSurveyResults? = app.context.kept(key)
        XCTAssertNotNil(kept)
        app.handle(.key(.escape))
        app.handle(.key(.char("r")))
        XCTAssertNotNil(app.top as? SurveyResultsScreen, "opened again from what was kept")
        app.handle(.key(.escape))
        app.refreshAll()
        XCTAssertNil(app.context.kept(key) as KeptSurveyResults?, "a change of the data forgets it")
    }
}
