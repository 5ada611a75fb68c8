import FacetModel
import Foundation
import GRDB
import GRDBSQLite
import XCTest
@testable import FacetStore

/// Check-in at the door (issue #14), letter by letter on a large roster of staff (issue #11): those
/// whose surname begins with what is typed come from the name index, a dozen rows, instead of
/// reading each of up to 500 search-index matches' rows (470 table pages for "kow" on the large
/// district: 27–110 ms a letter when those pages had left the OS page cache). The matches are the
/// session's roster first, then the surnames beginning with the first word in name order, then
/// anyone else whose name or number holds every word.
final class CheckInSearchTests: XCTestCase {
    // Generated once for the class (four seconds); tests of one class run one after the other.
    nonisolated(unsafe) private static var district: (db: TestDatabase, session: Int64, surname: String)?

    /// 20,000 employees; the commonest surname of at least six letters; the next session.
    private func district() throws -> (db: TestDatabase, session: Int64, surname: String) {
        if let d = Self.district { return d }
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 40, partners: 1, partnerships: 0, employees: 20_000, enrollments: 20_000), seed: 4)
        let (session, surname) = try db.store.read { d -> (Int64, String) in
            // The session of the most registrations: the roster's own rows are read on each letter too.
            let session = try XCTUnwrap(try Int64.fetchOne(d, sql: "SELECT session_id FROM pd_enrollments GROUP BY session_id ORDER BY COUNT(*) DESC LIMIT 1"))
            let surname = try XCTUnwrap(try String.fetchOne(d, sql: """
                SELECT last_name FROM employees WHERE active AND length(last_name) >= 6 AND last_name NOT LIKE '% %'
                GROUP BY last_name ORDER BY COUNT(*) DESC LIMIT 1
                """))
            return (session, surname)
        }
        Self.district = (db, session, surname)
        return (db, session, surname)
    }

    /// The table and index pages a read took from the disk (or the OS), not from the connection's cache.
    private func pagesRead(_ store: FacetStore, _ body: () throws -> Void) throws -> Int {
        func misses() throws -> Int32 {
            try store.read { db in
                try db.execute(sql: "SELECT 1 FROM sqlite_master LIMIT 1")  // the schema, read once per connection
                var current: Int32 = 0, highest: Int32 = 0
                sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_MISS, &current, &highest, 0)
                return current
            }
        }
        let before = try misses()
        try body()
        return Int(try misses() - before)
    }

    /// What the search index finds for `words`, the plain way: roster first, then every active match
    /// whose name or number holds every word, in name order (the reference the rows are held to).
    private func plainMatches(_ store: FacetStore, session: Int64, words: [String]) throws -> (roster: [Int64], others: [Int64]) {
        try store.read { db in
            let holds = words.map { _ in "(e.last_name LIKE ? OR e.first_name LIKE ? OR e.number LIKE ?)" }.joined(separator: " AND ")
            let patterns = words.flatMap { w in Array(repeating: "%\(w)%", count: 3) }
            let roster = try Int64.fetchAll(db, sql: """
                SELECT e.id FROM employees e WHERE e.id IN (SELECT employee_id FROM pd_enrollments WHERE session_id = ?) AND \(holds)
                ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE
                """, arguments: StatementArguments([session] + patterns))
            let others = try Int64.fetchAll(db, sql: """
                SELECT e.id FROM employees e WHERE e.active AND \(holds)
                ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE, e.id
                """, arguments: StatementArguments(patterns))
            return (roster, others)
        }
    }

    /// A common surname typed letter by letter: from the third letter on, those whose surname begins
    /// with it, in name order, after the roster's own; each letter reads a few dozen pages at most,
    /// where the search index's way read a page for each of its hundreds of matches.
    func testASurnameTypedLetterByLetterShowsThoseItBeginsInNameOrderReadingFewPages() throws {
        let (db, session, surname) = try district()
        let people = try db.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM employees WHERE last_name = ?", arguments: [surname]) ?? 0 }
        XCTAssertGreaterThan(people, 150, "a surname many share")
        // The way it was: every search-index match's row read (up to 500), a page for each.
        let typed3 = String(surname.prefix(3)).lowercased()
        let searchedWay = try FacetStore(path: db.store.path, login: db.store.login)
        let searchIndexPages = try pagesRead(searchedWay) {
            _ = try searchedWay.read { d in
                try Row.fetchAll(d, sql: """
                    SELECT e.id FROM employees e WHERE e.id IN (SELECT rowid FROM employees_search WHERE employees_search MATCH ? LIMIT 500)
                    AND e.active AND (e.last_name LIKE ? OR e.first_name LIKE ? OR e.number LIKE ?)
                    ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE LIMIT 10
                    """, arguments: ["\"\(typed3)\"", "%\(typed3)%", "%\(typed3)%", "%\(typed3)%"])
            }
        }
        XCTAssertGreaterThan(searchIndexPages, 200, "the search index's way reads a page per match")
        let rosterSize = try db.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM pd_enrollments WHERE session_id = ?", arguments: [session]) ?? 0 }
        for length in 3...surname.count {
            let typed = String(surname.prefix(length)).lowercased()
            // A new store each letter: nothing in the connection's cache from the letter before.
            let store = try FacetStore(path: db.store.path, login: db.store.login)
            var matches: [CheckInMatch] = []
            let pages = try pagesRead(store) { matches = try store.checkInMatches(sessionID: session, text: typed, limit: 10) }
            let plain = try plainMatches(db.store, session: session, words: [typed])
            let beginning = try db.store.read { d in
                try Int64.fetchAll(d, sql: """
                    SELECT id FROM employees WHERE active AND last_name LIKE ? ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id
                    """, arguments: ["\(typed)%"])
            }
            let roster = plain.roster.prefix(10)
            let expected = Array((Array(roster) + beginning.filter { !roster.contains($0) }).prefix(10))
            XCTAssertEqual(matches.map(\.employeeID), expected, "\(typed): the roster's, then the surnames it begins, in name order")
            // The roster's registrations and people (read by every letter, short or long), the name
            // index and a dozen rows with their school and registration.
            XCTAssertLessThan(pages, 2 * rosterSize + 30, "\(typed): a few dozen pages, not one per match (\(plain.others.count) match)")
            XCTAssertLessThan(pages * 4, searchIndexPages, "\(typed): \(pages) pages, against \(searchIndexPages) the search index's way")
        }
    }

    /// Words that begin no surname, or a second word, still find anyone whose name or number holds
    /// every word (the search index), after those whose surname begins with the first; a second
    /// word that few of a surname's people have does not make the name index read them all.
    func testWordsInsideNamesAndSecondWordsStillFindEveryone() throws {
        let (db, session, surname) = try district()
        let first = try XCTUnwrap(try db.store.read {
            try String.fetchOne($0, sql: "SELECT first_name FROM employees WHERE active AND last_name = ? AND length(first_name) >= 3 ORDER BY id DESC LIMIT 1",
                                arguments: [surname])
        })
        let inside = String(surname.dropFirst(2).prefix(4)).lowercased()
        for words in [[inside], [surname.lowercased(), String(first.prefix(3)).lowercased()]] {
            let matches = try db.store.checkInMatches(sessionID: session, text: words.joined(separator: " "), limit: 10)
            let plain = try plainMatches(db.store, session: session, words: words)
            XCTAssertFalse(matches.isEmpty, "\(words)")
            let allowed = Set(plain.roster + plain.others)
            for m in matches { XCTAssertTrue(allowed.contains(m.employeeID), "\(words): \(m.name) holds every word") }
            XCTAssertEqual(Set(matches.map(\.employeeID)).count, matches.count, "\(words): no one twice")
        }
        // "surname first-name": that person is among the matches, however far into the surname's people.
        let person = try db.store.checkInMatches(sessionID: session, text: "\(surname.lowercased()) \(first.lowercased())", limit: 10)
        XCTAssertTrue(person.contains { $0.name.hasSuffix(", \(first)") }, "\(person.map(\.name))")
    }

    /// SQLite's LIKE and the name index's NOCASE fold ASCII letters only; the walk's checks agree.
    func testTheCaseFoldingMatchesSQLite() throws {
        let db = try TestDatabase()
        for (text, word) in [("Kowalski", "KOW"), ("Øster", "øst"), ("ÉCOLE", "éc"), ("Straße", "STRASSE"), ("Nguyễn", "nguy"), ("a_b", "A_B")] {
            let like = try db.store.read { try Bool.fetchOne($0, sql: "SELECT ? LIKE ?", arguments: [text, "%\(word.replacingOccurrences(of: "_", with: ""))%"]) ?? false }
            XCTAssertEqual(FacetStore.asciiCaseInsensitivelyContains(text, word), like, "\(text) holds \(word)")
            let begins = try db.store.read { try Bool.fetchOne($0, sql: "SELECT ? LIKE ?", arguments: [text, "\(word)%"]) ?? false }
            if !word.contains("_") { XCTAssertEqual(FacetStore.asciiCaseInsensitivelyBegins(text, with: word), begins, "\(text) begins \(word)") }
        }
    }
}
