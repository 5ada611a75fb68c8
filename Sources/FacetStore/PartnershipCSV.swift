import FacetModel
import Foundation
import GRDB

// Partnerships in and out of spreadsheets: `facet import partnerships FILE.csv` and
// `facet export partnerships`. An export imported back into the same database changes nothing.

/// What is wrong with one line of an imported file, and in which column.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    /// The column (as named in `PartnershipCSV.columns`), or nil for the line or file as a whole.
    public var column: String?
    public var message: String

    public init(line: Int, column: String?, message: String) {
        // Messages quote cells; a cell's escape sequences must not reach the terminal.
        self.line = line; self.column = column; self.message = Quoted.safe(message)
    }

    /// "line 7, schools: no school with code X9".
    public var description: String {
        column.map { "line \(line), \($0): \(message)" } ?? "line \(line): \(message)"
    }
}

/// What an import did, or would do (a dry run).
public struct PartnershipImportReport: Sendable, Equatable {
    public var dryRun: Bool
    /// Data rows read (blank rows are not counted).
    public var rows: Int = 0
    public var partnershipsCreated = 0
    /// Existing partnerships the file changes.
    public var partnershipsUpdated = 0
    /// Existing partnerships the file repeats as they are.
    public var partnershipsUnchanged = 0
    public var partnersCreated = 0
    /// Existing partners whose kind or contact details the file changes.
    public var partnersUpdated = 0
    /// Every problem found, in line order. A real import with problems throws instead of returning.
    /// In a dry run the counts above cover only the rows without problems.
    public var problems: [ImportProblem] = []

    public init(dryRun: Bool) { self.dryRun = dryRun }

    /// One sentence for people.
    public var summary: String {
        func n(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let counts = "\(n(partnershipsCreated, "partnership")) created, \(partnershipsUpdated) updated, \(partnershipsUnchanged) unchanged; "
            + "\(n(partnersCreated, "partner")) created, \(partnersUpdated) updated"
        if dryRun {
            let verdict = problems.isEmpty ? "no problems" : n(problems.count, "problem") + "; nothing can be imported until they are fixed"
            let outcome = problems.isEmpty ? "It would give" : "The rows without problems would give"
            return "Dry run, nothing written: \(n(rows, "row")) checked, \(verdict). \(outcome): \(counts)."
        }
        return "Imported \(n(rows, "row")): \(counts)."
    }
}

public enum PartnershipCSV {
    /// Every column, in the order an export writes them.
    public static let columns = [
        "id", "partner", "partner_kind", "contact_name", "contact_email", "contact_phone", "schools", "priority_areas",
        "tier", "status", "services", "start_date", "end_date", "agreement_signed", "last_review", "data_sharing",
        "background_checks", "outcome_measures", "reviewer", "notes",
    ]

    /// The word in `schools` that stands for every school of the district.
    public static let districtWide = "district-wide"

    /// How many problems an error message lists before "…and N more".
    public static let problemsShown = 50

    /// The message of a refused import: every problem, one a line (up to `problemsShown`).
    public static func message(for problems: [ImportProblem]) -> String {
        var lines = ["The file has \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was imported:"]
        lines += problems.prefix(problemsShown).map(\.description)
        if problems.count > problemsShown { lines.append("…and \(problems.count - problemsShown) more") }
        return lines.joined(separator: "\n")
    }

    /// "Partner Kind", "PARTNER-KIND" and "partner_kind" all name the column `partner_kind`.
    static func normalizedHeader(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    static func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }

    /// Without blanks at either end; cheap when there are none (most cells).
    static func trimmed(_ text: String) -> String {
        // An ASCII first and last byte that are not blanks answer at once (nearly every cell).
        if let a = text.utf8.first, let z = text.utf8.last, a < 0x80, z < 0x80,
           a != 0x20, z != 0x20, !(0x09...0x0D).contains(a), !(0x09...0x0D).contains(z) {
            return text
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Each column's position in `columns`, which is where a parsed row keeps its value.
    static let columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })

    /// The longest each cell may be, in characters (`FieldLimits`, the forms' limits). Columns with
    /// no limit of their own (ids, dates, lists of codes) get the free-text one, so no cell is unbounded.
    static let maxLength: [String: Int] = [
        "partner": FieldLimits.partnerName, "contact_name": FieldLimits.contactName,
        "contact_email": FieldLimits.contactEmail, "contact_phone": FieldLimits.contactPhone,
        "services": FieldLimits.services, "reviewer": FieldLimits.reviewer,
        "outcome_measures": FieldLimits.freeText, "notes": FieldLimits.freeText,
    ]

    /// Columns stored exactly as written (blanks included); the others are trimmed first.
    static let freeTextColumns: Set<String> = ["services", "outcome_measures", "reviewer", "notes"]

    // MARK: formula neutralising
    //
    // A cell starting with = + - @ (or tab, CR) is run as a formula by spreadsheets ("=HYPERLINK(…)"),
    // so the export puts an apostrophe in front, the spreadsheet convention for "this is text", and
    // the import takes exactly one off again. So that a value which itself starts with apostrophes
    // before such a character ("'=x") comes back unchanged, the rule covers any run of apostrophes
    // before it: export adds one to `'*[=+-@\t\r]…`, import removes one from `'+[=+-@\t\r]…`.

    static func isFormulaStart(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    /// The number of leading apostrophes when they are followed by a formula character, else nil.
    static func apostrophesBeforeFormula(_ text: String) -> Int? {
        var count = 0
        for byte in text.utf8 {
            if byte == 0x27 { count += 1; continue }
            return isFormulaStart(byte) ? count : nil
        }
        return nil
    }

    /// A cell as the export writes it: safe to open in a spreadsheet.
    public static func neutralized(_ cell: String) -> String {
        apostrophesBeforeFormula(cell) == nil ? cell : "'" + cell
    }

    /// A cell as the import reads it: `neutralized` undone.
    public static func restored(_ cell: String) -> String {
        guard let count = apostrophesBeforeFormula(cell), count > 0 else { return cell }
        return String(cell.dropFirst())
    }

    /// The file's data rows with their values by column, before anything is looked up.
    struct ParsedFile {
        struct Row {
            var line: Int
            /// By position in `PartnershipCSV.columns`; nil when the file has no such column.
            var values: [String?]

            subscript(column: String) -> String? { values[PartnershipCSV.columnIndex[column]!] }
        }
        var rows: [Row] = []
        var columns: Set<String> = []
        var problems: [ImportProblem] = []
    }

    /// Reads the file and checks what needs no database: the header, the number of fields, control
    /// characters and lengths. Formula apostrophes are taken off here, before any other check.
    static func parse(_ text: String) -> ParsedFile {
        var parsed = ParsedFile()
        var header: CSVRecord?
        var names: [String?] = []
        do {
            try CSV.forEachRecord(in: text) { record in
                if header == nil {
                    header = record
                    names = readHeader(record, into: &parsed)
                } else {
                    readRow(record, header: header!.fields, names: names, into: &parsed)
                }
            }
        } catch let error as CSVError {
            return ParsedFile(problems: [ImportProblem(line: error.line, column: nil, message: error.message)])
        } catch {
            return ParsedFile(problems: [ImportProblem(line: 1, column: nil, message: "\(error)")])
        }
        if header == nil {
            parsed.problems.append(ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns, e.g. \(columns.joined(separator: ","))"))
        }
        return parsed
    }

    /// The column each field of the header names (nil for an unnamed, unknown or repeated one).
    static func readHeader(_ header: CSVRecord, into parsed: inout ParsedFile) -> [String?] {
        let known = Set(columns)
        var names: [String?] = []
        var unknown: [String] = []
        for raw in header.fields {
            let name = normalizedHeader(raw)
            if name.isEmpty {
                names.append(nil)  // a nameless column must stay empty (checked with the rows)
            } else if !known.contains(name) {
                unknown.append(raw.trimmingCharacters(in: .whitespacesAndNewlines))
                names.append(nil)
            } else if parsed.columns.contains(name) {
                parsed.problems.append(ImportProblem(line: header.line, column: name, message: "this column appears twice in the header"))
                names.append(nil)
            } else {
                parsed.columns.insert(name)
                names.append(name)
            }
        }
        if !unknown.isEmpty {
            let list = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            parsed.problems.append(ImportProblem(line: header.line, column: nil, message:
                "unknown column\(unknown.count == 1 ? "" : "s") \(list); the columns are \(columns.joined(separator: ", "))"))
        }
        if !parsed.columns.contains("partner") {
            parsed.problems.append(ImportProblem(line: header.line, column: nil, message: "the header has no partner column; it is required"))
        }
        return names
    }

    static func readRow(_ record: CSVRecord, header: [String], names: [String?], into parsed: inout ParsedFile) {
        // A spreadsheet's trailing ",,,," rows are blank too.
        if record.fields.allSatisfy({ trimmed($0).isEmpty }) { return }
        var row = ParsedFile.Row(line: record.line, values: Array(repeating: nil, count: columns.count))
        let extra = record.fields.dropFirst(names.count)
        if record.fields.count < names.count || extra.contains(where: { !trimmed($0).isEmpty }) {
            parsed.problems.append(ImportProblem(line: record.line, column: nil, message:
                "has \(record.fields.count) fields but the header has \(names.count); check for a missing comma or an unclosed quote"))
        }
        // Line breaks inside quoted fields move later fields of the record to later lines.
        var linesBefore = 0
        for (index, raw) in record.fields.enumerated() {
            defer { linesBefore += lineBreaks(in: raw) }
            let name = index < names.count ? names[index] : nil
            if let offset = forbiddenControl(in: raw) {
                let scalar = raw.unicodeScalars[offset]
                let prefix = String(raw.unicodeScalars[..<offset])
                let column = name.map { _ in "" } ?? "column \(index + 1): "
                parsed.problems.append(ImportProblem(line: record.line + linesBefore + lineBreaks(in: prefix), column: name, message:
                    "\(column)a control character (\(Quoted.safe(String(scalar)))) at character \(prefix.count + 1); remove it (only tabs and line breaks inside quotes are allowed)"))
            }
            guard let name else {
                if index < header.count, trimmed(header[index]).isEmpty, !trimmed(raw).isEmpty {
                    parsed.problems.append(ImportProblem(line: record.line, column: nil, message:
                        "\"\(raw)\" is in column \(index + 1), which has no name in the header"))
                }
                continue
            }
            let value = restored(raw)
            let limit = maxLength[name] ?? FieldLimits.freeText
            let stored = freeTextColumns.contains(name) ? value : trimmed(value)
            if FieldLimits.exceeds(stored, limit) {
                parsed.problems.append(ImportProblem(line: record.line + linesBefore, column: name, message:
                    "is \(stored.count) characters long; the limit is \(limit)"))
            }
            // Kept even when refused above, so the row's other checks run as usual (a missing
            // partner name would otherwise be reported too).
            row.values[columnIndex[name]!] = value
        }
        parsed.rows.append(row)
    }

    /// Where the first control character other than tab, CR and LF is, if any. (CR and LF can only
    /// be inside quoted fields: elsewhere they end the record.) NUL is one: SQLite would cut the text there.
    static func forbiddenControl(in text: String) -> String.UnicodeScalarView.Index? {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        return text.unicodeScalars.firstIndex { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }
    }

    /// Line breaks as the reader counts them: LF, CRLF, or a lone CR.
    static func lineBreaks(in text: String) -> Int {
        var count = 0
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0A { if !previousCR { count += 1 } } else if byte == 0x0D { count += 1 }
            previousCR = byte == 0x0D
        }
        return count
    }

    /// yes/no/true/false/1/0, blank for no.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "true", "1": return true
        case "no", "n", "false", "0", "": return false
        default: return nil
        }
    }

    static func tier(_ text: String) -> Tier?? {
        if text.isEmpty { return .some(nil) }
        if let n = Validation.wholeNumber(text) { return Tier(rawValue: n).map { .some($0) } }
        let lower = text.lowercased()
        return Tier.allCases.first { $0.label.lowercased() == lower || $0.label.lowercased().dropFirst(2) == lower }.map { .some($0) }
    }
}

extension FacetStore {
    // MARK: export

    /// Every partnership, by id, as CSV with the columns of `PartnershipCSV.columns` (CRLF line ends).
    /// Schools by code and priority areas by name are joined with ";", statuses and kinds are raw
    /// values, booleans yes/no. Three queries in one read, whatever the number of partnerships.
    public func exportPartnershipsCSV() throws -> String {
        guard currentUser != nil else {
            throw StoreError.forbidden("You are not a Facet user of this database; an admin must add you first.")
        }
        return try read { db in
            // Links in one query each, ordered here rather than by group_concat (whose order SQLite
            // does not promise before 3.44).
            var schools: [Int64: [String]] = [:]
            let schoolRows = try Row.fetchCursor(db, sql: """
                SELECT ps.partnership_id, s.code FROM partnership_schools ps JOIN schools s ON s.id = ps.school_id
                ORDER BY ps.partnership_id, s.code COLLATE NOCASE
                """)
            while let row = try schoolRows.next() { schools[row[0], default: []].append(row[1]) }
            var areas: [Int64: [String]] = [:]
            let areaRows = try Row.fetchCursor(db, sql: """
                SELECT ppa.partnership_id, pa.name FROM partnership_priority_areas ppa JOIN priority_areas pa ON pa.id = ppa.priority_area_id
                ORDER BY ppa.partnership_id, pa.name COLLATE NOCASE
                """)
            while let row = try areaRows.next() { areas[row[0], default: []].append(row[1]) }

            var out = CSV.line(PartnershipCSV.columns)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT p.id, pr.name, pr.kind, pr.contact_name, pr.contact_email, pr.contact_phone, p.district_wide, p.tier, p.status,
                       p.services, p.start_date, p.end_date, p.agreement_signed, p.last_review, p.data_sharing, p.background_checks,
                       p.outcome_measures, p.reviewer, p.notes
                FROM partnerships p JOIN partners pr ON pr.id = p.partner_id
                ORDER BY p.id
                """)
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let districtWide: Bool = row[6]
                let schoolList = (districtWide ? [PartnershipCSV.districtWide] : []) + (schools[id] ?? [])
                func text(_ i: Int) -> String { (row[i] as String?) ?? "" }
                let tier = (row[7] as Int?).map(String.init) ?? ""
                let fields: [String] = [
                    String(id), text(1), text(2), text(3), text(4), text(5),
                    schoolList.joined(separator: ";"), (areas[id] ?? []).joined(separator: ";"),
                    tier, text(8), text(9), text(10), text(11), text(12), text(13),
                    PartnershipCSV.yesNo(row[14]), PartnershipCSV.yesNo(row[15]),
                    text(16), text(17), text(18),
                ]
                out += CSV.line(fields.map(PartnershipCSV.neutralized))
            }
            return out
        }
    }

    // MARK: import

    /// Creates and updates partnerships (and their partners) from CSV text.
    ///
    /// Every row is checked first. A dry run returns the report, problems included, and writes nothing.
    /// Otherwise, when any row has a problem this throws `StoreError.invalid` listing them and writes
    /// nothing; when none has, everything is written in one audited transaction.
    ///
    /// A row with an `id` of an existing partnership updates it; any other row creates one. Columns
    /// missing from the header keep an updated partnership's values as they are (a present but blank
    /// cell clears). Partners are matched by folded name (case and accents ignored); an existing
    /// partner's kind and contact details change only where the file gives a different, non-blank value.
    /// Rows that repeat a partnership as it is are not written (nor checked against the model's
    /// rules or the user's role, since nothing of theirs changes).
    public func importPartnerships(csv text: String, dryRun: Bool) throws -> PartnershipImportReport {
        try importPartnerships(csv: text, dryRun: dryRun, progress: { _, _ in true })
    }

    /// `importPartnerships(csv:dryRun:)` for a caller that shows progress and may cancel (the
    /// application runs imports off the key path). `progress(done, total)` is called, on the thread
    /// running the import, once the file is read and then every few hundred rows checked and
    /// written (a dry run only checks, so its total is the number of rows; a real import's is twice
    /// that). Returning false stops the import: nothing is written (the transaction rolls back) and
    /// this throws `StoreError.cancelled`. The last call reports `total` of `total`.
    ///
    /// The dry run and the real import check the file with the same code (`PartnershipImportPlan`),
    /// so a dry run finds every problem the import would refuse.
    public func importPartnerships(csv text: String, dryRun: Bool,
                                   progress: (_ done: Int, _ total: Int) -> Bool) throws -> PartnershipImportReport {
        let parsed = PartnershipCSV.parse(text)
        let total = dryRun ? parsed.rows.count : 2 * parsed.rows.count
        return try withoutActuallyEscaping(progress) { progress in
            let meter = ImportProgress(report: progress, total: total)
            try meter.check(0)
            if dryRun {
                let report = try read { db in try PartnershipImportPlan(parsed, db: db, user: currentUser, progress: meter).report(dryRun: true) }
                try meter.check(total)
                return report
            }
            return try write { w in
                let plan = try PartnershipImportPlan(parsed, db: w.db, user: w.user, progress: meter)
                guard plan.problems.isEmpty else { throw StoreError.invalid(PartnershipCSV.message(for: plan.problems)) }
                try plan.apply(w, progress: meter)
                // Asked before the commit, so a cancel at the very end still writes nothing.
                try meter.check(total)
                return plan.report(dryRun: false)
            }
        }
    }
}

/// Calls an import's progress callback every `interval` rows; a false answer cancels.
struct ImportProgress {
    static let interval = 250
    let report: (Int, Int) -> Bool
    let total: Int

    /// Reports `done` when it is a multiple of the interval.
    func step(_ done: Int) throws {
        if done % Self.interval == 0 { try check(done) }
    }

    func check(_ done: Int) throws {
        guard report(done, total) else { throw StoreError.cancelled }
    }
}

/// An import checked against the database: what each row resolves to, and what is wrong.
struct PartnershipImportPlan {
    struct ExistingPartner {
        var id: Int64, name: String, kind: String, contactName: String, contactEmail: String, contactPhone: String, version: Int
    }

    /// One partner named by the file, existing or to create, with the values the file gives it.
    struct PartnerPlan {
        var existing: ExistingPartner?
        var name: String
        var firstLine: Int
        /// Column → (value, line) of values that would be written.
        var proposed: [String: (value: String, line: Int)] = [:]

        var isChange: Bool { existing == nil || !proposed.isEmpty }
    }

    struct RowPlan {
        var line: Int
        var partnerKey: String
        var partnership: Partnership
        /// The partnership as stored, for an update row.
        var current: Partnership?
        var changed: Bool
        var hasProblems: Bool
    }

    var rowCount = 0
    var rows: [RowPlan] = []
    var partners: [String: PartnerPlan] = [:]
    var partnerOrder: [String] = []
    var problems: [ImportProblem]

    static var partnerColumns: [(column: String, stored: KeyPath<ExistingPartner, String>)] {
        [("partner_kind", \.kind), ("contact_name", \.contactName), ("contact_email", \.contactEmail), ("contact_phone", \.contactPhone)]
    }

    /// Codes and names by id, for the audit log's record of a partnership's schools and areas.
    var schoolCodeByID: [Int64: String] = [:]
    var areaNameByID: [Int64: String] = [:]

    init(_ parsed: PartnershipCSV.ParsedFile, db: Database, user: User?, progress: ImportProgress) throws {
        problems = parsed.problems
        rowCount = parsed.rows.count

        var schoolByCode: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, code FROM schools ORDER BY id") {
            let code: String = row["code"]
            schoolCodeByID[row["id"]] = code
            if schoolByCode[code.lowercased()] == nil { schoolByCode[code.lowercased()] = row["id"] }
        }
        var areaByName: [String: Int64] = [:], areaByLowercased: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM priority_areas ORDER BY id") {
            let name: String = row["name"]
            areaNameByID[row["id"]] = name
            areaByName[name] = row["id"]
            if areaByLowercased[name.lowercased()] == nil { areaByLowercased[name.lowercased()] = row["id"] }
        }
        var existingPartners: [String: ExistingPartner] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, name, name_folded, kind, contact_name, contact_email, contact_phone, version FROM partners
            """) {
            existingPartners[row["name_folded"]] = ExistingPartner(
                id: row["id"], name: row["name"], kind: row["kind"], contactName: row["contact_name"],
                contactEmail: row["contact_email"], contactPhone: row["contact_phone"], version: row["version"])
        }
        // The partnerships the file updates: all in four queries when there are many (an exported
        // file brought back), else one by one.
        let ids = parsed.rows.compactMap { $0["id"].flatMap { Int64(PartnershipCSV.trimmed($0)) } }
        let stored: [Int64: Partnership]? = ids.count > Self.bulkLoadThreshold ? try Self.allPartnerships(db) : nil

        var linesByID: [Int64: Int] = [:]
        var foldedNames: [String: String] = [:]
        for (index, row) in parsed.rows.enumerated() {
            try progress.step(index)
            var rowProblems: [ImportProblem] = []
            func problem(_ column: String?, _ message: String) {
                rowProblems.append(ImportProblem(line: row.line, column: column, message: message))
            }
            /// The cell, trimmed; nil when the file has no such column.
            func cell(_ column: String) -> String? { row[column].map(PartnershipCSV.trimmed) }

            // id: an existing partnership to update, else a new one.
            var current: Partnership?
            if let text = cell("id"), !text.isEmpty {
                if let id = Int64(text), id > 0 {
                    if let earlier = linesByID[id] {
                        problem("id", "partnership \(id) is already on line \(earlier); give each partnership one row")
                    } else {
                        linesByID[id] = row.line
                    }
                    current = try stored.map { $0[id] } ?? FacetStore.partnership(db, id: id)
                } else {
                    problem("id", "\"\(text)\" is not a partnership id; leave it blank to create a partnership")
                }
            }
            var p = current ?? Partnership(partnerID: 0)

            // The partner, by folded name.
            let partnerName = cell("partner") ?? ""
            let partnerKey = foldedNames[partnerName] ?? Validation.foldedName(partnerName)
            foldedNames[partnerName] = partnerKey
            if parsed.columns.contains("partner") {
                if partnerName.isEmpty {
                    problem("partner", "the partner's name is required")
                } else if partnerKey.isEmpty {
                    problem("partner", "\"\(partnerName)\" is not a name")
                }
            }
            var partnerValues: [String: String] = [:]
            if let text = cell("partner_kind"), !text.isEmpty {
                if let kind = PartnerKind.from(label: text) {
                    partnerValues["partner_kind"] = kind.rawValue
                } else {
                    problem("partner_kind", "\"\(text)\" is not a kind of partner: use \(PartnerKind.allCases.map(\.label).joined(separator: ", "))")
                }
            }
            for column in ["contact_name", "contact_email", "contact_phone"] {
                if let text = cell(column), !text.isEmpty { partnerValues[column] = text }
            }

            if let text = cell("schools") {
                var districtWide = false
                var ids: Set<Int64> = []
                for code in text.split(separator: ";").map({ PartnershipCSV.trimmed(String($0)) }) where !code.isEmpty {
                    if code.lowercased() == PartnershipCSV.districtWide {
                        districtWide = true
                    } else if let id = schoolByCode[code.lowercased()] {
                        ids.insert(id)
                    } else {
                        problem("schools", "no school with code \(code)")
                    }
                }
                p.districtWide = districtWide
                p.schoolIDs = ids
            }
            if let text = cell("priority_areas") {
                var ids: Set<Int64> = []
                for name in text.split(separator: ";").map({ PartnershipCSV.trimmed(String($0)) }) where !name.isEmpty {
                    if let id = areaByName[name] ?? areaByLowercased[name.lowercased()] {
                        ids.insert(id)
                    } else {
                        problem("priority_areas", "no priority area named \"\(name)\"")
                    }
                }
                p.priorityAreaIDs = ids
            }
            if let text = cell("tier") {
                if let tier = PartnershipCSV.tier(text) { p.tier = tier } else { problem("tier", "\"\(text)\" is not a tier: use 1, 2, 3 or leave it blank") }
            }
            if let text = cell("status") {
                if text.isEmpty {
                    p.status = .proposed
                } else if let status = PartnershipStatus.from(label: text) {
                    p.status = status
                } else {
                    problem("status", "\"\(text)\" is not a status: use \(PartnershipStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            func day(_ column: String, _ keyPath: WritableKeyPath<Partnership, Day?>) {
                guard let text = cell(column) else { return }
                if text.isEmpty {
                    p[keyPath: keyPath] = nil
                } else if let d = Day(text) {
                    p[keyPath: keyPath] = d
                } else {
                    problem(column, "\"\(text)\" is not a date: use YYYY-MM-DD, e.g. 2026-09-01")
                }
            }
            day("start_date", \.startDate)
            day("end_date", \.endDate)
            day("agreement_signed", \.agreementSigned)
            day("last_review", \.lastReview)
            func flag(_ column: String, _ keyPath: WritableKeyPath<Partnership, Bool>) {
                guard let text = cell(column) else { return }
                if let b = PartnershipCSV.bool(text) { p[keyPath: keyPath] = b } else { problem(column, "\"\(text)\" is not yes or no") }
            }
            flag("data_sharing", \.dataSharing)
            flag("background_checks", \.backgroundChecks)
            // Free text is kept exactly as written (line breaks and blanks included).
            for (column, keyPath) in [("services", \Partnership.services), ("outcome_measures", \.outcomeMeasures),
                                      ("reviewer", \.reviewer), ("notes", \.notes)] {
                if let text = row[column] { p[keyPath: keyPath] = text }
            }

            // The partner the row names: existing (by folded name) or one to create; the values it
            // would write must agree between rows.
            if !partnerKey.isEmpty {
                if partners[partnerKey] == nil {
                    partners[partnerKey] = PartnerPlan(existing: existingPartners[partnerKey], name: partnerName, firstLine: row.line)
                    partnerOrder.append(partnerKey)
                }
                let plan = partners[partnerKey]!
                for (column, stored) in Self.partnerColumns {
                    guard let value = partnerValues[column] else { continue }
                    if let existing = plan.existing, PartnershipCSV.trimmed(existing[keyPath: stored]) == value { continue }
                    if let earlier = plan.proposed[column] {
                        if earlier.value != value {
                            problem(column, "\"\(value)\" here but \"\(earlier.value)\" on line \(earlier.line) for the same partner \(plan.name); give one value (or leave the others blank)")
                        }
                        continue
                    }
                    switch column {
                    case "contact_email": if let message = Validation.email(value) { problem(column, message); continue }
                    case "contact_phone": if let message = Validation.phone(value) { problem(column, message); continue }
                    default: break
                    }
                    partners[partnerKey]!.proposed[column] = (value, row.line)
                }
                if let existing = plan.existing { p.partnerID = existing.id }
            }

            // Changed at all? A new partner always changes the row's partner.
            let changed = current.map { $0 != p || partners[partnerKey]?.existing == nil } ?? true
            if changed {
                for (field, message) in p.problems() { problem(field, message) }
                let newScope: RecordScope = p.districtWide || p.schoolIDs.isEmpty ? .district : .schools(p.schoolIDs)
                var denial: String?
                if let current {
                    let oldScope: RecordScope = current.districtWide || current.schoolIDs.isEmpty ? .district : .schools(current.schoolIDs)
                    denial = AccessPolicy.denial(user: user, action: .update, table: "partnerships", scope: oldScope)
                        ?? (newScope == oldScope ? nil : AccessPolicy.denial(user: user, action: .update, table: "partnerships", scope: newScope))
                } else {
                    denial = AccessPolicy.denial(user: user, action: .create, table: "partnerships", scope: newScope)
                }
                if let denial { problem(nil, denial) }
            }
            problems += rowProblems
            rows.append(RowPlan(line: row.line, partnerKey: partnerKey, partnership: p, current: current,
                                changed: changed, hasProblems: !rowProblems.isEmpty))
        }
        // Partners: the user must be allowed to create or change them.
        for key in partnerOrder {
            guard let plan = partners[key], plan.isChange else { continue }
            let action: WriteAction = plan.existing == nil ? .create : .update
            if let denial = AccessPolicy.denial(user: user, action: action, table: "partners", scope: .district) {
                problems.append(ImportProblem(line: plan.firstLine, column: "partner", message: denial))
            }
        }
        problems.sort { ($0.line, $0.column ?? "") < ($1.line, $1.column ?? "") }
    }

    func report(dryRun: Bool) -> PartnershipImportReport {
        var report = PartnershipImportReport(dryRun: dryRun)
        report.rows = rowCount
        report.problems = problems
        var used = Set<String>()
        for row in rows where !row.hasProblems {
            used.insert(row.partnerKey)
            if row.current == nil { report.partnershipsCreated += 1 } else if row.changed { report.partnershipsUpdated += 1 } else { report.partnershipsUnchanged += 1 }
        }
        for key in used {
            guard let plan = partners[key] else { continue }
            if plan.existing == nil { report.partnersCreated += 1 } else if !plan.proposed.isEmpty { report.partnersUpdated += 1 }
        }
        return report
    }

    /// Above this many ids, the stored partnerships are read all at once.
    static let bulkLoadThreshold = 64

    /// Every partnership as `FacetStore.partnership(_:id:)` reads one, by id.
    static func allPartnerships(_ db: Database) throws -> [Int64: Partnership] {
        func links(_ sql: String) throws -> [Int64: Set<Int64>] {
            var result: [Int64: Set<Int64>] = [:]
            let cursor = try Row.fetchCursor(db, sql: sql)
            while let row = try cursor.next() { result[row[0], default: []].insert(row[1]) }
            return result
        }
        let schools = try links("SELECT partnership_id, school_id FROM partnership_schools")
        let areas = try links("SELECT partnership_id, priority_area_id FROM partnership_priority_areas")
        let confirmed = try links("SELECT partnership_id, criterion_id FROM partnership_confirmations")
        var result: [Int64: Partnership] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM partnerships")
        while let row = try cursor.next() {
            let id: Int64 = row["id"]
            func day(_ column: String) -> Day? { (row[column] as String?).flatMap(Day.init) }
            result[id] = Partnership(
                id: id, partnerID: row["partner_id"], districtWide: row["district_wide"],
                schoolIDs: schools[id] ?? [], priorityAreaIDs: areas[id] ?? [],
                tier: (row["tier"] as Int?).flatMap(Tier.init(rawValue:)),
                status: PartnershipStatus(rawValue: row["status"]) ?? .proposed,
                services: row["services"], startDate: day("start_date"), endDate: day("end_date"),
                agreementSigned: day("agreement_signed"), dataSharing: row["data_sharing"], backgroundChecks: row["background_checks"],
                outcomeMeasures: row["outcome_measures"], lastReview: day("last_review"), reviewer: row["reviewer"], notes: row["notes"],
                confirmedCriteria: confirmed[id] ?? [], version: row["version"])
        }
        return result
    }

    /// Writes the plan (which must have no problems). Partners go through the audited writer one by
    /// one (there are few); partnerships, which can be a hundred thousand, are written with prepared
    /// statements and the lookups read once, each still authorised, version-checked and audited in
    /// one audit row (its columns, and its schools and areas by name).
    func apply(_ w: AuditedWriter, progress: ImportProgress) throws {
        var partnerIDs: [String: Int64] = [:]
        for key in partnerOrder {
            guard let plan = partners[key] else { continue }
            let values = plan.proposed.mapValues { $0.value as (any DatabaseValueConvertible)? }
            if let existing = plan.existing {
                if !values.isEmpty {
                    try w.update("partners", id: existing.id, expectedVersion: existing.version,
                                 changes: Dictionary(uniqueKeysWithValues: values.map { ($0.key == "partner_kind" ? "kind" : $0.key, $0.value) }))
                }
                partnerIDs[key] = existing.id
            } else {
                var columns: [String: (any DatabaseValueConvertible)?] = [
                    "name": plan.name, "name_folded": key, "kind": PartnerKind.other.rawValue,
                ]
                for (column, value) in values { columns[column == "partner_kind" ? "kind" : column] = value }
                partnerIDs[key] = try w.insert(into: "partners", values: columns)
            }
        }
        let writer = try PartnershipBulkWriter(w, schoolCodeByID: schoolCodeByID, areaNameByID: areaNameByID)
        // New and changed partnerships are staged and written by one statement each (see
        // PartnershipBulkWriter), then linked and audited row by row, in file order.
        func partnership(_ row: RowPlan) -> Partnership {
            var p = row.partnership
            p.partnerID = partnerIDs[row.partnerKey]!
            return p
        }
        var newIDs: [Int: Int64] = [:]
        for (index, row) in rows.enumerated() where row.changed {
            if let current = row.current {
                try writer.stageUpdate(partnership(row), from: current)
            } else {
                newIDs[index] = try writer.stage(partnership(row))
            }
        }
        try writer.insertStaged()
        try writer.updateStaged()
        var created = 0, updated = 0
        for (index, row) in rows.enumerated() {
            // Every row counts towards the progress, written or unchanged.
            try progress.step(rowCount + index)
            guard row.changed else { continue }
            var p = partnership(row)
            if let current = row.current {
                try writer.linkAndAudit(p, updating: current)
                updated += 1
            } else {
                p.id = newIDs[index]
                try writer.linkAndAudit(p)
                created += 1
            }
        }
        if created + updated > 0 {
            try w.appendAudit(entity: "partnerships", id: nil, action: "import", before: [:], after: [
                "created": .integer(Int64(created)), "updated": .integer(Int64(updated)),
            ])
        }
    }
}

/// Writes many partnerships in one transaction: the same rows and audit entries as
/// `AuditedWriter.savePartnership` gives them, without re-reading each row and the lookup tables.
///
/// New partnerships go in through a temporary table and one INSERT … SELECT, changed ones through
/// another and one UPDATE … FROM. Written one statement each, every row made SQLite's FTS5 (the
/// search index's triggers) write its pending terms out as a new segment at the statement's
/// savepoint and merge them: most of an import's time. In one statement the index is written once. Their ids are given here (after the largest, as SQLite
/// would; the import holds the write lock), so links and audit rows can follow.
final class PartnershipBulkWriter {
    let w: AuditedWriter
    let schoolCodeByID: [Int64: String]
    let areaNameByID: [Int64: String]
    var stageStatement: Statement?
    var stageUpdateStatement: Statement?
    var stagedUpdates = 0
    var nextID: Int64?

    /// The partnership columns the writer sets, in statement order.
    static let columns = ["partner_id", "district_wide", "tier", "status", "services", "start_date", "end_date",
                          "agreement_signed", "data_sharing", "background_checks", "outcome_measures",
                          "last_review", "reviewer", "notes"]
    static let stagingTable = "temp.facet_import_new_partnerships"
    static let updatesTable = "temp.facet_import_changed_partnerships"

    init(_ w: AuditedWriter, schoolCodeByID: [Int64: String], areaNameByID: [Int64: String]) throws {
        self.w = w
        self.schoolCodeByID = schoolCodeByID
        self.areaNameByID = areaNameByID
    }

    /// Queues a new partnership for `insertStaged` and returns the id it will have.
    func stage(_ p: Partnership) throws -> Int64 {
        try w.authorize(.create, table: "partnerships", scope: Self.scope(p))
        if stageStatement == nil {
            try w.db.execute(sql: """
                DROP TABLE IF EXISTS \(Self.stagingTable);
                CREATE TABLE \(Self.stagingTable) (id INTEGER PRIMARY KEY, \(Self.columns.joined(separator: ", ")));
                """)
            stageStatement = try w.db.makeStatement(sql: """
                INSERT INTO \(Self.stagingTable) (id, \(Self.columns.joined(separator: ", "))) \
                VALUES (?, \(Self.columns.map { _ in "?" }.joined(separator: ", ")))
                """)
            nextID = (try Int64.fetchOne(w.db, sql: "SELECT MAX(id) FROM partnerships") ?? 0) + 1
        }
        let id = nextID!
        nextID = id + 1
        stageStatement!.setUncheckedArguments(StatementArguments([id.databaseValue] + arguments(Self.values(p))))
        try stageStatement!.execute()
        return id
    }

    /// Inserts every staged partnership in one statement.
    func insertStaged() throws {
        guard stageStatement != nil else { return }
        try w.db.execute(sql: """
            INSERT INTO partnerships (id, \(Self.columns.joined(separator: ", ")), version, updated_at, updated_by)
            SELECT id, \(Self.columns.joined(separator: ", ")), 1, ?, ? FROM \(Self.stagingTable) ORDER BY id;
            DROP TABLE \(Self.stagingTable);
            """, arguments: [w.at, w.login])
        stageStatement = nil
    }

    /// A staged partnership, inserted: its links and its audit row.
    func linkAndAudit(_ p: Partnership) throws {
        let id = p.id!
        try insertLinks(id, p)
        var values = Self.values(p)
        values["id"] = .integer(id)
        values["version"] = .integer(1)
        if !p.schoolIDs.isEmpty { values["schools"] = names(p.schoolIDs, schoolCodeByID) }
        if !p.priorityAreaIDs.isEmpty { values["priority_areas"] = names(p.priorityAreaIDs, areaNameByID) }
        try w.appendAudit(entity: "partnerships", id: id, action: "insert", before: [:], after: values)
    }

    /// The stored columns of `p`, as the audit log records them.
    static func values(_ p: Partnership) -> [String: StoredValue] {
        func text(_ day: Day?) -> StoredValue { day.map { .text(iso($0)) } ?? .null }
        return [
            "partner_id": .integer(p.partnerID), "district_wide": .integer(p.districtWide ? 1 : 0),
            "tier": p.tier.map { .integer(Int64($0.rawValue)) } ?? .null, "status": .text(p.status.rawValue),
            "services": .text(p.services), "start_date": text(p.startDate), "end_date": text(p.endDate),
            "agreement_signed": text(p.agreementSigned), "data_sharing": .integer(p.dataSharing ? 1 : 0),
            "background_checks": .integer(p.backgroundChecks ? 1 : 0), "outcome_measures": .text(p.outcomeMeasures),
            "last_review": text(p.lastReview), "reviewer": .text(p.reviewer), "notes": .text(p.notes),
        ]
    }

    /// `Day.description` without String(format:), which was a twentieth of an import's time.
    static func iso(_ day: Day) -> String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return padded(day.year, 4) + "-" + padded(day.month, 2) + "-" + padded(day.day, 2)
    }

    static func scope(_ p: Partnership) -> RecordScope {
        p.districtWide || p.schoolIDs.isEmpty ? .district : .schools(p.schoolIDs)
    }

    func arguments(_ values: [String: StoredValue]) -> [DatabaseValue] {
        Self.columns.map { values[$0]!.databaseValue }
    }

    func names(_ ids: Set<Int64>, _ lookup: [Int64: String]) -> StoredValue {
        .text(ids.map { lookup[$0] ?? String($0) }.sorted().joined(separator: ", "))
    }

    /// Queues an update of a stored partnership for `updateStaged`.
    func stageUpdate(_ p: Partnership, from current: Partnership) throws {
        let oldScope = Self.scope(current), newScope = Self.scope(p)
        try w.authorize(.update, table: "partnerships", scope: oldScope)
        if newScope != oldScope { try w.authorize(.update, table: "partnerships", scope: newScope) }
        if stageUpdateStatement == nil {
            try w.db.execute(sql: """
                DROP TABLE IF EXISTS \(Self.updatesTable);
                CREATE TABLE \(Self.updatesTable) (id INTEGER PRIMARY KEY, version INTEGER, \(Self.columns.joined(separator: ", ")));
                """)
            stageUpdateStatement = try w.db.makeStatement(sql: """
                INSERT INTO \(Self.updatesTable) (id, version, \(Self.columns.joined(separator: ", "))) \
                VALUES (?, ?, \(Self.columns.map { _ in "?" }.joined(separator: ", ")))
                """)
        }
        stageUpdateStatement!.setUncheckedArguments(StatementArguments(
            [current.id!.databaseValue, current.version.databaseValue] + arguments(Self.values(p))))
        try stageUpdateStatement!.execute()
        stagedUpdates += 1
    }

    /// Applies every staged update in one statement, each only if its version is still the one read.
    func updateStaged() throws {
        guard stageUpdateStatement != nil else { return }
        try w.db.execute(sql: """
            UPDATE partnerships SET \(Self.columns.map { "\($0) = u.\($0)" }.joined(separator: ", ")),
                version = partnerships.version + 1, updated_at = ?, updated_by = ?
            FROM \(Self.updatesTable) AS u WHERE partnerships.id = u.id AND partnerships.version = u.version
            """, arguments: [w.at, w.login])
        if w.db.changesCount != stagedUpdates {
            // Not expected (the plan read these rows in this transaction), but never an overwrite.
            let stale = try Row.fetchOne(w.db, sql: """
                SELECT u.id, u.version FROM \(Self.updatesTable) u JOIN partnerships p ON p.id = u.id
                WHERE p.version != u.version + 1 LIMIT 1
                """)
            let id: Int64 = stale?["id"] ?? 0
            throw StoreError.conflict(entity: "partnerships", id: id, expectedVersion: stale?["version"] ?? 0,
                                      current: try AuditedWriter.fetchColumns(w.db, table: "partnerships", id: id) ?? [:])
        }
        try w.db.execute(sql: "DROP TABLE \(Self.updatesTable)")
        stageUpdateStatement = nil
    }

    /// A staged update, applied: its links and its audit row.
    func linkAndAudit(_ p: Partnership, updating current: Partnership) throws {
        let id = current.id!
        let old = Self.values(current), new = Self.values(p)
        var before = old.filter { new[$0.key] != $0.value }
        var after = new.filter { old[$0.key] != $0.value }
        if current.schoolIDs != p.schoolIDs || current.priorityAreaIDs != p.priorityAreaIDs {
            try w.db.cachedStatement(sql: "DELETE FROM partnership_schools WHERE partnership_id = ?").execute(arguments: [id])
            try w.db.cachedStatement(sql: "DELETE FROM partnership_priority_areas WHERE partnership_id = ?").execute(arguments: [id])
            try insertLinks(id, p)
        }
        if current.schoolIDs != p.schoolIDs {
            before["schools"] = names(current.schoolIDs, schoolCodeByID)
            after["schools"] = names(p.schoolIDs, schoolCodeByID)
        }
        if current.priorityAreaIDs != p.priorityAreaIDs {
            before["priority_areas"] = names(current.priorityAreaIDs, areaNameByID)
            after["priority_areas"] = names(p.priorityAreaIDs, areaNameByID)
        }
        if !after.isEmpty {
            try w.appendAudit(entity: "partnerships", id: id, action: "update", before: before, after: after)
        }
    }

    func insertLinks(_ id: Int64, _ p: Partnership) throws {
        let school = try w.db.cachedStatement(sql: "INSERT INTO partnership_schools (partnership_id, school_id) VALUES (?, ?)")
        for other in p.schoolIDs.sorted() { try school.execute(arguments: [id, other]) }
        let area = try w.db.cachedStatement(sql: "INSERT INTO partnership_priority_areas (partnership_id, priority_area_id) VALUES (?, ?)")
        for other in p.priorityAreaIDs.sorted() { try area.execute(arguments: [id, other]) }
    }
}
