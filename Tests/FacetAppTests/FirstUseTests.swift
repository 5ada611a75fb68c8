import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// Where a first-time user was stopped or misled: each test fails without its fix.
final class FirstUseTests: XCTestCase {
    var folder: URL!
    var store: FacetStore!
    let today = Day("2026-11-30")!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-first-\(UUID().uuidString)")
        store = try DemoTemplate.store(path: folder.appendingPathComponent("facet.sqlite").path, login: "tester", seed: 2026)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func makeApp() -> FacetApplication { FacetApplication(store: store, theme: .monochrome, today: today) }
    func text(_ app: FacetApplication) -> String { app.render(size: Size(width: 80, height: 24)).text }
    func press(_ app: FacetApplication, _ keys: Key...) { for k in keys { app.handle(.key(k)) } }
    func type(_ app: FacetApplication, _ text: String) { for c in text { app.handle(.key(.char(c))) } }

    func testTheReviewFormStartsOnItsFirstCheckboxSoSpaceTicksIt() throws {
        let app = makeApp()
        press(app, .char("2"), .char("r"))
        let review = try XCTUnwrap(app.top as? ReviewScreen)
        let before = review.boxes.map { $0.1.isOn }
        press(app, .char(" "))
        XCTAssertEqual(review.boxes.first?.1.isOn, !(before.first ?? false), "Space ticked the first checkbox")
        XCTAssertTrue(review.form.fields[review.form.focus] is Checkbox)
    }

    func testADateFieldSaysWhyACharacterIsRefused() throws {
        let app = makeApp()
        press(app, .char("5"), .char("e"))
        let form = try XCTUnwrap((app.top as? FormScreen)?.session.form)
        form.focusField(labelled: "Hire date")
        type(app, "x")
        XCTAssertTrue(text(app).contains("“x”: use digits and “-”"), text(app))
        type(app, "1")
        XCTAssertFalse(text(app).contains("“x”"), "the next key clears it")
    }

    func testTheNeedsAttentionBannerFollowsTheFixAndGoes() throws {
        let app = makeApp()
        press(app, .char("1"), .char("l"), .char("n"), .ctrl("s"))
        XCTAssertTrue(text(app).contains("2 fields need attention"), text(app))
        type(app, "Z998")
        XCTAssertTrue(text(app).contains("1 field needs attention"), text(app))
        press(app, .tab)
        type(app, "Zephyr School")
        XCTAssertFalse(text(app).contains("need attention"), text(app))
    }

    func testALongValueShowsItsStartAwayFromTheCursor() throws {
        let app = makeApp()
        press(app, .char("2"), .char("p"), .enter)
        let lines = app.render(size: Size(width: 80, height: 24)).lines
        let website = try XCTUnwrap(lines.first { $0.contains("Website") })
        XCTAssertTrue(website.contains("https://"), website)
    }

    func testAnOpenDetailFollowsAnotherUsersSave() throws {
        let app = makeApp()
        press(app, .char("2"), .enter)
        XCTAssertTrue(text(app).contains("Swimming lessons"), text(app))
        let other = try FacetStore(path: store.path, login: "tester")
        var p = try XCTUnwrap(other.partnership(id: 76))
        p.services = "Swimming and water safety"
        try other.savePartnership(p)
        XCTAssertTrue(app.checkForOutsideChanges())
        XCTAssertTrue(text(app).contains("Swimming and water safety"), text(app))
    }

    func testATypedNameThatFoldsToAPartnerOffersThatPartnerNotANewOne() throws {
        let app = makeApp()
        press(app, .char("2"), .char("n"))
        type(app, "asociacion de padres latinos")
        let screen = text(app)
        XCTAssertTrue(screen.contains("Asociación de Padres Latinos"), screen)
        XCTAssertFalse(screen.contains("+ new partner"), screen)
    }

    func testTheBreakdownScrollsToItsEndAndNoFurther() throws {
        let app = makeApp()
        press(app, .char("2"), .char("b"))
        for _ in 0..<20 { press(app, .pageDown) }
        let lines = app.render(size: Size(width: 80, height: 24)).lines
        let footer = try XCTUnwrap(lines.first { $0.contains("Esc close") })
        let counts = footer.split(separator: " ").last { $0.contains("–") }.map(String.init) ?? ""
        let total = footer.components(separatedBy: " of ").last?.prefix { $0.isNumber } ?? ""
        XCTAssertTrue(counts.hasSuffix("–\(total)"), "the last line is at the bottom: \(footer)")
        let gaps = try store.coverageGaps()
        if let last = gaps.last { XCTAssertTrue(lines.joined().contains("\(last.school) — \(last.area)")) }
    }

    func testExportAsksBeforeReplacingAFile() throws {
        let app = makeApp()
        let file = folder.appendingPathComponent("exists.csv").path
        try "keep me\n".write(toFile: file, atomically: true, encoding: .utf8)
        press(app, .char("2"), .char("E"), .ctrl("u"))
        type(app, file)
        press(app, .enter)
        XCTAssertTrue(text(app).contains("Replace the file?"), text(app))
        press(app, .char("n"))
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "keep me\n")
        XCTAssertTrue(app.top is PromptScreen, "back at the prompt to choose another name")
        press(app, .enter, .char("y"))
        app.waitForBackgroundWork()
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("id,"))
    }

    func testTheDraftQuestionNamesWhatWasBeingEdited() throws {
        let app = makeApp()
        press(app, .char("2"), .char("e"))
        press(app, .tab, .char(" "))  // district-wide: a change
        app.keepUnsavedInput()
        let again = makeApp()
        let question = text(again)
        XCTAssertTrue(question.contains("editing the partnership 3M Community Giving"), question)
    }
}

extension FirstUseTests {
    func testDeletingASchoolInUseSaysWhatUsesItAndOffersToMarkItInactive() throws {
        let app = makeApp()
        press(app, .char("1"), .char("l"), .char("d"))
        let question = text(app)
        XCTAssertTrue(question.contains("still has"), question)
        XCTAssertTrue(question.contains("partnerships") && question.contains("staff"), question)
        press(app, .char("i"))
        let active = try store.read { try Int.fetchOne($0, sql: "SELECT active FROM schools WHERE code = 'A401'") }
        XCTAssertEqual(active, 0)
        XCTAssertTrue(app.statusMessage?.contains("inactive") == true, app.statusMessage ?? "")
        let schools = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schools") }
        XCTAssertEqual(schools, 50, "nothing deleted")
    }

    func testALongMessageTakesTwoLinesInsteadOfBeingCut() throws {
        let app = makeApp()
        app.statusMessage = "This is a long message about what happened and what to do next, much longer than the eighty columns of a window."
        let lines = app.render(size: Size(width: 80, height: 24)).lines
        XCTAssertTrue((lines[22] + lines[23]).contains("what to do next"), lines[22] + lines[23])
        XCTAssertTrue(lines[23].contains("window."), lines[23])
    }

    func testAFocusedFieldsMessageThatDoesNotFitBesideItIsShownWhole() throws {
        let app = makeApp()
        press(app, .char("5"), .char("e"))
        let form = try XCTUnwrap((app.top as? FormScreen)?.session.form)
        form.focusField(labelled: "Email")
        press(app, .ctrl("u"))
        type(app, "not-an-address")
        press(app, .ctrl("s"))
        let whole = try XCTUnwrap(Validation.email("not-an-address"))
        XCTAssertTrue(text(app).contains("Email: \(whole)"), text(app))
    }
}
