import FacetModel
import Foundation
import GRDB

/// Campaign events and toolkit resources in and out of spreadsheets: `facet import|export
/// events|resources`. All or nothing, every problem with its line and column; an export imported
/// back into the same database changes nothing.
public enum OutreachCSV {
    public static let eventColumns = ["id", "campaign", "school_year", "school", "kind", "topic", "date", "place", "languages",
                                      "interpretation", "childcare", "attendance", "materials"]
    public static let resourceColumns = ["id", "title", "kind", "standards", "languages", "location", "grade_band", "reviewed_by", "reviewed_on"]

    static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "1", "true", "x": return true
        case "no", "n", "0", "false", "": return false
        default: return nil
        }
    }
}

extension FacetStore {
    // MARK: events

    public func exportEventsCSV() throws -> String {
        try read { db in
            var rows = [OutreachCSV.eventColumns]
            for r in try Row.fetchAll(db, sql: """
                SELECT e.*, c.title AS campaign, c.school_year, s.code AS school FROM outreach_events e
                JOIN campaigns c ON c.id = e.campaign_id JOIN schools s ON s.id = e.school_id
                ORDER BY c.school_year, c.title, e.held_on, s.code COLLATE NOCASE, e.id
                """) {
                func text(_ c: String) -> String { PartnershipCSV.neutralized((r[c] as String?) ?? "") }
                let id: Int64 = r["id"], interpretation: Bool = r["interpretation"], childcare: Bool = r["childcare"]
                rows.append([String(id), text("campaign"), text("school_year"), text("school"), text("kind"), text("topic"), text("held_on"),
                             text("place"), text("languages"), interpretation ? "yes" : "no", childcare ? "yes" : "no", text("attendance"), text("materials")])
            }
            return CSV.write(rows)
        }
    }

    /// Events from a file: a row with the id of an event changes it, a row without adds one.
    /// The campaign is named by its title and school year; attendance as "Spanish 12, English 30".
    public func importEvents(csv text: String, dryRun: Bool) throws -> SurveyImportReport {
        var problems: [ImportProblem] = []
        let rows = StandardsCSV.rows(text, columns: OutreachCSV.eventColumns, required: ["campaign", "school_year", "school", "topic", "date"],
                                     problems: &problems)
        guard problems.isEmpty else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "events") }
        let schools = try schoolCodes()
        let campaigns: [String: Int64] = try read { db in
            var result: [String: Int64] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, title, school_year FROM campaigns") {
                let title: String = r["title"], year: String = r["school_year"]
                result["\(title.lowercased())|\(year)"] = r["id"]
            }
            return result
        }
        let existing = try read { db in try Int64.fetchSet(db, sql: "SELECT id FROM outreach_events") }
        var parsed: [(id: Int64?, event: OutreachEvent)] = []
        var ids: [Int64: Int] = [:]
        for (line, cells) in rows {
            func problem(_ column: String, _ message: String) { problems.append(ImportProblem(line: line, column: column, message: message)) }
            let id = StandardsCSV.rowID(cells, line: line, noun: "event", existing: existing, seen: &ids, problem: problem)
            let title = cells["campaign"] ?? "", year = cells["school_year"] ?? ""
            if !SelfAssessmentRules.isSchoolYear(year) { problem("school_year", "“\(year)” is not a school year; write it as 2026-27") }
            let campaign = campaigns["\(title.lowercased())|\(year)"]
            if campaign == nil && SelfAssessmentRules.isSchoolYear(year) {
                problem("campaign", title.isEmpty ? "a campaign title is needed" : "no campaign “\(title)” in \(year); an admin adds it in the Outreach pane first")
            }
            let code = cells["school"] ?? ""
            let school = schools[code.lowercased()]
            if school == nil { problem("school", code.isEmpty ? "a school code is needed" : "no school has the code “\(code)”") }
            let day = Day(cells["date"] ?? "")
            if day == nil { problem("date", "“\(cells["date"] ?? "")” is not a date; write it as 2026-10-01") }
            var kind = EventKind.workshop
            if let raw = cells["kind"], !raw.isEmpty {
                if let k = EventKind(rawValue: raw.lowercased()) ?? EventKind.from(label: raw) { kind = k } else {
                    problem("kind", "“\(raw)” is not a kind: workshop or information-night")
                }
            }
            var flags: [String: Bool] = [:]
            for column in ["interpretation", "childcare"] {
                let raw = cells[column] ?? ""
                if let b = OutreachCSV.yesNo(raw) { flags[column] = b } else { problem(column, "“\(raw)” is not yes or no") }
            }
            var event = OutreachEvent(campaignID: campaign ?? 0, schoolID: school ?? 0, kind: kind, topic: cells["topic"] ?? "",
                                      heldOn: day ?? Day(year: 2000, month: 1, day: 1)!)
            event.place = cells["place"] ?? ""
            event.languages = cells["languages"] ?? ""
            event.interpretation = flags["interpretation"] ?? false
            event.childcare = flags["childcare"] ?? false
            event.attendance = cells["attendance"] ?? ""
            event.materials = cells["materials"] ?? ""
            for p in event.problems() { problem(p.column, p.message) }
            parsed.append((id, event))
        }
        if rows.isEmpty { problems.append(ImportProblem(line: 1, column: nil, message: "the file has no events")) }
        guard problems.isEmpty, !dryRun else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "events") }
        try write { w in
            for p in parsed { try w.saveImported("outreach_events", id: p.id, values: p.event.columns) }
        }
        return StandardsCSV.report([], rows: rows.count, dryRun: false, what: "events")
    }

    // MARK: toolkit resources

    public func exportResourcesCSV() throws -> String {
        try read { db in
            let codes = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, code FROM standards").map { ($0["id"] as Int64, $0["code"] as String) })
            var rows = [OutreachCSV.resourceColumns]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM toolkit_resources ORDER BY title COLLATE NOCASE, id") {
                func text(_ c: String) -> String { PartnershipCSV.neutralized((r[c] as String?) ?? "") }
                let id: Int64 = r["id"]
                let standards = (r["standard_ids"] as String).split(separator: ",").compactMap { Int64($0) }.compactMap { codes[$0] }.joined(separator: " ")
                rows.append([String(id), text("title"), text("kind"), standards, text("languages").replacingOccurrences(of: ",", with: "; "), text("location"),
                             text("grade_band"), text("reviewed_by"), text("reviewed_on")])
            }
            return CSV.write(rows)
        }
    }

    /// Resources from a file: a row with the id of a resource changes it, a row without adds one.
    /// Standards by code, separated by spaces; languages separated by ";" or ",".
    public func importResources(csv text: String, dryRun: Bool) throws -> SurveyImportReport {
        var problems: [ImportProblem] = []
        let rows = StandardsCSV.rows(text, columns: OutreachCSV.resourceColumns, required: ["title", "kind"], problems: &problems)
        guard problems.isEmpty else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "resources") }
        var standards: [String: Int64] = [:]
        for s in try assessedStandards() where standards[s.code.lowercased()] == nil { standards[s.code.lowercased()] = s.id }
        let existing = try read { db in try Int64.fetchSet(db, sql: "SELECT id FROM toolkit_resources") }
        var parsed: [(id: Int64?, values: [String: StoredValue])] = []
        var ids: [Int64: Int] = [:]
        for (line, cells) in rows {
            func problem(_ column: String, _ message: String) { problems.append(ImportProblem(line: line, column: column, message: message)) }
            var values: [String: StoredValue] = [:]
            let id = StandardsCSV.rowID(cells, line: line, noun: "resource", existing: existing, seen: &ids, problem: problem)
            let title = cells["title"] ?? ""
            if title.isEmpty { problem("title", "a title is needed") } else if title.count > 160 { problem("title", "longer than 160 characters") }
            values["title"] = .text(title)
            let kindText = cells["kind"] ?? ""
            if let kind = ResourceKind(rawValue: kindText.lowercased()) ?? ResourceKind.from(label: kindText) { values["kind"] = .text(kind.rawValue) } else {
                problem("kind", "“\(kindText)” is not a kind: guide, video, handout or workshop-kit")
            }
            if let list = cells["standards"] {
                var chosen: [Int64] = []
                for c in list.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }) {
                    if let s = standards[c.lowercased()] { chosen.append(s) } else { problem("standards", "the active framework has no standard “\(c)”") }
                }
                values["standard_ids"] = .text(Set(chosen).sorted().map(String.init).joined(separator: ","))
            }
            if let raw = cells["languages"] {
                values["languages"] = .text(FamilyLanguages.list(raw.replacingOccurrences(of: ";", with: ",")).joined(separator: ","))
            }
            for (column, limit) in [("location", 400), ("grade_band", 20), ("reviewed_by", 120)] {
                if let v = cells[column] {
                    if FieldLimits.exceeds(v, limit) { problem(column, "longer than \(limit) characters") }
                    values[column] = .text(v)
                }
            }
            if let v = cells["reviewed_on"] {
                if v.isEmpty { values["reviewed_on"] = .null } else if let d = Day(v) { values["reviewed_on"] = .text(d.description) } else {
                    problem("reviewed_on", "“\(v)” is not a date; write it as 2026-09-01")
                }
            }
            parsed.append((id, values))
        }
        if rows.isEmpty { problems.append(ImportProblem(line: 1, column: nil, message: "the file has no resources")) }
        guard problems.isEmpty, !dryRun else { return StandardsCSV.report(problems, rows: rows.count, dryRun: dryRun, what: "resources") }
        try write { w in
            for p in parsed { try w.saveImported("toolkit_resources", id: p.id, values: p.values) }
        }
        return StandardsCSV.report([], rows: rows.count, dryRun: false, what: "resources")
    }
}
