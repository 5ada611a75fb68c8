import Foundation
import XCTest

/// The standards pane on the real binary: the demo district's self-assessment grid at 80×24 and at
/// 132×43 (more standards and longer names fit), and the ratings behind a cell.
final class StandardsEndToEndTests: XCTestCase {
    func testTheSelfAssessmentGridOfTheDemoDistrict() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 2026)
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("3")
        try t.waitFor(text: "Welcoming all families")
        try t.send("a")
        // The year is today's school year (the demo rates 2024-25 to 2026-27).
        let grid = try t.waitFor(text: " · 49 schools")  // the active ones
        XCTAssertTrue(grid.contains("Self-assessment 20"), grid)
        XCTAssertTrue(grid.contains("Std 1"), grid)
        XCTAssertTrue(grid.contains("no self-assessment for 20"), "an unrated school says so:\n\(grid)")
        try t.resize(width: 132, height: 43)
        // The legend, cut at 80 columns, is whole at 132; and more schools show.
        let wide = try t.waitFor(text: "· Chg: since 20")
        func schoolRows(_ screen: String) -> Int {
            screen.components(separatedBy: "\n").filter { $0.range(of: "^ [A-Z][0-9]{3} ", options: .regularExpression) != nil }.count
        }
        XCTAssertGreaterThan(schoolRows(wide), schoolRows(grid), wide)
        try t.send("Enter")
        try t.waitFor(text: "Ratings —")
        try t.send("Escape", "Escape")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }
}
