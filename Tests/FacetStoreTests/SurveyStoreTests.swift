import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// Instruments, waves and responses in the store: lifecycle, all-or-nothing, anonymity, imports.
final class SurveyStoreTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }
    var surveyID: Int64!
    var schools: [Int64] = []

    override func setUpWithError() throws {
        db = try TestDatabase(login: "admin1")
        for (i, code) in ["E101", "E102", "E103"].enumerated() {
            schools.append(try store.insertRecord("schools", values: ["code": .text(code), "name": .text("School \(i + 1)"), "level": .text("elementary")]))
        }
        surveyID = try store.read { try Int64.fetchOne($0, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [ShippedSurvey.title]) }
    }

    func count(_ sql: String) throws -> Int { try store.read { try Int.fetchOne($0, sql: sql) ?? 0 } }

    func openWave(opens: String = "2026-11-01", closes: String = "2026-12-15") throws -> SurveyWave {
        let id = try store.createWave(surveyID: surveyID, name: "Fall", schoolYear: "2026-27", opens: Day(opens)!, closes: Day(closes)!,
                                      invited: [schools[0]: 40, schools[1]: 30, schools[2]: 20])
        try store.setWaveStatus(waveID: id, expectedVersion: 1, to: .open)
        return try XCTUnwrap(store.wave(id: id))
    }

    func response(_ wave: SurveyWave, school: Int = 0, language: String = "en", day: String = "2026-11-20", _ answers: [Int: Answer]) -> ResponseSubmission {
        let ids = wave.instrument.questions.map { $0.id! }
        return ResponseSubmission(waveID: wave.id, schoolID: schools[school], language: language, channel: .paper, day: Day(day)!,
                                  answers: Dictionary(uniqueKeysWithValues: answers.map { (ids[$0.key - 1], $0.value) }))
    }

    func testTheShippedSurveyComesWithTheDatabaseCompleteInEnglishAndSpanish() throws {
        let instrument = try XCTUnwrap(store.instrument(surveyID: surveyID))
        XCTAssertEqual(instrument.questions.count, ShippedSurvey.questions.count)
        XCTAssertEqual(instrument.languages, ["en", "es"])
        XCTAssertEqual(instrument.completeLanguages, ["en", "es"])
        XCTAssertEqual(try count("SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'survey%'"), 0, "shipped like the standards: version 1, no audit rows")
        let problems = store.doctor().filter { !$0.ok && ($0.check.contains("version") || $0.check.contains("audit")) }
        XCTAssertTrue(problems.isEmpty, "\(problems.map(\.value))")
    }

    func testAWaveOpensWithItsQuestionsFrozenTakesResponsesAndClosedTakesNone() throws {
        let planned = try store.createWave(surveyID: surveyID, name: "Winter", schoolYear: "2026-27", opens: Day("2026-11-01")!, closes: Day("2026-12-15")!,
                                           invited: [schools[0]: 10])
        let before = try XCTUnwrap(store.wave(id: planned))
        XCTAssertThrowsError(try store.submitResponse(response(before, [1: .value(5)]))) { XCTAssertTrue("\($0)".contains("not opened yet"), "\($0)") }

        let wave = try openWave()
        XCTAssertEqual(wave.status, .open)
        XCTAssertEqual(wave.languages, ["en", "es"])
        // The survey changes after the wave opened: the wave keeps its questions as they were.
        let welcome = try XCTUnwrap(store.instrument(surveyID: surveyID)?.questions.first)
        try store.saveQuestion(welcome, surveyID: surveyID, texts: ["en": ["text": "I feel welcome here."]])
        var extra = SurveyQuestion(position: 12, code: "parking", kind: .yesNo)
        extra.id = try store.saveQuestion(extra, surveyID: surveyID, texts: ["en": ["text": "Parking is easy."], "es": ["text": "Es fácil estacionar."]])
        let frozen = try XCTUnwrap(store.wave(id: wave.id))
        XCTAssertEqual(frozen.instrument.questions.first?.texts["en"]?["text"], "I feel welcome when I visit or call my child's school.")
        XCTAssertFalse(frozen.instrument.questions.contains { $0.code == "parking" })
        XCTAssertEqual(try store.instrument(surveyID: surveyID)?.questions.first?.texts["en"]?["text"], "I feel welcome here.")

        try store.submitResponse(response(frozen, [1: .value(5), 7: .dontKnow, 11: .text("Thank you")]))
        XCTAssertEqual(try store.responseCount(waveID: wave.id), 1)
        XCTAssertThrowsError(try store.submitResponse(ResponseSubmission(waveID: wave.id, schoolID: schools[0], language: "en", channel: .paper,
                                                                         day: Day("2026-11-20")!, answers: [extra.id!: .value(Answer.yes)])),
                             "a question added after the wave opened is not part of it")

        try store.setWaveStatus(waveID: wave.id, expectedVersion: frozen.version, to: .closed)
        let closed = try XCTUnwrap(store.wave(id: wave.id))
        XCTAssertThrowsError(try store.submitResponse(response(closed, [1: .value(4)]))) { XCTAssertTrue("\($0)".contains("closed"), "\($0)") }
        XCTAssertEqual(try store.responseCount(waveID: wave.id), 1)
    }

    func testAResponseIsKeptWholeOrNotAtAllAndNothingNamesWhoGaveIt() throws {
        let wave = try openWave()
        let audit = try count("SELECT COUNT(*) FROM audit_log")
        // One bad answer (6 on a five-point scale) after good ones: nothing is written.
        XCTAssertThrowsError(try store.submitResponse(response(wave, [1: .value(5), 2: .value(4), 3: .value(6)])))
        XCTAssertThrowsError(try store.submitResponse(response(wave, [1: .dontKnow])), "question 1 offers no don't-know")
        XCTAssertThrowsError(try store.submitResponse(response(wave, language: "so", [1: .value(5)])), "Somali is not offered")
        XCTAssertThrowsError(try store.submitResponse(response(wave, day: "2026-12-16", [1: .value(5)])), "after the wave closed")
        XCTAssertThrowsError(try store.submitResponse(response(wave, [:])), "an all-blank form")
        XCTAssertEqual(try count("SELECT COUNT(*) FROM survey_responses"), 0)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM survey_answers"), 0)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM survey_tallies"), 0)

        let id = try store.submitResponse(response(wave, school: 1, language: "es", [1: .value(5), 2: .value(2), 9: .value(Answer.no)]))
        XCTAssertEqual(try count("SELECT COUNT(*) FROM survey_answers"), 3)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM audit_log"), audit, "no audit row says who entered a response, or when")
        let columns = try store.read { db in try db.columns(in: "survey_responses").map(\.name) }
        XCTAssertEqual(Set(columns), ["id", "wave_id", "school_id", "language", "channel", "given_on"], "no login, no time of day, no free field")
        XCTAssertEqual(try count("SELECT SUM(count) FROM survey_response_counts WHERE given_on = '2026-11-20' AND channel = 'paper'"), 1)
        XCTAssertGreaterThan(id, 0)

        // A coordinator records for their own schools only.
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["E101"])
        XCTAssertNoThrow(try coordinator.submitResponse(response(wave, school: 0, [1: .value(3)])))
        XCTAssertThrowsError(try coordinator.submitResponse(response(wave, school: 1, [1: .value(3)]))) {
            guard case StoreError.forbidden = $0 else { return XCTFail("\($0)") }
        }
        let viewer = try db.secondStore(login: "reader", role: .viewer)
        XCTAssertThrowsError(try viewer.submitResponse(response(wave, [1: .value(3)])))
        XCTAssertEqual(try store.responseCount(waveID: wave.id), 2)
    }

    func testAWaveNeedsACompleteLanguageAndSchoolsToOpen() throws {
        let other = try store.insertRecord("surveys", values: ["title": .text("Pulse"), "languages": .text("en,so")])
        try store.saveQuestion(SurveyQuestion(position: 1, code: "ok", kind: .yesNo), surveyID: other, texts: ["en": ["text": "All good?"]])
        let wave = try store.createWave(surveyID: other, name: "Fall", schoolYear: "2026-27", opens: Day("2026-11-01")!, closes: Day("2026-11-30")!, invited: [schools[0]: 5])
        XCTAssertThrowsError(try store.setWaveStatus(waveID: wave, expectedVersion: 1, to: .open)) { XCTAssertTrue("\($0)".contains("complete"), "\($0)") }
        try store.saveTranslation(surveyID: other, language: "en", texts: ["yes": "Yes", "no": "No"])
        try store.setWaveStatus(waveID: wave, expectedVersion: 1, to: .open)
        XCTAssertEqual(try store.wave(id: wave)?.languages, ["en"], "Somali is incomplete: not offered")
    }

    func testResultsAndTheirExportSuppressTheSameFigures() throws {
        let wave = try openWave()
        // 4 answers at the first school, 12 at the second, 15 at the third.
        for (school, n) in [(0, 4), (1, 12), (2, 15)] {
            for i in 0..<n { try store.submitResponse(response(wave, school: school, [1: .value(i % 5 + 1)])) }
        }
        let results = try store.surveyResults(surveyID: surveyID)
        let q1 = results.waves[0].questions[0]
        XCTAssertFalse(results.cell(wave: 0, question: q1, school: schools[0]).shown)
        XCTAssertFalse(results.cell(wave: 0, question: q1, school: schools[1]).shown, "complementary")
        XCTAssertEqual(results.cell(wave: 0, question: q1, school: schools[2]).n, 15)
        XCTAssertEqual(results.cell(wave: 0, question: q1, school: nil).n, 31)
        let csv = try store.exportSurveyResultsCSV(waveID: wave.id)
        let rows = try CSV.parse(csv).map(\.fields)
        XCTAssertEqual(rows[0], SurveyCSV.resultColumns)
        let welcome = rows.filter { $0[5] == "welcome" }
        XCTAssertEqual(welcome.map { $0[2] }, ["DISTRICT", "E101", "E102", "E103"])
        XCTAssertEqual(welcome.map { $0[7] }, ["31", "suppressed", "suppressed", "15"])
        for row in welcome where row[7] == "suppressed" {
            XCTAssertEqual(Array(row[8...]), Array(repeating: "suppressed", count: 6), "no figure of a hidden cell is written: \(row)")
        }
        // Open text only for groups at the minimum.
        let comments = results.waves[0].questions.first { $0.kind == .openText }!
        XCTAssertEqual(try store.openTextAnswers(results: results, wave: 0, question: comments, school: schools[0]), [])
    }

    func testRawResponsesAreForAnAdminAndHoldNothingMore() throws {
        let wave = try openWave()
        try store.submitResponse(response(wave, school: 2, language: "es", [1: .value(5), 7: .dontKnow, 9: .value(Answer.yes), 11: .text("Gracias")]))
        let csv = try store.exportResponsesCSV(waveID: wave.id)
        let rows = try CSV.parse(csv).map(\.fields)
        XCTAssertEqual(Array(rows[0].prefix(4)), ["school_code", "language", "channel", "day"])
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(Array(rows[1].prefix(5)), ["E103", "es", "paper", "2026-11-20", "5"])
        XCTAssertTrue(rows[1].contains("dont-know") && rows[1].contains("yes") && rows[1].contains("Gracias"))
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["E103"])
        XCTAssertThrowsError(try coordinator.exportResponsesCSV(waveID: wave.id))
    }

    func testImportingResponsesIsAllOrNothingWithEveryProblemsLineAndColumn() throws {
        let wave = try openWave()
        let good = "school,language,channel,day,welcome,own-language,comments\r\nE101,en,web,2026-11-20,5,dont-know,Great\nE102,es,,2026-11-21,4,no,\n"
        let dry = try store.importResponses(waveID: wave.id, csv: good, dryRun: true)
        XCTAssertEqual(dry.problems, [])
        XCTAssertEqual(try store.responseCount(waveID: wave.id), 0)
        let audit = try count("SELECT COUNT(*) FROM audit_log")
        let done = try store.importResponses(waveID: wave.id, csv: good, dryRun: false)
        XCTAssertEqual(done.rows, 2)
        XCTAssertEqual(try store.responseCount(waveID: wave.id), 2)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM audit_log"), audit + 1, "one row: how many were imported")

        let bad = "school,language,day,welcome,recommend\nE101,en,2026-11-20,5,yes\nE999,en,2026-11-20,7,maybe\nE102,so,2026-13-01,,\n"
        let report = try store.importResponses(waveID: wave.id, csv: bad, dryRun: false)
        XCTAssertEqual(report.problems.map { "\($0.line):\($0.column ?? "")" }, ["3:school", "3:welcome", "3:recommend", "4:language", "4:day"], "\(report.problems)")
        XCTAssertEqual(try store.responseCount(waveID: wave.id), 2, "nothing from a file with problems")
        let header = try store.importResponses(waveID: wave.id, csv: "school,day,language,favourite_colour\n", dryRun: false)
        XCTAssertEqual(header.problems.first?.column, "favourite_colour")
    }

    func testImportingTranslationsCompletesALanguageOrChangesNothing() throws {
        let template = try store.translationTemplateCSV(surveyID: surveyID, language: "so")
        var rows = try CSV.parse(template).map(\.fields)
        XCTAssertEqual(rows[0], ["key", "language", "english", "text"])
        for i in 1..<rows.count { rows[i][3] = "SO " + rows[i][0] }
        // One row with a problem among the good ones: nothing written.
        var broken = rows
        broken[3][0] = "no-such-key"
        broken[5][3] = ""
        let report = try store.importTranslations(surveyID: surveyID, csv: CSV.write(broken), dryRun: false)
        XCTAssertEqual(report.problems.map { "\($0.line):\($0.column ?? "")" }, ["4:key", "6:text"])
        XCTAssertEqual(try store.instrument(surveyID: surveyID)?.languages, ["en", "es"])
        // Half a file: Somali is added but incomplete, so not offered.
        let half = try store.importTranslations(surveyID: surveyID, csv: CSV.write(Array(rows.prefix(6))), dryRun: false)
        XCTAssertEqual(half.problems, [])
        var instrument = try XCTUnwrap(store.instrument(surveyID: surveyID))
        XCTAssertEqual(instrument.languages, ["en", "es", "so"])
        XCTAssertFalse(instrument.isComplete("so"))
        XCTAssertEqual(instrument.completeLanguages, ["en", "es"])
        _ = try store.importTranslations(surveyID: surveyID, csv: CSV.write(rows), dryRun: false)
        instrument = try XCTUnwrap(store.instrument(surveyID: surveyID))
        XCTAssertTrue(instrument.isComplete("so"), "\(instrument.missing(in: "so"))")
        XCTAssertEqual(instrument.text("contact.2", in: "so"), "SO contact.2")
    }
}
