import FacetModel
import FacetStore
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// The surveys pane through keys at 80×24, on the small demo district, judged on 2026-11-30.
final class SurveysPaneTests: PaneTestCase {

    /// A wave of three schools opened today with 4, 12 and 15 responses to the first question.
    func smallWave() throws -> Int64 {
        let surveyID = try XCTUnwrap(store.read { try Int64.fetchOne($0, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [ShippedSurvey.title]) })
        let codes = ["E101", "E102", "E103"]
        let ids = try codes.map { try XCTUnwrap(store.schoolID(code: $0)) }
        let waveID = try store.createWave(surveyID: surveyID, name: "Winter", schoolYear: "2026-27", opens: Day("2026-11-20")!, closes: Day("2026-12-20")!,
                                          invited: [ids[0]: 40, ids[1]: 50, ids[2]: 60])
        try store.setWaveStatus(waveID: waveID, expectedVersion: 1, to: .open)
        let wave = try XCTUnwrap(store.wave(id: waveID))
        let welcome = wave.instrument.questions[0].id!
        for (school, n) in zip(ids, [4, 12, 15]) {
            for i in 0..<n {
                try store.submitResponse(ResponseSubmission(waveID: waveID, schoolID: school, language: "en", channel: .paper, day: Day("2026-11-25")!,
                                                            answers: [welcome: .value(i % 2 == 0 ? 5 : 2)]))
            }
        }
        return waveID
    }

    func row(_ app: FacetApplication, starting prefix: String) throws -> String {
        try XCTUnwrap(screen(app).first { $0.hasPrefix(" " + prefix) }, "no row \(prefix) in\n\(text(app))")
    }

    /// The figures of a results row after its name: responses, then one per question.
    func figures(_ line: String) -> [String] { line.dropFirst(19).split(separator: " ").map(String.init) }

    func testASchoolWithFourResponsesIsSuppressedAndSoIsTheOneThatWouldRevealIt() throws {
        _ = try smallWave()
        let app = makeApp()
        type(app, "4wGr")
        XCTAssertTrue(screen(app)[1].contains("Winter 2026-27 · 31 responses"), screen(app)[1])
        XCTAssertEqual(figures(try row(app, starting: "District  ")).prefix(2), ["31", "52%"], "16 of 31 answered 5")
        let small = figures(try row(app, starting: "E101"))
        XCTAssertEqual(small.count, 12)
        XCTAssertEqual(small.prefix(2), ["*", "*"], "4 responses: the count and the question suppressed: \(small)")
        XCTAssertEqual(small.dropFirst(2).filter { $0 != "·" }, [], "no one answered the other questions")
        XCTAssertEqual(figures(try row(app, starting: "E102")).prefix(2), ["*", "*"], "otherwise 31 − 15 − 12 would give E101 alone")
        let shown = figures(try row(app, starting: "E103"))
        XCTAssertEqual(shown.prefix(2), ["15", "53%"], "8 of 15 answered 5")
        // The selected cell's line says why, and Enter shows no distribution for it.
        press(app, .down)
        XCTAssertTrue(screen(app)[2].contains("E101 · Q1 welcome · suppressed"), screen(app)[2])
        press(app, .enter)
        XCTAssertTrue(text(app).contains("Suppressed: fewer than 10 answers"), text(app))
        XCTAssertFalse(text(app).contains("Strongly agree"))
    }

    /// The grid reads the kept sums of the rows on screen; every school's row of every wave shows
    /// what the full computation from every tally (`SurveyResults`, the exports') gives, page by page.
    func testTheGridShowsTheFullComputationsFiguresOnEveryPageOfEveryWave() throws {
        let app = makeApp()
        type(app, "4r")
        let results = try XCTUnwrap(app.top as? SurveyResultsScreen)
        let full = try store.surveyResults(surveyID: results.surveyID)
        XCTAssertEqual(full.waves.count, 3)
        func expected(_ w: Int, _ q: WaveTallies.Question, _ school: Int64?) -> String {
            let cell = full.cell(wave: w, question: q, school: school)
            guard cell.shown else { return "*" }
            if cell.tally.n == 0 { return "·" }
            if let p = cell.percentFavourable { return "\(Int(p.rounded()))%" }
            return cell.tally.n < 1000 ? "n\(cell.tally.n)" : "n\(cell.tally.n / 1000)k"
        }
        var checked = 0, hidden = 0
        for w in full.waves.indices.reversed() {
            let wave = full.waves[w]
            XCTAssertTrue(screen(app)[1].contains(wave.label), screen(app)[1])
            var lines: [String: String] = [:]
            for _ in 0...(wave.schools.count / 10 + 1) {
                for line in screen(app) { if let s = wave.schools.first(where: { line.hasPrefix(" \($0.code) ") }) { lines[s.code] = line } }
                if let line = screen(app).first(where: { $0.hasPrefix(" District ") }) { lines["District"] = line }
                press(app, .pageDown)
            }
            for school in [nil] + wave.schools.map({ Optional($0) }) {
                let line = try XCTUnwrap(lines[school?.code ?? "District"], "\(wave.label): no row for \(school?.code ?? "District")")
                let shown = figures(line)
                let responses = full.responses(wave: w, school: school?.id).map { String($0.count) } ?? "*"
                let want = [responses] + wave.questions.prefix(shown.count - 1).map { expected(w, $0, school?.id) }
                XCTAssertEqual(shown, want, "\(wave.label) \(school?.code ?? "District")")
                checked += shown.count
                hidden += shown.filter { $0 == "*" }.count
            }
            for _ in 0...(wave.schools.count / 10 + 1) { press(app, .pageUp) }
            type(app, "[")
        }
        XCTAssertGreaterThan(checked, 300)
        XCTAssertGreaterThan(hidden, 0, "suppressed figures are among them")
    }

    func testEnteringThreePaperFormsByKeysChangesN() throws {
        _ = try smallWave()
        let app = makeApp()
        type(app, "4wG")
        type(app, "p")
        XCTAssertTrue(text(app).contains("Paper forms — Winter 2026-27"), text(app))
        press(app, .right, .right)                       // school: E103
        press(app, .ctrl("s"))
        XCTAssertTrue(screen(app)[1].contains("E103"), screen(app)[1])
        XCTAssertTrue(screen(app)[2].contains("entered now: 0 · at this school in the wave: 15"), screen(app)[2])
        // Form 1: strongly agree, agree, then blank, back, and agree; yes on question 7 is refused
        // before its turn (question 3 is a scale).
        type(app, "54")
        type(app, "y")
        XCTAssertTrue(app.statusMessage?.contains("Question 3 takes 1–5") == true, app.statusMessage ?? "")
        type(app, "0")
        press(app, .backspace)
        type(app, "4")
        XCTAssertTrue(screen(app)[6].contains("4 Agree"), screen(app)[6])
        XCTAssertTrue(screen(app)[7].contains("▶"), "answered question 3, on to 4: \(screen(app)[7])")
        press(app, .ctrl("s"))
        XCTAssertTrue(screen(app)[2].contains("entered now: 1 · at this school in the wave: 16"), screen(app)[2])
        XCTAssertTrue(screen(app)[4].contains("▶"), "the next form starts at question 1")
        type(app, "1")
        press(app, .ctrl("s"))
        type(app, "5")
        press(app, .ctrl("s"))
        XCTAssertTrue(screen(app)[2].contains("entered now: 3 · at this school in the wave: 18"), screen(app)[2])
        // An empty form is not a response.
        press(app, .ctrl("s"))
        XCTAssertTrue(app.statusMessage?.contains("every question blank") == true, app.statusMessage ?? "")
        press(app, .escape)
        type(app, "r")
        XCTAssertEqual(figures(try row(app, starting: "E103")).prefix(2), ["18", "56%"], "10 of 18 favourable")
        XCTAssertEqual(figures(try row(app, starting: "District  ")).first, "34")
        press(app, .down, .down, .down)
        XCTAssertTrue(screen(app)[2].contains("E103 · Q1 welcome · n 18 · 56% fav."), screen(app)[2])
    }

    /// A mistyped form is taken back: Ctrl-Z deletes the last form saved in this sitting (after a
    /// confirm), with its answers, and n, the tallies and the per-day count go back.
    func testTakingBackTheLastPaperFormsOfTheSitting() throws {
        let waveID = try smallWave()
        let e103 = try XCTUnwrap(store.schoolID(code: "E103"))
        func counted() throws -> (responses: Int, answers: Int, perDay: Int, tally: Int, audit: Int) {
            try store.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_responses WHERE wave_id = ?", arguments: [waveID]) ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id WHERE r.wave_id = ?",
                                  arguments: [waveID]) ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM survey_response_counts WHERE wave_id = ? AND school_id = ?",
                                  arguments: [waveID, e103]) ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM survey_tallies WHERE wave_id = ? AND school_id = ?",
                                  arguments: [waveID, e103]) ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0)
            }
        }
        let app = makeApp()
        type(app, "4wGp")
        press(app, .right, .right, .ctrl("s"))            // school: E103, 15 responses
        let before = try counted()
        // Ctrl-Z with nothing saved in this sitting takes nothing back.
        press(app, .ctrl("z"))
        XCTAssertTrue(app.top is PaperEntryScreen)
        XCTAssertTrue(app.statusMessage?.contains("No form saved") == true, app.statusMessage ?? "")
        type(app, "55"); press(app, .ctrl("s"))
        type(app, "44"); press(app, .ctrl("s"))
        type(app, "1"); press(app, .ctrl("s"))           // meant 5: take it back
        XCTAssertTrue(screen(app)[2].contains("entered now: 3 · at this school in the wave: 18"), screen(app)[2])
        XCTAssertTrue(app.top.statusHints.contains { $0.keys == "Ctrl-Z" && $0.label == "undo form 3" }, "\(app.top.statusHints)")
        type(app, "2")                                    // the next form, begun
        press(app, .ctrl("z"))
        XCTAssertTrue(text(app).contains("Take back form 3?"), text(app))
        press(app, .escape)                               // no: nothing changes
        XCTAssertEqual(try counted().responses, before.responses + 3)
        press(app, .ctrl("z"))
        press(app, .char("y"))
        XCTAssertEqual(app.statusMessage, "Form 3 taken back.")
        XCTAssertTrue(screen(app)[2].contains("entered now: 2 · at this school in the wave: 17"), screen(app)[2])
        let after = try counted()
        XCTAssertEqual(after.responses, before.responses + 2)
        XCTAssertEqual(after.answers, before.answers + 4, "the deleted form's answer went with it")
        XCTAssertEqual(after.perDay, before.perDay + 2)
        XCTAssertEqual(after.tally, before.tally + 4)
        XCTAssertEqual(after.audit, before.audit, "responses are not audited, taking one back is not either")
        XCTAssertTrue(screen(app)[4].contains("2 Disagree"), "the form begun stays: \(screen(app)[4])")
        // Undo again: form 2, then form 1, then nothing is left to take back.
        press(app, .ctrl("z")); press(app, .char("y"))
        press(app, .ctrl("z")); press(app, .char("y"))
        XCTAssertEqual(try counted().responses, before.responses)
        press(app, .ctrl("z"))
        XCTAssertFalse(text(app).contains("Take back"), text(app))
        press(app, .escape); press(app, .char("y"))
        type(app, "r")
        XCTAssertEqual(figures(try row(app, starting: "E103")).first, "15")
    }

    /// The store's side: only someone who may record for the school takes a response back, and a
    /// closed wave's responses stay.
    func testDeletingAResponseIsCheckedAndAClosedWavesStay() throws {
        let waveID = try smallWave()
        let wave = try XCTUnwrap(store.wave(id: waveID))
        let e101 = try XCTUnwrap(store.schoolID(code: "E101"))
        let id = try store.submitResponse(ResponseSubmission(waveID: waveID, schoolID: e101, language: "en", channel: .paper, day: Day("2026-11-25")!,
                                                             answers: [wave.instrument.questions[0].id!: .value(4)]))
        try store.addUser(login: "coord2", displayName: "Other", role: .coordinator, schoolCodes: ["E102"])
        let other = try FacetStore(path: folder.appendingPathComponent("facet.sqlite").path, login: "coord2")
        XCTAssertThrowsError(try other.deleteResponse(id: id)) { XCTAssertTrue("\($0)".contains("assigned schools"), "\($0)") }
        try store.setWaveStatus(waveID: waveID, expectedVersion: 2, to: .closed)
        XCTAssertThrowsError(try store.deleteResponse(id: id)) { XCTAssertTrue("\($0)".contains("closed"), "\($0)") }
        XCTAssertEqual(try store.responseCount(waveID: waveID, schoolID: e101), 5)
    }

    /// `x` on the results writes the shown wave's results: the same file as `facet export
    /// survey-results`, "suppressed" where the screen hides a figure; `~/` is $HOME; an existing
    /// file is replaced only when asked.
    func testExportingTheShownWavesResultsFromTheScreen() throws {
        let savedHome = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", folder.path, 1)
        defer { if let savedHome { setenv("HOME", savedHome, 1) } else { unsetenv("HOME") } }
        let app = makeApp()
        type(app, "4r")
        let results = try XCTUnwrap(app.top as? SurveyResultsScreen)
        let latest = results.current
        type(app, "[")                                   // the wave before: the one shown is exported
        let shown = results.current
        XCTAssertNotEqual(shown.waveID, latest.waveID)
        XCTAssertTrue(results.statusHints.contains { $0.keys == "x" && $0.label == "export CSV" }, "\(results.statusHints)")
        type(app, "x")
        XCTAssertTrue(text(app).contains("Export the results of \(shown.label)"), text(app))
        press(app, .enter)
        app.waitForBackgroundWork()
        let slug = String(shown.label.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let file = folder.appendingPathComponent("survey-results-\(slug).csv").path
        XCTAssertTrue(app.statusMessage?.contains("Exported") == true && app.statusMessage?.contains(file) == true, app.statusMessage ?? "")
        let written = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertEqual(written, try store.exportSurveyResultsCSV(waveID: shown.waveID), "the CLI's export, byte for byte")
        XCTAssertTrue(written.contains("suppressed"), "the demo's small schools are hidden")
        XCTAssertTrue(app.top is SurveyResultsScreen, "back on the results")
        // Again: the file exists, so it asks; "no" keeps it and returns to the prompt.
        try "keep me\n".write(toFile: file, atomically: true, encoding: .utf8)
        type(app, "x")
        press(app, .enter)
        XCTAssertTrue(text(app).contains("Replace the file?"), text(app))
        type(app, "n")
        XCTAssertTrue(app.top is PromptScreen)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "keep me\n")
        press(app, .enter); type(app, "y")
        app.waitForBackgroundWork()
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), written)
    }

    func testLanguagesShowWhetherTheyAreCompleteAndATranslationFormAddsOne() throws {
        let app = makeApp()
        type(app, "4")
        press(app, .enter)
        XCTAssertTrue(screen(app)[1].contains("Offered in English, Spanish · incomplete: hmn"), screen(app)[1])
        type(app, "l")
        XCTAssertTrue(text(app).contains("Hmong (hmn): incomplete, not offered"), text(app))
        press(app, .escape)
        type(app, "tso")
        press(app, .enter)
        XCTAssertTrue(text(app).contains("Somali — Family Customer Service Survey"), text(app))
        type(app, "Aad u diiddan")
        press(app, .ctrl("s"))
        XCTAssertTrue(app.statusMessage?.contains("Somali saved; 22 texts still missing") == true, app.statusMessage ?? "")
        XCTAssertTrue(screen(app)[1].contains("Offered in English, Spanish · incomplete: hmn, so"), screen(app)[1])
        let surveyID = try XCTUnwrap(store.read { try Int64.fetchOne($0, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [ShippedSurvey.title]) })
        XCTAssertEqual(try store.instrument(surveyID: surveyID)?.text("scale.1", in: "so"), "Aad u diiddan")
    }

    func testANewWaveOpensAndTheResultsOfTheDemoShowThreeWaves() throws {
        let app = makeApp()
        type(app, "4w")
        type(app, "n")
        press(app, .right)                                // Winter
        press(app, .tab, .tab)
        type(app, "2026-12-01")
        press(app, .tab)
        type(app, "2027-01-31")
        press(app, .tab, .tab)
        type(app, "30")
        press(app, .ctrl("s"))
        XCTAssertTrue(text(app).contains("Winter  #5"), text(app))  // #4 is the demo's conference feedback wave
        XCTAssertTrue(text(app).contains("Planned"))
        type(app, "Gp")
        XCTAssertTrue(app.statusMessage?.contains("has not opened yet") == true, app.statusMessage ?? "")
        type(app, "o")
        XCTAssertTrue(text(app).contains("Open the wave?"), text(app))
        press(app, .enter)
        XCTAssertTrue(app.statusMessage?.contains("Winter 2026-27 is open") == true, app.statusMessage ?? "")
        press(app, .escape)
        type(app, "r")
        XCTAssertTrue(screen(app)[1].contains("Winter 2026-27 · 0 responses"), screen(app)[1])
        type(app, "[")
        XCTAssertTrue(screen(app)[1].contains("Fall 2026-27 · 772 responses"), screen(app)[1])
        type(app, "v")
        XCTAssertTrue(screen(app)[3].contains("Fal 25-26 Spr 25-26 Fal 26-27"), screen(app)[3])
    }
}
