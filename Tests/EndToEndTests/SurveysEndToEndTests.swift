import Foundation
import XCTest

/// The surveys pane on the real binary: the demo district's results, suppression included, and the
/// same figures exported by `facet export survey-results`.
final class SurveysEndToEndTests: XCTestCase {
    func testTheResultsScreenOfTheDemoDistrict() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 2026)
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("4")
        try t.waitFor(text: "Family Customer Service Survey")
        try t.send("r")
        try t.waitFor(text: "Fall 2026-27 · 772 responses")
        // Wait for the grid's rows themselves: under load the header can be captured first.
        let results = try t.waitFor(text: "E104 Benjamin E.…     *    *")
        XCTAssertTrue(results.contains("District"), results)
        try t.send("v")
        let byWave = try t.waitFor(text: "Fal 25-26 Spr 25-26 Fal 26-27")
        XCTAssertTrue(byWave.contains("trend"), byWave)
        try t.send("v", "Down", "Enter")
        try t.waitFor(text: "Strongly agree")
        try t.send("Escape", "Escape")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")

        try t.typeLine("clear")
        // The export hides the same school.
        try t.typeLine("echo E104-SUPPRESSED=$('\(TmuxSession.binary)' export survey-results --wave 3 --db '\(t.databasePath)' | grep -c '^Fall,2026-27,E104,.*,suppressed')")
        try t.waitFor(text: "E104-SUPPRESSED=11")
    }
}
