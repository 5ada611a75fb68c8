import FacetModel
@testable import FacetStore
import GRDB
import XCTest

/// The framework as shipped, ratings saved version-checked, and the grid and coverage as SQL
/// computes them agreeing with the FacetModel rules on hand-made cases.
final class StandardsStoreTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }

    override func setUpWithError() throws { db = try TestDatabase() }

    func school(_ code: String) throws -> Int64 {
        try store.insertRecord(.schools, values: ["code": .text(code), "name": .text("School \(code)"), "level": .text("elementary")])
    }

    func testTheShippedFrameworkHasSixStandardsWithOurDescriptionsAndFourIndicatorsEach() throws {
        let standards = try store.assessedStandards()
        XCTAssertEqual(standards.map(\.title), NationalPTAStandards.standards.map(\.title))
        let indicators = try store.ratedIndicators()
        XCTAssertEqual(indicators.count, 24)
        XCTAssertEqual(indicators.first?.text, NationalPTAStandards.indicators["1"]?.first)
        let description = try store.read { try String.fetchOne($0, sql: "SELECT description FROM standards WHERE code = '2'") }
        XCTAssertEqual(description, NationalPTAStandards.descriptions["2"])
        XCTAssertEqual(try store.activeFramework()?.name, NationalPTAStandards.frameworkName)
    }

    func testTheGridAveragesInSQLAsTheModelDoesWithMissingRatingsAndRetiredIndicators() throws {
        let a = try school("A1"), b = try school("B1"), c = try school("C1")
        let indicators = try store.ratedIndicators()
        let s1 = indicators.filter { $0.standardCode == "1" }, s2 = indicators.filter { $0.standardCode == "2" }
        // A: two of standard 1 (2 and 3), one of standard 2 (4); B: last year only; C: nothing.
        try store.saveRatings(schoolID: a, year: "2026-27", changes: [
            RatingChange(indicatorID: s1[0].id, stored: nil, level: 2, evidence: "sign-ins"),
            RatingChange(indicatorID: s1[1].id, stored: nil, level: 3, evidence: ""),
            RatingChange(indicatorID: s2[0].id, stored: nil, level: 4, evidence: ""),
        ])
        try store.saveRatings(schoolID: a, year: "2025-26", changes: [RatingChange(indicatorID: s1[0].id, stored: nil, level: 1, evidence: "")])
        try store.saveRatings(schoolID: b, year: "2025-26", changes: [RatingChange(indicatorID: s2[1].id, stored: nil, level: 3, evidence: "")])
        // Retire the second indicator of standard 1 afterwards: A's rating of it stays in the cell.
        let version = try XCTUnwrap(store.fetchRecord(.indicators, id: s1[1].id)?["version"]?.integerValue)
        try store.updateRecord(.indicators, id: s1[1].id, expectedVersion: Int(version), changes: ["retired": .integer(1)])

        let grid = try store.assessmentGrid(year: "2026-27")
        let ratings = [Rating(schoolID: a, schoolYear: "2026-27", standardID: s1[0].standardID, indicatorID: s1[0].id, level: 2),
                       Rating(schoolID: a, schoolYear: "2026-27", standardID: s1[1].standardID, indicatorID: s1[1].id, level: 3),
                       Rating(schoolID: a, schoolYear: "2026-27", standardID: s2[0].standardID, indicatorID: s2[0].id, level: 4)]
        XCTAssertEqual(grid.cells, SelfAssessmentRules.cells(ratings, year: "2026-27"))
        XCTAssertEqual(grid.cell(school: a, standard: s1[0].standardID).average, 2.5)
        XCTAssertEqual(grid.cell(school: a, standard: s2[0].standardID).average, 4.0)
        XCTAssertNil(grid.overall(school: b).average, "B rated nothing this year")
        XCTAssertNil(grid.overall(school: c).average)
        XCTAssertEqual(grid.unrated, 2)
        XCTAssertEqual(grid.change(school: a).map { ($0 * 10).rounded() / 10 }, 2.0, "3.0 this year against 1.0")
        XCTAssertEqual(grid.years, ["2025-26", "2026-27"])
        XCTAssertFalse(try store.ratedIndicators().contains { $0.id == s1[1].id }, "a retired indicator is not offered for new ratings")
    }

    func testASaveOverSomeoneElsesNewerRatingIsAConflictAndWritesNothing() throws {
        let a = try school("A1")
        let indicator = try XCTUnwrap(store.ratedIndicators().first)
        try store.saveRatings(schoolID: a, year: "2026-27", changes: [RatingChange(indicatorID: indicator.id, stored: nil, level: 2, evidence: "")])
        let loaded = try XCTUnwrap(store.ratings(schoolID: a, year: "2026-27")[indicator.id])
        try store.saveRatings(schoolID: a, year: "2026-27", changes: [RatingChange(indicatorID: indicator.id, stored: loaded, level: 3, evidence: "")])
        XCTAssertThrowsError(try store.saveRatings(schoolID: a, year: "2026-27",
                                                   changes: [RatingChange(indicatorID: indicator.id, stored: loaded, level: 4, evidence: "late")])) {
            guard case StoreError.conflict = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try store.ratings(schoolID: a, year: "2026-27")[indicator.id]?.level, 3)
        let audited = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log WHERE entity = 'self_assessments'") }
        XCTAssertEqual(audited, 2, "an insert and an update, each audited")
        XCTAssertThrowsError(try store.saveRatings(schoolID: a, year: "2026-27", changes: [RatingChange(indicatorID: indicator.id, stored: nil, level: 5, evidence: "")]))
    }

    func testACoordinatorRatesOnlyTheirOwnSchools() throws {
        let a = try school("A1"), b = try school("B1")
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["A1"])
        let indicator = try XCTUnwrap(store.ratedIndicators().first)
        try coordinator.saveRatings(schoolID: a, year: "2026-27", changes: [RatingChange(indicatorID: indicator.id, stored: nil, level: 3, evidence: "")])
        XCTAssertThrowsError(try coordinator.saveRatings(schoolID: b, year: "2026-27",
                                                         changes: [RatingChange(indicatorID: indicator.id, stored: nil, level: 3, evidence: "")])) {
            guard case StoreError.forbidden = $0 else { return XCTFail("\($0)") }
        }
    }

    func testCoverageInSQLMatchesTheModelAndOverdueIsCounted() throws {
        let a = try school("A1"), b = try school("B1"), c = try school("C1")
        let standards = try store.assessedStandards()
        func strategy(_ school: Int64, _ ids: [Int64], _ status: StrategyStatus, due: String) throws {
            try store.insertRecord(.sipStrategies, values: ["school_id": .integer(school), "school_year": .text("2026-27"), "title": .text("T"),
                                                            "standard_ids": .text(ids.map(String.init).joined(separator: ",")),
                                                            "status": .text(status.rawValue), "due_date": .text(due)])
        }
        try strategy(a, [standards[0].id, standards[2].id], .inProgress, due: "2026-11-01")
        try strategy(b, [standards[1].id], .dropped, due: "2026-11-01")
        try strategy(c, [standards[5].id], .done, due: "2026-11-01")
        let today = Day("2026-11-30")!
        let coverage = try store.strategyCoverage(year: "2026-27", today: today)
        let facts = [StrategyFacts(schoolID: a, schoolYear: "2026-27", standardIDs: [standards[0].id, standards[2].id], status: .inProgress, due: nil),
                     StrategyFacts(schoolID: b, schoolYear: "2026-27", standardIDs: [standards[1].id], status: .dropped, due: nil),
                     StrategyFacts(schoolID: c, schoolYear: "2026-27", standardIDs: [standards[5].id], status: .done, due: nil)]
        let expected = StrategyRules.coverage(facts, year: "2026-27", standards: standards.map(\.id)).filter { !$0.value.isEmpty }
        XCTAssertEqual(coverage.covered, expected)
        XCTAssertEqual(coverage.ordered.map(\.code), ["B1", "C1", "A1"], "B's only strategy was dropped: it has none")
        XCTAssertEqual(coverage.overdue[a], 1)
        XCTAssertEqual(coverage.overdue[c] ?? 0, 0, "done is not overdue")
    }

    func testOnlyOneFrameworkIsActive() throws {
        let id = try store.insertRecord(.frameworks, values: ["name": .text("Our own")])
        try store.adoptFramework(id: id, expectedVersion: 1)
        XCTAssertEqual(try store.activeFramework()?.name, "Our own")
        XCTAssertEqual(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM frameworks WHERE adopted = 1") }, 1)
        XCTAssertEqual(try store.assessedStandards().count, 0)
    }

    // MARK: files

    func auditCount() throws -> Int { try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 } }

    func testExportedRatingsAndStrategiesImportBackToTheSameData() throws {
        try DemoData.load(into: store, size: DemoSize(schools: 6, partners: 0, partnerships: 0, employees: 0, enrollments: 0), seed: 7, force: true)
        let ratings = try store.exportSelfAssessmentsCSV()
        let strategies = try store.exportStrategiesCSV()
        XCTAssertTrue(ratings.hasPrefix("school,school_year,standard,indicator,level,evidence\r\n"), ratings)
        let before = try auditCount()
        let r = try store.importSelfAssessments(csv: ratings, dryRun: false)
        XCTAssertEqual(r.problems, [])
        XCTAssertGreaterThan(r.rows, 100)
        let s = try store.importStrategies(csv: strategies, dryRun: false)
        XCTAssertEqual(s.problems, [])
        XCTAssertEqual(try auditCount(), before, "nothing changed, so nothing was written")
        XCTAssertEqual(try store.exportSelfAssessmentsCSV(), ratings)
        XCTAssertEqual(try store.exportStrategiesCSV(), strategies)
    }

    func testAFileWithProblemsListsEachWithItsLineAndColumnAndWritesNothing() throws {
        let a = try school("A1")
        _ = a
        let before = try auditCount()
        let csv = "school,school_year,standard,indicator,level,evidence\nA1,2026-27,1,1.1,3,ok\nZZ,2026,1,9.9,5,\nA1,2026-27,1,1.1,2,again\n"
        let report = try store.importSelfAssessments(csv: csv, dryRun: false)
        XCTAssertEqual(report.problems.map(\.description), [
            "line 3, school: no school has the code “ZZ”",
            "line 3, school_year: “2026” is not a school year; write it as 2026-27",
            "line 3, indicator: the active framework has no indicator “9.9” in standard “1”",
            "line 3, level: “5” is not a level: 1 Unsatisfactory, 2 Basic, 3 Proficient or 4 Distinguished",
            "line 4, indicator: this school, year and indicator are already rated on line 2",
        ])
        XCTAssertEqual(try auditCount(), before)
        let strategies = try store.importStrategies(csv: "school,school_year,title,standards,status,start_date,due_date\nA1,2026-27,,1 9,soon,2026-10-01,2026-09-01\n", dryRun: false)
        XCTAssertEqual(strategies.problems.map(\.column), ["title", "standards", "due_date", "status"])
        XCTAssertEqual(try auditCount(), before)
        XCTAssertEqual(try store.importStrategies(csv: "school,school_year,title,standards\nA1,2026-27,Welcome walk,1 2\n", dryRun: false).problems, [])
        XCTAssertEqual(try store.strategyCoverage(year: "2026-27", today: Day("2026-11-30")!).covered[a]?.count, 2)
    }

    /// v15 turns the follow-ups kept as text into records, line by line, and leaves the doctor
    /// content; v16 (kiosk PIN tries) follows it.
    func testTheFollowUpMigrationMovesTextLinesIntoRecords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-v15-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("facet.sqlite").path
        let names = Migrations.migrator.migrations
        XCTAssertEqual(names.firstIndex(of: "v15-convening-follow-ups").map { $0 + 1 }, names.firstIndex(of: "v16-kiosk-pin-attempts"))
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v11-standards")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO convenings (group_name, held_on, follow_ups, version, updated_at, updated_by)
                    VALUES ('Council', '2026-10-01', ?, 1, '2026-10-01T10:00:00Z', 'facet')
                    """, arguments: ["Draft the descriptions — FACE office, 2026-10-30\n\nAsk about Saturday hours"])
                try db.execute(sql: "INSERT INTO convenings (group_name, held_on, version, updated_at, updated_by) VALUES ('Circle', '2026-10-02', 1, '2026-10-02T10:00:00Z', 'facet')")
            }
        }
        let store = try FacetStore(path: path, login: "admin1")
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT what, owner, due_on, done FROM convening_follow_ups ORDER BY id")
        }
        XCTAssertEqual(rows.map { $0["what"] as String }, ["Draft the descriptions", "Ask about Saturday hours"])
        XCTAssertEqual(rows.map { $0["owner"] as String }, ["FACE office", ""])
        XCTAssertEqual(rows.map { $0["due_on"] as String? }, ["2026-10-30", nil])
        XCTAssertEqual(rows.map { $0["done"] as Int }, [0, 0])
        let overdue = try store.conveningSummary(today: Day("2026-11-30")!).first { $0.group == "Council" }
        XCTAssertEqual(overdue?.open, 2)
        XCTAssertEqual(overdue?.overdue.map(\.what), ["Draft the descriptions"])
        let finding = FacetStore.diagnose(path: path).first { $0.check == "records match the audit log" }
        XCTAssertEqual(finding?.ok, true, finding?.value ?? "")
    }
}
