import FacetModel
import FacetStore
import GRDB
import XCTest

/// `facet import|export events|resources`: all or nothing with every problem by line and column,
/// and an export imported back changes nothing.
final class OutreachCSVTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }

    override func setUpWithError() throws {
        db = try TestDatabase()
        try DemoData.load(into: store, size: DemoSize(schools: 9, partners: 0, partnerships: 0, employees: 0), seed: 4)
    }

    func auditRows() throws -> Int { try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 } }

    func testEventsExportImportsBackUnchangedAndNewRowsAreAdded() throws {
        let exported = try store.exportEventsCSV()
        let before = try auditRows()
        let again = try store.importEvents(csv: exported, dryRun: false)
        XCTAssertEqual(again.problems, [])
        XCTAssertEqual(again.rows, 27)
        XCTAssertEqual(try auditRows(), before, "unchanged rows write nothing")
        XCTAssertEqual(try store.exportEventsCSV(), exported)

        let school = try store.read { try String.fetchOne($0, sql: "SELECT code FROM schools ORDER BY code LIMIT 1")! }
        let file = """
            campaign,school_year,school,kind,topic,date,attendance,interpretation
            Common Core: Know the Standards,2026-27,\(school),information-night,Report cards,2026-11-12,"Spanish 7, Somali 5",yes
            """
        let report = try store.importEvents(csv: file, dryRun: false)
        XCTAssertEqual(report.problems, [])
        let added = try store.read { try Row.fetchOne($0, sql: "SELECT families, kind, interpretation FROM outreach_events ORDER BY id DESC LIMIT 1")! }
        XCTAssertEqual(added["families"] as Int?, 12)
        XCTAssertEqual(added["kind"] as String, "information-night")
    }

    func testAnEventsFileWithProblemsWritesNothingAndNamesEachLineAndColumn() throws {
        let before = try auditRows()
        let file = """
            campaign,school_year,school,topic,date,attendance,childcare
            Common Core: Know the Standards,2026-27,E101,Math night,2026-10-01,English 20,no
            Nope,2026-27,E101,Math night,2026-10-01,,no
            Common Core: Know the Standards,2026-27,ZZZ,Math night,2026-02-30,"Spanish 12, 30",maybe
            """
        let report = try store.importEvents(csv: file, dryRun: false)
        let found = Set(report.problems.map { "\($0.line) \($0.column ?? "")" })
        XCTAssertEqual(found, ["3 campaign", "4 school", "4 date", "4 attendance", "4 childcare"], "\(report.problems)")
        XCTAssertTrue(report.summary.contains("nothing was imported"), report.summary)
        XCTAssertEqual(try auditRows(), before, "the good first row is not written either")
    }

    func testAnIdMustNameAnExistingEventAndOnlyOneLineMayChangeIt() throws {
        let before = try auditRows()
        let id = try store.read { try Int64.fetchOne($0, sql: "SELECT id FROM outreach_events ORDER BY id LIMIT 1")! }
        let row = "Common Core: Know the Standards,2026-27,E101,Math night,2026-10-01,English 20"
        let file = """
            id,campaign,school_year,school,topic,date,attendance
            \(id),\(row)
            \(id),\(row)
            999999,\(row)
            x1,\(row)
            """
        let report = try store.importEvents(csv: file, dryRun: false)
        let messages = report.problems.filter { $0.column == "id" }.map { "\($0.line) \($0.message)" }
        XCTAssertEqual(messages, ["3 event \(id) is already changed on line 2",
                                  "4 there is no event 999999; leave the id empty to add one",
                                  "5 there is no event x1; leave the id empty to add one"], "\(report.problems)")
        XCTAssertEqual(try auditRows(), before, "nothing is written")
    }

    func testResourcesRoundTripAndProblems() throws {
        let exported = try store.exportResourcesCSV()
        XCTAssertEqual(try store.importResources(csv: exported, dryRun: false).problems, [])
        XCTAssertEqual(try store.exportResourcesCSV(), exported)
        let file = """
            title,kind,standards,languages,reviewed_on
            Guía del consejo escolar,guide,5,Spanish; English,2026-11-01
            Broken,poster,9,Hmong,yesterday
            """
        let report = try store.importResources(csv: file, dryRun: false)
        XCTAssertEqual(Set(report.problems.map { "\($0.line) \($0.column ?? "")" }), ["3 kind", "3 standards", "3 reviewed_on"])
        let gapsBefore = try store.toolkitGaps().gaps.count
        XCTAssertEqual(try store.importResources(csv: String(file.split(separator: "\n").prefix(2).joined(separator: "\n")), dryRun: false).problems, [])
        XCTAssertEqual(try store.toolkitGaps().gaps.count, gapsBefore - 1, "standard 5 in Spanish has a resource now")
    }

    func testACoordinatorCannotImportEventsOfAnotherSchool() throws {
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["E101"])
        let file = """
            campaign,school_year,school,topic,date
            Common Core: Know the Standards,2026-27,E102,Math night,2026-10-01
            """
        XCTAssertThrowsError(try coordinator.importEvents(csv: file, dryRun: false)) { error in
            guard case StoreError.forbidden = error else { return XCTFail("\(error)") }
        }
    }
}
