import FacetModel
import FacetStore
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// The surveys pane through keys at 80×24, on the small demo district, judged on 2026-11-30.
final class SurveysPaneTests: XCTestCase {
    var folder: URL!
    var store: FacetStore!
    let today = Day("2026-11-30")!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-sv-\(UUID().uuidString)")
        store = try FacetStore(path: folder.appendingPathComponent("facet.sqlite").path, login: "admin1")
        try DemoData.load(into: store, size: .small, seed: 2026)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func makeApp(_ store: FacetStore? = nil) -> FacetApplication { FacetApplication(store: store ?? self.store, theme: .monochrome, today: today) }
    func screen(_ app: FacetApplication) -> [String] { app.render(size: Size(width: 80, height: 24)).lines }
    func text(_ app: FacetApplication) -> String { screen(app).joined(separator: "\n") }
    func press(_ app: FacetApplication, _ keys: Key...) { for k in keys { app.handle(.key(k)) } }
    func type(_ app: FacetApplication, _ text: String) { for c in text { app.handle(.key(.char(c))) } }

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
