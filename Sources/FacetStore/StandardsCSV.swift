import FacetModel
import Foundation
import GRDB

/// Self-assessments and SIP strategies in and out of spreadsheets: `facet import|export
/// self-assessments|strategies`. All or nothing, every problem with its line and column; an export
/// imported back into the same database changes nothing.
public enum StandardsCSV {
    public static let ratingColumns = ["school", "school_year", "standard", "indicator", "level", "evidence"]
    public static let strategyColumns = ["id", "school", "school_year", "title", "standards", "description", "owner", "grade_levels",
                                         "start_date", "due_date", "status", "evaluation", "evidence"]

    /// The file's header and data rows as cells by column name; problems for the header, unknown
    /// columns, control characters and formula apostrophes undone.
    static func rows(_ text: String, columns: [String], required: [String], problems: inout [ImportProblem]) -> [(line: Int, cells: [String: String])] {
        let records = SurveyCSV.records(text, problems: &problems)
        guard problems.isEmpty else { return [] }
        guard let headerRecord = records.first else {
            problems.append(ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns " + columns.joined(separator: ", ")))
            return []
        }
        let header = SurveyCSV.header(headerRecord)
        for name in required where !header.contains(name) {
            problems.append(ImportProblem(line: headerRecord.line, column: name, message: "the file needs a \(name) column"))
        }
        for (i, name) in header.enumerated() where !columns.contains(name) {
            problems.append(ImportProblem(line: headerRecord.line, column: headerRecord.fields[i], message: "not a column of this file (" + columns.joined(separator: ", ") + ")"))
        }
        guard problems.isEmpty else { return [] }
        var rows: [(line: Int, cells: [String: String])] = []
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var cells: [String: String] = [:]
            for (i, name) in header.enumerated() {
                let raw = i < record.fields.count ? record.fields[i] : ""
                if PartnershipCSV.forbiddenControl(in: raw) != nil {
                    problems.append(ImportProblem(line: record.line, column: name, message: "the cell holds a control character"))
                }
                cells[name] = PartnershipCSV.restored(raw.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            rows.append((record.line, cells))
        }
        return rows
    }

    /// The id cell of an import row: empty adds a record; otherwise it must name an existing one,
    /// changed by one line only. `seen` remembers the line that first named each id.
    static func rowID(_ cells: [String: String], line: Int, noun: String, existing: Set<Int64>, seen: inout [Int64: Int],
                      problem: (String, String) -> Void) -> Int64? {
        guard let raw = cells["id"], !raw.isEmpty else { return nil }
        guard let n = Int64(raw), existing.contains(n) else {
            problem("id", "there is no \(noun) \(raw); leave the id empty to add one")
            return nil
        }
        if let first = seen[n] { problem("id", "\(noun) \(n) is already changed on line \(first)") } else { seen[n] = line }
        return n
    }

    static func report(_ problems: [ImportProblem], rows: Int, dryRun: Bool, what: String) -> SurveyImportReport {
        var report = SurveyImportReport(dryRun: dryRun, what: what)
        report.rows = rows
        report.problems = problems
        return report
    }
}

extension FacetStore {
    // MARK: self-assessments

    /// School ids by lower-case code.
    func schoolCodes() throws -> [String: Int64] {
        try read { db in
            var result: [String: Int64] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, code FROM schools") {
                let code: String = r["code"]
                result[code.lowercased()] = r["id"]
            }
            return result
        }
    }

    /// Every rating (of the active framework's standards, retired ones too), by school and year.
    public func exportSelfAssessmentsCSV(year: String? = nil) throws -> String {
        try read { db in
            var rows = [StandardsCSV.ratingColumns]
            for r in try Row.fetchAll(db, sql: """
                SELECT s.code AS school, sa.school_year, st.code AS standard, i.code AS indicator, sa.level, sa.evidence
                FROM self_assessments sa JOIN schools s ON s.id = sa.school_id JOIN indicators i ON i.id = sa.indicator_id
                JOIN standards st ON st.id = i.standard_id JOIN frameworks f ON f.id = st.framework_id
                WHERE f.adopted = 1 AND (? IS NULL OR sa.school_year = ?)
                ORDER BY s.code COLLATE NOCASE, sa.school_year, st.position, i.position, i.code
                """, arguments: [year, year]) {
                let level: Int = r["level"]
                let school: String = r["school"], year: String = r["school_year"], standard: String = r["standard"], indicator: String = r["indicator"]
                let evidence: String = r["evidence"]
                rows.append([school, year, standard, indicator, String(level), PartnershipCSV.neutralized(evidence)])
            }
            return CSV.write(rows)
        }
    }

    /// Ratings from a file: a row for a school, year and indicator already rated changes that
    /// rating; others are added. Indicators by standard and indicator code in the active framework.
    public func importSelfAssessments(csv text: String, dryRun: Bool) throws -> SurveyImportReport {
        var problems: [ImportProblem] = []
        let rows = StandardsCSV.rows(text, columns: StandardsCSV.ratingColumns, required: ["school", "school_year", "standard", "indicator", "level"],
                                     problems: &problems)
        guard problems.isEmpty else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "ratings") }
        let schools = try schoolCodes()
        let indicators: [String: Int64] = try read { db in
            var result: [String: Int64] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT i.id, st.code AS s, i.code AS i FROM indicators i JOIN standards st ON st.id = i.standard_id
                JOIN frameworks f ON f.id = st.framework_id WHERE f.adopted = 1
                """) {
                let s: String = r["s"], i: String = r["i"]
                result["\(s)|\(i)"] = r["id"]
            }
            return result
        }
        var parsed: [(school: Int64, year: String, indicator: Int64, level: Int, evidence: String)] = []
        var seen: [String: Int] = [:]
        for (line, cells) in rows {
            func problem(_ column: String, _ message: String) { problems.append(ImportProblem(line: line, column: column, message: message)) }
            let code = cells["school"] ?? "", year = cells["school_year"] ?? ""
            let standard = cells["standard"] ?? "", indicator = cells["indicator"] ?? ""
            let school = schools[code.lowercased()]
            if school == nil { problem("school", code.isEmpty ? "a school code is needed" : "no school has the code “\(code)”") }
            if !SelfAssessmentRules.isSchoolYear(year) { problem("school_year", "“\(year)” is not a school year; write it as 2026-27") }
            let indicatorID = indicators["\(standard)|\(indicator)"]
            if indicatorID == nil { problem("indicator", "the active framework has no indicator “\(indicator)” in standard “\(standard)”") }
            let level = Int(cells["level"] ?? "")
            if level == nil || !(1...4).contains(level!) { problem("level", "“\(cells["level"] ?? "")” is not a level: 1 Unsatisfactory, 2 Basic, 3 Proficient or 4 Distinguished") }
            let evidence = cells["evidence"] ?? ""
            if FieldLimits.exceeds(evidence, FieldLimits.freeText) { problem("evidence", "the notes are longer than \(FieldLimits.freeText) characters") }
            let key = "\(code.lowercased())|\(year)|\(standard)|\(indicator)"
            if let first = seen[key] { problem("indicator", "this school, year and indicator are already rated on line \(first)") } else { seen[key] = line }
            if let school, let indicatorID, let level { parsed.append((school, year, indicatorID, level, evidence)) }
        }
        if rows.isEmpty { problems.append(ImportProblem(line: 1, column: nil, message: "the file has no ratings")) }
        guard problems.isEmpty, !dryRun else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "ratings") }
        try write { w in
            for p in parsed {
                if let row = try Row.fetchOne(w.db, sql: """
                    SELECT id, version, level, evidence FROM self_assessments WHERE school_year = ? AND school_id = ? AND indicator_id = ?
                    """, arguments: [p.year, p.school, p.indicator]) {
                    try w.update("self_assessments", id: row["id"], expectedVersion: row["version"], changes: ["level": p.level, "evidence": p.evidence])
                } else {
                    try w.insert(into: "self_assessments", values: ["school_id": p.school, "school_year": p.year, "indicator_id": p.indicator,
                                                                    "level": p.level, "evidence": p.evidence])
                }
            }
        }
        return StandardsCSV.report([], rows: rows.count, dryRun: false, what: "ratings")
    }

    // MARK: strategies

    /// Every SIP strategy, by school and year; standards by code (of the active framework).
    public func exportStrategiesCSV() throws -> String {
        try read { db in
            let codes = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, code FROM standards").map { ($0["id"] as Int64, $0["code"] as String) })
            var rows = [StandardsCSV.strategyColumns]
            for r in try Row.fetchAll(db, sql: """
                SELECT ss.*, s.code AS school FROM sip_strategies ss JOIN schools s ON s.id = ss.school_id
                ORDER BY s.code COLLATE NOCASE, ss.school_year, ss.id
                """) {
                let id: Int64 = r["id"]
                let standards = (r["standard_ids"] as String).split(separator: ",").compactMap { Int64($0) }.compactMap { codes[$0] }.joined(separator: " ")
                func text(_ c: String) -> String { PartnershipCSV.neutralized((r[c] as String?) ?? "") }
                let school: String = r["school"], year: String = r["school_year"], status: String = r["status"]
                var row: [String] = [String(id), school, year, text("title"), standards, text("description"), text("owner")]
                row += [text("grade_levels"), text("start_date"), text("due_date"), status, text("evaluation"), text("evidence")]
                rows.append(row)
            }
            return CSV.write(rows)
        }
    }

    /// Strategies from a file: a row with the id of a strategy changes it, a row without adds one.
    public func importStrategies(csv text: String, dryRun: Bool) throws -> SurveyImportReport {
        var problems: [ImportProblem] = []
        let rows = StandardsCSV.rows(text, columns: StandardsCSV.strategyColumns, required: ["school", "school_year", "title"], problems: &problems)
        guard problems.isEmpty else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "strategies") }
        let schools = try schoolCodes()
        var standards: [String: Int64] = [:]
        for s in try assessedStandards() where standards[s.code.lowercased()] == nil { standards[s.code.lowercased()] = s.id }
        let existing = try read { db in try Int64.fetchSet(db, sql: "SELECT id FROM sip_strategies") }
        var parsed: [(id: Int64?, values: [String: StoredValue])] = []
        var ids: [Int64: Int] = [:]
        for (line, cells) in rows {
            func problem(_ column: String, _ message: String) { problems.append(ImportProblem(line: line, column: column, message: message)) }
            var values: [String: StoredValue] = [:]
            let id = StandardsCSV.rowID(cells, line: line, noun: "strategy", existing: existing, seen: &ids, problem: problem)
            let code = cells["school"] ?? ""
            if let school = schools[code.lowercased()] { values["school_id"] = .integer(school) } else {
                problem("school", code.isEmpty ? "a school code is needed" : "no school has the code “\(code)”")
            }
            let year = cells["school_year"] ?? ""
            if SelfAssessmentRules.isSchoolYear(year) { values["school_year"] = .text(year) } else { problem("school_year", "“\(year)” is not a school year; write it as 2026-27") }
            let title = cells["title"] ?? ""
            if title.isEmpty { problem("title", "a title is needed") } else if title.count > 160 { problem("title", "longer than 160 characters") }
            values["title"] = .text(title)
            if let list = cells["standards"] {
                var chosen: [Int64] = []
                for c in list.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }) {
                    if let s = standards[c.lowercased()] { chosen.append(s) } else { problem("standards", "the active framework has no standard “\(c)”") }
                }
                values["standard_ids"] = .text(Set(chosen).sorted().map(String.init).joined(separator: ","))
            }
            for column in ["description", "owner", "grade_levels", "evaluation", "evidence"] {
                if let v = cells[column] {
                    if FieldLimits.exceeds(v, FieldLimits.freeText) { problem(column, "longer than \(FieldLimits.freeText) characters") }
                    values[column] = .text(v)
                }
            }
            var days: [String: Day] = [:]
            for column in ["start_date", "due_date"] {
                guard let v = cells[column] else { continue }
                if v.isEmpty { values[column] = .null } else if let d = Day(v) { values[column] = .text(d.description); days[column] = d } else {
                    problem(column, "“\(v)” is not a date; write it as 2026-09-01")
                }
            }
            if let s = days["start_date"], let d = days["due_date"], d < s { problem("due_date", "the due date is before the start date") }
            if let v = cells["status"] {
                if let status = StrategyStatus(rawValue: v.lowercased()) ?? StrategyStatus.from(label: v) { values["status"] = .text(status.rawValue) } else {
                    problem("status", "“\(v)” is not a status: planned, in-progress, done or dropped")
                }
            }
            parsed.append((id, values))
        }
        if rows.isEmpty { problems.append(ImportProblem(line: 1, column: nil, message: "the file has no strategies")) }
        guard problems.isEmpty, !dryRun else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "strategies") }
        try write { w in
            for p in parsed { try w.saveImported("sip_strategies", id: p.id, values: p.values) }
        }
        return StandardsCSV.report([], rows: rows.count, dryRun: false, what: "strategies")
    }
}
