import FacetModel
@testable import FacetStore
import Foundation
import GRDB
import XCTest

/// The SIP strategies list's "Std." column kept in `sip_strategy_codes` (migration v21): after every
/// kind of write it equals a fresh computation, the migration fills it for a district made before
/// it, and the list sorted by it shows what the list computing it per row showed, in both directions.
final class StrategySortTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }
    let today = Day("2026-11-30")!

    override func setUpWithError() throws { db = try TestDatabase() }

    private func version(_ table: String, _ id: Int64) throws -> Int {
        try XCTUnwrap(store.read { try Int.fetchOne($0, sql: "SELECT version FROM \(table) WHERE id = ?", arguments: [id]) })
    }

    private func kept(_ id: Int64) throws -> String? {
        try store.read { try String.fetchOne($0, sql: "SELECT codes FROM sip_strategy_codes WHERE strategy_id = ?", arguments: [id]) }
    }

    private func assertKeptEqualsFresh(_ when: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try store.strategyCodesMismatches(), [], when, file: file, line: line)
    }

    func testTheKeptCodesEqualAFreshComputationAfterEveryKindOfWrite() throws {
        let school = try store.insertRecord(.schools, values: ["code": .text("A1"), "name": .text("School A1"), "level": .text("elementary")])
        let standards = try store.assessedStandards()  // codes 1…6 in position order
        func strategy(_ ids: String) throws -> Int64 {
            try store.insertRecord(.sipStrategies, values: ["school_id": .integer(school), "school_year": .text("2026-27"),
                                                            "title": .text("T"), "standard_ids": .text(ids), "status": .text("planned")])
        }
        // A standard id that does not exist yet: the one the next standard added will get.
        let nextID = try XCTUnwrap(store.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) + 1 FROM standards") })
        let two = try strategy("\(standards[4].id),\(standards[1].id)")
        let one = try strategy("\(standards[2].id)")
        let none = try strategy("")
        let dangling = try strategy("\(nextID),\(standards[0].id)")
        try assertKeptEqualsFresh("after adding strategies")
        XCTAssertEqual(try kept(two), "2 5", "in the standards' order, not the ids' as written")
        XCTAssertEqual(try kept(none), "—")
        XCTAssertEqual(try kept(dangling), "1", "an id no standard has shows nothing")

        // A strategy's standards changed; another field changed; a strategy deleted.
        try store.updateRecord(.sipStrategies, id: one, expectedVersion: try version("sip_strategies", one),
                               changes: ["standard_ids": .text("\(standards[5].id),\(standards[0].id)")])
        try assertKeptEqualsFresh("after changing a strategy's standards")
        XCTAssertEqual(try kept(one), "1 6")
        try store.updateRecord(.sipStrategies, id: none, expectedVersion: try version("sip_strategies", none),
                               changes: ["title": .text("Renamed"), "status": .text("dropped")])
        try assertKeptEqualsFresh("after changing a strategy's title and status")
        try store.deleteRecord(.sipStrategies, id: none, expectedVersion: try version("sip_strategies", none))
        try assertKeptEqualsFresh("after deleting a strategy")
        XCTAssertNil(try kept(none), "its row goes with it")

        // A standard's code changed; two standards' positions swapped; a standard retired.
        try store.updateRecord(.standards, id: standards[1].id, expectedVersion: try version("standards", standards[1].id),
                               changes: ["code": .text("2b")])
        try assertKeptEqualsFresh("after changing a standard's code")
        XCTAssertEqual(try kept(two), "2b 5")
        let p2 = try XCTUnwrap(store.read { try Int.fetchOne($0, sql: "SELECT position FROM standards WHERE id = ?", arguments: [standards[1].id]) })
        let p5 = try XCTUnwrap(store.read { try Int.fetchOne($0, sql: "SELECT position FROM standards WHERE id = ?", arguments: [standards[4].id]) })
        try store.updateRecord(.standards, id: standards[1].id, expectedVersion: try version("standards", standards[1].id), changes: ["position": .integer(Int64(p5))])
        try store.updateRecord(.standards, id: standards[4].id, expectedVersion: try version("standards", standards[4].id), changes: ["position": .integer(Int64(p2))])
        try assertKeptEqualsFresh("after moving standards in the order")
        XCTAssertEqual(try kept(two), "5 2b")
        try store.updateRecord(.standards, id: standards[4].id, expectedVersion: try version("standards", standards[4].id), changes: ["retired": .integer(1)])
        try assertKeptEqualsFresh("after retiring a standard")
        XCTAssertEqual(try kept(two), "5 2b", "a retired standard stays on the strategies that name it")

        // A standard added (it takes the id a strategy already names), then removed.
        let framework = try XCTUnwrap(store.activeFramework()).id
        let added = try store.insertRecord(.standards, values: ["framework_id": .integer(framework), "code": .text("0"),
                                                                "title": .text("Zeroth"), "position": .integer(0)])
        XCTAssertEqual(added, nextID)
        try assertKeptEqualsFresh("after adding a standard")
        XCTAssertEqual(try kept(dangling), "0 1")
        try store.deleteRecord(.standards, id: added, expectedVersion: try version("standards", added))
        try assertKeptEqualsFresh("after removing a standard")
        XCTAssertEqual(try kept(dangling), "1")

    }

    func testTheMigrationFillsTheCodesOfADistrictMadeBeforeIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-sip-sort-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("facet.sqlite").path
        // A database as the build before v21 left it: strategies and no kept codes.
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v19-survey-summary")
        let ids = try queue.write { db -> [Int64] in
            let standards = try Int64.fetchAll(db, sql: """
                SELECT st.id FROM standards st JOIN frameworks f ON f.id = st.framework_id WHERE f.adopted = 1 ORDER BY st.position
                """)
            try db.execute(sql: """
                INSERT INTO schools (id, code, name, level, updated_at, updated_by) VALUES (1, 'E1', 'One', 'elementary', 'now', 't');
                INSERT INTO sip_strategies (id, school_id, school_year, title, standard_ids, status, updated_at, updated_by) VALUES
                  (10, 1, '2026-27', 'A', ?, 'planned', 'now', 't'), (11, 1, '2026-27', 'B', ?, 'done', 'now', 't'),
                  (12, 1, '2025-26', 'C', '', 'dropped', 'now', 't');
                """, arguments: ["\(standards[3]),\(standards[0])", "\(standards[5])"])
            return standards
        }
        XCTAssertEqual(ids.count, 6)
        try Migrations.migrator.migrate(queue)
        let codes = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT strategy_id, codes FROM sip_strategy_codes ORDER BY strategy_id").map { "\($0[0] as Int64) \($0[1] as String)" }
        }
        XCTAssertEqual(codes, ["10 1 4", "11 6", "12 —"])
        try queue.close()
        let reopened = try FacetStore(path: path, login: "tester")
        XCTAssertEqual(try reopened.strategyCodesMismatches(), [])
    }

    /// Every row of `list` read as the screen reads it: pages forward from the top, then back from
    /// the end (keyset from each window's edge), as "id|cells|flag".
    private func pagedRows(_ list: PagedList) throws -> (forward: [String], backward: [String]) {
        func text(_ r: ListRow) -> String { "\(r.id)|\(r.cells.joined(separator: "|"))|\(r.flag ?? "")" }
        let total = try list.count()
        var forward: [String] = []
        var start = 0
        while start < total {
            forward += try list.rows(in: start..<min(total, start + 19)).map(text)
            start += 19
        }
        list.invalidate()
        var backward: [String] = []
        var end = total
        while end > 0 {
            backward.insert(contentsOf: try list.rows(in: max(0, end - 19)..<end).map(text), at: 0)
            end -= 19
        }
        return (forward, backward)
    }

    func testTheListSortedByStandardsShowsWhatTheOldQueryShowedInBothDirections() throws {
        try DemoData.load(into: store, size: .small, seed: 2026, force: true)
        // Written by the demo loader's own statements: kept all the same.
        try assertKeptEqualsFresh("after the demo load")
        // Strategies of other years and ones naming no standard, as a district's would.
        let school = try XCTUnwrap(store.schoolChoices().first).id
        for (year, ids) in [("2025-26", ""), ("2025-26", "3,1"), ("2027-28", "2")] {
            _ = try store.insertRecord(.sipStrategies, values: ["school_id": .integer(school), "school_year": .text(year),
                                                                "title": .text("Family nights"), "standard_ids": .text(ids), "status": .text("planned")])
        }
        let kept = store.strategyList(year: nil, today: today), old = store.strategyListComputingStandards(year: nil, today: today)
        let column = try XCTUnwrap(kept.columnTitles.firstIndex(of: "Std."))
        XCTAssertTrue(kept.columnSortable[column])
        XCTAssertGreaterThan(try kept.count(), 60)
        for ascending in [true, false] {
            for filter in ["", "family", "k"] {
                for list in [kept, old] {
                    list.setSort(column: column, ascending: ascending)
                    list.setFilter(filter)
                }
                let expected = try old.rows(in: 0..<(try old.count()))
                XCTAssertEqual(try kept.count(), expected.count, "filter \(filter)")
                XCTAssertFalse(expected.isEmpty)
                let rows = try pagedRows(kept)
                let want = expected.map { "\($0.id)|\($0.cells.joined(separator: "|"))|\($0.flag ?? "")" }
                XCTAssertEqual(rows.forward, want, "ascending \(ascending), filter \(filter): paged forward")
                XCTAssertEqual(rows.backward, want, "ascending \(ascending), filter \(filter): paged back from the end")
                // A record found in the middle (the selection kept across a sort change) is at the same place.
                for probe in [expected[expected.count / 2], expected[expected.count - 1], expected[0]] {
                    kept.invalidate()
                    XCTAssertEqual(try kept.position(of: probe.id), expected.firstIndex(of: probe))
                    XCTAssertEqual(try kept.rows(in: 0..<(try kept.count())).map(\.id), expected.map(\.id))
                }
            }
            // The sort reads the codes' index in order: no temporary sort of every strategy.
            kept.setFilter("")
            let plan = try kept.queryPlan()
            XCTAssertFalse(plan.contains("TEMP B-TREE"), plan)
        }
        // The other columns show the same in their own orders, each read from an index in order.
        for sortColumn in kept.columnSortable.indices where kept.columnSortable[sortColumn] {
            for ascending in [true, false] {
                for list in [kept, old] { list.setFilter(""); list.setSort(column: sortColumn, ascending: ascending) }
                XCTAssertEqual(try kept.rows(in: 0..<(try kept.count())), try old.rows(in: 0..<(try old.count())), kept.columnTitles[sortColumn])
                let plan = try kept.queryPlan()
                XCTAssertFalse(plan.contains("TEMP B-TREE"), "\(kept.columnTitles[sortColumn]): \(plan)")
            }
        }
    }
}
