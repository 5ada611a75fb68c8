import FacetModel
import Foundation
import GRDB

/// The v8 migration: questions and their texts per language, waves (with the instrument frozen when
/// they open), anonymous responses and the tallies results are read from. Also the shipped family
/// customer-service survey in English and Spanish.
///
/// Responses carry no login, no time of day and no free field about the respondent; their ids are
/// random, so not even the order in which forms were given can be read from them. They are not
/// written to `audit_log` (whose rows say who and when to the second, which at a kiosk would name
/// the person standing there); `survey_response_counts` keeps how many responses each wave, school,
/// day and channel received instead. See the README, "Surveys".
enum SurveySchema {
    static func migrate(_ db: Database) throws {
        let bookkeeping = Migrations.bookkeeping
        try db.execute(sql: """
            CREATE TABLE survey_questions (
                id INTEGER PRIMARY KEY,
                survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('scale-5', 'yes-no', 'one-choice', 'open-text')),
                choices INTEGER NOT NULL DEFAULT 0,
                favourable TEXT NOT NULL DEFAULT '',
                dont_know INTEGER NOT NULL DEFAULT 0,
                \(bookkeeping),
                UNIQUE (survey_id, code)
            );
            CREATE INDEX survey_questions_by_survey ON survey_questions(survey_id, position);

            -- question_id 0: labels the survey's questions share (scale.1…5, yes, no, dont-know).
            CREATE TABLE survey_texts (
                id INTEGER PRIMARY KEY,
                survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
                question_id INTEGER NOT NULL DEFAULT 0,
                language TEXT NOT NULL,
                item TEXT NOT NULL,
                text TEXT NOT NULL,
                \(bookkeeping),
                UNIQUE (survey_id, question_id, language, item)
            );

            CREATE TABLE survey_waves (
                id INTEGER PRIMARY KEY,
                survey_id INTEGER NOT NULL REFERENCES surveys(id),
                name TEXT NOT NULL,
                school_year TEXT NOT NULL,
                opens TEXT NOT NULL,
                closes TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),
                -- Set when the wave first opens: the languages complete then, and the shared labels (JSON).
                languages TEXT NOT NULL DEFAULT '',
                labels TEXT NOT NULL DEFAULT '{}',
                \(bookkeeping),
                UNIQUE (survey_id, school_year, name),
                CHECK (closes >= opens)
            );

            CREATE TABLE survey_wave_schools (
                id INTEGER PRIMARY KEY,
                wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
                school_id INTEGER NOT NULL REFERENCES schools(id),
                invited INTEGER NOT NULL DEFAULT 0 CHECK (invited >= 0),
                \(bookkeeping),
                UNIQUE (wave_id, school_id)
            );

            -- The questions as they were when the wave opened; later edits of the survey leave them.
            CREATE TABLE survey_wave_questions (
                id INTEGER PRIMARY KEY,
                wave_id INTEGER NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
                question_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                kind TEXT NOT NULL,
                choices INTEGER NOT NULL,
                favourable TEXT NOT NULL,
                dont_know INTEGER NOT NULL,
                texts TEXT NOT NULL,
                UNIQUE (wave_id, question_id)
            );

            CREATE TABLE survey_responses (
                id INTEGER PRIMARY KEY,
                wave_id INTEGER NOT NULL REFERENCES survey_waves(id),
                school_id INTEGER NOT NULL REFERENCES schools(id),
                language TEXT NOT NULL,
                channel TEXT NOT NULL CHECK (channel IN ('paper', 'kiosk', 'phone', 'web')),
                given_on TEXT NOT NULL
            );
            CREATE INDEX survey_responses_by_wave ON survey_responses(wave_id, school_id);

            CREATE TABLE survey_answers (
                response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
                wave_question_id INTEGER NOT NULL REFERENCES survey_wave_questions(id),
                value INTEGER NOT NULL,
                text TEXT,
                PRIMARY KEY (response_id, wave_question_id)
            ) WITHOUT ROWID;

            -- Kept by triggers: how many gave each answer, per wave, question and school.
            CREATE TABLE survey_tallies (
                wave_id INTEGER NOT NULL,
                wave_question_id INTEGER NOT NULL,
                school_id INTEGER NOT NULL,
                answer INTEGER NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (wave_id, wave_question_id, school_id, answer)
            ) WITHOUT ROWID;

            -- Kept by triggers: responses per wave, school, day and channel (in place of audit rows).
            CREATE TABLE survey_response_counts (
                wave_id INTEGER NOT NULL,
                school_id INTEGER NOT NULL,
                given_on TEXT NOT NULL,
                channel TEXT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (wave_id, school_id, given_on, channel)
            ) WITHOUT ROWID;

            CREATE TRIGGER survey_answers_tally_insert AFTER INSERT ON survey_answers BEGIN
                INSERT INTO survey_tallies (wave_id, wave_question_id, school_id, answer, count)
                    SELECT r.wave_id, new.wave_question_id, r.school_id, new.value, 1 FROM survey_responses r WHERE r.id = new.response_id
                    ON CONFLICT (wave_id, wave_question_id, school_id, answer) DO UPDATE SET count = count + 1;
            END;
            CREATE TRIGGER survey_answers_tally_delete AFTER DELETE ON survey_answers BEGIN
                UPDATE survey_tallies SET count = count - 1
                    WHERE wave_question_id = old.wave_question_id AND answer = old.value
                      AND (wave_id, school_id) = (SELECT wave_id, school_id FROM survey_responses WHERE id = old.response_id);
            END;
            CREATE TRIGGER survey_responses_count_insert AFTER INSERT ON survey_responses BEGIN
                INSERT INTO survey_response_counts (wave_id, school_id, given_on, channel, count)
                    VALUES (new.wave_id, new.school_id, new.given_on, new.channel, 1)
                    ON CONFLICT (wave_id, school_id, given_on, channel) DO UPDATE SET count = count + 1;
            END;
            CREATE TRIGGER survey_responses_count_delete BEFORE DELETE ON survey_responses BEGIN
                DELETE FROM survey_answers WHERE response_id = old.id;
                UPDATE survey_response_counts SET count = count - 1
                    WHERE wave_id = old.wave_id AND school_id = old.school_id AND given_on = old.given_on AND channel = old.channel;
            END;
            """)
        try installShippedSurvey(db, at: Timestamp.now(), by: "facet")
    }

    /// Puts the shipped customer-service survey in place when it is missing, and its questions and
    /// texts when it has none (a survey of that title made by an earlier demo keeps its languages).
    static func installShippedSurvey(_ db: Database, at: String, by login: String) throws {
        try installSurvey(db, title: ShippedSurvey.title, languages: ShippedSurvey.languages, labels: ShippedSurvey.labels,
                          questions: ShippedSurvey.questions, at: at, by: login)
    }

    /// Puts a shipped survey in place when it is missing, and its questions and texts when it has none.
    static func installSurvey(_ db: Database, title: String, languages: [String], labels: [String: [String: String]],
                              questions: [SurveyQuestion], at: String, by login: String) throws {
        try db.execute(sql: """
            INSERT INTO surveys (title, audience, anonymous, min_group_size, languages, version, updated_at, updated_by)
            VALUES (?, 'families', 1, 10, ?, 1, ?, ?) ON CONFLICT (title) DO NOTHING
            """, arguments: [title, languages.joined(separator: ","), at, login])
        guard let surveyID = try Int64.fetchOne(db, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [title]),
              try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_questions WHERE survey_id = ?", arguments: [surveyID]) == 0 else { return }
        func text(_ questionID: Int64, _ language: String, _ item: String, _ text: String) throws {
            try db.execute(sql: """
                INSERT INTO survey_texts (survey_id, question_id, language, item, text, version, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                """, arguments: [surveyID, questionID, language, item, text, at, login])
        }
        for (language, items) in labels {
            for (item, t) in items { try text(0, language, item, t) }
        }
        for q in questions {
            try db.execute(sql: """
                INSERT INTO survey_questions (survey_id, position, code, kind, choices, favourable, dont_know, version, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, arguments: [surveyID, q.position, q.code, q.kind.rawValue, q.choices, q.favourableList, q.allowsDontKnow, at, login])
            let id = db.lastInsertedRowID
            for (language, items) in q.texts {
                for (item, t) in items { try text(id, language, item, t) }
            }
        }
    }

    static func encode(_ texts: [String: [String: String]]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(texts)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ json: String) -> [String: [String: String]] {
        (try? JSONDecoder().decode([String: [String: String]].self, from: Data(json.utf8))) ?? [:]
    }
}
