import FacetModel
@testable import FacetStore
import GRDB
import XCTest

/// The kept summaries behind the grid and the SIP coverage (`assessment_sums`, `sip_coverage`,
/// migration v17): after every kind of write they equal a fresh computation from the ratings and
/// strategies, and the migration fills them for a district made before it.
final class StandardsSummaryTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }
    let today = Day("2026-11-30")!

    override func setUpWithError() throws { db = try TestDatabase() }

    private func school(_ code: String) throws -> Int64 {
        try store.insertRecord(.schools, values: ["code": .text(code), "name": .text("School \(code)"), "level": .text("elementary")])
    }

    private func version(_ table: String, _ id: Int64) throws -> Int {
        try XCTUnwrap(store.read { try Int.fetchOne($0, sql: "SELECT version FROM \(table) WHERE id = ?", arguments: [id]) })
    }

    /// The summary-based grid and coverage of every year equal the ones computed from every row,
    /// and the kept rows equal fresh ones exactly (no stray zero rows).
    private func assertSummariesAgree(_ when: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try store.standardsSummaryMismatches(), [], when, file: file, line: line)
        for year in ["2025-26", "2026-27", "2027-28"] {
            let kept = try store.assessmentGrid(year: year), fresh = try store.assessmentGridFromRatings(year: year)
            XCTAssertEqual(kept.cells, fresh.cells, "\(when): cells of \(year)", file: file, line: line)
            XCTAssertEqual(kept.previous, fresh.previous, "\(when): year before \(year)", file: file, line: line)
            XCTAssertEqual(kept.years, fresh.years, when, file: file, line: line)
            XCTAssertEqual(kept.standards, fresh.standards, when, file: file, line: line)
            XCTAssertEqual(kept.schools, fresh.schools, when, file: file, line: line)
            XCTAssertEqual(kept.unrated, fresh.unrated, when, file: file, line: line)
            for school in kept.schools {
                XCTAssertEqual(kept.overall(school: school.id), fresh.overall(school: school.id), when, file: file, line: line)
                XCTAssertEqual(kept.change(school: school.id), fresh.change(school: school.id), when, file: file, line: line)
            }
            let coverage = try store.strategyCoverage(year: year, today: today)
            let freshCoverage = try store.strategyCoverageFromStrategies(year: year, today: today)
            XCTAssertEqual(coverage.covered, freshCoverage.covered, "\(when): coverage of \(year)", file: file, line: line)
            XCTAssertEqual(coverage.strategies, freshCoverage.strategies, when, file: file, line: line)
            XCTAssertEqual(coverage.overdue, freshCoverage.overdue, when, file: file, line: line)
            XCTAssertEqual(coverage.ordered, freshCoverage.ordered, when, file: file, line: line)
        }
    }

    func testTheKeptGridEqualsAFreshOneAfterRatingReratingDeletingAndRetiring() throws {
        let a = try school("A1"), b = try school("B1")
        _ = try school("C1")
        let indicators = try store.ratedIndicators()
        let s1 = indicators.filter { $0.standardCode == "1" }, s2 = indicators.filter { $0.standardCode == "2" }
        try store.saveRatings(schoolID: a, year: "2026-27", changes: [
            RatingChange(indicatorID: s1[0].id, stored: nil, level: 2, evidence: ""),
            RatingChange(indicatorID: s1[1].id, stored: nil, level: 3, evidence: ""),
            RatingChange(indicatorID: s2[0].id, stored: nil, level: 4, evidence: ""),
        ])
        try store.saveRatings(schoolID: a, year: "2025-26", changes: [RatingChange(indicatorID: s1[0].id, stored: nil, level: 1, evidence: "")])
        try store.saveRatings(schoolID: b, year: "2026-27", changes: [RatingChange(indicatorID: s2[1].id, stored: nil, level: 3, evidence: "")])
        try assertSummariesAgree("after rating")
        XCTAssertEqual(try store.assessmentGrid(year: "2026-27").cell(school: a, standard: s1[0].standardID), AssessmentCell(sum: 5, count: 2))

        // Re-rate: a new level, and evidence only (the sums must not move).
        var stored = try store.ratings(schoolID: a, year: "2026-27")
        try store.saveRatings(schoolID: a, year: "2026-27", changes: [
            RatingChange(indicatorID: s1[0].id, stored: stored[s1[0].id], level: 4, evidence: ""),
            RatingChange(indicatorID: s2[0].id, stored: stored[s2[0].id], level: 4, evidence: "sign-in sheets"),
        ])
        try assertSummariesAgree("after re-rating")
        XCTAssertEqual(try store.assessmentGrid(year: "2026-27").cell(school: a, standard: s1[0].standardID), AssessmentCell(sum: 7, count: 2))

        // Delete: one rating of a standard, then a school's only rating (its row goes).
        stored = try store.ratings(schoolID: a, year: "2026-27")
        try store.saveRatings(schoolID: a, year: "2026-27", changes: [RatingChange(indicatorID: s1[1].id, stored: stored[s1[1].id], level: nil, evidence: "")])
        let bStored = try store.ratings(schoolID: b, year: "2026-27")
        try store.saveRatings(schoolID: b, year: "2026-27", changes: [RatingChange(indicatorID: s2[1].id, stored: bStored[s2[1].id], level: nil, evidence: "")])
        try assertSummariesAgree("after deleting")
        XCTAssertEqual(try store.assessmentGrid(year: "2026-27").cell(school: a, standard: s1[0].standardID), AssessmentCell(sum: 4, count: 1))
        XCTAssertTrue(try store.assessmentGrid(year: "2026-27").cells[b] == nil, "B rated nothing now")

        // Retire an indicator (its ratings still count) and a standard (no longer shown).
        try store.updateRecord(.indicators, id: s1[0].id, expectedVersion: try version("indicators", s1[0].id), changes: ["retired": .integer(1)])
        try assertSummariesAgree("after retiring an indicator")
        XCTAssertEqual(try store.assessmentGrid(year: "2026-27").cell(school: a, standard: s1[0].standardID), AssessmentCell(sum: 4, count: 1))
        try store.updateRecord(.standards, id: s2[0].standardID, expectedVersion: try version("standards", s2[0].standardID), changes: ["retired": .integer(1)])
        try assertSummariesAgree("after retiring a standard")
        XCTAssertFalse(try store.assessmentGrid(year: "2026-27").standards.contains { $0.id == s2[0].standardID })

        // A rating moved to another year or school by a direct update (as a CSV correction could).
        let moved = try XCTUnwrap(store.ratings(schoolID: a, year: "2025-26")[s1[0].id])
        try store.updateRecord(.selfAssessments, id: moved.id, expectedVersion: moved.version,
                               changes: ["school_year": .text("2027-28"), "school_id": .integer(b), "level": .integer(2)])
        try assertSummariesAgree("after moving a rating")
    }

    func testTheKeptCoverageEqualsAFreshOneAfterEveryChangeOfAStrategy() throws {
        let a = try school("A1"), b = try school("B1")
        let standards = try store.assessedStandards()
        func strategy(_ school: Int64, _ ids: [Int64], _ status: StrategyStatus, year: String = "2026-27") throws -> Int64 {
            try store.insertRecord(.sipStrategies, values: ["school_id": .integer(school), "school_year": .text(year), "title": .text("T"),
                                                            "standard_ids": .text(ids.map(String.init).joined(separator: ",")),
                                                            "status": .text(status.rawValue), "due_date": .text("2026-11-01")])
        }
        let first = try strategy(a, [standards[0].id, standards[2].id], .inProgress)
        let second = try strategy(a, [standards[0].id], .planned)
        let dropped = try strategy(b, [standards[1].id], .dropped)
        _ = try strategy(b, [standards[5].id], .done, year: "2025-26")
        try assertSummariesAgree("after adding strategies")
        XCTAssertEqual(try store.strategyCoverage(year: "2026-27", today: today).covered[a], [standards[0].id, standards[2].id])

        try store.updateRecord(.sipStrategies, id: first, expectedVersion: try version("sip_strategies", first), changes: ["standard_ids": .text("\(standards[3].id)")])
        try assertSummariesAgree("after changing a strategy's standards")
        try store.updateRecord(.sipStrategies, id: second, expectedVersion: try version("sip_strategies", second), changes: ["status": .text("dropped")])
        try assertSummariesAgree("after dropping a strategy")
        try store.updateRecord(.sipStrategies, id: dropped, expectedVersion: try version("sip_strategies", dropped), changes: ["status": .text("planned")])
        try assertSummariesAgree("after taking a dropped strategy up again")
        XCTAssertEqual(try store.strategyCoverage(year: "2026-27", today: today).covered[b], [standards[1].id])
        try store.updateRecord(.sipStrategies, id: first, expectedVersion: try version("sip_strategies", first),
                               changes: ["school_id": .integer(b), "school_year": .text("2027-28")])
        try assertSummariesAgree("after moving a strategy")
        try store.deleteRecord(.sipStrategies, id: dropped, expectedVersion: try version("sip_strategies", dropped))
        try assertSummariesAgree("after deleting a strategy")
        XCTAssertNil(try store.strategyCoverage(year: "2026-27", today: today).covered[b])
        try store.updateRecord(.standards, id: standards[3].id, expectedVersion: try version("standards", standards[3].id), changes: ["retired": .integer(1)])
        try assertSummariesAgree("after retiring a standard")
    }

    func testTheDemoReloadRemovesEverySchoolsRatingsFromTheSummaries() throws {
        let size = DemoSize(schools: 12, partners: 10, partnerships: 10, employees: 40)
        try DemoData.load(into: store, size: size)
        let rated = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM assessment_sums") } ?? 0
        XCTAssertGreaterThan(rated, 0, "the demo rates its schools")
        try assertSummariesAgree("after the demo load")
        // The reload deletes every school's ratings and strategies, then makes a different district.
        try DemoData.load(into: store, size: size, seed: 7, force: true)
        try assertSummariesAgree("after the demo reload")
        let a = try XCTUnwrap(store.schoolChoices().first)
        // Ratings removed outright (as the reload does) leave no row behind.
        try store.write { w in try w.db.execute(sql: "DELETE FROM self_assessments WHERE school_id = ?", arguments: [a.id]) }
        try assertSummariesAgree("after one school's ratings were removed")
        XCTAssertNil(try store.assessmentGrid(year: "2026-27").cells[a.id])
    }

    func testTheMigrationFillsTheSummariesOfADistrictMadeBeforeIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-summary-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("facet.sqlite").path
        // A database as the build before v17 left it: ratings and strategies without the summaries.
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v16-kiosk-pin-attempts")
        let (s1, s2, i1a, i1b, i2a) = try queue.write { db -> (Int64, Int64, Int64, Int64, Int64) in
            try db.execute(sql: """
                INSERT INTO schools (id, code, name, level, updated_at, updated_by) VALUES
                  (1, 'E1', 'One', 'elementary', 'now', 't'), (2, 'E2', 'Two', 'elementary', 'now', 't');
                """)
            let ids = try Row.fetchAll(db, sql: """
                SELECT i.id, i.standard_id FROM indicators i JOIN standards st ON st.id = i.standard_id
                JOIN frameworks f ON f.id = st.framework_id WHERE f.adopted = 1 ORDER BY st.position, i.position
                """)
            let s1: Int64 = ids[0][1], s2: Int64 = ids[4][1]
            let i1a: Int64 = ids[0][0], i1b: Int64 = ids[1][0], i2a: Int64 = ids[4][0]
            try db.execute(sql: """
                INSERT INTO self_assessments (school_id, school_year, indicator_id, level, updated_at, updated_by) VALUES
                  (1, '2026-27', ?, 2, 'now', 't'), (1, '2026-27', ?, 3, 'now', 't'), (1, '2026-27', ?, 4, 'now', 't'),
                  (2, '2025-26', ?, 1, 'now', 't');
                INSERT INTO sip_strategies (school_id, school_year, title, standard_ids, status, updated_at, updated_by) VALUES
                  (1, '2026-27', 'A', ?, 'planned', 'now', 't'), (1, '2026-27', 'B', ?, 'done', 'now', 't'),
                  (2, '2026-27', 'C', ?, 'dropped', 'now', 't');
                """, arguments: [i1a, i1b, i2a, i1a, "\(s1),\(s2)", "\(s1)", "\(s2)"])
            return (s1, s2, i1a, i1b, i2a)
        }
        _ = (i1a, i1b, i2a)
        try Migrations.migrator.migrate(queue)
        let sums = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT school_year, school_id, standard_id, total, n FROM assessment_sums ORDER BY 1, 2, 3")
                .map { "\($0[0] as String) \($0[1] as Int64) \($0[2] as Int64) \($0[3] as Int)/\($0[4] as Int)" }
        }
        XCTAssertEqual(sums, ["2025-26 2 \(s1) 1/1", "2026-27 1 \(s1) 5/2", "2026-27 1 \(s2) 4/1"])
        let coverage = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT school_year, school_id, standard_id, strategies FROM sip_coverage ORDER BY 1, 2, 3")
                .map { "\($0[0] as String) \($0[1] as Int64) \($0[2] as Int64) \($0[3] as Int)" }
        }
        XCTAssertEqual(coverage, ["2026-27 1 \(s1) 2", "2026-27 1 \(s2) 1"], "the dropped strategy does not count")
    }
}
