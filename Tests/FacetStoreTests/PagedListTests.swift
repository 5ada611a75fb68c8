import Foundation
import GRDB
import XCTest
@testable import FacetStore

final class PagedListTests: XCTestCase {
    var db: TestDatabase!
    let query = ListQuery(
        from: "schools s", id: "s.id",
        columns: [.init("Code", display: "s.code"), .init("Name", display: "s.name", sortKeys: ["s.name COLLATE NOCASE"]),
                  .init("Level", display: "s.level")],
        searchable: ["s.code", "s.name"])

    override func setUpWithError() throws {
        db = try TestDatabase()
        try db.store.write { w in
            let levels = ["elementary", "middle", "high"]
            let stmt = try w.db.makeStatement(sql: "INSERT INTO schools (code, name, level, updated_at, updated_by) VALUES (?, ?, ?, 'now', 'seed')")
            for i in 0..<2_000 {
                // Many equal names and levels, so the id tie-break matters.
                try stmt.execute(arguments: [String(format: "S%04d", i), "School \(i % 97)", levels[i % 3]])
            }
        }
    }

    /// The whole list in order, fetched the plain way, to compare pages against.
    func expectedIDs(sortSQL: String, filter: String? = nil) throws -> [Int64] {
        try db.store.read { d in
            try Int64.fetchAll(d, sql: "SELECT s.id FROM schools s \(filter.map { "WHERE \($0)" } ?? "") ORDER BY \(sortSQL)")
        }
    }

    func testPagesMatchAFullSortWhetherWalkedForwardBackwardOrJumped() throws {
        for (column, ascending, sortSQL) in [(1, true, "s.name COLLATE NOCASE, s.id"), (1, false, "s.name COLLATE NOCASE DESC, s.id DESC"),
                                              (2, true, "s.level, s.id")] {
            let list = PagedList(store: db.store, query: query)
            list.padding = 5
            list.setSort(column: column, ascending: ascending)
            let expected = try expectedIDs(sortSQL: sortSQL)
            XCTAssertEqual(try list.count(), 2_000)
            // Forward one row at a time through a stretch, as the selection moves down.
            for start in stride(from: 0, to: 200, by: 1) {
                XCTAssertEqual(try list.rows(in: start..<(start + 20)).map(\.id), Array(expected[start..<(start + 20)]))
            }
            // Jump to the end, then walk backward.
            for start in stride(from: 1_980, through: 1_800, by: -7) {
                XCTAssertEqual(try list.rows(in: start..<(start + 20)).map(\.id), Array(expected[start..<(start + 20)]))
            }
            // Random jumps.
            for start in [1_000, 3, 1_500, 700, 1_999] {
                let end = min(2_000, start + 20)
                XCTAssertEqual(try list.rows(in: start..<end).map(\.id), Array(expected[start..<end]))
            }
        }
    }

    func testMovingOneRowRarelyQueries() throws {
        let list = PagedList(store: db.store, query: query)
        _ = try list.rows(in: 0..<20)
        let before = list.queriesRun
        for start in 1..<30 { _ = try list.rows(in: start..<(start + 20)) }
        XCTAssertLessThanOrEqual(list.queriesRun - before, 2)
    }

    /// With no padding on the first read, the first frame's rows are all that is read; the rows
    /// beyond come between keys, so the next move still needs no query.
    func testAFirstReadWithoutPaddingReadsTheRestBetweenKeys() throws {
        let list = PagedList(store: db.store, query: query)
        list.padding = 4
        list.firstPadding = 0
        let expected = try expectedIDs(sortSQL: "s.code, s.id")
        XCTAssertEqual(try list.rows(in: 0..<20).map(\.id), Array(expected[0..<20]))
        let afterFirst = list.queriesRun
        try list.keepAhead(of: 0..<20)
        XCTAssertEqual(list.queriesRun - afterFirst, 1, "the rows beyond the screen are read between keys")
        let beforeMove = list.queriesRun
        XCTAssertEqual(try list.rows(in: 1..<21).map(\.id), Array(expected[1..<21]))
        XCTAssertEqual(list.queriesRun, beforeMove, "the move is answered from what was read ahead")
        // Without the read ahead, the first read has nothing beyond the screen.
        let cold = PagedList(store: db.store, query: query)
        cold.padding = 4
        cold.firstPadding = 0
        _ = try cold.rows(in: 0..<20)
        let before = cold.queriesRun
        _ = try cold.rows(in: 1..<21)
        XCTAssertEqual(cold.queriesRun - before, 1, "row 20 was not read with the first frame")
    }

    /// With the rows ahead read between keys, moving one row at a time down (and back up) never
    /// queries on the key itself, and the rows are still the right ones.
    func testRowsReadAheadBetweenKeysLeaveEveryMoveWithoutAQuery() throws {
        let list = PagedList(store: db.store, query: query)
        let expected = try expectedIDs(sortSQL: "s.code, s.id")
        _ = try list.rows(in: 0..<20)
        var queriesOnKeys = 0, queriesAhead = 0
        for start in Array(1..<300) + Array((100..<299).reversed()) {
            let before = list.queriesRun
            XCTAssertEqual(try list.rows(in: start..<(start + 20)).map(\.id), Array(expected[start..<(start + 20)]))
            queriesOnKeys += list.queriesRun - before
            let beforeAhead = list.queriesRun
            try list.keepAhead(of: start..<(start + 20))
            queriesAhead += list.queriesRun - beforeAhead
        }
        XCTAssertEqual(queriesOnKeys, 0)
        XCTAssertGreaterThan(queriesAhead, 0)
        // At the end of the list there is nothing further to read.
        _ = try list.rows(in: 1_980..<2_000)
        let atEnd = list.queriesRun
        try list.keepAhead(of: 1_980..<2_000)
        try list.keepAhead(of: 1_980..<2_000)
        XCTAssertLessThanOrEqual(list.queriesRun - atEnd, 1)
    }

    func testFilterMatchesEveryWordCaseInsensitivelyAndEscapesWildcards() throws {
        let list = PagedList(store: db.store, query: query)
        list.setFilter("school 5")
        let expected = try expectedIDs(sortSQL: "s.code, s.id", filter: "s.name LIKE '%school%' AND (s.name LIKE '%5%' OR s.code LIKE '%5%')")
        XCTAssertEqual(try list.count(), expected.count)
        XCTAssertEqual(try list.rows(in: 0..<expected.count).map(\.id), expected)
        list.setFilter("100%")
        XCTAssertEqual(try list.count(), 0, "% is matched literally, not as a wildcard")
        list.setFilter("")
        XCTAssertEqual(try list.count(), 2_000)
    }

    func testPositionOfARecord() throws {
        let list = PagedList(store: db.store, query: query)
        list.setSort(column: 1, ascending: true)
        let expected = try expectedIDs(sortSQL: "s.name COLLATE NOCASE, s.id")
        for index in [0, 17, 1_234, 1_999] {
            XCTAssertEqual(try list.position(of: expected[index]), index)
        }
        list.setFilter("S0005")
        let hidden = try db.store.read { try Int64.fetchOne($0, sql: "SELECT id FROM schools WHERE code = 'S0006'") }!
        let shown = try db.store.read { try Int64.fetchOne($0, sql: "SELECT id FROM schools WHERE code = 'S0005'") }!
        XCTAssertNil(try list.position(of: hidden), "a record the filter hides has no position")
        XCTAssertEqual(try list.position(of: shown), 0)
    }
}

final class FullTextFilterTests: XCTestCase {
    /// The trigram index finds exactly what scanning with LIKE finds, and stays in step with edits.
    func testIndexedFilterMatchesTheScanAndFollowsChanges() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 50, partners: 300, partnerships: 450, employees: 4_000), seed: 12)  // no PD history: the test deletes an employee
        func query(fullText: String?) -> ListQuery {
            ListQuery(from: "employees e LEFT JOIN schools s ON s.id = e.school_id", id: "e.id",
                      columns: [.init("Number", display: "e.number")],
                      searchable: ["e.number", "e.last_name", "e.first_name", "e.email", "COALESCE(s.name, 'District office')", "e.role"],
                      fullText: fullText)
        }
        let indexed = PagedList(store: db.store, query: query(fullText: "employees_search"))
        let scanned = PagedList(store: db.store, query: query(fullText: nil))
        for filter in ["ngu", "Vang elem", "E1000", "teacher middle", "district office", "xq", "zzzz", "Nguyễn"] {
            indexed.setFilter(filter); scanned.setFilter(filter)
            let n = try scanned.count()
            XCTAssertEqual(try indexed.count(), n, filter)
            XCTAssertEqual(try indexed.rows(in: 0..<min(n, 200)).map(\.id), try scanned.rows(in: 0..<min(n, 200)).map(\.id), filter)
        }
        // Renaming a school re-indexes its employees; editing an employee re-indexes them.
        let schoolID = try XCTUnwrap(db.store.read { try Int64.fetchOne($0, sql: "SELECT school_id FROM employees WHERE school_id IS NOT NULL LIMIT 1") })
        try db.store.write { w in _ = try w.update("schools", id: schoolID, expectedVersion: 1, changes: ["name": "Quokka Ridge Academy"]) }
        indexed.setFilter("quokka"); scanned.setFilter("quokka")
        XCTAssertGreaterThan(try indexed.count(), 0)
        XCTAssertEqual(try indexed.count(), try scanned.count())
        let employee = try XCTUnwrap(db.store.read { try Int64.fetchOne($0, sql: "SELECT id FROM employees LIMIT 1") })
        try db.store.write { w in _ = try w.update("employees", id: employee, expectedVersion: 1, changes: ["last_name": "Xylophonist"]) }
        indexed.setFilter("xylophon")
        XCTAssertEqual(try indexed.rows(in: 0..<5).map(\.id), [employee])
        try db.store.write { w in try w.delete(from: "employees", id: employee, expectedVersion: 2) }
        indexed.invalidate()
        XCTAssertEqual(try indexed.count(), 0)
    }
}

extension FullTextFilterTests {
    /// A one- or two-letter word cannot use the index; its count stops at the cap and says so.
    func testShortWordsCountUpToTheCap() throws {
        let db = try TestDatabase(demo: .small, seed: 12)
        let list = PagedList(store: db.store, query: ListQuery(
            from: "employees e", id: "e.id", columns: [.init("Number", display: "e.number")],
            searchable: ["e.number", "e.last_name"], fullText: "employees_search"))
        list.setFilter("e")
        XCTAssertEqual(try list.count(), PagedList.scanCountCap)
        XCTAssertTrue(list.countIsCapped)
        XCTAssertEqual(try list.rows(in: 0..<20).count, 20)
        list.setFilter("E1000")
        XCTAssertLessThan(try list.count(), PagedList.scanCountCap)
        XCTAssertFalse(list.countIsCapped)
    }
}

extension FullTextFilterTests {
    /// On a list larger than the limit, one- or two-letter words wait for a third letter.
    func testShortFiltersWaitOnLargeLists() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 5, partners: 1, partnerships: 0, employees: PagedList.shortFilterLimit + 10), seed: 2)
        let list = PagedList(store: db.store, query: ListQuery(
            from: "employees e", id: "e.id", columns: [.init("Number", display: "e.number")],
            searchable: ["e.number", "e.last_name"], fullText: "employees_search"))
        list.setFilter("ng")
        XCTAssertEqual(try list.count(), PagedList.shortFilterLimit + 10, "not applied yet")
        XCTAssertTrue(list.filterIsDeferred)
        list.setFilter("ngu")
        XCTAssertLessThan(try list.count(), PagedList.shortFilterLimit)
        XCTAssertFalse(list.filterIsDeferred)
        list.setFilter("ngu e1")
        XCTAssertFalse(list.filterIsDeferred, "a short word beside an indexed one narrows what the index found")
        XCTAssertLessThanOrEqual(try list.count(), try { list.setFilter("ngu"); return try list.count() }())
    }
}

extension FullTextFilterTests {
    /// The partnerships index finds what the scan finds, and follows a partner's rename.
    func testPartnershipIndexMatchesTheScan() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: .small, seed: 13)
        func query(_ fullText: String?) -> ListQuery {
            ListQuery(from: "partnerships p JOIN partners pr ON pr.id = p.partner_id", id: "p.id",
                      columns: [.init("Partner", display: "pr.name", sortKeys: ["pr.name COLLATE NOCASE"])],
                      searchable: ["pr.name", "p.services", "pr.contact_name", "p.notes"], fullText: fullText)
        }
        let indexed = PagedList(store: db.store, query: query("partnerships_search"))
        let scanned = PagedList(store: db.store, query: query(nil))
        for filter in ["youth", "tutoring hmong", "Mentoring", "xq", "zzzz", "García"] {
            indexed.setFilter(filter); scanned.setFilter(filter)
            let n = try scanned.count()
            XCTAssertEqual(try indexed.count(), n, filter)
            XCTAssertEqual(try indexed.rows(in: 0..<min(n, 100)).map(\.id), try scanned.rows(in: 0..<min(n, 100)).map(\.id), filter)
        }
        let partner = try XCTUnwrap(db.store.read { try Int64.fetchOne($0, sql: "SELECT partner_id FROM partnerships LIMIT 1") })
        let version = try XCTUnwrap(db.store.fetchRecord(table: "partners", id: partner)?["version"]?.integerValue)
        try db.store.write { w in
            _ = try w.update("partners", id: partner, expectedVersion: Int(version), changes: ["name": "Quetzal Learning Circle", "name_folded": "quetzal learning circle"])
        }
        indexed.setFilter("quetzal"); scanned.setFilter("quetzal")
        XCTAssertGreaterThan(try indexed.count(), 0)
        XCTAssertEqual(try indexed.count(), try scanned.count())
    }
}
