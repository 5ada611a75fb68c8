import Foundation
import XCTest

/// The dashboard in the real binary: tiles fill in after the first frame, Enter opens the filtered
/// list in its pane; `facet metrics` and `facet report` from the shell print the same figures.
final class DashboardEndToEndTests: XCTestCase {
    func testTilesFillInAndEnterOpensTheFilteredPartnerships() throws {
        let t = try TmuxSession()
        try t.loadDemo()
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        var screen = try t.waitFor(text: "as of ")
        XCTAssertTrue(screen.contains("% aligned ·"), screen)
        try t.send("Enter")
        screen = try t.waitFor(text: "not aligned")
        XCTAssertTrue(screen.contains("Filter: status:Active"), screen)
        try t.send("1")
        try t.send("l")
        try t.waitFor(text: "of 50 schools")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")

        // The shell: the same district's figures as JSON (parsed) and the report as a file.
        let json = t.folder.appendingPathComponent("m.json").path, html = t.folder.appendingPathComponent("r.html").path
        try t.typeLine("'\(TmuxSession.binary)' metrics --db '\(t.databasePath)' -o '\(json)'; echo METRICS=$?")
        try t.waitFor(text: "METRICS=0", timeout: 30)
        try t.typeLine("'\(TmuxSession.binary)' report --db '\(t.databasePath)' -o '\(html)'; echo REPORT=$?")
        screen = try t.waitFor(text: "REPORT=0", timeout: 30)
        XCTAssertTrue(screen.contains("report to"), screen)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 1)
        XCTAssertEqual((object["figures"] as? [Any])?.count, 6)
        let report = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(report.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(report.contains("Partnerships in alignment"))
    }
}
