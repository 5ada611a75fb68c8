import FacetModel
import Foundation
import GRDB

/// What a survey import did, or would do, and every problem it found.
public struct SurveyImportReport: Sendable, Equatable {
    public var dryRun: Bool
    public var rows = 0
    public var problems: [ImportProblem] = []
    public var what: String

    public init(dryRun: Bool, what: String) { self.dryRun = dryRun; self.what = what }

    public var summary: String {
        if !problems.isEmpty { return "\(rows) rows read; \(problems.count) problem\(problems.count == 1 ? "" : "s"), nothing \(dryRun ? "would be" : "was") imported." }
        return dryRun ? "\(rows) \(what) would be imported." : "Imported \(rows) \(what)."
    }
}

/// CSV files of surveys: results with the screen's suppression, raw responses for admins, and
/// imports of responses collected elsewhere and of translations — all or nothing.
public enum SurveyCSV {
    public static let resultColumns = ["wave", "school_year", "school_code", "school", "question", "question_code", "kind", "n",
                                       "responses", "invited", "response_rate", "percent_favourable", "mean", "change"]
    public static let suppressed = "suppressed"
    public static let translationColumns = ["key", "language", "text"]

    static func header(_ record: CSVRecord) -> [String] {
        record.fields.map { PartnershipCSV.normalizedHeader($0) }
    }

    static func records(_ text: String, problems: inout [ImportProblem]) -> [CSVRecord] {
        do { return try CSV.parse(text) } catch let error as CSVError {
            problems.append(ImportProblem(line: error.line, column: nil, message: error.message))
        } catch {
            problems.append(ImportProblem(line: 1, column: nil, message: "\(error)"))
        }
        return []
    }

    static func number(_ value: Double?, decimals: Int) -> String {
        value.map { String(format: "%.\(decimals)f", $0) } ?? ""
    }

    /// A stored answer as a file shows it.
    static func text(of answer: Answer, kind: QuestionKind) -> String {
        switch answer {
        case .dontKnow: return "dont-know"
        case .text(let t): return t
        case .value(let v): return kind == .yesNo ? (v == Answer.yes ? "yes" : "no") : String(v)
        }
    }

    /// A cell of a responses file as an answer to `q`: nil for blank; throws a message when it does not fit.
    static func answer(_ raw: String, for q: SurveyQuestion) -> Result<Answer?, ImportProblemMessage> {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return .success(nil) }
        let lower = value.lowercased()
        let answer: Answer
        if ["dont-know", "don't know", "dk", "dont know"].contains(lower) {
            answer = .dontKnow
        } else if q.kind == .openText {
            answer = .text(value)
        } else if q.kind == .yesNo, ["yes", "y", "no", "n"].contains(lower) {
            answer = .value(lower.hasPrefix("y") ? Answer.yes : Answer.no)
        } else if let v = Validation.wholeNumber(value) {
            answer = .value(v)
        } else {
            return .failure(ImportProblemMessage(text: "“\(value)” is not an answer to \(q.code) (\(expected(q)))"))
        }
        guard q.accepts(answer) else { return .failure(ImportProblemMessage(text: "“\(value)” is not an answer to \(q.code) (\(expected(q)))")) }
        return .success(answer)
    }

    static func expected(_ q: SurveyQuestion) -> String {
        var parts: [String]
        switch q.kind {
        case .scale5: parts = ["1 to 5"]
        case .yesNo: parts = ["yes or no"]
        case .oneChoice: parts = ["1 to \(q.choices)"]
        case .openText: parts = ["any text"]
        }
        if q.allowsDontKnow { parts.append("dont-know") }
        return (parts + ["blank"]).joined(separator: ", ")
    }

    struct ImportProblemMessage: Error { var text: String }
}

extension FacetStore {
    // MARK: exports

    /// The results of one wave as CSV: for the district and each school, per question — n, responses,
    /// invited, rate, percent favourable, mean, change from the previous wave — with exactly the
    /// suppression of the screen: a hidden figure is the word "suppressed", never a number.
    public func exportSurveyResultsCSV(waveID: Int64) throws -> String {
        guard let surveyID = try read({ db in try Int64.fetchOne(db, sql: "SELECT survey_id FROM survey_waves WHERE id = ?", arguments: [waveID]) }) else {
            throw StoreError.invalid("There is no survey wave \(waveID).")
        }
        let results = try surveyResults(surveyID: surveyID)
        guard let w = results.waves.firstIndex(where: { $0.waveID == waveID }) else {
            throw StoreError.invalid("Wave \(waveID) has not opened yet: it has no results.")
        }
        let wave = results.waves[w]
        var rows: [[String]] = [SurveyCSV.resultColumns]
        let groups: [(code: String, name: String, id: Int64?)] = [("DISTRICT", "District", nil)] + wave.schools.map { ($0.code, $0.name, Optional($0.id)) }
        for group in groups {
            let responses = results.responses(wave: w, school: group.id)
            for q in wave.questions {
                let cell = results.cell(wave: w, question: q, school: group.id)
                var row = [wave.name, wave.schoolYear, group.code, group.name, String(q.position), q.code, q.kind.rawValue]
                row.append(cell.n.map(String.init) ?? SurveyCSV.suppressed)
                row += [responses.map { String($0.count) } ?? SurveyCSV.suppressed, responses.map { String($0.invited) } ?? SurveyCSV.suppressed,
                        responses.map { SurveyCSV.number($0.rate, decimals: 1) } ?? SurveyCSV.suppressed]
                if cell.shown {
                    row += [SurveyCSV.number(cell.percentFavourable, decimals: 1), SurveyCSV.number(cell.mean, decimals: 2),
                            SurveyCSV.number(results.change(questionID: q.questionID, school: group.id, wave: w), decimals: 1)]
                } else {
                    row += [SurveyCSV.suppressed, SurveyCSV.suppressed, SurveyCSV.suppressed]
                }
                rows.append(row)
            }
        }
        return CSV.write(rows)
    }

    /// Every response of a wave, one a row, for an admin: school, language, channel, day and the
    /// answers — nothing else is kept, so nothing else can be given. In random order.
    public func exportResponsesCSV(waveID: Int64) throws -> String {
        guard currentUser?.role == .admin else { throw StoreError.forbidden("Only an admin can export raw survey responses.") }
        return try read { db in
            guard let wave = try Self.wave(db, id: waveID) else { throw StoreError.invalid("There is no survey wave \(waveID).") }
            let questions = wave.instrument.questions.filter { wave.waveQuestionIDs[$0.id ?? 0] != nil }
            let byWaveQuestion = Dictionary(uniqueKeysWithValues: questions.map { (wave.waveQuestionIDs[$0.id!]!, $0) })
            var rows: [[String]] = [["school_code", "language", "channel", "day"] + questions.map(\.code)]
            let column = Dictionary(uniqueKeysWithValues: questions.enumerated().map { ($0.element.code, $0.offset + 4) })
            var current: (id: Int64, row: [String])?
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT r.id, s.code, r.language, r.channel, r.given_on, a.wave_question_id, a.value, a.text
                FROM survey_responses r JOIN schools s ON s.id = r.school_id
                LEFT JOIN survey_answers a ON a.response_id = r.id
                WHERE r.wave_id = ? ORDER BY r.id
                """, arguments: [waveID])
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                if current?.id != id {
                    if let done = current { rows.append(done.row) }
                    current = (id, [row[1], row[2], row[3], row[4]] + Array(repeating: "", count: questions.count))
                }
                guard let wq: Int64 = row[5], let q = byWaveQuestion[wq], let c = column[q.code] else { continue }
                let value: Int = row[6]
                let answer: Answer = value == Answer.dontKnowCode ? .dontKnow : (value == Answer.textCode ? .text(row[7] ?? "") : .value(value))
                current!.row[c] = SurveyCSV.text(of: answer, kind: q.kind)
            }
            if let done = current { rows.append(done.row) }
            return CSV.write(rows)
        }
    }

    // MARK: imports

    /// Responses collected elsewhere (a web form, a phone bank) into an open wave. Columns by header
    /// name in any order: school (code), language (code), channel (paper, kiosk, phone, web; default
    /// paper), day (YYYY-MM-DD), and one column per question code. All or nothing: every problem is
    /// reported with its line and column and then nothing is written. The audit log gets one row
    /// saying how many responses were imported into the wave, by whom — nothing per response.
    public func importResponses(waveID: Int64, csv text: String, dryRun: Bool) throws -> SurveyImportReport {
        var report = SurveyImportReport(dryRun: dryRun, what: "responses")
        guard let wave = try wave(id: waveID) else { throw StoreError.invalid("There is no survey wave \(waveID).") }
        let records = SurveyCSV.records(text, problems: &report.problems)
        guard report.problems.isEmpty else { return report }
        guard let headerRecord = records.first else {
            report.problems.append(ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns: school, language, channel, day and the question codes"))
            return report
        }
        let header = SurveyCSV.header(headerRecord)
        let questionsByCode = Dictionary(uniqueKeysWithValues: wave.instrument.questions.map { ($0.code, $0) })
        let fixed: Set<String> = ["school", "language", "channel", "day"]
        var seen = Set<String>()
        for (i, name) in header.enumerated() {
            if !seen.insert(name).inserted {
                report.problems.append(ImportProblem(line: headerRecord.line, column: name, message: "this column appears twice in the header"))
            } else if !fixed.contains(name) && questionsByCode[name.replacingOccurrences(of: "_", with: "-")] == nil {
                report.problems.append(ImportProblem(line: headerRecord.line, column: headerRecord.fields[i],
                                                     message: "not a column of this wave's responses (school, language, channel, day, \(wave.instrument.questions.map(\.code).joined(separator: ", ")))"))
            }
        }
        for required in ["school", "day", "language"] where !header.contains(required) {
            report.problems.append(ImportProblem(line: headerRecord.line, column: required, message: "the file needs a \(required) column"))
        }
        guard report.problems.isEmpty else { return report }
        let schoolCodes = Dictionary(wave.schools.map { ($0.code.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        var submissions: [ResponseSubmission] = []
        for record in records.dropFirst() {
            report.rows += 1
            var cells: [String: String] = [:]
            for (i, name) in header.enumerated() { cells[name] = i < record.fields.count ? record.fields[i].trimmingCharacters(in: .whitespacesAndNewlines) : "" }
            let line = record.line
            let before = report.problems.count
            func problem(_ column: String, _ message: String) {
                report.problems.append(ImportProblem(line: line, column: column.isEmpty ? nil : column, message: message))
            }
            let schoolID = schoolCodes[(cells["school"] ?? "").lowercased()]
            if schoolID == nil { problem("school", (cells["school"] ?? "").isEmpty ? "a school code is needed" : "“\(cells["school"]!)” is not a school of the wave \(wave.label)") }
            let language = (cells["language"] ?? "").lowercased()
            if !wave.languages.contains(language) { problem("language", "“\(language)” is not offered in this wave (\(wave.languages.joined(separator: ", ")))") }
            let channelText = (cells["channel"] ?? "").lowercased()
            let channel = channelText.isEmpty ? ResponseChannel.paper : ResponseChannel(rawValue: channelText)
            if channel == nil { problem("channel", "“\(channelText)” is not paper, kiosk, phone or web") }
            let day = Day(cells["day"] ?? "")
            if day == nil { problem("day", "“\(cells["day"] ?? "")” is not a date as YYYY-MM-DD") }
            var answers: [Int64: Answer] = [:]
            for name in header where !fixed.contains(name) {
                let raw = cells[name] ?? ""
                guard let q = questionsByCode[name.replacingOccurrences(of: "_", with: "-")] else { continue }
                switch SurveyCSV.answer(raw, for: q) {
                case .success(let a?): answers[q.id!] = a
                case .success(nil): break
                case .failure(let m): problem(name, m.text)
                }
            }
            guard report.problems.count == before, let schoolID, let channel, let day else { continue }
            let submission = ResponseSubmission(waveID: waveID, schoolID: schoolID, language: language, channel: channel, day: day, answers: answers)
            if let message = Self.responseProblem(submission, wave: wave) {
                problem(message.contains("outside") ? "day" : "", message)
                continue
            }
            if !permits(.create, table: Entity.surveyResponses.table, scope: .schools([schoolID])) {
                problem("school", "you do not record responses for \(cells["school"]!)")
                continue
            }
            submissions.append(submission)
        }
        guard report.problems.isEmpty, !dryRun else { return report }
        try write { w in
            for s in submissions { _ = try Self.insertResponse(w, s, wave: wave) }
            try w.appendAudit(entity: Entity.surveyResponses.table, id: nil, action: "import", before: [:],
                              after: ["wave_id": .integer(waveID), "responses": .integer(Int64(submissions.count))])
        }
        return report
    }

    /// Texts of a survey in one or more languages from a CSV file with columns key, language, text
    /// (an `english` column, for the translator, is ignored): one row per question and label, keyed
    /// as `welcome`, `contact.2`, `scale.1`, `yes`, `no`, `dont-know`. All or nothing, every problem
    /// with its line; the languages are added to the survey. A language still missing texts stays
    /// incomplete and is not offered.
    public func importTranslations(surveyID: Int64, csv text: String, dryRun: Bool) throws -> SurveyImportReport {
        var report = SurveyImportReport(dryRun: dryRun, what: "texts")
        guard let instrument = try instrument(surveyID: surveyID) else { throw StoreError.invalid("There is no survey \(surveyID).") }
        let records = SurveyCSV.records(text, problems: &report.problems)
        guard report.problems.isEmpty else { return report }
        guard let headerRecord = records.first else {
            report.problems.append(ImportProblem(line: 1, column: nil, message: "the file is empty; the first line must name the columns key, language, text"))
            return report
        }
        let header = SurveyCSV.header(headerRecord)
        for name in SurveyCSV.translationColumns where !header.contains(name) {
            report.problems.append(ImportProblem(line: headerRecord.line, column: name, message: "the file needs a \(name) column"))
        }
        for (i, name) in header.enumerated() where !(SurveyCSV.translationColumns + ["english"]).contains(name) {
            report.problems.append(ImportProblem(line: headerRecord.line, column: headerRecord.fields[i], message: "not a column of a translation file (key, language, text, english)"))
        }
        guard report.problems.isEmpty else { return report }
        let keys = Set(instrument.keys)
        var texts: [String: [String: String]] = [:]
        for record in records.dropFirst() {
            report.rows += 1
            var cells: [String: String] = [:]
            for (i, name) in header.enumerated() { cells[name] = i < record.fields.count ? record.fields[i].trimmingCharacters(in: .whitespacesAndNewlines) : "" }
            let key = cells["key"] ?? "", language = (cells["language"] ?? "").lowercased(), value = cells["text"] ?? ""
            func problem(_ column: String, _ message: String) { report.problems.append(ImportProblem(line: record.line, column: column, message: message)) }
            if !keys.contains(key) { problem("key", key.isEmpty ? "a key is needed, e.g. welcome or scale.1" : "this survey has no text “\(key)”") }
            if !SurveyLanguages.isValidCode(language) { problem("language", "“\(language)” is not a language code (two or three letters, e.g. so)") }
            if value.isEmpty { problem("text", "the text is empty") }
            if texts[language]?[key] != nil { problem("key", "“\(key)” in \(language) appears twice") }
            texts[language, default: [:]][key] = value
        }
        if report.rows == 0 { report.problems.append(ImportProblem(line: headerRecord.line, column: nil, message: "the file has no texts")) }
        guard report.problems.isEmpty, !dryRun else { return report }
        try write { w in
            for (language, items) in texts.sorted(by: { $0.key < $1.key }) {
                for (key, value) in items {
                    let (questionID, item) = Self.locate(key, in: instrument)
                    try Self.setText(w, surveyID: surveyID, questionID: questionID, language: language, item: item, text: value)
                }
                try Self.addLanguage(w, surveyID: surveyID, language: language)
            }
        }
        return report
    }

    /// A translation file to fill in for `language`: every key with its English text and what is there.
    public func translationTemplateCSV(surveyID: Int64, language: String) throws -> String {
        guard let instrument = try instrument(surveyID: surveyID) else { throw StoreError.invalid("There is no survey \(surveyID).") }
        return CSV.write([["key", "language", "english", "text"]] + instrument.keys.map { key in
            [key, language, instrument.text(key, in: "en") ?? "", instrument.text(key, in: language) ?? ""]
        })
    }
}
