import FacetModel
import GRDB

// Employees from HR: `facet import employees FILE.csv [--dry-run] [--deactivate-missing]` and `I` in
// the PD Rosters pane. Upserts by employee number, all or nothing, every problem with line and column.

/// What an employee import did, or would do.
public struct EmployeeImportReport: Sendable, Equatable {
    public var dryRun: Bool
    public var rows = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    /// Employees absent from the file marked inactive (with `--deactivate-missing`).
    public var deactivated = 0
    public var problems: [ImportProblem] = []

    public init(dryRun: Bool) { self.dryRun = dryRun }

    public var summary: String {
        func n(_ count: Int, _ noun: String) -> String { "\(count.grouped) \(noun)\(count == 1 ? "" : "s")" }
        let counts = "\(n(created, "employee")) created, \(updated.grouped) updated, \(unchanged.grouped) unchanged, \(deactivated.grouped) marked inactive"
        if dryRun {
            let verdict = problems.isEmpty ? "no problems" : n(problems.count, "problem") + "; nothing can be imported until they are fixed"
            return "Dry run, nothing written: \(n(rows, "row")) checked, \(verdict). \(problems.isEmpty ? "It would give" : "The rows without problems would give"): \(counts)."
        }
        return "Imported \(n(rows, "row")): \(counts)."
    }
}

public enum EmployeeCSV {
    /// The columns, with the other names HR systems give them.
    public static let columns = ["number", "first_name", "last_name", "name", "email", "site_code", "role", "hire_date", "active"]
    static let aliases: [String: String] = [
        "employee_number": "number", "employee_id": "number", "emp_no": "number", "employee": "number", "id": "number",
        "first": "first_name", "given_name": "first_name", "last": "last_name", "surname": "last_name", "family_name": "last_name",
        "full_name": "name", "e_mail": "email", "email_address": "email",
        "site": "site_code", "school": "site_code", "school_code": "site_code", "location": "site_code", "site_id": "site_code",
        "job_role": "role", "position": "role", "hired": "hire_date", "start_date": "hire_date", "status": "active",
    ]

    /// A date as HR files write it: YYYY-MM-DD, or M/D/YYYY and D/M/YYYY when only one reading is possible.
    static func day(_ text: String) -> (Day?, String?) {
        if let d = Day(text) { return (d, nil) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[0].utf8.count <= 2, parts[1].utf8.count <= 2, parts[2].utf8.count == 4,
           let a = Validation.wholeNumber(parts[0]), let b = Validation.wholeNumber(parts[1]), let y = Validation.wholeNumber(parts[2]) {
            let monthFirst = Day(year: y, month: a, day: b), dayFirst = Day(year: y, month: b, day: a)
            switch (monthFirst, dayFirst) {
            case (let m?, let d?) where m != d:
                return (nil, "\"\(text)\" is ambiguous: \(m) or \(d)? Write dates as YYYY-MM-DD")
            case (let m?, _): return (m, nil)
            case (nil, let d?): return (d, nil)
            default: return (nil, "\"\(text)\" is not a real day")
            }
        }
        if parts.count == 3 || text.split(separator: "-").count == 3 {
            let pieces = text.split(separator: "-")
            if pieces.count == 3, let y = Validation.wholeNumber(pieces[0]), let m = Validation.wholeNumber(pieces[1]), (1...12).contains(m),
               pieces[0].utf8.count == 4, Validation.wholeNumber(pieces[2]) != nil {
                return (nil, "\"\(text)\" is not a real day: \(m)/\(y) has \(Day.daysIn(month: m, year: y)) days")
            }
        }
        return (nil, "\"\(text)\" is not a date: use YYYY-MM-DD, e.g. 2026-08-24")
    }

    /// `text.lowercased()`, without Unicode's tables when the text is ASCII (employee numbers are).
    static func folded(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased() }
        guard text.utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return text }
        return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    static func role(_ text: String) -> EmployeeRole? {
        if let r = EmployeeRole.from(label: text) { return r }
        let folded = text.lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return EmployeeRole.allCases.first { $0.label.lowercased() == folded || $0.rawValue.replacingOccurrences(of: "-", with: " ") == folded }
    }

    static func active(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "yes", "y", "true", "1", "active", "a": return true
        case "no", "n", "false", "0", "inactive", "i", "terminated", "leave": return false
        default: return nil
        }
    }
}

struct EmployeeImportPlan {
    /// The columns an import compares and writes, in this order in `Existing.values` and `Row.values`.
    static let compared = ["first_name", "last_name", "email", "school_id", "role", "hire_date", "active"]
    struct Existing { var id: Int64; var version: Int; var values: [StoredValue]; var active: Bool }
    /// One new employee, its values in `compared` order (nil: the file has no such column).
    struct NewEmployee { var number: String; var values: [StoredValue?] }
    var report: EmployeeImportReport
    var inserts: [NewEmployee] = []
    /// A changed employee: the columns that change, before and after (its audit row), and the
    /// whole row after, in `compared` order (what the set-wise update writes).
    struct Change { var id: Int64; var version: Int; var before: [String: StoredValue]; var after: [String: StoredValue]; var values: [StoredValue] }
    var updates: [Change] = []
    var deactivations: [Change] = []

    init(text: String, db: Database, dryRun: Bool, deactivateMissing: Bool) throws {
        report = EmployeeImportReport(dryRun: dryRun)
        var problems: [ImportProblem] = []
        let records: [CSVRecord]
        do { records = try CSV.parse(text) } catch let error as CSVError {
            report.problems = [ImportProblem(line: error.line, column: nil, message: error.message)]
            return
        }
        guard let header = records.first else {
            report.problems = [ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns, e.g. number,first_name,last_name,email,site_code,role,hire_date,active")]
            return
        }
        var names: [String?] = []
        var seenColumns = Set<String>()
        for raw in header.fields {
            let n = PartnershipCSV.normalizedHeader(raw)
            let name = EmployeeCSV.aliases[n] ?? n
            if n.isEmpty { names.append(nil); continue }
            guard EmployeeCSV.columns.contains(name) else {
                problems.append(ImportProblem(line: header.line, column: nil, message: "unknown column \"\(raw)\"; the columns are \(EmployeeCSV.columns.joined(separator: ", "))"))
                names.append(nil)
                continue
            }
            if !seenColumns.insert(name).inserted {
                problems.append(ImportProblem(line: header.line, column: name, message: "this column appears twice in the header"))
                names.append(nil)
            } else {
                names.append(name)
            }
        }
        if !seenColumns.contains("number") {
            problems.append(ImportProblem(line: header.line, column: nil, message: "the header has no employee number column (number); it is required"))
        }
        if !seenColumns.contains("name") && !(seenColumns.contains("first_name") && seenColumns.contains("last_name")) {
            problems.append(ImportProblem(line: header.line, column: nil, message: "the header needs first_name and last_name, or name"))
        }
        if !seenColumns.contains("role") {
            problems.append(ImportProblem(line: header.line, column: nil, message: "the header has no role column; it is required"))
        }
        guard problems.isEmpty else { report.problems = problems; return }

        var schools: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, code FROM schools") { schools[(row[1] as String).lowercased()] = row[0] }
        // The whole staff, read by column position into arrays: 150,000 rows, so no dictionary per row.
        var existing: [String: Existing] = [:]
        existing.reserveCapacity(try Int.fetchOne(db, sql: "SELECT MAX(id) FROM employees") ?? 0)
        let staff = try Row.fetchCursor(db, sql: "SELECT id, version, number, first_name, last_name, email, school_id, role, hire_date, active FROM employees")
        while let row = try staff.next() {
            let values = (3...9).map { StoredValue(row[$0] as DatabaseValue) }
            existing[row[2]] = Existing(id: row[0], version: row[1], values: values, active: row[9])
        }

        // Where each column is in a record, and what each distinct school code, role and active
        // text means (a file repeats a few hundred of them 150,000 times).
        func position(_ name: String) -> Int? { names.firstIndex(of: name) }
        let at = (number: position("number"), first: position("first_name"), last: position("last_name"), name: position("name"),
                  email: position("email"), site: position("site_code"), role: position("role"), hired: position("hire_date"),
                  active: position("active"))
        var siteMeaning: [String: StoredValue?] = [:]
        var roleMeaning: [String: EmployeeRole?] = [:]
        var activeMeaning: [String: Bool?] = [:]

        var lineOf: [String: Int] = [:]
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ PartnershipCSV.trimmed($0).isEmpty }) { continue }
            report.rows += 1
            var rowProblems: [ImportProblem] = []
            func problem(_ column: String?, _ message: String) { rowProblems.append(ImportProblem(line: record.line, column: column, message: message)) }
            if record.fields.count != names.count {
                problem(nil, "has \(record.fields.count) fields but the header has \(names.count); check for a missing comma or an unclosed quote")
            }
            /// The cell in column `i`, trimmed; nil when the header has no such column or the row is short.
            func cell(_ i: Int?) -> String? {
                guard let i, i < record.fields.count else { return nil }
                return PartnershipCSV.trimmed(record.fields[i])
            }

            let number = cell(at.number) ?? ""
            let numberKey = EmployeeCSV.folded(number)
            if number.isEmpty {
                problem("number", "the employee number is required")
            } else if let earlier = lineOf[numberKey] {
                problem("number", "employee \(number) is already on line \(earlier); give each employee one row")
            } else {
                lineOf[numberKey] = record.line
            }
            // In `compared` order; nil where the file does not say.
            var values = [StoredValue?](repeating: nil, count: 7)
            var first = cell(at.first) ?? "", last = cell(at.last) ?? ""
            if let full = cell(at.name), first.isEmpty, last.isEmpty {
                if let comma = full.firstIndex(of: ",") {
                    last = String(full[..<comma]).trimmingCharacters(in: .whitespaces)
                    first = String(full[full.index(after: comma)...]).trimmingCharacters(in: .whitespaces)
                } else if let space = full.lastIndex(of: " ") {
                    first = String(full[..<space]).trimmingCharacters(in: .whitespaces)
                    last = String(full[full.index(after: space)...])
                } else {
                    last = full
                }
            }
            if first.isEmpty { problem(seenColumns.contains("first_name") ? "first_name" : "name", "the first name is required") }
            if last.isEmpty { problem(seenColumns.contains("last_name") ? "last_name" : "name", "the last name is required") }
            values[0] = .text(first)
            values[1] = .text(last)
            if let email = cell(at.email) {
                if !email.isEmpty, let message = Validation.email(email) { problem("email", "\"\(email)\" is \(message)") }
                values[2] = .text(email)
            }
            if let code = cell(at.site) {
                let meaning: StoredValue?
                if let known = siteMeaning[code] {
                    meaning = known
                } else {
                    let folded = code.lowercased()
                    if code.isEmpty || folded == "district" || folded == "district office" {
                        meaning = .null
                    } else {
                        meaning = schools[folded].map { .integer($0) }
                    }
                    siteMeaning[code] = meaning
                }
                if let meaning { values[3] = meaning } else { problem("site_code", "no school or site with code \(code)") }
            }
            if let text = cell(at.role) {
                let role: EmployeeRole?
                if let known = roleMeaning[text] { role = known } else { role = EmployeeCSV.role(text); roleMeaning[text] = role }
                if let role {
                    values[4] = .text(role.rawValue)
                } else {
                    problem("role", "\"\(text)\" is not a role: use \(EmployeeRole.allCases.map(\.label).joined(separator: ", "))")
                }
            }
            if let text = cell(at.hired) {
                if text.isEmpty {
                    values[5] = .null
                } else {
                    let (d, message) = EmployeeCSV.day(text)
                    if let d { values[5] = .text(d.description) } else { problem("hire_date", message ?? "not a date") }
                }
            }
            if let text = cell(at.active) {
                let active: Bool?
                if let known = activeMeaning[text] { active = known } else { active = EmployeeCSV.active(text); activeMeaning[text] = active }
                if let active { values[6] = .integer(active ? 1 : 0) } else {
                    problem("active", "\"\(text)\" is not yes or no")
                }
            }
            problems += rowProblems
            guard rowProblems.isEmpty else { continue }
            if let current = existing[number] {
                var before: [String: StoredValue] = [:], after: [String: StoredValue] = [:]
                var row = current.values
                for (i, value) in values.enumerated() {
                    guard let value, value != current.values[i] else { continue }
                    before[Self.compared[i]] = current.values[i]
                    after[Self.compared[i]] = value
                    row[i] = value
                }
                if after.isEmpty { report.unchanged += 1 } else {
                    report.updated += 1
                    updates.append(Change(id: current.id, version: current.version, before: before, after: after, values: row))
                }
            } else {
                report.created += 1
                inserts.append(NewEmployee(number: number, values: values))
            }
        }
        if deactivateMissing && problems.isEmpty {
            let activeAt = Self.compared.firstIndex(of: "active")!
            for (number, e) in existing where e.active && lineOf[EmployeeCSV.folded(number)] == nil {
                var row = e.values
                row[activeAt] = .integer(0)
                deactivations.append(Change(id: e.id, version: e.version, before: ["active": e.values[activeAt]],
                                            after: ["active": .integer(0)], values: row))
            }
            deactivations.sort { $0.id < $1.id }
            report.deactivated = deactivations.count
        }
        problems.sort { ($0.line, $0.column ?? "") < ($1.line, $1.column ?? "") }
        report.problems = problems
    }
}

extension FacetStore {
    /// Every employee, by number, in the columns `facet import employees` reads (CRLF line ends):
    /// the round trip of an HR file.
    public func exportEmployeesCSV() throws -> String {
        try read { db in
            var out = CSV.line(["number", "first_name", "last_name", "email", "site_code", "role", "hire_date", "active"])
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.number, e.first_name, e.last_name, e.email, COALESCE(s.code, ''), e.role, COALESCE(e.hire_date, ''), e.active
                FROM employees e LEFT JOIN schools s ON s.id = e.school_id ORDER BY e.number
                """)
            while let row = try rows.next() {
                out += CSV.line([row[0], row[1], row[2], row[3], row[4], row[5], row[6], (row[7] as Bool) ? "yes" : "no"])
            }
            return out
        }
    }

    /// Upserts employees by number from an HR file. A dry run checks everything and says what would
    /// change. Otherwise all or nothing: any problem throws `StoreError.invalid` listing them all.
    /// New employees are written in bulk under one audit row; changed ones in one version-checked
    /// statement, each with its own audit row. `deactivateMissing` marks active employees absent from the file inactive
    /// (never deleting them or their history). Only an admin may import.
    public func importEmployees(csv text: String, dryRun: Bool, deactivateMissing: Bool = false) throws -> EmployeeImportReport {
        if let reason = denial(.create, .employees, districtWide: true) {
            throw StoreError.forbidden("Importing employees from HR changes the whole district. \(reason)")
        }
        if dryRun {
            return try read { db in try EmployeeImportPlan(text: text, db: db, dryRun: true, deactivateMissing: deactivateMissing).report }
        }
        return try write { w in
            let plan = try EmployeeImportPlan(text: text, db: w.db, dryRun: false, deactivateMissing: deactivateMissing)
            guard plan.report.problems.isEmpty else { throw StoreError.invalid(PartnershipCSV.message(for: plan.report.problems)) }
            try w.authorize(.create, table: "employees", scope: .district)
            // A page cache big enough for the employees' indexes and the search index for this
            // import only: with the default 8 MB, 150,000 new rows spilled half-built index pages
            // to the WAL and read them back.
            let cacheSize = try Int.fetchOne(w.db, sql: "PRAGMA cache_size") ?? -2_000
            if plan.inserts.count + plan.updates.count + plan.deactivations.count > 1_000 {
                try w.db.execute(sql: "PRAGMA cache_size = -262144")
            }
            defer { try? w.db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            if !plan.inserts.isEmpty {
                // New employees in bulk: into a temporary table first, then into `employees` in one
                // statement. Row by row, each insert saved every page it touched to a statement
                // journal (5 GB of writes for 150,000 rows); one statement saves each page once.
                // The insert triggers stand aside meanwhile (search index, school and compliance
                // counts, one row at a time) and what they would write is written once, set-wise,
                // for the new ids, in this same transaction (ImportSpeedSchema).
                try w.db.execute(sql: """
                    CREATE TEMP TABLE employee_import (number TEXT, first_name TEXT, last_name TEXT, email TEXT,
                                                       school_id INTEGER, role TEXT, hire_date TEXT, active INTEGER)
                    """)
                defer { try? w.db.execute(sql: "DROP TABLE temp.employee_import") }
                let stage = try w.db.makeStatement(sql: "INSERT INTO temp.employee_import VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                for e in plan.inserts {
                    let v = e.values
                    stage.setUncheckedArguments([e.number, v[0]!, v[1]!, v[2] ?? .text(""), v[3] ?? .null, v[4]!, v[5] ?? .null, v[6] ?? .integer(1)])
                    try stage.execute()
                }
                let lastBefore = try Int64.fetchOne(w.db, sql: "SELECT MAX(id) FROM employees") ?? 0
                try ImportSpeedSchema.beginBulkInsert(w.db)
                try w.db.execute(sql: """
                    INSERT INTO employees (number, first_name, last_name, email, school_id, role, hire_date, active, version, updated_at, updated_by)
                    SELECT number, first_name, last_name, email, school_id, role, hire_date, active, 1, ?, ? FROM temp.employee_import ORDER BY rowid
                    """, arguments: [w.at, w.login])
                // New ids follow the largest, which the set-wise fill relies on (SQLite picks
                // others only once an id has reached 2^63 - 1).
                guard try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM employees WHERE id > ?", arguments: [lastBefore]) == plan.inserts.count else {
                    throw StoreError.invalid("The employees' ids have run out; nothing was imported.")
                }
                try ImportSpeedSchema.endBulkInsert(w.db, afterID: lastBefore)
            }
            // Changed and missing employees set-wise too: one UPDATE, the kept tables adjusted
            // once for all of them, and an audit row each (row by row: 0.75 ms an employee).
            try ImportSpeedSchema.bulkUpdate(w, plan.updates + plan.deactivations)
            if !plan.inserts.isEmpty || !plan.updates.isEmpty || !plan.deactivations.isEmpty {
                try w.recordBulk(entity: "employees", summary: [
                    "created": plan.report.created, "updated": plan.report.updated, "deactivated": plan.report.deactivated,
                ])
            }
            return plan.report
        }
    }
}
