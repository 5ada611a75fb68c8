import FacetModel
import Foundation
import GRDB

/// A wave as screens and the kiosk need it: its window, state, schools, and the instrument as it
/// was frozen when the wave opened (or the survey's current one while it is still planned).
public struct SurveyWave: Sendable {
    public var id: Int64
    public var surveyID: Int64
    public var name: String
    public var schoolYear: String
    public var opens: Day
    public var closes: Day
    public var status: WaveStatus
    public var version: Int
    /// The languages families may answer in: complete when the wave opened.
    public var languages: [String]
    public var instrument: SurveyInstrument
    /// Survey question id → this wave's frozen question id.
    public var waveQuestionIDs: [Int64: Int64]
    public var schools: [(id: Int64, code: String, name: String, invited: Int)]

    public var label: String { "\(name) \(schoolYear)" }
}

extension FacetStore {
    // MARK: instruments

    /// The id of the survey with this title, or nil.
    public func surveyID(titled title: String) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [title]) }
    }

    /// A survey with its questions and texts as they stand now.
    public func instrument(surveyID: Int64) throws -> SurveyInstrument? {
        try read { db in try Self.instrument(db, surveyID: surveyID) }
    }

    static func instrument(_ db: Database, surveyID: Int64) throws -> SurveyInstrument? {
        guard let s = try Row.fetchOne(db, sql: "SELECT title, min_group_size, languages FROM surveys WHERE id = ?", arguments: [surveyID]) else { return nil }
        var texts: [Int64: [String: [String: String]]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT question_id, language, item, text FROM survey_texts WHERE survey_id = ?", arguments: [surveyID]) {
            texts[row["question_id"], default: [:]][row["language"], default: [:]][row["item"]] = row["text"] as String
        }
        let questions = try Row.fetchAll(db, sql: """
            SELECT id, position, code, kind, choices, favourable, dont_know, version FROM survey_questions WHERE survey_id = ? ORDER BY position, id
            """, arguments: [surveyID]).map { row -> SurveyQuestion in
            let id: Int64 = row["id"]
            return SurveyQuestion(id: id, position: row["position"], code: row["code"], kind: QuestionKind(rawValue: row["kind"]) ?? .scale5,
                                  choices: row["choices"], favourable: SurveyQuestion.parseFavourable(row["favourable"]) ?? [],
                                  allowsDontKnow: row["dont_know"], texts: texts[id] ?? [:], version: row["version"])
        }
        return SurveyInstrument(surveyID: surveyID, title: s["title"], minGroupSize: s["min_group_size"],
                                languages: SurveyLanguages.parse(s["languages"]), questions: questions, labels: texts[0] ?? [:])
    }

    /// The questions of a survey, in order.
    public func questionList(surveyID: Int64) -> PagedList {
        let list = PagedList(store: self, query: ListQuery(
            from: "survey_questions q LEFT JOIN survey_texts t ON t.survey_id = q.survey_id AND t.question_id = q.id AND t.language = 'en' AND t.item = 'text'",
            id: "q.id",
            columns: [
                .init("#", display: "q.position", sortKeys: ["q.position"]),
                .init("Code", display: "q.code", sortKeys: ["q.code"]),
                .init("Kind", display: "CASE q.kind WHEN 'scale-5' THEN 'scale' WHEN 'yes-no' THEN 'yes/no' WHEN 'one-choice' THEN 'choice' ELSE 'text' END", sortKeys: ["q.kind"]),
                .init("Question (English)", display: "COALESCE(t.text, '— no English text')", sortKeys: ["COALESCE(t.text, '')"]),
                .init("Fav.", display: "replace(q.favourable, ',', ' ')", sortKeys: ["q.favourable"]),
            ],
            searchable: ["q.code", "COALESCE(t.text, '')"]))
        list.setExtraCondition("q.survey_id = ?", arguments: [.integer(surveyID)])
        return list
    }

    /// Writes a question and its texts in the given languages (an empty text removes it), audited.
    /// Returns the question's id.
    @discardableResult
    public func saveQuestion(_ question: SurveyQuestion, surveyID: Int64, texts: [String: [String: String]]) throws -> Int64 {
        let problems = question.problems()
        guard problems.isEmpty else { throw StoreError.invalid("This question cannot be saved: " + problems.joined(separator: "; ") + ".") }
        return try write { w in
            let values: [String: (any DatabaseValueConvertible)?] = [
                "survey_id": surveyID, "position": question.position, "code": question.code, "kind": question.kind.rawValue,
                "choices": question.kind == .oneChoice ? question.choices : 0, "favourable": question.favourableList,
                "dont_know": question.allowsDontKnow,
            ]
            let clash = try Int64.fetchOne(w.db, sql: "SELECT id FROM survey_questions WHERE survey_id = ? AND code = ? AND id IS NOT ?",
                                           arguments: [surveyID, question.code, question.id])
            if clash != nil { throw StoreError.invalid("Another question of this survey already has the code “\(question.code)”.") }
            let id: Int64
            if let existing = question.id {
                try w.update("survey_questions", id: existing, expectedVersion: question.version, changes: values)
                id = existing
            } else {
                id = try w.insert(into: "survey_questions", values: values)
            }
            for (language, items) in texts {
                for (item, text) in items { try Self.setText(w, surveyID: surveyID, questionID: id, language: language, item: item, text: text) }
            }
            return id
        }
    }

    /// Deletes a question and its texts (waves that already opened keep their frozen copy).
    public func deleteQuestion(id: Int64, expectedVersion: Int) throws {
        try write { w in
            for row in try Row.fetchAll(w.db, sql: "SELECT t.id, t.version FROM survey_texts t JOIN survey_questions q ON q.id = t.question_id AND q.survey_id = t.survey_id WHERE q.id = ?", arguments: [id]) {
                try w.delete(from: "survey_texts", id: row["id"], expectedVersion: row["version"])
            }
            try w.delete(from: "survey_questions", id: id, expectedVersion: expectedVersion)
        }
    }

    /// Sets one text, inserting, updating or (when empty) deleting its row, audited.
    static func setText(_ w: AuditedWriter, surveyID: Int64, questionID: Int64, language: String, item: String, text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let existing = try Row.fetchOne(w.db, sql: """
            SELECT id, version, text FROM survey_texts WHERE survey_id = ? AND question_id = ? AND language = ? AND item = ?
            """, arguments: [surveyID, questionID, language, item])
        switch (existing, trimmed.isEmpty) {
        case (nil, true): break
        case (nil, false):
            try w.insert(into: "survey_texts", values: ["survey_id": surveyID, "question_id": questionID, "language": language, "item": item, "text": trimmed])
        case (let row?, true): try w.delete(from: "survey_texts", id: row["id"], expectedVersion: row["version"])
        case (let row?, false):
            if (row["text"] as String) != trimmed {
                try w.update("survey_texts", id: row["id"], expectedVersion: row["version"], changes: ["text": trimmed])
            }
        }
    }

    /// Sets a survey's texts in one language by translation key ("welcome", "contact.2", "scale.1",
    /// "yes", "dont-know"), and adds the language to the survey; one audited transaction. Keys the
    /// survey does not have are refused.
    public func saveTranslation(surveyID: Int64, language: String, texts: [String: String]) throws {
        guard SurveyLanguages.isValidCode(language) else { throw StoreError.invalid("“\(language)” is not a language code (two or three letters, e.g. so).") }
        try write { w in
            guard let instrument = try Self.instrument(w.db, surveyID: surveyID) else { throw StoreError.notFound(entity: "surveys", id: surveyID) }
            let unknown = texts.keys.filter { !instrument.keys.contains($0) }.sorted()
            guard unknown.isEmpty else { throw StoreError.invalid("This survey has no text “\(unknown.joined(separator: "”, “"))”.") }
            for (key, text) in texts {
                let (questionID, item) = Self.locate(key, in: instrument)
                try Self.setText(w, surveyID: surveyID, questionID: questionID, language: language, item: item, text: text)
            }
            try Self.addLanguage(w, surveyID: surveyID, language: language)
        }
    }

    static func addLanguage(_ w: AuditedWriter, surveyID: Int64, language: String) throws {
        guard let row = try Row.fetchOne(w.db, sql: "SELECT languages, version FROM surveys WHERE id = ?", arguments: [surveyID]) else { return }
        let languages = SurveyLanguages.parse(row["languages"])
        if !languages.contains(language) {
            try w.update("surveys", id: surveyID, expectedVersion: row["version"], changes: ["languages": (languages + [language]).joined(separator: ",")])
        }
    }

    /// A translation key as (question id or 0 for shared labels, item).
    static func locate(_ key: String, in instrument: SurveyInstrument) -> (Int64, String) {
        if instrument.sharedItems.contains(key) { return (0, key) }
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        let q = instrument.questions.first { $0.code == parts[0] }
        return (q?.id ?? -1, parts.count == 2 ? parts[1] : "text")
    }

    // MARK: waves

    public func waveList(surveyID: Int64) -> PagedList {
        let list = PagedList(store: self, query: ListQuery(
            from: "survey_waves w",
            id: "w.id",
            columns: [
                .init("Wave", display: "w.name || '  #' || w.id", sortKeys: ["w.opens"]),
                .init("Year", display: "w.school_year", sortKeys: ["w.school_year"]),
                .init("Opens", display: "w.opens", sortKeys: ["w.opens"]),
                .init("Closes", display: "w.closes", sortKeys: ["w.closes"]),
                .init("Status", display: "upper(substr(w.status, 1, 1)) || substr(w.status, 2)", sortKeys: ["w.status"]),
                .init("Schools", display: "(SELECT COUNT(*) FROM survey_wave_schools ws WHERE ws.wave_id = w.id)"),
                // The kept count per school (one row per school, not per school, day and channel).
                .init("Responses", display: "COALESCE((SELECT SUM(responses) FROM survey_school_responses c WHERE c.wave_id = w.id), 0)"),
            ],
            searchable: ["w.name", "w.school_year", "w.status"],
            flag: "CASE w.status WHEN 'open' THEN 'success' WHEN 'closed' THEN 'muted' END"))
        list.setExtraCondition("w.survey_id = ?", arguments: [.integer(surveyID)])
        return list
    }

    /// The schools of a wave with the families invited or served at each (for the response rate).
    public func waveSchoolList(waveID: Int64) -> PagedList {
        let list = PagedList(store: self, query: ListQuery(
            from: "survey_wave_schools ws JOIN schools s ON s.id = ws.school_id",
            id: "ws.id",
            columns: [
                .init("Code", display: "s.code", sortKeys: ["s.code COLLATE NOCASE"]),
                .init("School", display: "s.name", sortKeys: ["s.name COLLATE NOCASE"]),
                .init("Families invited", display: "ws.invited", sortKeys: ["ws.invited"]),
            ],
            searchable: ["s.code", "s.name"]))
        list.setExtraCondition("ws.wave_id = ?", arguments: [.integer(waveID)])
        return list
    }

    /// Creates a planned wave with its schools and the families invited at each; audited.
    @discardableResult
    public func createWave(surveyID: Int64, name: String, schoolYear: String, opens: Day, closes: Day, invited: [Int64: Int]) throws -> Int64 {
        guard closes >= opens else { throw StoreError.invalid("A wave closes on or after the day it opens.") }
        return try write { w in
            let id = try w.insert(into: "survey_waves", values: ["survey_id": surveyID, "name": name, "school_year": schoolYear,
                                                                 "opens": opens.description, "closes": closes.description, "status": WaveStatus.planned.rawValue])
            for (school, count) in invited {
                try w.insert(into: "survey_wave_schools", values: ["wave_id": id, "school_id": school, "invited": max(0, count)])
            }
            return id
        }
    }

    /// Changes a wave's name, year and window and its schools (new ones get `defaultInvited`), in one
    /// audited, version-checked transaction.
    public func updateWave(id: Int64, expectedVersion: Int, name: String, schoolYear: String, opens: Day, closes: Day,
                           schoolIDs: Set<Int64>, defaultInvited: Int) throws {
        guard closes >= opens else { throw StoreError.invalid("A wave closes on or after the day it opens.") }
        try write { w in
            try w.update("survey_waves", id: id, expectedVersion: expectedVersion,
                         changes: ["name": name, "school_year": schoolYear, "opens": opens.description, "closes": closes.description])
            try Self.setWaveSchools(w, waveID: id, schoolIDs: schoolIDs, defaultInvited: defaultInvited)
        }
    }

    /// Sets a wave's schools (added with `defaultInvited`, removed when not listed); refused once it
    /// has responses from a school being removed.
    public func setWaveSchools(waveID: Int64, schoolIDs: Set<Int64>, defaultInvited: Int = 0) throws {
        try write { w in try Self.setWaveSchools(w, waveID: waveID, schoolIDs: schoolIDs, defaultInvited: defaultInvited) }
    }

    static func setWaveSchools(_ w: AuditedWriter, waveID: Int64, schoolIDs: Set<Int64>, defaultInvited: Int) throws {
        do {
            let current = try Row.fetchAll(w.db, sql: "SELECT id, school_id, version FROM survey_wave_schools WHERE wave_id = ?", arguments: [waveID])
            for row in current where !schoolIDs.contains(row["school_id"]) {
                let answered = try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM survey_responses WHERE wave_id = ? AND school_id = ?",
                                                arguments: [waveID, row["school_id"] as Int64]) ?? 0
                if answered > 0 { throw StoreError.invalid("A school with responses in this wave cannot be taken out of it.") }
                try w.delete(from: "survey_wave_schools", id: row["id"], expectedVersion: row["version"])
            }
            let have = Set(current.map { $0["school_id"] as Int64 })
            for school in schoolIDs.subtracting(have).sorted() {
                try w.insert(into: "survey_wave_schools", values: ["wave_id": waveID, "school_id": school, "invited": max(0, defaultInvited)])
            }
        }
    }

    /// Opens a wave (freezing the survey's questions and texts the first time), closes it, or reopens
    /// it. Opening needs questions, schools and at least one language complete; audited.
    public func setWaveStatus(waveID: Int64, expectedVersion: Int, to status: WaveStatus) throws {
        try write { w in
            guard let wave = try Row.fetchOne(w.db, sql: "SELECT survey_id, status FROM survey_waves WHERE id = ?", arguments: [waveID]) else {
                throw StoreError.notFound(entity: "survey_waves", id: waveID)
            }
            var changes: [String: (any DatabaseValueConvertible)?] = ["status": status.rawValue]
            let frozen = try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM survey_wave_questions WHERE wave_id = ?", arguments: [waveID]) ?? 0
            if status == .open && frozen == 0 {
                guard let instrument = try Self.instrument(w.db, surveyID: wave["survey_id"]), !instrument.questions.isEmpty else {
                    throw StoreError.invalid("The survey has no questions yet.")
                }
                let languages = instrument.completeLanguages
                guard !languages.isEmpty else {
                    throw StoreError.invalid("No language of the survey is complete; a wave opens with the languages whose every text is there.")
                }
                let schools = try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM survey_wave_schools WHERE wave_id = ?", arguments: [waveID]) ?? 0
                guard schools > 0 else { throw StoreError.invalid("Choose the schools taking part before opening the wave.") }
                try Self.freeze(w.db, waveID: waveID, instrument: instrument, languages: languages)
                changes["languages"] = languages.joined(separator: ",")
                changes["labels"] = SurveySchema.encode(instrument.labels.filter { languages.contains($0.key) })
            }
            try w.update("survey_waves", id: waveID, expectedVersion: expectedVersion, changes: changes)
        }
    }

    /// Copies the questions and their texts in `languages` into the wave.
    static func freeze(_ db: Database, waveID: Int64, instrument: SurveyInstrument, languages: [String]) throws {
        for q in instrument.questions {
            try db.execute(sql: """
                INSERT INTO survey_wave_questions (wave_id, question_id, position, code, kind, choices, favourable, dont_know, texts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [waveID, q.id, q.position, q.code, q.kind.rawValue, q.choices, q.favourableList, q.allowsDontKnow,
                                 SurveySchema.encode(q.texts.filter { languages.contains($0.key) })])
        }
    }

    public func wave(id: Int64) throws -> SurveyWave? {
        try read { db in try Self.wave(db, id: id) }
    }

    /// A wave's instrument as it was frozen (for labels), without reading its schools (1,800 on the
    /// largest district: the results screen's distribution needs only the labels).
    public func waveInstrument(id: Int64) throws -> SurveyInstrument? {
        try read { db in try Self.wave(db, id: id, withSchools: false)?.instrument }
    }

    static func wave(_ db: Database, id: Int64, withSchools: Bool = true) throws -> SurveyWave? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM survey_waves WHERE id = ?", arguments: [id]),
              var instrument = try instrument(db, surveyID: row["survey_id"]) else { return nil }
        var waveQuestionIDs: [Int64: Int64] = [:]
        let frozen = try Row.fetchAll(db, sql: "SELECT * FROM survey_wave_questions WHERE wave_id = ? ORDER BY position, id", arguments: [id])
        var languages = instrument.completeLanguages
        if !frozen.isEmpty {
            instrument.questions = frozen.map { q in
                waveQuestionIDs[q["question_id"]] = q["id"]
                return SurveyQuestion(id: q["question_id"], position: q["position"], code: q["code"], kind: QuestionKind(rawValue: q["kind"]) ?? .scale5,
                                      choices: q["choices"], favourable: SurveyQuestion.parseFavourable(q["favourable"]) ?? [],
                                      allowsDontKnow: q["dont_know"], texts: SurveySchema.decode(q["texts"]))
            }
            instrument.labels = SurveySchema.decode(row["labels"])
            languages = SurveyLanguages.parse(row["languages"])
            instrument.languages = languages
        }
        let schools = !withSchools ? [] : try Row.fetchAll(db, sql: """
            SELECT s.id, s.code, s.name, ws.invited FROM survey_wave_schools ws JOIN schools s ON s.id = ws.school_id
            WHERE ws.wave_id = ? ORDER BY s.code COLLATE NOCASE, s.id
            """, arguments: [id]).map { (id: $0["id"] as Int64, code: $0["code"] as String, name: $0["name"] as String, invited: $0["invited"] as Int) }
        return SurveyWave(id: id, surveyID: row["survey_id"], name: row["name"], schoolYear: row["school_year"],
                          opens: Day(row["opens"]) ?? Day(year: 2000, month: 1, day: 1)!, closes: Day(row["closes"]) ?? Day(year: 2000, month: 1, day: 1)!,
                          status: WaveStatus(rawValue: row["status"]) ?? .planned, version: row["version"], languages: languages,
                          instrument: instrument, waveQuestionIDs: waveQuestionIDs, schools: schools)
    }

    /// The most recent wave of a survey that has opened (for results), else nil.
    public func latestWaveID(surveyID: Int64) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM survey_waves WHERE survey_id = ? AND status != 'planned' ORDER BY opens DESC, id DESC LIMIT 1",
                               arguments: [surveyID])
        }
    }

    // MARK: responses

    /// Keeps one anonymous response, all or nothing.
    ///
    /// The wave must be open, the day inside its window, the school one of its schools (and one the
    /// user may record for: a coordinator's or a front office's own school), the language one the
    /// wave offers, every answer one its question takes, and at least one question answered.
    /// Nothing about the respondent is stored: no login, no time finer than the day, and no audit
    /// row (responses are counted per wave, school, day and channel instead). Returns the
    /// response's id, which is random. Throws `StoreError.invalid` with the reason in words,
    /// `forbidden`, or `busy` — and then nothing was written.
    @discardableResult
    public func submitResponse(_ response: ResponseSubmission) throws -> Int64 {
        try write { w in try Self.insertResponse(w, response, wave: nil) }
    }

    static func insertResponse(_ w: AuditedWriter, _ response: ResponseSubmission, wave known: SurveyWave?) throws -> Int64 {
        guard let wave = try known ?? Self.wave(w.db, id: response.waveID) else { throw StoreError.invalid("There is no such survey wave.") }
        if let problem = responseProblem(response, wave: wave) { throw StoreError.invalid(problem) }
        try w.authorize(.create, table: Entity.surveyResponses.table, scope: .schools([response.schoolID]))
        var id: Int64 = 0
        // A random id: the order in which responses were given cannot be read from the table.
        repeat {
            id = Int64.random(in: 1...Int64(1) << 53)
        } while try Int.fetchOne(w.db, sql: "SELECT 1 FROM survey_responses WHERE id = ?", arguments: [id]) != nil
        try w.db.execute(sql: "INSERT INTO survey_responses (id, wave_id, school_id, language, channel, given_on) VALUES (?, ?, ?, ?, ?, ?)",
                         arguments: [id, response.waveID, response.schoolID, response.language, response.channel.rawValue, response.day.description])
        for (questionID, answer) in response.answers {
            guard let wq = wave.waveQuestionIDs[questionID] else { continue }
            var text: String?
            if case .text(let t) = answer { text = t.trimmingCharacters(in: .whitespacesAndNewlines) }
            try w.db.execute(sql: "INSERT INTO survey_answers (response_id, wave_question_id, value, text) VALUES (?, ?, ?, ?)",
                             arguments: [id, wq, answer.code, text])
        }
        return id
    }

    /// Takes back a response entered by mistake (paper entry's undo, by the id its save returned):
    /// the response and its answers go in one transaction, and the triggers lower the tallies and
    /// the per wave, school, day and channel count that stands in for audit rows. Like writing a
    /// response, it is checked against the access policy; a closed wave's responses stay.
    public func deleteResponse(id: Int64) throws {
        try write { w in
            guard let row = try Row.fetchOne(w.db, sql: "SELECT wave_id, school_id FROM survey_responses WHERE id = ?", arguments: [id]) else {
                throw StoreError.invalid("That form is no longer there.")
            }
            try w.authorize(.delete, table: Entity.surveyResponses.table, scope: .schools([row["school_id"]]))
            guard let wave = try Self.wave(w.db, id: row["wave_id"]) else { throw StoreError.invalid("There is no such survey wave.") }
            guard wave.status == .open else { throw StoreError.invalid("The wave \(wave.label) is closed; its responses no longer change.") }
            try w.db.execute(sql: "DELETE FROM survey_responses WHERE id = ?", arguments: [id])
        }
    }

    /// Why a response cannot be kept in `wave`, in words; nil when it can.
    static func responseProblem(_ r: ResponseSubmission, wave: SurveyWave) -> String? {
        switch wave.status {
        case .planned: return "The wave \(wave.label) has not opened yet."
        case .closed: return "The wave \(wave.label) is closed and takes no more responses."
        case .open: break
        }
        if r.day < wave.opens || r.day > wave.closes {
            return "\(r.day) is outside the wave \(wave.label) (\(wave.opens) to \(wave.closes))."
        }
        guard wave.schools.contains(where: { $0.id == r.schoolID }) else { return "That school does not take part in the wave \(wave.label)." }
        guard wave.languages.contains(r.language) else {
            return "The wave \(wave.label) is not offered in \(SurveyLanguages.name(r.language)) (offered: \(wave.languages.map(SurveyLanguages.name).joined(separator: ", ")))."
        }
        var answered = 0
        for (questionID, answer) in r.answers {
            guard let q = wave.instrument.questions.first(where: { $0.id == questionID }), wave.waveQuestionIDs[questionID] != nil else {
                return "The wave \(wave.label) has no question #\(questionID)."
            }
            guard q.accepts(answer) else { return "Question \(q.position) (\(q.code)) does not take that answer." }
            answered += 1
        }
        if answered == 0 { return "A form with every question blank is not a response." }
        return nil
    }

    /// How many responses a wave has at a school (nil: all its schools).
    public func responseCount(waveID: Int64, schoolID: Int64? = nil) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(responses), 0) FROM survey_school_responses WHERE wave_id = ? AND (? IS NULL OR school_id = ?)",
                             arguments: [waveID, schoolID, schoolID]) ?? 0
        }
    }

    // MARK: results

    /// The tallies of every wave of a survey that has opened, oldest first, with suppression applied.
    /// With `questionCode`, only that question's tallies are read (the dashboard's headline figure):
    /// suppression is decided per question, so its figures are the same as in the full results.
    public func surveyResults(surveyID: Int64, questionCode: String? = nil) throws -> SurveyResults {
        try read { db in
            let minimum = try Int.fetchOne(db, sql: "SELECT min_group_size FROM surveys WHERE id = ?", arguments: [surveyID]) ?? 10
            let waveRows = try Row.fetchAll(db, sql: """
                SELECT id, name, school_year FROM survey_waves WHERE survey_id = ? AND status != 'planned' ORDER BY opens, id
                """, arguments: [surveyID])
            let waves = try waveRows.map { try Self.waveTallies(db, waveID: $0["id"], name: $0["name"], schoolYear: $0["school_year"], questionCode: questionCode) }
            return SurveyResults(minimum: minimum, waves: waves)
        }
    }

    /// A wave's questions as frozen when it opened (only `questionCode`'s when given), in order.
    static func waveQuestions(_ db: Database, waveID: Int64, questionCode: String? = nil) throws -> [WaveTallies.Question] {
        // Only the English text is needed: SQLite picks it out of the frozen texts' JSON (decoding
        // every question's texts in Swift was a good part of the results screen's first open).
        try Row.fetchAll(db, sql: """
            SELECT id, question_id, position, code, kind, choices, favourable,
                   COALESCE(CASE WHEN json_valid(texts) AND json_type(texts, '$.en.text') = 'text' THEN json_extract(texts, '$.en.text') END, code) AS english
            FROM survey_wave_questions WHERE wave_id = ? AND (? IS NULL OR code = ?) ORDER BY position, id
            """, arguments: [waveID, questionCode, questionCode]).map { q in
            let kind = QuestionKind(rawValue: q["kind"]) ?? .scale5
            let question = SurveyQuestion(position: q["position"], code: q["code"], kind: kind, choices: q["choices"])
            return WaveTallies.Question(waveQuestionID: q["id"], questionID: q["question_id"], position: q["position"], code: q["code"],
                                        text: q["english"], kind: kind,
                                        favourable: SurveyQuestion.parseFavourable(q["favourable"]) ?? [], values: question.values)
        }
    }

    static func waveTallies(_ db: Database, waveID: Int64, name: String, schoolYear: String, questionCode: String? = nil) throws -> WaveTallies {
        let questions = try waveQuestions(db, waveID: waveID, questionCode: questionCode)
        var responses: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT school_id, SUM(count) AS n FROM survey_response_counts WHERE wave_id = ? GROUP BY school_id", arguments: [waveID]) {
            responses[row["school_id"]] = row["n"]
        }
        let schools = try Row.fetchAll(db, sql: """
            SELECT s.id, s.code, s.name, ws.invited FROM survey_wave_schools ws JOIN schools s ON s.id = ws.school_id
            WHERE ws.wave_id = ? ORDER BY s.code COLLATE NOCASE, s.id
            """, arguments: [waveID]).map { r in
            WaveTallies.School(id: r["id"], code: r["code"], name: r["name"], invited: r["invited"], responses: responses[r["id"]] ?? 0)
        }
        var tallies: [Int64: [Int64: Tally]] = [:]
        let asked = Set(questions.map(\.waveQuestionID))
        let only = questionCode == nil ? "" : " AND wave_question_id IN (\(asked.isEmpty ? "NULL" : asked.map(String.init).joined(separator: ",")))"
        let cursor = try Row.fetchCursor(db, sql: "SELECT wave_question_id, school_id, answer, count FROM survey_tallies WHERE wave_id = ? AND count > 0" + only, arguments: [waveID])
        while let row = try cursor.next() {
            tallies[row[0], default: [:]][row[1], default: Tally()].add(code: row[2], count: row[3])
        }
        return WaveTallies(waveID: waveID, name: name, schoolYear: schoolYear, questions: questions, schools: schools, tallies: tallies)
    }

    /// The open-text answers to a question in a wave, for a school or (nil) the district — only
    /// when that figure is shown by the results' suppression (at least the minimum, never a small
    /// school); otherwise none. Shuffled by the responses' random ids.
    public func openTextAnswers(results: SurveyResults, wave w: Int, question: WaveTallies.Question, school: Int64?) throws -> [String] {
        guard question.kind == .openText, results.cell(wave: w, question: question, school: school).shown else { return [] }
        return try openTexts(waveID: results.waves[w].waveID, waveQuestionID: question.waveQuestionID, school: school)
    }

    /// The open-text answers to a wave question (at a school), at most `limit`, in the order of the
    /// responses' random ids: callers check the figure is shown. A school's are found through its
    /// responses (a hundred or so), not by walking every answer to the question.
    func openTexts(waveID: Int64, waveQuestionID: Int64, school: Int64?, limit: Int = -1) throws -> [String] {
        try read { db in
            if let school {
                return try String.fetchAll(db, sql: """
                    SELECT a.text FROM survey_responses r CROSS JOIN survey_answers a ON a.response_id = r.id AND a.wave_question_id = ?
                    WHERE r.wave_id = ? AND r.school_id = ? AND a.text IS NOT NULL ORDER BY a.response_id LIMIT ?
                    """, arguments: [waveQuestionID, waveID, school, limit])
            }
            return try String.fetchAll(db, sql: """
                SELECT text FROM survey_answers WHERE wave_question_id = ? AND text IS NOT NULL ORDER BY response_id LIMIT ?
                """, arguments: [waveQuestionID, limit])
        }
    }
}
