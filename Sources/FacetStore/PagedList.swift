import Foundation
import GRDB

/// How to list one kind of record: what to select, how each column sorts, what `/` searches.
/// Internal to the store: screens ask for a list by name (`schoolList()`, `partnershipList(…)`).
struct ListQuery: Sendable {
    struct Column: Sendable {
        var title: String
        /// The SQL expression shown in the cell.
        var display: String
        /// Expressions the column sorts by (never NULL: keyset paging compares them). The record id
        /// is always added last, so the order is total. Empty: the column is not offered as a sort
        /// (no index can give its order, and sorting the whole table on a key is not instant).
        var sortKeys: [String]
        /// Joins only this column's sort keys need (a kept table with an index in their order),
        /// added to the FROM only while the list sorts by it: in every query they would steer
        /// SQLite's plan for the other orders away from their own indexes.
        var sortJoin: String
        /// The list's FROM with its tables in the order that walks this column's index, when the
        /// order is a joined table's (`partners pr CROSS JOIN partnerships p …`): a filter that
        /// matches most rows then reads the first rows in order instead of sorting every match
        /// (SQLite's planner sorts: partnerships by partner, "L", 12 ms sorted, 0.1 ms walked).
        var walkFrom: String?
        /// What `/` finds is spread evenly over this order (an employee number, a hire date: a
        /// surname's matches are not bunched in it), so a page of a few thousand matches is found
        /// by walking the order's index a short, bounded way (`PagedList.fetch`) rather than by
        /// reading every match's row to sort them (the roster by number, "kow": 2,110 rows read).
        var spreadsMatches = false
        /// What `/` finds bunches in this order (a surname, sorted by name: "kow" finds 2,110
        /// employees, all under K), so no short walk of its index finds a page of them, and looking
        /// them up reads a table page each (1,800 pages: 10 ms cached, 140 ms when the OS has let
        /// the file go). The list's whole order, ids only, is read from the order's index off the
        /// key path (`PagedList.orderToReadAhead`) and a filter's matches are put in order from it.
        var keepsOrder = false

        init(_ title: String, display: String, sortKeys: [String]? = nil, sortJoin: String = "", walkFrom: String? = nil) {
            self.title = title
            self.display = display
            self.sortKeys = sortKeys ?? [display]
            self.sortJoin = sortJoin
            self.walkFrom = walkFrom
        }

        /// A column shown but not offered as a sort.
        init(_ title: String, display: String, unsorted: Void) {
            self.init(title, display: display, sortKeys: [])
        }

        /// This column, marked as an order over which what `/` finds is spread (`spreadsMatches`).
        func spreadingMatches() -> Column {
            var column = self
            column.spreadsMatches = true
            return column
        }

        /// This column, marked as an order over which what `/` finds bunches (`keepsOrder`).
        func keepingOrder() -> Column {
            var column = self
            column.keepsOrder = true
            return column
        }
    }

    /// FROM clause, joins included.
    var from: String
    /// The record's id expression (e.g. "e.id").
    var id: String
    var columns: [Column]
    /// Expressions `/` matches against (case-insensitive substring).
    var searchable: [String]
    /// A condition every row must meet (e.g. only active records), or nil.
    var condition: String?
    /// An expression giving a row's flag ("warning", "error"…) or NULL, shown as the row's colour.
    var flag: String?
    /// A trigram FTS5 table whose rowid is the record id and whose text holds what `searchable`
    /// holds: words of three or more letters are looked up there instead of scanned with LIKE.
    var fullText: String?
    /// The FROM clause without its joins, when they neither drop nor add rows (each session has
    /// exactly one course), and the base table's alias: with no filter, the count, a record's
    /// position and a page's ids in an order of the base table's own keys are read from it alone
    /// (the sessions list opened at today: 46,000 joined rows counted twice and skipped, 45 ms).
    var base: (from: String, alias: String)?

    init(from: String, id: String, columns: [Column], searchable: [String], condition: String? = nil, flag: String? = nil,
                fullText: String? = nil, base: (from: String, alias: String)? = nil) {
        self.base = base
        self.fullText = fullText
        self.from = from
        self.id = id
        self.columns = columns
        self.searchable = searchable
        self.condition = condition
        self.flag = flag
    }
}

/// Every record of a list in one of its orders, ids only, ascending (`ListQuery.Column.keepsOrder`):
/// four bytes a record (150,000 employees: 586 KB). They are kept in pages of their own, given
/// back to the OS when the order is let go (freed to the heap, they would stay with the process
/// and count in its peak memory to the end). Written once, when read; only read after.
public final class ListOrder: @unchecked Sendable {
    private let start: UnsafeMutablePointer<Int32>?
    private let bytes: Int
    /// How many ids it holds.
    let count: Int

    /// Reads up to `capacity` ids from `next` (nil: no more); nil when there are more than that,
    /// or an id beyond 32 bits: such an order is not kept.
    init?(capacity: Int, _ next: () throws -> Int64?) rethrows {
        bytes = max(1, capacity) * MemoryLayout<Int32>.stride
        let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { return nil }
        let ids = mapped.bindMemory(to: Int32.self, capacity: max(1, capacity))
        var n = 0
        var fits = true
        while let id = try next() {
            guard n < capacity, let small = Int32(exactly: id) else { fits = false; break }
            ids[n] = small
            n += 1
        }
        guard fits else {
            munmap(mapped, bytes)
            return nil
        }
        start = ids
        count = n
    }

    deinit { if let start { munmap(start, bytes) } }

    /// The ids, in order.
    func forEach(_ body: (Int64) -> Void) {
        guard let start else { return }
        for i in 0..<count { body(Int64(start[i])) }
    }
}

public struct ListRow: Sendable, Equatable {
    public var id: Int64
    public var cells: [String]
    public var flag: String?
}

/// A sorted, filtered list that fetches only the rows asked for. Neighbouring pages are found by
/// keyset (`WHERE (sort keys, id) > (…) LIMIT n`), the ends by LIMIT from either side, so moving,
/// paging, Home and End cost the same at row 10 and at row 100,000. The count and a window of rows
/// are cached until the filter, the sort or the data change.
public final class PagedList {
    let query: ListQuery
    /// The column titles, in order, for the table on screen.
    public var columnTitles: [String] { query.columns.map(\.title) }
    /// Whether each column is offered as a sort (see `ListQuery.Column.sortKeys`).
    public var columnSortable: [Bool] { query.columns.map { !$0.sortKeys.isEmpty } }
    public private(set) var filter = ""
    public private(set) var sortColumn = 0
    public private(set) var ascending = true
    /// Queries run since creation, for tests and benchmarks.
    public private(set) var queriesRun = 0

    private let store: FacetStore
    private var cachedCount: Int?
    private var window: (start: Int, rows: [ListRow], keys: [[DatabaseValue]])?
    /// A record whose position was just counted, with its sort keys: the page around it is then
    /// found by keyset from it instead of skipping every row before it again (OFFSET).
    private var landmark: (position: Int, keys: [DatabaseValue])?
    /// Extra rows fetched on each side so that moving by one row rarely needs a query.
    public var padding = 16
    /// The padding of a read with no rows at hand yet (a first frame, or after a filter or sort
    /// change); nil: `padding`. A list whose rows are costly sets 0: the frame reads the rows on
    /// screen only, and `keepAhead` reads the rest between keys.
    public var firstPadding: Int?

    init(store: FacetStore, query: ListQuery) {
        self.store = store
        self.query = query
    }

    /// A condition added by quick filters (status, area, "not aligned"…), with its arguments.
    private(set) var extraCondition: (sql: String, arguments: [StoredValue])?

    func setExtraCondition(_ sql: String?, arguments: [StoredValue] = []) {
        let new = sql.map { ($0, arguments) }
        guard new?.0 != extraCondition?.sql || new?.1 != extraCondition?.arguments else { return }
        extraCondition = new
        invalidate()
    }

    public func setFilter(_ text: String) {
        guard text != filter else { return }
        filter = text
        let total = unfilteredCount
        let sorted = sortedMatches
        let order = keptOrder
        invalidate()
        unfilteredCount = total  // the data did not change, only the filter
        sortedMatches = sorted  // nor the order of the last filter's matches
        keptOrder = order  // nor the whole order
    }

    /// The words the filter applies now: none while it waits for a third letter on a large list.
    private func effectiveWords() throws -> [String] {
        let words = filter.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        filterIsDeferred = false
        guard query.fullText != nil, !words.isEmpty, words.allSatisfy({ $0.count < 3 }) else { return words }
        if unfilteredCount == nil {
            let (whereSQL, args) = conditions(words: [])
            unfilteredCount = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(from(whereSQL: whereSQL, keys: []))\(whereSQL)", arguments: args) ?? 0
            }
        }
        if (unfilteredCount ?? 0) > Self.shortFilterLimit {
            filterIsDeferred = true
            return []
        }
        return words
    }

    public func setSort(column: Int, ascending: Bool) {
        guard column != sortColumn || ascending != self.ascending else { return }
        sortColumn = column
        self.ascending = ascending
        window = nil
        landmark = nil
        if keptOrder?.column != column { keptOrder = nil }  // only the order sorted by is kept
    }

    /// The read of the current sort's whole order, when its column keeps one (`Column.keepsOrder`)
    /// and the list has not been given it (`useOrder`): a key naming the list and the order, and a
    /// read safe to run on another thread. The screen runs it between keys, off the key path.
    public var orderToReadAhead: (key: String, read: @Sendable () throws -> ListOrder?)? {
        guard sortedColumn.keepsOrder, keptOrder?.column != sortColumn else { return nil }
        let keys = sortKeys
        let sql = "SELECT \(query.id) FROM \(from(whereSQL: "", keys: keys)) ORDER BY \(keys.map { "\($0) ASC" }.joined(separator: ", "))"
        let store = self.store
        // Room for every record counted and some added since; more than that, and it is not kept.
        let capacity = (unfilteredCount ?? cachedCount ?? 0) + 4_096
        return ("list order: \(sql)", {
            // The index, start to end, on a connection of its own: the keys typed meanwhile read
            // on the session's reader without waiting for it.
            try store.readAside { db in
                let cursor = try Int64.fetchCursor(db, sql: sql)
                return try ListOrder(capacity: capacity) { try cursor.next() }
            }
        })
    }

    /// The current sort's whole order, read ahead (`orderToReadAhead`) at the data the list shows;
    /// nil: it could not be kept, and is not read again until the data change.
    public func useOrder(_ order: ListOrder?) {
        guard sortedColumn.keepsOrder else { return }
        keptOrder = (sortColumn, order)
    }

    /// Whether the list holds its sort's whole order (for tests).
    public var keepsOrder: Bool { keptOrder?.column == sortColumn && keptOrder?.order != nil }

    /// Forgets cached rows and the count (after a write, or another process's commit).
    public func invalidate() {
        cachedCount = nil
        unfilteredCount = nil
        countIsCapped = false
        keptMatches = nil
        sortedMatches = nil
        keptOrder = nil
        window = nil
        landmark = nil
    }

    /// Above this many rows, a filter of only one- or two-letter words waits for a third letter:
    /// those words cannot use the index, and a scan of a district-sized table is not instant.
    public static let shortFilterLimit = 20_000
    /// Whether the filter is waiting for a third letter (see `shortFilterLimit`).
    public private(set) var filterIsDeferred = false
    private var unfilteredCount: Int?

    /// A filter that must scan (a word too short for the index) counts no further than this; the
    /// list then says "1,000+" and typing more letters narrows it.
    public static let scanCountCap = 1_000
    /// Whether `count()` stopped at `scanCountCap`.
    public private(set) var countIsCapped = false

    public func count() throws -> Int {
        if let cachedCount { return cachedCount }
        activeWords = try effectiveWords()
        let (whereSQL, args) = conditions()
        let scans = conditionsScan
        let indexOnly = countableInIndex
        let match = matchExpression(filterWords.indexed)
        if activeWords.isEmpty, let total = unfilteredCount {
            // No filter, or one waiting for a third letter: the unfiltered list, already counted
            // (Esc after a search: 150,000 employees are not counted again, 8 ms).
            countIsCapped = false
            cachedCount = total
            return total
        }
        var matched: MatchedIDs?
        let n = try store.read { db in
            if indexOnly, let table = query.fullText {
                // The ids themselves, not only their number: when they are many, the pages walk the
                // order and keep these (`keptMatches`) rather than have SQLite find them again. One
                // text of ids, read in C, parsed here: fetching 14,283 ids row by row took 9 ms.
                guard let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), group_concat(rowid) FROM \(table) WHERE \(table) MATCH ?",
                                                 arguments: [match]) else { return 0 }
                let count: Int = row[0]
                if count > 0, let text: String = row[1] { matched = MatchedIDs(commaSeparated: text) }
                return count
            }
            return scans
                ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM \(query.from)\(whereSQL) LIMIT \(Self.scanCountCap + 1))", arguments: args) ?? 0
                : try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(query.from)\(whereSQL)", arguments: args) ?? 0
        }
        queriesRun += 1
        keptMatches = matched.map { ids in
            (match, ids, DatabaseFunction(Self.keptMatchFunction, argumentCount: 1, pure: true) { values in
                Int64.fromDatabaseValue(values[0]).map(ids.contains) ?? false
            })
        }
        if activeWords.isEmpty { unfilteredCount = n }
        countIsCapped = scans && n > Self.scanCountCap
        let shown = countIsCapped ? Self.scanCountCap : n
        cachedCount = shown
        return shown
    }

    /// The records the index matched, when more than `walkOrderAbove` and nothing else filters:
    /// read once by `count()` with the filter, then each page walks the sort's index and keeps
    /// those whose id the function finds in them. Before, SQLite found every match again for each
    /// page (the sessions, "library": 14,283 matches, 5–9 ms a page, again on every letter).
    private var keptMatches: (expression: String, ids: MatchedIDs, function: DatabaseFunction)?
    /// The matches of a filter, all of them in the list's order, when they are few enough to be
    /// looked up and sorted (at most `walkAbove`): read once per filter and sort, then every page
    /// is a slice of them; and a filter typed further ("kow", "kowa") keeps those of them it still
    /// matches, in order, instead of reading and sorting every match's row again (2,110 table
    /// pages for "kowa" by name, 10–15 ms a letter).
    private var sortedMatches: (filter: String, column: Int, ascending: Bool, ids: [Int64])?
    /// The whole order of the column sorted by (`Column.keepsOrder`), given by `useOrder`; nil for
    /// that column: none could be kept (not read again until the data change).
    private var keptOrder: (column: Int, order: ListOrder?)?
    static let keptMatchFunction = "facet_kept_match"
    /// The most index entries a bounded walk reads (`Column.spreadsMatches`) before it gives up.
    static let walkBudgetCap = 40_000
    /// Whether the current filter's matches are kept (for tests).
    var keepsMatches: Bool { keptMatches != nil }

    /// The last page's id query and its arguments, and SQLite's plan for it (for tests).
    private(set) var lastPageSQL: String?
    private var lastPageArguments = StatementArguments()
    func lastPagePlan() throws -> String? {
        guard let sql = lastPageSQL else { return nil }
        let function = keptMatches?.function
        return try store.read { db in
            if let function { db.add(function: function) }
            defer { if let function { db.remove(function: function) } }
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: lastPageArguments).map { $0["detail"] as String }.joined(separator: "; ")
        }
    }

    /// The count is known from a figure kept elsewhere (the partnerships metric: active less aligned
    /// is the "not aligned" list's count), so it is not counted again; a change of the data forgets it.
    public func assumeCount(_ total: Int) {
        guard filter.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        cachedCount = total
        unfilteredCount = total
        countIsCapped = false
        activeWords = []
        filterIsDeferred = false
    }

    /// Whether the filter has a word the index cannot take (so matching it means a scan).
    private var conditionsScan: Bool {
        query.fullText == nil ? false : activeWords.contains { $0.count < 3 }
    }

    /// The rows at positions `range` in the current order.
    public func rows(in range: Range<Int>) throws -> [ListRow] {
        let total = try count()
        let wanted = range.clamped(to: 0..<total)
        guard !wanted.isEmpty else { return [] }
        if let w = window, wanted.lowerBound >= w.start, wanted.upperBound <= w.start + w.rows.count {
            return Array(w.rows[(wanted.lowerBound - w.start)..<(wanted.upperBound - w.start)])
        }
        let pad = window == nil ? firstPadding ?? padding : padding
        let fetchRange = max(0, wanted.lowerBound - pad)..<min(total, wanted.upperBound + pad)
        let fetched = try fetch(fetchRange, total: total)
        window = (fetchRange.lowerBound, fetched.rows, fetched.keys)
        let lo = wanted.lowerBound - fetchRange.lowerBound
        let hi = min(fetched.rows.count, wanted.upperBound - fetchRange.lowerBound)
        return lo < hi ? Array(fetched.rows[lo..<hi]) : []
    }

    /// Makes sure the rows some moves past either edge of `visible` are at hand, so that the next
    /// moves by one row need no query. Called between keys; a move never waits for it.
    public func keepAhead(of visible: Range<Int>) throws {
        guard let w = window, let total = cachedCount, !visible.isEmpty else { return }
        let margin = padding / 2
        let wanted = max(0, visible.lowerBound - margin)..<min(total, visible.upperBound + margin)
        guard wanted.lowerBound < w.start || wanted.upperBound > w.start + w.rows.count else { return }
        let fetchRange = max(0, visible.lowerBound - padding)..<min(total, visible.upperBound + padding)
        let fetched = try fetch(fetchRange, total: total)
        window = (fetchRange.lowerBound, fetched.rows, fetched.keys)
    }

    /// Position of a record in the current order, or nil when the filter hides it or it is gone.
    public func position(of id: Int64) throws -> Int? {
        if let w = window, let i = w.rows.firstIndex(where: { $0.id == id }) { return w.start + i }
        let total = try count()  // also settles which filter words apply
        let exactTotal = !countIsCapped && !filterIsDeferred
        let keys = sortKeys
        let (whereSQL, args) = conditions()
        let from = from(whereSQL: whereSQL, keys: keys)
        return try store.read { db -> Int? in
            let keySQL = keys.joined(separator: ", ")
            guard let row = try Row.fetchOne(db, sql: "SELECT \(keySQL) FROM \(from)\(whereSQL.isEmpty ? " WHERE " : whereSQL + " AND ")\(query.id) = ?",
                                             arguments: args + [id]) else { return nil }
            let values = Array(row.databaseValues)
            let placeholders = "(\(values.map { _ in "?" }.joined(separator: ", ")))"
            var all = args
            for v in values { all += [v] }
            func counting(_ op: String, limit: Int?) throws -> Int {
                let rows = "SELECT 1 FROM \(from)\(whereSQL.isEmpty ? " WHERE " : whereSQL + " AND ")(\(keySQL)) \(op) \(placeholders)"
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(rows)\(limit.map { " LIMIT \($0)" } ?? ""))", arguments: all) ?? 0
            }
            // Count the nearer side: the rows after it (at most half the list), else those before.
            // The sessions open at today, near the end: 4,000 rows counted instead of 46,000.
            var position: Int
            let half = total / 2 + 1
            if exactTotal, total > 100, case let after = try counting(ascending ? ">" : "<", limit: half), after < half {
                position = total - 1 - after
            } else {
                position = try counting(ascending ? "<" : ">", limit: nil)
            }
            position = max(0, position)
            landmark = (position, values)
            return position
        }
    }

    // MARK: SQL

    /// The list's FROM (with the joins the sort `keys` need), or its base table alone when nothing
    /// filters and every key is the base's.
    private func from(whereSQL: String, keys: [String]) -> String {
        guard let base = query.base, whereSQL.isEmpty,
              keys.allSatisfy({ $0.hasPrefix(base.alias + ".") && !$0.contains(" ") }) else {
            return keys.isEmpty ? query.from : query.from + sortedColumn.sortJoin
        }
        return base.from
    }

    private var sortedColumn: ListQuery.Column {
        query.columns.indices.contains(sortColumn) ? query.columns[sortColumn] : query.columns[0]
    }

    private var sortKeys: [String] {
        sortedColumn.sortKeys + [query.id]  // an unsorted column (no keys) falls back to the id
    }

    /// The words applied (set by `count()`), and those the trigram index takes (three letters or more).
    private var activeWords: [String] = []
    private var filterWords: (all: [String], indexed: [String]) {
        (activeWords, query.fullText == nil ? [] : activeWords.filter { $0.count >= 3 })
    }

    /// The MATCH expression for the indexed words: each a quoted substring, all required.
    private func matchExpression(_ words: [String]) -> String {
        words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }

    /// When the filter is nothing but indexed words, the index alone can count the rows (one index
    /// row per record), without visiting the records.
    private var countableInIndex: Bool {
        let words = filterWords
        return query.fullText != nil && !words.all.isEmpty && words.indexed.count == words.all.count
            && query.condition == nil && extraCondition == nil
    }

    /// Matches above this many are fetched by walking the list's sort order and keeping matches
    /// (few rows to walk when matches are dense); fewer are looked up and sorted. Not lower: matches
    /// that cluster in the order walk far (the roster by name, "kow": 2,110 matches, all under K —
    /// 23 ms walked, 7 ms looked up and sorted; 8,566 matches are looked up and sorted in 15 ms).
    static let walkOrderAbove = 8_000
    /// `walkOrderAbove` for this list (tests lower it to take the walking paths on a small district).
    var walkAbove = PagedList.walkOrderAbove
    /// Matches above this many, in an order that spreads them (`Column.spreadsMatches`), are first
    /// looked for by a bounded walk of the order; fewer are looked up and sorted (a few hundred
    /// rows read is quick). Tests lower it, as `walkAbove`.
    static let walkSpreadOrderAbove = 1_000
    var walkSpreadAbove = PagedList.walkSpreadOrderAbove
    /// The fewest index entries a bounded walk may read (tests lower it to see it give up).
    var walkBudgetFloor = 2_000

    /// `walkOrder` writes the index lookup so SQLite cannot drive the query from it (`+id`), and so
    /// follows the ORDER BY's index instead.
    private func conditions(walkOrder: Bool = false, keptMatches: Bool = false) -> (String, StatementArguments) {
        conditions(words: activeWords, walkOrder: walkOrder, keptMatches: keptMatches)
    }

    private func conditions(words wordsApplied: [String], walkOrder: Bool = false, keptMatches: Bool = false) -> (String, StatementArguments) {
        var parts: [String] = []
        var args = StatementArguments()
        if let c = query.condition { parts.append("(\(c))") }
        if let extra = extraCondition {
            parts.append("(\(extra.sql))")
            for v in extra.arguments { args += [v] }
        }
        if !wordsApplied.isEmpty {
            // Every word must match some searchable column: "vang elem" finds Vang at an elementary.
            // Words of three letters or more go to the trigram index when the list has one.
            let words = wordsApplied
            let indexed = query.fullText == nil ? [] : words.filter { $0.count >= 3 }
            if keptMatches, !indexed.isEmpty {
                parts.append("\(Self.keptMatchFunction)(\(query.id))")
            } else if let table = query.fullText, !indexed.isEmpty {
                parts.append("\(walkOrder ? "+" : "")\(query.id) IN (SELECT rowid FROM \(table) WHERE \(table) MATCH ?)")
                args += [matchExpression(indexed)]
            }
            for word in words where !indexed.contains(word) {
                let pattern = "%" + String(word).replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                parts.append("(" + query.searchable.map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
                for _ in query.searchable { args += [pattern] }
            }
        }
        return (parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND "), args)
    }

    private func fetch(_ range: Range<Int>, total: Int, boundedWalk allowBounded: Bool = true) throws -> (rows: [ListRow], keys: [[DatabaseValue]]) {
        let keys = sortKeys
        // Walk the sort's order, keeping matches, when matches are dense: many found by the index,
        // or a scanned word whose count reached the cap (at least 1,001 rows match it).
        let walk = total > walkAbove || (conditionsScan && countIsCapped)
        let keptSet = countableInIndex ? keptMatches.flatMap { $0.expression == matchExpression(filterWords.indexed) ? $0 : nil } : nil
        let keptFunction = keptSet?.function
        // Fewer matches, in an order they are spread over: walk the order's index a bounded way,
        // keeping matches; when the budget runs out before the page is full (the matches were
        // bunched after all), look them up and sort them as before.
        let bounded = allowBounded && !walk && keptFunction != nil && sortedColumn.spreadsMatches && total > walkSpreadAbove
        let kept = walk || bounded ? keptFunction : nil
        let (whereSQL, baseArgs) = conditions(walkOrder: walk, keptMatches: kept != nil)
        // Two steps: the page's ids in order (only the id and the sort keys, so SQLite walks the
        // sort's index and stops at the LIMIT), then the shown columns of those rows alone. In one
        // query the per-row subqueries (seat counts, school lists) weigh on SQLite's plan, which then
        // worked out every row and sorted them all (345 ms for the last page of 50,000 sessions).
        let walkFrom = walk ? sortedColumn.walkFrom.map { $0 + sortedColumn.sortJoin } : nil
        let select = "SELECT \(query.id) FROM \(walkFrom ?? from(whereSQL: whereSQL, keys: keys))"
        let forward = keys.map { "\($0) \(ascending ? "ASC" : "DESC")" }.joined(separator: ", ")
        let backward = keys.map { "\($0) \(ascending ? "DESC" : "ASC")" }.joined(separator: ", ")
        let keyList = "(\(keys.joined(separator: ", ")))"
        let placeholders = "(\(keys.map { _ in "?" }.joined(separator: ", ")))"
        func and(_ cond: String) -> String { whereSQL.isEmpty ? " WHERE \(cond)" : whereSQL + " AND \(cond)" }

        var sql: String
        var args = baseArgs
        var reversed = false
        let limit = range.count
        if !walk, !bounded, let matched = keptSet?.ids, total <= walkAbove {
            // Few matches: every one of them in order, kept (`sortedMatches`); the page is a slice.
            let ids = try sortedMatchIDs(matched: matched, total: total, whereSQL: whereSQL, arguments: baseArgs, keys: keys)
            let page = ids[max(0, min(ids.count, range.lowerBound))..<min(ids.count, range.upperBound)]
            return try shownRows(page.isEmpty ? "NULL" : page.map(String.init).joined(separator: ", "), arguments: [], kept: nil, order: forward, reversed: false)
        }
        // The bounded walk's page: a keyset condition (or none), the order, the matches skipped.
        var walked: (anchor: String?, order: String, offset: Int)?
        if let w = window, let anchor = anchorKey(before: range.lowerBound, in: w) {
            let after = "\(keyList) \(ascending ? ">" : "<") \(placeholders)"
            sql = select + and(after) + " ORDER BY \(forward) LIMIT \(limit)"
            for v in anchor { args += [v] }
            walked = (after, forward, 0)
        } else if let w = window, let anchor = anchorKey(after: range.upperBound, in: w) {
            let before = "\(keyList) \(ascending ? "<" : ">") \(placeholders)"
            sql = select + and(before) + " ORDER BY \(backward) LIMIT \(limit)"
            for v in anchor { args += [v] }
            reversed = true
            walked = (before, backward, 0)
        } else if let l = landmark, range.contains(l.position) {
            // Around a record just found: the rows before it walking back, and it and those after.
            let before = range.lowerBound < l.position
                ? "SELECT * FROM (" + select + and("\(keyList) \(ascending ? "<" : ">") \(placeholders)")
                    + " ORDER BY \(backward) LIMIT \(l.position - range.lowerBound)) UNION ALL "
                : ""
            args = StatementArguments()
            if !before.isEmpty {
                args += baseArgs
                for v in l.keys { args += [v] }
            }
            args += baseArgs
            sql = before + "SELECT * FROM (" + select + and("\(keyList) \(ascending ? ">=" : "<=") \(placeholders)")
                + " ORDER BY \(forward) LIMIT \(range.upperBound - l.position))"
            for v in l.keys { args += [v] }
        } else if range.lowerBound <= total - range.upperBound {
            sql = select + whereSQL + " ORDER BY \(forward) LIMIT \(limit) OFFSET \(range.lowerBound)"
            walked = (nil, forward, range.lowerBound)
        } else {
            sql = select + whereSQL + " ORDER BY \(backward) LIMIT \(limit) OFFSET \(total - range.upperBound)"
            reversed = true
            walked = (nil, backward, total - range.upperBound)
        }
        if bounded, let page = walked {
            let (anchor, order, offset) = page
            // Each match is one row in `ratio` of the order: walk four times what a page of
            // evenly spread matches needs, and no further.
            let ratio = Double(unfilteredCount ?? total * 50) / Double(max(1, total))
            let budget = min(Self.walkBudgetCap, max(walkBudgetFloor, Int(4 * ratio * Double(offset + limit))))
            let inner = "SELECT \(query.id) AS walked FROM \(from(whereSQL: "", keys: keys))" + (anchor.map { " WHERE \($0)" } ?? "")
                + " ORDER BY \(order) LIMIT \(budget)"
            sql = "SELECT walked FROM (\(inner)) WHERE \(Self.keptMatchFunction)(walked) LIMIT \(limit) OFFSET \(offset)"
        } else if bounded {
            return try fetch(range, total: total, boundedWalk: false)
        }
        lastPageSQL = sql
        lastPageArguments = args
        let result = try shownRows(sql, arguments: args, kept: kept, order: reversed ? backward : forward, reversed: reversed)
        if bounded && result.rows.count < limit {
            // The budget ran out before the page was full: the matches are bunched in this order.
            return try fetch(range, total: total, boundedWalk: false)
        }
        return result
    }

    /// The shown columns and sort keys of the rows whose ids `idSQL` gives (a query, or a list of
    /// ids), in `order`.
    private func shownRows(_ idSQL: String, arguments args: StatementArguments, kept: DatabaseFunction?, order: String,
                           reversed: Bool) throws -> (rows: [ListRow], keys: [[DatabaseValue]]) {
        let keys = sortKeys
        let displays = query.columns.map(\.display) + [query.flag ?? "NULL"]
        let shown = "SELECT \(query.id), \(displays.joined(separator: ", ")), \(keys.joined(separator: ", ")) FROM \(query.from)\(sortedColumn.sortJoin)"
        var sql = idSQL
        let columnCount = query.columns.count
        sql = shown + " WHERE \(query.id) IN (\(sql)) ORDER BY \(order)"
        let fetched = try store.read { db -> [Row] in
            guard let kept else { return try Row.fetchAll(db, sql: sql, arguments: args) }
            db.add(function: kept)
            defer { db.remove(function: kept) }
            return try Row.fetchAll(db, sql: sql, arguments: args)
        }
        queriesRun += 1
        var rows: [ListRow] = []
        var rowKeys: [[DatabaseValue]] = []
        rows.reserveCapacity(fetched.count)
        for row in fetched {
            let values = Array(row.databaseValues)
            let id: Int64 = row[0]
            let cells = (1...columnCount).map { Self.text(values[$0]) }
            let flagValue = values[columnCount + 1]
            rows.append(ListRow(id: id, cells: cells, flag: flagValue.isNull ? nil : Self.text(flagValue)))
            rowKeys.append(Array(values[(columnCount + 2)...]))
        }
        if reversed { rows.reverse(); rowKeys.reverse() }
        return (rows, rowKeys)
    }

    /// Every match of the filter in the list's order (see `sortedMatches`).
    private func sortedMatchIDs(matched: MatchedIDs, total: Int, whereSQL: String, arguments: StatementArguments,
                                keys: [String]) throws -> [Int64] {
        if let s = sortedMatches, s.column == sortColumn, s.ascending == ascending {
            if s.filter == filter, s.ids.count == total { return s.ids }
            // Typed further: the words are the last filter's, longer or more, so its matches hold these.
            if filter.hasPrefix(s.filter), case let ids = s.ids.filter(matched.contains), ids.count == total {
                sortedMatches = (filter, sortColumn, ascending, ids)
                return ids
            }
        }
        if let kept = keptOrder, kept.column == sortColumn, let order = kept.order {
            // The whole order is at hand: the matches in it, without reading their rows.
            var ids: [Int64] = []
            ids.reserveCapacity(total)
            order.forEach { if matched.contains($0) { ids.append($0) } }
            if !ascending { ids.reverse() }
            if ids.count == total {
                sortedMatches = (filter, sortColumn, ascending, ids)
                return ids
            }
            keptOrder = (sortColumn, nil)  // not the data the matches are of: let go, read as below
        }
        let forward = keys.map { "\($0) \(ascending ? "ASC" : "DESC")" }.joined(separator: ", ")
        let sql = "SELECT \(query.id) FROM \(from(whereSQL: whereSQL, keys: keys))\(whereSQL) ORDER BY \(forward)"
        lastPageSQL = sql
        lastPageArguments = arguments
        let ids = try store.read { try Int64.fetchAll($0, sql: sql, arguments: arguments) }
        queriesRun += 1
        sortedMatches = (filter, sortColumn, ascending, ids)
        return ids
    }

    /// SQLite's plan for the first page in the current order and filter (tests check that every
    /// offered sort reads an index in order instead of sorting the table).
    func queryPlan() throws -> String {
        let keys = sortKeys
        let (whereSQL, args) = conditions()
        let forward = keys.map { "\($0) \(ascending ? "ASC" : "DESC")" }.joined(separator: ", ")
        let sql = "SELECT \(query.id) FROM \(from(whereSQL: whereSQL, keys: keys))\(whereSQL) ORDER BY \(forward) LIMIT 50"
        return try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: args).map { $0["detail"] as String }.joined(separator: "; ")
        }
    }

    private func anchorKey(before index: Int, in w: (start: Int, rows: [ListRow], keys: [[DatabaseValue]])) -> [DatabaseValue]? {
        let i = index - 1 - w.start
        return w.keys.indices.contains(i) ? w.keys[i] : nil
    }

    private func anchorKey(after index: Int, in w: (start: Int, rows: [ListRow], keys: [[DatabaseValue]])) -> [DatabaseValue]? {
        let i = index - w.start
        return w.keys.indices.contains(i) ? w.keys[i] : nil
    }

    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .blob(let b): return "<\(b.count) bytes>"
        }
    }
}

/// Record ids, for membership tests while a page walks its order: a bit per id up to the largest
/// (150,000 employees: 19 KB), or a set when the ids are too far apart for that.
struct MatchedIDs: Sendable {
    private var bits: [UInt64] = []
    private var set: Set<Int64>?

    /// From "12,40,7" (SQLite's group_concat of rowids).
    init(commaSeparated text: String) {
        var ids: [Int64] = []
        var value: Int64 = 0, inNumber = false
        for byte in text.utf8 {
            if byte >= 48 && byte <= 57 {
                value = value &* 10 &+ Int64(byte - 48)
                inNumber = true
            } else {
                if inNumber { ids.append(value) }
                value = 0
                inNumber = false
            }
        }
        if inNumber { ids.append(value) }
        let largest = ids.max() ?? 0
        guard ids.allSatisfy({ $0 >= 0 }), largest < 1 << 23 else {  // a bit each up to 8 M ids: 1 MB at most
            set = Set(ids)
            return
        }
        bits = Array(repeating: 0, count: Int(largest / 64) + 1)
        for id in ids { bits[Int(id / 64)] |= 1 << UInt64(id % 64) }
    }

    func contains(_ id: Int64) -> Bool {
        if let set { return set.contains(id) }
        guard id >= 0, Int(id / 64) < bits.count else { return false }
        return bits[Int(id / 64)] & (1 << UInt64(id % 64)) != 0
    }
}
