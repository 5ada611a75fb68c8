import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// Issue #11, filter letters and Esc within a frame: each faster path gives exactly the rows, the
/// order and the count of the plain query (every match, sorted), on the demo district and on a
/// bigger generated one, and the paths really are taken (queries counted, plans asked).
final class FilterSpeedTests: XCTestCase {
    /// The ids of `list`'s query in its current sort, filtered by `whereSQL`, the plain way: every
    /// match selected and sorted by SQLite, nothing kept, nothing walked.
    private func plainIDs(_ list: PagedList, where whereSQL: String?, arguments: StatementArguments = [],
                          order: String, store: FacetStore) throws -> [Int64] {
        var parts: [String] = []
        if let c = list.query.condition { parts.append("(\(c))") }
        if let w = whereSQL { parts.append("(\(w))") }
        let sql = "SELECT \(list.query.id) FROM \(list.query.from)" + (parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND "))
            + " ORDER BY \(order)"
        return try store.read { try Int64.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// The pages a user sees: the first screens walking down, End, and back up from the end.
    private func assertPages(_ list: PagedList, equal expected: [Int64], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let total = try list.count()
        XCTAssertEqual(total, min(expected.count, list.countIsCapped ? PagedList.scanCountCap : expected.count), message, file: file, line: line)
        let shown = min(total, expected.count)
        for start in stride(from: 0, to: min(shown, 120), by: 22) {
            let end = min(shown, start + 22)
            XCTAssertEqual(try list.rows(in: start..<end).map(\.id), Array(expected[start..<end]), "\(message), rows \(start)..<\(end)", file: file, line: line)
        }
        if !list.countIsCapped, shown > 0 {
            let last = max(0, shown - 22)..<shown
            XCTAssertEqual(try list.rows(in: last).map(\.id), Array(expected[last]), "\(message), the last rows", file: file, line: line)
            let before = max(0, last.lowerBound - 30)..<last.lowerBound
            XCTAssertEqual(try list.rows(in: before).map(\.id), Array(expected[before]), "\(message), up from the end", file: file, line: line)
        }
    }

    private static func likeAny(_ columns: [String], _ word: String) -> (String, StatementArguments) {
        let pattern = "%" + word + "%"
        return ("(" + columns.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")",
                StatementArguments(columns.map { _ in pattern }))
    }

    // MARK: the roster: the unfiltered count is not counted again

    /// After a short word waited for a third letter, and after Esc, the roster's count is the one
    /// already read: no query counts 150,000 employees again. The rows and the count are those of a
    /// fresh list.
    func testRosterCountsTheUnfilteredListOnceAcrossShortWordsAndEsc() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 5, partners: 1, partnerships: 0, employees: PagedList.shortFilterLimit + 10), seed: 2)
        let list = db.store.employeeList()
        let total = try list.count()
        XCTAssertEqual(total, PagedList.shortFilterLimit + 10)
        let firstPage = try list.rows(in: 0..<22).map(\.id)
        for (column, order) in [(0, "e.number, e.id"), (1, "e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE, e.id")] {
            list.setSort(column: column, ascending: true)
            let unfiltered = try plainIDs(list, where: nil, order: order, store: db.store)
            var queries = list.queriesRun
            list.setFilter("k")
            XCTAssertEqual(try list.count(), total, "the first letter waits for a third")
            XCTAssertTrue(list.filterIsDeferred)
            list.setFilter("ko")
            XCTAssertEqual(try list.count(), total)
            XCTAssertEqual(list.queriesRun, queries, "a short word on the large roster counts nothing")
            list.setFilter("kow")
            let matches = try plainIDs(list, where: "e.id IN (SELECT rowid FROM employees_search WHERE employees_search MATCH '\"kow\"')",
                                       order: order, store: db.store)
            try assertPages(list, equal: matches, "kow, sort \(column)")
            queries = list.queriesRun
            list.setFilter("")  // Esc
            XCTAssertEqual(try list.count(), total)
            XCTAssertEqual(list.queriesRun, queries, "Esc does not count the roster again")
            try assertPages(list, equal: unfiltered, "after Esc, sort \(column)")
        }
        list.setSort(column: 0, ascending: true)
        XCTAssertEqual(try list.rows(in: 0..<22).map(\.id), firstPage)
        // A change of the data forgets the kept count.
        let employee = try XCTUnwrap(db.store.read { try Int64.fetchOne($0, sql: "SELECT id FROM employees LIMIT 1") })
        try db.store.write { w in try w.delete(from: "employees", id: employee, expectedVersion: 1) }
        list.invalidate()
        list.setFilter("k")
        XCTAssertEqual(try list.count(), total - 1)
        list.setFilter("")
        XCTAssertEqual(try list.count(), total - 1)
    }
}

// MARK: partnerships: a short word and a quick filter walk the partner order

extension FilterSpeedTests {
    private static let partnerOrder = "pr.name COLLATE NOCASE, pr.id, p.id"
    private static let partnerOrderDown = "pr.name COLLATE NOCASE DESC, pr.id DESC, p.id DESC"

    /// One or two letters on the partnerships (a scan, counted up to the cap): sorted by partner the
    /// pages walk the partners' index instead of sorting every match, and show the same rows.
    func testPartnershipsShortWordsWalkThePartnerOrderAndShowTheSameRows() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 30, partners: 400, partnerships: 3_000, employees: 20), seed: 7)
        let today = Day("2026-11-30")!
        let searchable = ["pr.name", "p.services", "pr.contact_name", "p.notes"]
        for (column, ascending, order) in [(0, true, Self.partnerOrder), (0, false, Self.partnerOrderDown),
                                           (3, true, "COALESCE(p.tier, 9), p.id"), (4, true, "p.status, p.id")] {
            let list = db.store.partnershipList(today: today)
            list.setSort(column: column, ascending: ascending)
            for word in ["l", "li", "lib", "library", "zq", "mentoring youth"] {
                list.setFilter(word)
                var parts: [String] = [], args = StatementArguments()
                for w in word.split(separator: " ").map(String.init) {
                    if w.count >= 3 {
                        parts.append("p.id IN (SELECT rowid FROM partnerships_search WHERE partnerships_search MATCH ?)")
                        args += ["\"\(w)\""]
                    } else {
                        let like = Self.likeAny(searchable, w)
                        parts.append(like.0)
                        args += like.1
                    }
                }
                let expected = try plainIDs(list, where: parts.joined(separator: " AND "), arguments: args, order: order, store: db.store)
                try assertPages(list, equal: expected, "\(word), sort \(column) \(ascending ? "up" : "down")")
                if word == "l" {
                    XCTAssertTrue(list.countIsCapped, "one letter matches most partnerships")
                    if column == 0 {
                        let plan = try XCTUnwrap(list.lastPagePlan())
                        XCTAssertTrue(plan.contains("partners_by_name"), "walks the partners by name: \(plan)")
                    }
                }
            }
        }
    }

    /// The dashboard's "not aligned" list (active, not in alignment) sorted by partner: with many
    /// matches the pages walk the order; the rows are those of the plain query. Its count can be
    /// given from the kept metric (active − aligned), which is the list's own count.
    func testNotAlignedPartnershipsWalkTheOrderAndTheirCountIsActiveLessAligned() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 30, partners: 400, partnerships: 3_000, employees: 20), seed: 8)
        let today = Day("2026-11-30")!
        // One active partnership never reviewed but otherwise in order: not aligned (no review), so
        // in the list as in the metric (the review check was NULL for it, and NOT NULL hid it).
        let candidate = try XCTUnwrap(db.store.read { d in
            try Int64.fetchOne(d, sql: "SELECT id FROM partnerships WHERE status = 'active' AND tier IS NOT NULL AND agreement_signed IS NOT NULL LIMIT 1")
        })
        try db.store.write { w in try w.db.execute(sql: "UPDATE partnerships SET last_review = NULL WHERE id = ?", arguments: [candidate]) }
        var filter = PartnershipFilter()
        filter.status = .active
        filter.notAligned = true
        let aligned = try db.store.alignedSQL(today: today)
        let metric = try db.store.alignmentMetric(today: today)
        for (column, ascending, order) in [(0, true, Self.partnerOrder), (0, false, Self.partnerOrderDown), (6, true, "COALESCE(p.last_review, ''), p.id")] {
            let list = db.store.partnershipList(filter: filter, today: today)
            list.walkAbove = 100  // the small district's matches count as many
            list.setSort(column: column, ascending: ascending)
            let expected = try plainIDs(list, where: "p.status = 'active' AND NOT \(aligned)", order: order, store: db.store)
            XCTAssertGreaterThan(expected.count, 100)
            XCTAssertTrue(expected.contains(candidate), "never reviewed: not aligned")
            XCTAssertEqual(expected.count, metric.active - metric.aligned)
            try assertPages(list, equal: expected, "not aligned, sort \(column)")
            if column == 0 {
                _ = try list.rows(in: 0..<22)
                XCTAssertTrue(try XCTUnwrap(list.lastPagePlan()).contains("partners_by_name"))
            }
            // The count given from the metric: no count query, the same pages.
            let given = db.store.partnershipList(filter: filter, today: today)
            given.setSort(column: column, ascending: ascending)
            given.assumeCount(metric.active - metric.aligned)
            XCTAssertEqual(try given.count(), expected.count)
            XCTAssertEqual(given.queriesRun, 0)
            try assertPages(given, equal: expected, "not aligned, count given, sort \(column)")
            // A change of the data forgets the given count.
            let queries = given.queriesRun
            given.invalidate()
            XCTAssertEqual(try given.count(), expected.count)
            XCTAssertEqual(given.queriesRun, queries + 1, "counted")
        }
    }
}

// MARK: sessions: the matches of a word are read once, then walked

extension FilterSpeedTests {
    /// Many sessions match "library": the list reads their ids once with the count and each page
    /// walks the sort's order keeping those, in every sort; the rows are the plain query's.
    func testSessionMatchesReadOnceShowTheSameRowsInEverySort() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 20, partners: 1, partnerships: 0, employees: 2_000, enrollments: 20_000), seed: 9)
        let today = Day("2026-11-30")!
        let orders = ["ps.day, ps.time, ps.id", "c.code COLLATE NOCASE, ps.day, ps.id", "c.title COLLATE NOCASE, c.id, ps.day, ps.id",
                      "ps.place COLLATE NOCASE, ps.id", "ps.capacity, ps.id"]
        for (column, order) in orders.enumerated() {
            for ascending in [true, false] {
                let list = db.store.sessionList(today: today)
                list.walkAbove = 50
                list.setSort(column: column, ascending: ascending)
                let sorted = ascending ? order : order.split(separator: ",").map { $0 + " DESC" }.joined(separator: ",")
                for word in ["lib", "libr", "library", "central library", "media"] {
                    list.setFilter(word)
                    let match = word.split(separator: " ").map { "\"\($0)\"" }.joined(separator: " AND ")
                    let expected = try plainIDs(list, where: "ps.id IN (SELECT rowid FROM pd_sessions_search WHERE pd_sessions_search MATCH ?)",
                                                arguments: [match], order: sorted, store: db.store)
                    try assertPages(list, equal: expected, "\(word), sort \(column) \(ascending ? "up" : "down")")
                    if expected.count > 50 {
                        XCTAssertTrue(list.keepsMatches, "\(word): the matches are kept")
                        XCTAssertTrue(try XCTUnwrap(list.lastPageSQL).contains(PagedList.keptMatchFunction))
                    }
                    if let id = expected.dropFirst(expected.count / 2).first {
                        XCTAssertEqual(try list.position(of: id), expected.firstIndex(of: id))
                    }
                }
            }
        }
        // The kept matches follow a change of the data.
        let list = db.store.sessionList(today: today)
        list.walkAbove = 50
        list.setFilter("library")
        let before = try list.count()
        let session = try XCTUnwrap(list.rows(in: 0..<1).first?.id)
        let version = try XCTUnwrap(db.store.fetchRecord(table: "pd_sessions", id: session)?["version"]?.integerValue)
        try db.store.write { w in _ = try w.update("pd_sessions", id: session, expectedVersion: Int(version), changes: ["place": "Gymnasium"]) }
        list.invalidate()
        XCTAssertEqual(try list.count(), before - 1)
        XCTAssertFalse(try list.rows(in: 0..<min(before - 1, 40)).map(\.id).contains(session))
    }
}

extension FilterSpeedTests {
    /// The roster sorted by number, role or hire date, over which what `/` finds is spread: a word with
    /// many matches is found by a bounded walk of the order; a word whose matches bunch in the
    /// order (a run of numbers) gives up the walk and looks them up. Both show the plain query's
    /// rows, in every page, up and down.
    func testRosterMatchesSpreadOverNumberRoleAndHireDateAreWalkedAndShowTheSameRows() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 20, partners: 1, partnerships: 0, employees: 3_000, enrollments: 0), seed: 9)
        let numbers = try db.store.read { try String.fetchAll($0, sql: "SELECT number FROM employees ORDER BY number") }
        // A run of a third of the numbers, in the middle of the number order.
        let bunched = String(numbers[numbers.count / 2].prefix(4))
        // With the word each order walks to its first page: a surname part is spread over roles,
        // a role is not (its matches all sit under that role).
        let orders = [(0, "e.number, e.id", "e.number DESC, e.id DESC", "teach"),
                      (4, "COALESCE(e.hire_date, ''), e.id", "COALESCE(e.hire_date, '') DESC, e.id DESC", "teach"),
                      (3, "e.role, e.id", "e.role DESC, e.id DESC", "son")]
        for (column, up, down, walkedWord) in orders {
            for ascending in [true, false] {
                let sorted = ascending ? up : down
                for word in ["teach", "son", bunched] {
                    // As on screen: the roster opens (counted whole), is sorted, then filtered.
                    let list = db.store.employeeList()
                    list.walkSpreadAbove = 20
                    list.walkBudgetFloor = 50
                    XCTAssertEqual(try list.count(), numbers.count)
                    list.setSort(column: column, ascending: ascending)
                    list.setFilter(word)
                    let expected = try plainIDs(list, where: "e.id IN (SELECT rowid FROM employees_search WHERE employees_search MATCH ?)",
                                                arguments: ["\"\(word)\""], order: sorted, store: db.store)
                    XCTAssertGreaterThan(expected.count, 20, word)
                    _ = try list.rows(in: 0..<22)
                    let firstPage = try XCTUnwrap(list.lastPageSQL)
                    if word == walkedWord {
                        XCTAssertTrue(firstPage.contains("AS walked"), "\(word), sort \(column): walked")
                    } else if word == bunched, column == 0 {
                        XCTAssertFalse(firstPage.contains("AS walked"), "\(word): bunched in the numbers, looked up")
                    }
                    try assertPages(list, equal: expected, "\(word), sort \(column) \(ascending ? "up" : "down")")
                }
            }
        }
    }

    /// A roster of 3,000 staff, and its commonest surname of six letters or more.
    private func rosterWithACommonSurname() throws -> (TestDatabase, String) {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 20, partners: 1, partnerships: 0, employees: 3_000, enrollments: 0), seed: 9)
        let surname = try XCTUnwrap(try db.store.read {
            try String.fetchOne($0, sql: "SELECT last_name FROM employees WHERE length(last_name) >= 6 GROUP BY last_name ORDER BY COUNT(*) DESC LIMIT 1")
        })
        return (db, surname)
    }

    /// The roster by name or role (orders a surname's matches bunch in): the matches are read
    /// whole, in order, once; a filter typed further keeps those of them it still matches, in
    /// order, without reading and sorting them again; every page is the plain query's.
    func testRosterMatchesTypedFurtherKeepTheirOrderAndShowTheSameRows() throws {
        let (db, surname) = try rosterWithACommonSurname()
        let orders = [(1, "e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE, e.id",
                       "e.last_name COLLATE NOCASE DESC, e.first_name COLLATE NOCASE DESC, e.id DESC"),
                      (3, "e.role, e.id", "e.role DESC, e.id DESC")]
        for (column, up, down) in orders {
            for ascending in [true, false] {
                let list = db.store.employeeList()
                XCTAssertEqual(try list.count(), 3_000)
                list.setSort(column: column, ascending: ascending)
                var typed = ""
                for letter in surname.lowercased() {
                    typed.append(letter)
                    list.setFilter(typed)
                    guard typed.count >= 3 else { continue }
                    let before = list.queriesRun
                    let expected = try plainIDs(list, where: "e.id IN (SELECT rowid FROM employees_search WHERE employees_search MATCH ?)",
                                                arguments: ["\"\(typed)\""], order: ascending ? up : down, store: db.store)
                    XCTAssertEqual(try list.rows(in: 0..<min(22, expected.count)).map(\.id), Array(expected.prefix(22)), typed)
                    if typed.count > 3 {
                        XCTAssertEqual(list.queriesRun - before, 2, "\(typed): counted and its rows read; the order kept from the letter before")
                    }
                    try assertPages(list, equal: expected, "\(typed), sort \(column) \(ascending ? "up" : "down")")
                }
            }
        }
    }

    /// The roster by name, its whole order read ahead (`orderToReadAhead`, `useOrder`): every letter
    /// from the third shows the plain query's pages, up and down, and puts its matches in order
    /// without reading them (the count and the page's rows: two queries, the third letter too). An
    /// order read before a change is not used for the data after it; another sort drops it.
    func testRosterByNameOrdersItsMatchesFromTheWholeOrderReadAhead() throws {
        let (db, surname) = try rosterWithACommonSurname()
        let up = "e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE, e.id"
        let down = "e.last_name COLLATE NOCASE DESC, e.first_name COLLATE NOCASE DESC, e.id DESC"
        func matching(_ typed: String, ascending: Bool) throws -> [Int64] {
            try plainIDs(db.store.employeeList(), where: "e.id IN (SELECT rowid FROM employees_search WHERE employees_search MATCH ?)",
                         arguments: ["\"\(typed)\""], order: ascending ? up : down, store: db.store)
        }
        var stale: ListOrder?
        for ascending in [true, false] {
            let list = db.store.employeeList()
            XCTAssertNil(list.orderToReadAhead, "sorted by number: no order to keep")
            list.setSort(column: 1, ascending: ascending)
            let read = try XCTUnwrap(list.orderToReadAhead)
            let order = try read.read()
            stale = order
            list.useOrder(order)
            XCTAssertTrue(list.keepsOrder)
            XCTAssertNil(list.orderToReadAhead, "given: not read again")
            XCTAssertEqual(try list.count(), 3_000)
            var typed = ""
            for letter in surname.lowercased() {
                typed.append(letter)
                list.setFilter(typed)
                guard typed.count >= 3 else { continue }
                XCTAssertTrue(list.keepsOrder, "\(typed): a filter keeps the order")
                let expected = try matching(typed, ascending: ascending)
                let before = list.queriesRun
                XCTAssertEqual(try list.rows(in: 0..<min(22, expected.count)).map(\.id), Array(expected.prefix(22)), typed)
                XCTAssertEqual(list.queriesRun - before, 2, "\(typed): counted and the page read; the matches not read to sort them")
                try assertPages(list, equal: expected, "\(typed), by name \(ascending ? "up" : "down")")
            }
            list.setSort(column: 3, ascending: true)
            XCTAssertFalse(list.keepsOrder, "sorted by role: the name order is let go")
            XCTAssertNil(list.orderToReadAhead, "the role order is walked, not kept")
        }
        // Another employee of that surname after the order was read: the old order lacks them.
        try db.store.insertRecord("employees", values: [
            "number": .text("E999999"), "first_name": .text("Aaron"), "last_name": .text(surname), "role": .text("teacher"),
        ])
        let list = db.store.employeeList()
        list.setSort(column: 1, ascending: true)
        list.useOrder(try XCTUnwrap(stale))
        list.setFilter(surname.lowercased())
        let expected = try matching(surname.lowercased(), ascending: true)
        XCTAssertEqual(try list.rows(in: 0..<min(22, expected.count)).map(\.id), Array(expected.prefix(22)), "the newcomer is in its place")
        XCTAssertFalse(list.keepsOrder, "an order that lacks a match is let go")
        XCTAssertNil(list.orderToReadAhead, "and not read again until the data change")
        try assertPages(list, equal: expected, "after the change")

        // An order that could not be kept: the list sorts its matches in SQL, and does not ask again.
        let unkept = db.store.employeeList()
        unkept.setSort(column: 1, ascending: true)
        unkept.useOrder(nil)
        XCTAssertNil(unkept.orderToReadAhead)
        unkept.setFilter(surname.lowercased())
        try assertPages(unkept, equal: expected, "no order kept")
    }

    /// A kept order holds exactly the ids read, in order; more than its room, or an id beyond 32
    /// bits, and there is none.
    func testAListOrderHoldsTheIDsReadOrNone() throws {
        func order(_ ids: [Int64], capacity: Int) -> ListOrder? {
            var rest = ids[...]
            return ListOrder(capacity: capacity) { rest.popFirst() }
        }
        let ids: [Int64] = [5, 3, 150_000, 1, Int64(Int32.max)]
        let kept = try XCTUnwrap(order(ids, capacity: 5))
        var read: [Int64] = []
        kept.forEach { read.append($0) }
        XCTAssertEqual(read, ids)
        XCTAssertEqual(kept.count, 5)
        XCTAssertNil(order(ids, capacity: 4), "more ids than room")
        XCTAssertNil(order([1, Int64(Int32.max) + 1], capacity: 10), "an id beyond 32 bits")
        XCTAssertEqual(order([], capacity: 0)?.count, 0)
    }

    /// The kept ids: parsed from SQLite's comma-separated text, found by id, as bits or (ids too far
    /// apart) as a set.
    func testMatchedIDsHoldExactlyTheIDsGiven() {
        let ids: [Int64] = [1, 63, 64, 65, 127, 128, 4_095, 150_000]
        let bits = MatchedIDs(commaSeparated: ids.map(String.init).joined(separator: ","))
        for id in Int64(0)...150_100 { XCTAssertEqual(bits.contains(id), ids.contains(id), "\(id)") }
        XCTAssertFalse(bits.contains(-1))
        let far = MatchedIDs(commaSeparated: "5,9000000000,17")
        XCTAssertTrue(far.contains(9_000_000_000))
        XCTAssertTrue(far.contains(5))
        XCTAssertTrue(far.contains(17))
        XCTAssertFalse(far.contains(6))
        XCTAssertFalse(MatchedIDs(commaSeparated: "").contains(0))
    }
}

// MARK: partnerships: a word of a thousand matches walks the order (issue #11, "Library")

extension FilterSpeedTests {
    /// A word found in many partnerships ("lib": 1,114 of 20,000 on the large district) is spread over
    /// every order the list sorts by, so its first page is found by a bounded walk of the order's
    /// index, keeping the matches read once by the count — not by reading and sorting every match's
    /// partnership and partner (1,086 table pages for one letter). Typed further, each letter walks
    /// again. Every page is the plain query's, up and down, in each sort.
    func testPartnershipsWordOfManyMatchesIsWalkedInEverySortAndShowsTheSameRows() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 30, partners: 400, partnerships: 3_000, employees: 20), seed: 7)
        let today = Day("2026-11-30")!
        let word = try XCTUnwrap(["lib", "you", "fam", "men"].max { a, b in
            let count = { (w: String) in try db.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM partnerships_search WHERE partnerships_search MATCH ?", arguments: ["\"\(w)\""]) ?? 0 } }
            return (try? count(a)) ?? 0 < (try? count(b)) ?? 0
        })
        let orders = [(0, Self.partnerOrder, Self.partnerOrderDown), (3, "COALESCE(p.tier, 9), p.id", "COALESCE(p.tier, 9) DESC, p.id DESC"),
                      (4, "p.status, p.id", "p.status DESC, p.id DESC"),
                      (6, "COALESCE(p.last_review, ''), p.id", "COALESCE(p.last_review, '') DESC, p.id DESC")]
        for (column, up, down) in orders {
            for ascending in [true, false] {
                let list = db.store.partnershipList(today: today)
                list.walkSpreadAbove = 20
                list.walkBudgetFloor = 50
                list.setSort(column: column, ascending: ascending)
                var typed = ""
                for letter in word {
                    typed.append(letter)
                    list.setFilter(typed)
                    guard typed.count >= 3 else { continue }
                    let expected = try plainIDs(list, where: "p.id IN (SELECT rowid FROM partnerships_search WHERE partnerships_search MATCH ?)",
                                                arguments: ["\"\(typed)\""], order: ascending ? up : down, store: db.store)
                    XCTAssertGreaterThan(expected.count, 100, "\(typed): a word of many matches")
                    _ = try list.rows(in: 0..<22)
                    let firstPage = try XCTUnwrap(list.lastPageSQL)
                    XCTAssertTrue(firstPage.contains("AS walked"), "\(typed), sort \(column): the order walked, not every match sorted")
                    let plan = try XCTUnwrap(list.lastPagePlan())
                    XCTAssertFalse(plan.contains("TEMP B-TREE"), "\(typed), sort \(column): nothing sorted: \(plan)")
                    if column == 0 { XCTAssertTrue(plan.contains("COVERING INDEX partners_by_name"), plan) }
                    try assertPages(list, equal: expected, "\(typed), sort \(column) \(ascending ? "up" : "down")")
                }
            }
        }
    }
}
