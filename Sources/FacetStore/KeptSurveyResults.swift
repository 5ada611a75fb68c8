import FacetModel
import GRDB

/// A survey's results as the results screen reads them: from the summaries kept by triggers
/// (`SurveySummarySchema`, migration v19), only what is asked for — the figures of the schools on
/// screen, a dozen district rows, and per question the few indexed facts its suppression needs —
/// each read once and kept here until the data change (the screen then asks for a fresh one).
///
/// The figures and the suppression are exactly those of `SurveyResults`, which exports, the
/// dashboard and reports still compute from every school's tallies: the same sums give the same
/// percent and mean, and `Suppression.decide(_:minimum:)` makes the same decision from the facts
/// as `decide(parts:minimum:)` from every part (`SurveyRulesTests`, `SurveySummaryTests`).
/// The response counts' suppression is decided the same way from the kept responses per school;
/// the wave's schools are read a page at a time along an index of their codes.
public final class KeptSurveyResults: WaveByWaveResults {
    public struct Wave: Sendable {
        public var waveID: Int64
        public var name: String
        public var schoolYear: String
        public var questions: [WaveTallies.Question]
        public var label: String { "\(name) \(schoolYear)" }
    }

    /// A wave's response counts' suppression and totals, from indexed facts as for the cells.
    private struct ResponseFacts {
        var decision: Suppression.FactsDecision
        var count: Int
        var invited: Int
    }

    /// Schools are read a page at a time in the order of their codes.
    private static let schoolPage = 50

    public let surveyID: Int64
    public let minimum: Int
    /// The waves that have opened, oldest first.
    public let waves: [Wave]
    private let store: FacetStore
    private var schoolCounts: [Int: Int] = [:]
    private var schoolPages: [Int: [Int: [WaveTallies.School]]] = [:]
    private var schoolRows: [Int: [Int64: WaveTallies.School]] = [:]
    private var responseFacts: [Int: ResponseFacts] = [:]
    private var membership: [Int: [Int64: Bool]] = [:]
    private var decisions: [Int64: Suppression.FactsDecision] = [:]
    private var districtTallies: [Int: [Int64: Tally]] = [:]
    /// Wave → school → wave question → sums.
    private var sums: [Int: [Int64: [Int64: CellSums]]] = [:]

    init(store: FacetStore, surveyID: Int64, minimum: Int, waves: [Wave]) {
        self.store = store; self.surveyID = surveyID; self.minimum = minimum; self.waves = waves
    }

    // MARK: schools

    /// How many schools take part in wave `w`.
    public func schoolCount(wave w: Int) -> Int {
        if let kept = schoolCounts[w] { return kept }
        let count = ((try? store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_wave_schools WHERE wave_id = ?", arguments: [waves[w].waveID])
        }) ?? nil) ?? 0
        schoolCounts[w] = count
        return count
    }

    /// The `index`th school of wave `w`, in the order of their codes (read with its page: the
    /// schools' code index walked to that page, not every school sorted).
    public func school(wave w: Int, at index: Int) -> WaveTallies.School {
        let page = index / Self.schoolPage
        if let rows = schoolPages[w]?[page], rows.indices.contains(index % Self.schoolPage) { return rows[index % Self.schoolPage] }
        let rows = (try? store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.code, s.name, ws.invited, COALESCE(sr.responses, 0) AS responses
                FROM schools s INDEXED BY schools_by_code CROSS JOIN survey_wave_schools ws ON ws.wave_id = ? AND ws.school_id = s.id
                LEFT JOIN survey_school_responses sr ON sr.wave_id = ws.wave_id AND sr.school_id = s.id
                ORDER BY s.code COLLATE NOCASE, s.id LIMIT ? OFFSET ?
                """, arguments: [waves[w].waveID, Self.schoolPage, page * Self.schoolPage]).map { r in
                WaveTallies.School(id: r["id"], code: r["code"], name: r["name"], invited: r["invited"], responses: r["responses"])
            }
        }) ?? []
        schoolPages[w, default: [:]][page] = rows
        for row in rows {
            membership[w, default: [:]][row.id] = true
            schoolRows[w, default: [:]][row.id] = row
        }
        // A school that cannot be read is drawn as nobody's row, its figures hidden.
        return rows.indices.contains(index % Self.schoolPage) ? rows[index % Self.schoolPage]
            : WaveTallies.School(id: -1, code: "?", name: "", invited: 0, responses: 0)
    }

    /// Where a school stands in wave `w`'s order; nil when it does not take part.
    public func schoolIndex(wave w: Int, schoolID: Int64) -> Int? {
        guard takesPart(wave: w, schoolID: schoolID) else { return nil }
        return (try? store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM schools s INDEXED BY schools_by_code CROSS JOIN survey_wave_schools ws ON ws.wave_id = ? AND ws.school_id = s.id
                JOIN schools me ON me.id = ?
                WHERE s.code COLLATE NOCASE < me.code COLLATE NOCASE OR (s.code COLLATE NOCASE = me.code COLLATE NOCASE AND s.id < me.id)
                """, arguments: [waves[w].waveID, schoolID])
        }) ?? nil
    }

    /// Whether a school takes part in wave `w` (one indexed look-up, kept).
    public func takesPart(wave w: Int, schoolID: Int64) -> Bool {
        if let known = membership[w]?[schoolID] { return known }
        let found = ((try? store.read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM survey_wave_schools WHERE wave_id = ? AND school_id = ?", arguments: [waves[w].waveID, schoolID])
        }) ?? nil) != nil
        membership[w, default: [:]][schoolID] = found
        return found
    }

    /// The response counts' suppression of wave `w` from the kept per-school counts' size index,
    /// and the wave's totals.
    private func responses(_ w: Int) -> ResponseFacts {
        if let kept = responseFacts[w] { return kept }
        let minimum = max(1, minimum), waveID = waves[w].waveID
        let facts = try? store.read { db -> ResponseFacts in
            // The wave's total and its small schools in one pass over the count index (1,800 entries).
            let totals = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(responses), 0) AS count, COALESCE(SUM(responses < ?), 0) AS parts,
                       COALESCE(SUM(CASE WHEN responses < ? THEN responses ELSE 0 END), 0) AS sum
                FROM survey_school_responses WHERE wave_id = ? AND responses > 0
                """, arguments: [minimum, minimum, waveID])
            let count: Int = totals?["count"] ?? 0, smallCount: Int = totals?["parts"] ?? 0, smallSum: Int = totals?["sum"] ?? 0
            var complement: Int64?
            if Suppression.Facts.needsComplement(smallSum: smallSum, minimum: minimum) {
                complement = try Int64.fetchOne(db, sql: """
                    SELECT c.school_id FROM survey_school_responses c JOIN schools s ON s.id = c.school_id
                    WHERE c.wave_id = ? AND c.responses = (SELECT MIN(responses) FROM survey_school_responses WHERE wave_id = ? AND responses >= ?)
                    ORDER BY s.code COLLATE NOCASE, s.id LIMIT 1
                    """, arguments: [waveID, waveID, minimum])
            }
            let invited = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(invited), 0) FROM survey_wave_schools WHERE wave_id = ?", arguments: [waveID]) ?? 0
            let decision = Suppression.decide(Suppression.Facts(smallCount: smallCount, smallSum: smallSum, total: count, complement: complement), minimum: minimum)
            return ResponseFacts(decision: decision, count: count, invited: invited)
        }
        let kept = facts ?? ResponseFacts(decision: Suppression.FactsDecision(minimum: .max, complement: nil, total: false), count: 0, invited: 0)
        responseFacts[w] = kept
        return kept
    }

    // MARK: figures

    /// Reads the sums of these schools in wave `w` at once (the rows about to be drawn).
    public func prefetch(wave w: Int, schools ids: [Int64]) {
        let missing = ids.filter { sums[w]?[$0] == nil }
        guard !missing.isEmpty else { return }
        let questions = waves[w].questions.map(\.waveQuestionID)
        var found: [Int64: [Int64: CellSums]] = [:]
        if !questions.isEmpty {
            let rows = (try? store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT school_id, wave_question_id, n, valid, favourable, value_sum, dont_know FROM survey_cell_sums
                    WHERE wave_question_id IN (\(questions.map { _ in "?" }.joined(separator: ","))) AND school_id IN (\(missing.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments(questions + missing))
            }) ?? []
            for r in rows {
                found[r["school_id"], default: [:]][r["wave_question_id"]] = CellSums(n: r["n"], valid: r["valid"], favourable: r["favourable"],
                                                                                     valueSum: r["value_sum"], dontKnow: r["dont_know"])
            }
        }
        for id in missing { sums[w, default: [:]][id] = found[id] ?? [:] }
    }

    private func district(_ w: Int) -> [Int64: Tally] {
        if let kept = districtTallies[w] { return kept }
        let questions = waves[w].questions.map(\.waveQuestionID)
        var tallies: [Int64: Tally] = [:]
        if !questions.isEmpty {
            let rows = (try? store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT wave_question_id, answer, count FROM survey_district_tallies
                    WHERE wave_question_id IN (\(questions.map { _ in "?" }.joined(separator: ","))) AND count > 0
                    """, arguments: StatementArguments(questions))
            }) ?? []
            for r in rows { tallies[r["wave_question_id"], default: Tally()].add(code: r["answer"], count: r["count"]) }
        }
        districtTallies[w] = tallies
        return tallies
    }

    /// The suppression of one question of a wave, from its facts: the schools below the minimum
    /// (a range of the size index) and, when they hold too few, the smallest school at or above it.
    /// Every question of the wave is decided at once (one query, and one more per question whose
    /// small schools hold too few).
    private func decision(_ w: Int, _ q: WaveTallies.Question) -> Suppression.FactsDecision {
        if let kept = decisions[q.waveQuestionID] { return kept }
        let minimum = max(1, minimum)
        let ids = waves[w].questions.map(\.waveQuestionID)
        let district = district(w)
        let facts = try? store.read { db -> [Int64: Suppression.Facts] in
            var small: [Int64: (count: Int, sum: Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT wave_question_id, COUNT(*) AS parts, SUM(n) AS sum FROM survey_cell_sums
                WHERE wave_question_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) AND n BETWEEN 1 AND ? GROUP BY wave_question_id
                """, arguments: StatementArguments(ids) + [minimum - 1]) {
                small[row["wave_question_id"]] = (row["parts"], row["sum"])
            }
            var result: [Int64: Suppression.Facts] = [:]
            for id in ids {
                let (smallCount, smallSum) = small[id] ?? (0, 0)
                var complement: Int64?
                if Suppression.Facts.needsComplement(smallSum: smallSum, minimum: minimum) {
                    // Among equal sizes, the first in the table's order (the schools' codes), as `decide(parts:)` takes it.
                    complement = try Int64.fetchOne(db, sql: """
                        SELECT c.school_id FROM survey_cell_sums c JOIN schools s ON s.id = c.school_id
                        WHERE c.wave_question_id = ? AND c.n = (SELECT MIN(n) FROM survey_cell_sums WHERE wave_question_id = ? AND n >= ?)
                        ORDER BY s.code COLLATE NOCASE, s.id LIMIT 1
                        """, arguments: [id, id, minimum])
                }
                result[id] = Suppression.Facts(smallCount: smallCount, smallSum: smallSum, total: district[id]?.n ?? 0, complement: complement)
            }
            return result
        }
        for id in ids {
            // Unread facts hide every figure but empty ones: never show what was not decided.
            decisions[id] = facts?[id].map { Suppression.decide($0, minimum: minimum) } ?? Suppression.FactsDecision(minimum: .max, complement: nil, total: false)
        }
        return decisions[q.waveQuestionID] ?? Suppression.FactsDecision(minimum: .max, complement: nil, total: false)
    }

    private func schoolSums(_ w: Int, _ school: Int64) -> [Int64: CellSums] {
        if let kept = sums[w]?[school] { return kept }
        prefetch(wave: w, schools: [school])
        return sums[w]?[school] ?? [:]
    }

    /// A question's figure for a school (nil: the district) in wave `w`, as `SurveyResults.cell` gives it.
    public func cell(wave w: Int, question q: WaveTallies.Question, school: Int64?) -> ResultFigure {
        guard let school else {
            let tally = district(w)[q.waveQuestionID] ?? Tally()
            guard decision(w, q).total else { return .suppressed }
            return ResultFigure(sums: CellSums(tally, favourable: q.favourable), question: q)
        }
        guard takesPart(wave: w, schoolID: school) else { return .suppressed }
        let cellSums = schoolSums(w, school)[q.waveQuestionID] ?? CellSums()
        guard decision(w, q).shows(school, n: cellSums.n) else { return .suppressed }
        return ResultFigure(sums: cellSums, question: q)
    }

    /// How a school (nil: the district) answered: the whole tally, only when its figure is shown.
    public func distribution(wave w: Int, question q: WaveTallies.Question, school: Int64?) -> Tally? {
        guard cell(wave: w, question: q, school: school).shown else { return nil }
        guard let school else { return district(w)[q.waveQuestionID] ?? Tally() }
        let rows = (try? store.read { db in
            try Row.fetchAll(db, sql: "SELECT answer, count FROM survey_tallies WHERE wave_id = ? AND wave_question_id = ? AND school_id = ? AND count > 0",
                             arguments: [waves[w].waveID, q.waveQuestionID, school])
        }) ?? []
        return rows.reduce(into: Tally()) { $0.add(code: $1["answer"], count: $1["count"]) }
    }

    /// Responses and response rate of a school (nil: the district) in wave `w`; nil when suppressed.
    public func responses(wave w: Int, school: Int64?) -> (count: Int, invited: Int, rate: Double?)? {
        let facts = responses(w)
        guard let school else {
            guard facts.decision.total else { return nil }
            return (facts.count, facts.invited, responseRate(responses: facts.count, invited: facts.invited))
        }
        guard takesPart(wave: w, schoolID: school) else { return nil }
        let row = schoolRows[w]?[school] ?? schoolRow(w, school)
        guard let row, facts.decision.shows(school, n: row.responses) else { return nil }
        return (row.responses, row.invited, responseRate(responses: row.responses, invited: row.invited))
    }

    /// One school's row of wave `w` (a school not on a page read: the by-wave view of another wave).
    private func schoolRow(_ w: Int, _ school: Int64) -> WaveTallies.School? {
        let row = (try? store.read { db in
            try Row.fetchOne(db, sql: """
                SELECT s.id, s.code, s.name, ws.invited, COALESCE(sr.responses, 0) AS responses
                FROM survey_wave_schools ws JOIN schools s ON s.id = ws.school_id
                LEFT JOIN survey_school_responses sr ON sr.wave_id = ws.wave_id AND sr.school_id = ws.school_id
                WHERE ws.wave_id = ? AND ws.school_id = ?
                """, arguments: [waves[w].waveID, school]).map { r in
                WaveTallies.School(id: r["id"], code: r["code"], name: r["name"], invited: r["invited"], responses: r["responses"])
            }
        }) ?? nil
        if let row { schoolRows[w, default: [:]][school] = row }
        return row
    }

    /// The same survey question in wave `w`, if that wave asked it.
    public func question(_ questionID: Int64, inWave w: Int) -> WaveTallies.Question? {
        waves[w].questions.first { $0.questionID == questionID }
    }

    public var waveCount: Int { waves.count }

    public func percentFavourable(wave w: Int, question: WaveTallies.Question, school: Int64?) -> Double? {
        cell(wave: w, question: question, school: school).percentFavourable
    }
}

extension FacetStore {
    /// A survey's results read from the kept summaries, a screenful at a time: the survey's
    /// minimum and its waves that opened, with their questions; figures are read when asked for.
    public func keptSurveyResults(surveyID: Int64) throws -> KeptSurveyResults {
        try read { db in
            let minimum = try Int.fetchOne(db, sql: "SELECT min_group_size FROM surveys WHERE id = ?", arguments: [surveyID]) ?? 10
            let waves = try Row.fetchAll(db, sql: """
                SELECT id, name, school_year FROM survey_waves WHERE survey_id = ? AND status != 'planned' ORDER BY opens, id
                """, arguments: [surveyID]).map { row in
                KeptSurveyResults.Wave(waveID: row["id"], name: row["name"], schoolYear: row["school_year"],
                                       questions: try Self.waveQuestions(db, waveID: row["id"]))
            }
            return KeptSurveyResults(store: self, surveyID: surveyID, minimum: minimum, waves: waves)
        }
    }

    /// The open-text answers to a question in a wave, for a school or (nil) the district, at most
    /// `limit` (the district's run to tens of thousands) — only when the kept results show that
    /// figure; otherwise none. Shuffled by the responses' random ids.
    public func openTextAnswers(results: KeptSurveyResults, wave w: Int, question: WaveTallies.Question, school: Int64?, limit: Int) throws -> [String] {
        guard question.kind == .openText, results.cell(wave: w, question: question, school: school).shown else { return [] }
        return try openTexts(waveID: results.waves[w].waveID, waveQuestionID: question.waveQuestionID, school: school, limit: limit)
    }
}
