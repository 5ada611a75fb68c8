import GRDB

/// Migration v19-survey-summary: what lets a survey's results open, and every key in them answer,
/// within a frame on the largest district (1,800 schools × 3 waves × 12 questions, 500,000
/// responses). The results screen reads the figures of the schools on screen and a few indexed
/// facts per question for the suppression, from summaries kept by triggers in the same transaction
/// as every response written or taken back, instead of every school's tallies of every wave.
///
/// - `survey_cell_sums`: per wave question and school, n (valid and open-text answers), the valid
///   answers, the favourable ones, the values added up and the don't-knows — what n, percent
///   favourable and mean need. Indexed by size within a question, so the suppression's facts (how
///   many schools are below the minimum, what they hold, the smallest one at or above it) are a
///   range of the index. A row whose figures all fall to 0 is removed.
/// - `survey_district_tallies`: per wave question and answer, how many gave it across the wave's
///   schools (the district's row and its distribution: a dozen rows, not one per school).
/// - `survey_school_responses`: responses per wave and school, indexed by count within a wave (the
///   response counts' suppression, and the waves list's totals).
/// - `schools_by_code`: the schools in the order of their codes (case aside), so a page of a wave's
///   schools is read along it instead of sorting every school.
///
/// Responses are written only for a wave's schools and a school with responses cannot leave its
/// wave (`setWaveSchools`), so what these hold is what the full computation adds up over the
/// wave's schools; `surveySummaryMismatches` compares them with a fresh count from the answers.
enum SurveySummarySchema {
    /// Whether an answer code is a value (not don't-know, -1, nor open text, -2), in SQL.
    private static func isValue(_ v: String) -> String { "(\(v) NOT IN (-1, -2))" }
    private static func isFavourable(_ v: String, _ favourable: String) -> String {
        "(\(isValue(v)) AND instr(',' || \(favourable) || ',', ',' || \(v) || ',') > 0)"
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE survey_cell_sums (
                wave_question_id INTEGER NOT NULL,
                school_id INTEGER NOT NULL,
                wave_id INTEGER NOT NULL,
                n INTEGER NOT NULL,
                valid INTEGER NOT NULL,
                favourable INTEGER NOT NULL,
                value_sum INTEGER NOT NULL,
                dont_know INTEGER NOT NULL,
                PRIMARY KEY (wave_question_id, school_id)
            ) WITHOUT ROWID;
            CREATE INDEX survey_cell_sums_by_size ON survey_cell_sums(wave_question_id, n);

            CREATE TABLE survey_district_tallies (
                wave_question_id INTEGER NOT NULL,
                answer INTEGER NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (wave_question_id, answer)
            ) WITHOUT ROWID;

            CREATE TABLE survey_school_responses (
                wave_id INTEGER NOT NULL,
                school_id INTEGER NOT NULL,
                responses INTEGER NOT NULL,
                PRIMARY KEY (wave_id, school_id)
            ) WITHOUT ROWID;
            CREATE INDEX survey_school_responses_by_count ON survey_school_responses(wave_id, responses);
            -- A wave's schools in the order results show them, a page at a time.
            CREATE INDEX schools_by_code ON schools(code COLLATE NOCASE, id);

            CREATE TRIGGER survey_answers_sums_insert AFTER INSERT ON survey_answers BEGIN
                INSERT INTO survey_cell_sums (wave_question_id, school_id, wave_id, n, valid, favourable, value_sum, dont_know)
                    SELECT new.wave_question_id, r.school_id, r.wave_id, new.value != -1, \(isValue("new.value")),
                           \(isFavourable("new.value", "wq.favourable")), CASE WHEN \(isValue("new.value")) THEN new.value ELSE 0 END, new.value = -1
                    FROM survey_responses r, survey_wave_questions wq WHERE r.id = new.response_id AND wq.id = new.wave_question_id
                    ON CONFLICT (wave_question_id, school_id) DO UPDATE SET n = n + excluded.n, valid = valid + excluded.valid,
                        favourable = favourable + excluded.favourable, value_sum = value_sum + excluded.value_sum, dont_know = dont_know + excluded.dont_know;
                INSERT INTO survey_district_tallies (wave_question_id, answer, count) VALUES (new.wave_question_id, new.value, 1)
                    ON CONFLICT (wave_question_id, answer) DO UPDATE SET count = count + 1;
            END;
            CREATE TRIGGER survey_answers_sums_delete AFTER DELETE ON survey_answers BEGIN
                UPDATE survey_cell_sums SET n = n - (old.value != -1), valid = valid - \(isValue("old.value")),
                    favourable = favourable - (SELECT \(isFavourable("old.value", "favourable")) FROM survey_wave_questions WHERE id = old.wave_question_id),
                    value_sum = value_sum - CASE WHEN \(isValue("old.value")) THEN old.value ELSE 0 END, dont_know = dont_know - (old.value = -1)
                    WHERE wave_question_id = old.wave_question_id AND school_id = (SELECT school_id FROM survey_responses WHERE id = old.response_id);
                DELETE FROM survey_cell_sums WHERE wave_question_id = old.wave_question_id AND n <= 0 AND dont_know <= 0
                    AND school_id = (SELECT school_id FROM survey_responses WHERE id = old.response_id);
                UPDATE survey_district_tallies SET count = count - 1 WHERE wave_question_id = old.wave_question_id AND answer = old.value;
                DELETE FROM survey_district_tallies WHERE wave_question_id = old.wave_question_id AND answer = old.value AND count <= 0;
            END;
            CREATE TRIGGER survey_responses_school_insert AFTER INSERT ON survey_responses BEGIN
                INSERT INTO survey_school_responses (wave_id, school_id, responses) VALUES (new.wave_id, new.school_id, 1)
                    ON CONFLICT (wave_id, school_id) DO UPDATE SET responses = responses + 1;
            END;
            CREATE TRIGGER survey_responses_school_delete AFTER DELETE ON survey_responses BEGIN
                UPDATE survey_school_responses SET responses = responses - 1 WHERE wave_id = old.wave_id AND school_id = old.school_id;
                DELETE FROM survey_school_responses WHERE wave_id = old.wave_id AND school_id = old.school_id AND responses <= 0;
            END;
            """)
        try fill(db)
    }

    /// Fills the summaries from the kept tallies and counts (much quicker than every answer on a
    /// large district; the tallies are kept by triggers since v8 and hold the same figures).
    static func fill(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO survey_cell_sums (wave_question_id, school_id, wave_id, n, valid, favourable, value_sum, dont_know)
            SELECT t.wave_question_id, t.school_id, t.wave_id,
                   SUM(CASE WHEN t.answer != -1 THEN t.count ELSE 0 END), SUM(CASE WHEN \(isValue("t.answer")) THEN t.count ELSE 0 END),
                   SUM(CASE WHEN \(isFavourable("t.answer", "wq.favourable")) THEN t.count ELSE 0 END),
                   SUM(CASE WHEN \(isValue("t.answer")) THEN t.answer * t.count ELSE 0 END), SUM(CASE WHEN t.answer = -1 THEN t.count ELSE 0 END)
            FROM survey_tallies t JOIN survey_wave_questions wq ON wq.id = t.wave_question_id
            WHERE t.count > 0
            GROUP BY t.wave_question_id, t.school_id;

            INSERT INTO survey_district_tallies (wave_question_id, answer, count)
            SELECT wave_question_id, answer, SUM(count) FROM survey_tallies WHERE count > 0 GROUP BY wave_question_id, answer;

            INSERT INTO survey_school_responses (wave_id, school_id, responses)
            SELECT wave_id, school_id, SUM(count) FROM survey_response_counts WHERE count > 0 GROUP BY wave_id, school_id;
            """)
    }

    /// The summaries worked out afresh from every answer and response, as they should be kept.
    static let freshCellSumsSQL = """
        SELECT a.wave_question_id, r.school_id, r.wave_id,
               SUM(a.value != -1), SUM(\(isValue("a.value"))), SUM(\(isFavourable("a.value", "wq.favourable"))),
               SUM(CASE WHEN \(isValue("a.value")) THEN a.value ELSE 0 END), SUM(a.value = -1)
        FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id JOIN survey_wave_questions wq ON wq.id = a.wave_question_id
        GROUP BY a.wave_question_id, r.school_id
        """
    static let freshDistrictTalliesSQL = "SELECT wave_question_id, value, COUNT(*) FROM survey_answers GROUP BY wave_question_id, value"
    static let freshSchoolResponsesSQL = "SELECT wave_id, school_id, COUNT(*) FROM survey_responses GROUP BY wave_id, school_id"
}

extension FacetStore {
    /// Rows where the kept survey summaries differ from a fresh count from the answers and
    /// responses, as "table: row": empty when the triggers kept up with every write.
    public func surveySummaryMismatches() throws -> [String] {
        try read { db in
            func rows(_ sql: String) throws -> Set<String> {
                Set(try Row.fetchAll(db, sql: sql).map { r in (0..<r.count).map { "\(r[$0] as DatabaseValue)" }.joined(separator: "|") })
            }
            var result: [String] = []
            let checks = [
                ("survey_cell_sums", "SELECT wave_question_id, school_id, wave_id, n, valid, favourable, value_sum, dont_know FROM survey_cell_sums",
                 SurveySummarySchema.freshCellSumsSQL),
                ("survey_district_tallies", "SELECT wave_question_id, answer, count FROM survey_district_tallies", SurveySummarySchema.freshDistrictTalliesSQL),
                ("survey_school_responses", "SELECT wave_id, school_id, responses FROM survey_school_responses", SurveySummarySchema.freshSchoolResponsesSQL),
            ]
            for (table, kept, fresh) in checks {
                result += try rows(kept).symmetricDifference(rows(fresh)).sorted().map { "\(table): \($0)" }
            }
            return result
        }
    }
}
