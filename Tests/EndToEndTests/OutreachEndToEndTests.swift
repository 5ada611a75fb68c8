import Foundation
import XCTest

/// The outreach pane of the demo district on the real binary: the events with the campaign's
/// reach, reach by school, the launch steps' progress, the toolkit's gaps and an event's form.
final class OutreachEndToEndTests: XCTestCase {
    func testTheOutreachPaneOfTheDemoDistrict() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 2026)
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("6")
        let events = try t.waitFor(text: "of 150 events")
        XCTAssertTrue(events.contains("6 Outreach"), events)
        // The header is the campaign's reach while the demo's campaign year is today's school year.
        XCTAssertTrue(events.contains("Reach ") || events.contains("No campaign for"), events)
        try t.send("r")
        let reach = try t.waitFor(text: "families reached")
        XCTAssertTrue(reach.contains("no event yet"), "schools with no event come first:\n\(reach)")
        try t.send("Escape", "l")
        try t.waitFor(text: "of 6 launch steps")
        try t.send("v")
        let progress = try t.waitFor(text: "Evidence:")
        XCTAssertTrue(progress.contains("milestones done"), progress)
        try t.send("Escape", "Escape", "t")
        try t.waitFor(text: "of 12 resources")
        try t.send("g")
        let gaps = try t.waitFor(text: "No resource for")
        XCTAssertTrue(gaps.contains("5 Sharing power"), gaps)
        try t.send("Escape", "Escape", "Enter")
        try t.waitFor(text: "Families by language")
        try t.send("Escape")
        try t.waitFor(text: "of 150 events")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }
}
