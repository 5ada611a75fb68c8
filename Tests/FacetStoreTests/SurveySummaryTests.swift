import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// The summaries the results screen reads (`survey_cell_sums`, `survey_district_tallies`,
/// `survey_school_responses`, migration v19): after every kind of write they equal a fresh count
/// from the answers, the results read from them (`KeptSurveyResults`) give every figure and every
/// suppression exactly as the full computation (`SurveyResults`, which exports use), and the
/// migration fills them for a district made before it.
final class SurveySummaryTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }
    var surveyID: Int64!
    var schools: [Int64] = []

    override func setUpWithError() throws {
        db = try TestDatabase(login: "admin1")
        for (i, code) in ["E101", "e102", "E103", "E104"].enumerated() {
            schools.append(try store.insertRecord("schools", values: ["code": .text(code), "name": .text("School \(i + 1)"), "level": .text("elementary")]))
        }
        surveyID = try XCTUnwrap(store.surveyID(titled: ShippedSurvey.title))
    }

    func openWave(_ name: String, opens: String, closes: String, schools indexes: [Int]) throws -> SurveyWave {
        let id = try store.createWave(surveyID: surveyID, name: name, schoolYear: "2026-27", opens: Day(opens)!, closes: Day(closes)!,
                                      invited: Dictionary(uniqueKeysWithValues: indexes.map { (schools[$0], 10 + 7 * $0) }))
        try store.setWaveStatus(waveID: id, expectedVersion: 1, to: .open)
        return try XCTUnwrap(store.wave(id: id))
    }

    /// A response at `school` whose answers vary with `i`: values, don't-knows, blanks and texts.
    func response(_ wave: SurveyWave, school: Int, _ i: Int, day: String) -> ResponseSubmission {
        var answers: [Int64: Answer] = [:]
        for (k, q) in wave.instrument.questions.enumerated() where (i + k) % 7 != 0 {
            switch q.kind {
            case .scale5: answers[q.id!] = .value((i * 3 + k) % 5 + 1)
            case .yesNo: answers[q.id!] = q.allowsDontKnow && i % 4 == 0 ? .dontKnow : .value((i + k) % 2 == 0 ? Answer.yes : Answer.no)
            case .oneChoice: answers[q.id!] = .value((i + k) % max(1, q.choices) + 1)
            case .openText: answers[q.id!] = .text("note \(i)")
            }
        }
        return ResponseSubmission(waveID: wave.id, schoolID: schools[school], language: "en", channel: .paper, day: Day(day)!, answers: answers)
    }

    /// The summaries equal a fresh count, and every figure read from them equals the full computation's.
    func assertKeptEqualsFull(_ when: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try store.surveySummaryMismatches(), [], when, file: file, line: line)
        var compared = 0
        for survey in try store.read({ try Int64.fetchAll($0, sql: "SELECT id FROM surveys") }) {
            let full = try store.surveyResults(surveyID: survey), kept = try store.keptSurveyResults(surveyID: survey)
            XCTAssertEqual(kept.minimum, full.minimum, when, file: file, line: line)
            XCTAssertEqual(kept.waves.map(\.waveID), full.waves.map(\.waveID), when, file: file, line: line)
            for (w, wave) in full.waves.enumerated() {
                XCTAssertEqual(kept.waves[w].questions, wave.questions, when, file: file, line: line)
                XCTAssertEqual(kept.waves[w].label, wave.label, when, file: file, line: line)
                XCTAssertEqual((0..<kept.schoolCount(wave: w)).map { kept.school(wave: w, at: $0) }, wave.schools, "\(when): schools of \(wave.label)",
                               file: file, line: line)
                for school in [nil] + wave.schools.map({ Optional($0.id) }) {
                    let k = kept.responses(wave: w, school: school), f = full.responses(wave: w, school: school)
                    XCTAssertEqual(k?.count, f?.count, "\(when): responses of \(school.map(String.init) ?? "district")", file: file, line: line)
                    XCTAssertEqual(k?.invited, f?.invited, when, file: file, line: line)
                    XCTAssertEqual(k?.rate, f?.rate, when, file: file, line: line)
                    for q in wave.questions {
                        let fullCell = full.cell(wave: w, question: q, school: school)
                        let where_ = "\(when): \(wave.label) \(q.code) at \(school.map(String.init) ?? "district")"
                        XCTAssertEqual(kept.cell(wave: w, question: q, school: school), fullCell.figure, where_, file: file, line: line)
                        XCTAssertEqual(kept.distribution(wave: w, question: q, school: school), fullCell.shown ? fullCell.tally : nil, where_, file: file, line: line)
                        XCTAssertEqual(kept.trend(questionID: q.questionID, school: school), full.trend(questionID: q.questionID, school: school), where_,
                                       file: file, line: line)
                        XCTAssertEqual(kept.change(questionID: q.questionID, school: school, wave: w), full.change(questionID: q.questionID, school: school, wave: w),
                                       where_, file: file, line: line)
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 0, when, file: file, line: line)
    }

    func testTheSummariesEqualAFreshCountAfterEveryKindOfWrite() throws {
        let fall = try openWave("Fall", opens: "2026-09-01", closes: "2026-10-31", schools: [0, 1, 2])
        // 4, 12 and 15 responses: primary and complementary suppression.
        for (school, n) in [(0, 4), (1, 12), (2, 15)] {
            for i in 0..<n { try store.submitResponse(response(fall, school: school, i, day: "2026-09-15")) }
        }
        try assertKeptEqualsFull("after responses in the first wave")
        let kept = try store.keptSurveyResults(surveyID: surveyID)
        let welcome = kept.waves[0].questions[0]
        XCTAssertFalse(kept.cell(wave: 0, question: welcome, school: schools[0]).shown, "4 answers")
        XCTAssertFalse(kept.cell(wave: 0, question: welcome, school: schools[1]).shown, "complementary: the smaller of the others")
        XCTAssertTrue(kept.cell(wave: 0, question: welcome, school: schools[2]).shown)
        // Written answers: a school's found through its responses, the district's up to a limit, in
        // the same order as the full results give them; none for a hidden group.
        let full = try store.surveyResults(surveyID: surveyID)
        let comments = try XCTUnwrap(kept.waves[0].questions.last)
        XCTAssertEqual(comments.kind, .openText)
        for school in [nil, schools[0], schools[1], schools[2]] {
            let all = try store.openTextAnswers(results: full, wave: 0, question: comments, school: school)
            XCTAssertEqual(try store.openTextAnswers(results: kept, wave: 0, question: comments, school: school, limit: 500), all)
            XCTAssertEqual(try store.openTextAnswers(results: kept, wave: 0, question: comments, school: school, limit: 3), Array(all.prefix(3)))
        }
        XCTAssertEqual(try store.openTextAnswers(results: kept, wave: 0, question: comments, school: nil, limit: 500).count, 27, "4 + 12 + 15 less the four left blank")
        XCTAssertEqual(try store.openTextAnswers(results: kept, wave: 0, question: comments, school: schools[2], limit: 500).count, 13)
        XCTAssertEqual(try store.openTextAnswers(results: kept, wave: 0, question: comments, school: schools[0], limit: 500), [], "hidden")

        // A second wave, with a school that answered nothing and one more.
        let winter = try openWave("Winter", opens: "2026-11-01", closes: "2026-12-20", schools: [0, 1, 2, 3])
        var ids: [Int64] = []
        for (school, n) in [(0, 11), (1, 11), (2, 3)] {
            for i in 0..<n { ids.append(try store.submitResponse(response(winter, school: school, i + 5, day: "2026-11-20"))) }
        }
        try assertKeptEqualsFull("after responses in the second wave")

        // Taken back (paper entry's Ctrl-Z): the school falls below the minimum, then to nothing.
        try store.deleteResponse(id: ids[0])
        try assertKeptEqualsFull("after one response taken back")
        for id in ids.suffix(3) { try store.deleteResponse(id: id) }
        try assertKeptEqualsFull("after a school's responses taken back")

        // Imported.
        let csv = "school,language,channel,day,welcome,comments\n" + (0..<9).map { "E104,en,web,2026-11-21,\($0 % 5 + 1),fine \($0)" }.joined(separator: "\n")
            + "\nE101,es,phone,2026-11-22,4,\n"
        XCTAssertEqual(try store.importResponses(waveID: winter.id, csv: csv, dryRun: false).problems, [])
        try assertKeptEqualsFull("after an import")

        // The wave's schools change: one with no responses added, then taken out again.
        let e105 = try store.insertRecord("schools", values: ["code": .text("E105"), "name": .text("School 5"), "level": .text("middle")])
        try store.setWaveSchools(waveID: winter.id, schoolIDs: Set(schools + [e105]), defaultInvited: 25)
        try assertKeptEqualsFull("after a school joined the wave")
        XCTAssertThrowsError(try store.setWaveSchools(waveID: winter.id, schoolIDs: [schools[0]]), "schools with responses stay")
        try store.setWaveSchools(waveID: winter.id, schoolIDs: Set(schools))
        try assertKeptEqualsFull("after a school left the wave")

        // A different minimum for the survey (the suppression is decided when read).
        let version = try XCTUnwrap(store.read { try Int.fetchOne($0, sql: "SELECT version FROM surveys WHERE id = ?", arguments: [self.surveyID]) })
        try store.updateRecord("surveys", id: surveyID, expectedVersion: version, changes: ["min_group_size": .integer(5)])
        try assertKeptEqualsFull("after the minimum changed")

        // The demo replaces everything (ids of waves and questions may come again: nothing of the old ones may stay).
        let before = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM survey_cell_sums") ?? 0 }
        XCTAssertGreaterThan(before, 20)
        try DemoData.load(into: store, size: .small, seed: 2026, force: true)
        try assertKeptEqualsFull("after the demo reload")
    }

    /// The demo district, with the screen's suppression at work: every figure of every wave, school
    /// and question the same from the summaries as from every tally.
    func testEveryFigureOfTheDemoDistrictIsTheSameFromTheSummaries() throws {
        try DemoData.load(into: store, size: .small, seed: 2026, force: true)
        try assertKeptEqualsFull("on the demo district")
        let full = try store.surveyResults(surveyID: try XCTUnwrap(store.surveyID(titled: ShippedSurvey.title)))
        let hidden = full.waves.indices.flatMap { w in full.waves[w].questions.flatMap { q in full.waves[w].schools.map { full.cell(wave: w, question: q, school: $0.id) } } }
            .filter { !$0.shown }.count
        XCTAssertGreaterThan(hidden, 0, "the demo has suppressed figures to compare")
    }

    func testTheMigrationFillsTheSummariesOfADistrictMadeBeforeIt() throws {
        let fall = try openWave("Fall", opens: "2026-09-01", closes: "2026-12-31", schools: [0, 1, 2, 3])
        for (school, n) in [(0, 3), (1, 14), (2, 22), (3, 10)] {
            for i in 0..<n { try store.submitResponse(response(fall, school: school, i, day: "2026-09-15")) }
        }
        // As the build before v19 left it: no summaries, and one more response written without them.
        let queue = try DatabaseQueue(path: db.path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER survey_answers_sums_insert; DROP TRIGGER survey_answers_sums_delete;
                DROP TRIGGER survey_responses_school_insert; DROP TRIGGER survey_responses_school_delete;
                DROP TABLE survey_cell_sums; DROP TABLE survey_district_tallies; DROP TABLE survey_school_responses; DROP INDEX schools_by_code;
                DELETE FROM grdb_migrations WHERE identifier = 'v19-survey-summary';
                INSERT INTO survey_responses (id, wave_id, school_id, language, channel, given_on) VALUES (77, ?, ?, 'en', 'web', '2026-09-16');
                INSERT INTO survey_answers (response_id, wave_question_id, value, text) VALUES (77, ?, 5, NULL), (77, ?, -1, NULL);
                """, arguments: [fall.id, schools[0], fall.waveQuestionIDs[fall.instrument.questions[0].id!], fall.waveQuestionIDs[fall.instrument.questions[8].id!]])
        }
        try queue.close()
        let reopened = try FacetStore(path: db.path, login: "admin1")
        XCTAssertEqual(try reopened.surveySummaryMismatches(), [])
        let rows = try reopened.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM survey_cell_sums") ?? 0 }
        XCTAssertGreaterThan(rows, 20, "filled")
        XCTAssertEqual(try reopened.read { try Int.fetchOne($0, sql: "SELECT responses FROM survey_school_responses WHERE school_id = ?", arguments: [self.schools[0]]) }, 4)
        try assertKeptEqualsFull("after the migration")
    }
}
