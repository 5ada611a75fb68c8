import Foundation
import XCTest

/// The standards pane on the real binary: the demo district's self-assessment grid at 80×24 and at
/// 132×43 (more standards and longer names fit), and the ratings behind a cell; the SIP strategies
/// sorted by the standards they advance, both ways, at 80×24.
final class StandardsEndToEndTests: XCTestCase {
    /// facet on the demo district, on the standards pane.
    func standardsPane() throws -> TmuxSession {
        let t = try TmuxSession()
        try t.loadDemo(seed: 2026)
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("3")
        try t.waitFor(text: "Welcoming all families")
        return t
    }

    func testTheSelfAssessmentGridOfTheDemoDistrict() throws {
        let t = try standardsPane()
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

    func testTheStrategiesSortedByTheirStandardsBothWays() throws {
        let t = try standardsPane()
        try t.send("p")
        try t.waitFor(text: "SIP strategies 20")
        try t.send("s", "s", "s")
        /// The Std. cells of the rows on screen, top to bottom ("1", "2 3", "—").
        func standards(_ screen: String) -> [String] {
            let lines = screen.components(separatedBy: "\n")
            guard let header = lines.firstIndex(where: { $0.contains("Std.") }),
                  let column = lines[header].range(of: "Std.").map({ lines[header].distance(from: lines[header].startIndex, to: $0.lowerBound) })
            else { return [] }
            return lines[(header + 1)...].prefix { $0.range(of: "^[AEHMZ][0-9]{3}", options: .regularExpression) != nil }.map { line in
                String(line.dropFirst(column).prefix(6)).trimmingCharacters(in: .whitespaces)
            }
        }
        let ascending = try t.waitFor(text: "Sorted by Std., ascending")
        XCTAssertTrue(ascending.contains("Std.▲"), ascending)
        let top = standards(ascending)
        XCTAssertGreaterThan(top.count, 15, ascending)
        XCTAssertEqual(top, top.sorted(), "in the codes' order:\n\(ascending)")
        try t.send("End")
        let end = try t.waitFor("the last strategy") { $0.range(of: "([0-9]+) of \\1 strateg", options: .regularExpression) != nil }
        let bottom = standards(end)
        XCTAssertEqual(bottom, bottom.sorted(), end)
        XCTAssertGreaterThanOrEqual(bottom.first ?? "", top.last ?? "", "End shows the last codes")
        try t.send("S")
        let descending = try t.waitFor(text: "Std.▼")
        try t.send("Home")
        let reversed = try t.waitFor("the top, descending") { $0.contains("Std.▼") && $0.contains(" 1 of ") }
        XCTAssertEqual(standards(reversed), standards(reversed).sorted(by: >), reversed)
        XCTAssertEqual(standards(reversed).first, bottom.last, "the last ascending is the first descending:\n\(descending)")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }
}
