import Foundation
import XCTest

/// Check-in at the door on the real binary: a queue of people, one after the other, the count running.
final class RostersEndToEndTests: XCTestCase {
    func testCheckInAQueueAtTheDoor() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 8)
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("5")
        try t.waitFor(text: "4,000 employees")
        try t.send("t")
        try t.waitFor(text: "Sessions")
        try t.send("i")
        let start = try t.waitFor(text: "Checked in 0")
        XCTAssertTrue(start.contains("Name or number:"), start)
        // Three people from the roster: type the start of the numbers, pick the next one down, Enter.
        for n in 1...3 {
            try t.send("E1", literal: true)
            // The field echoing "E1" and its matches drawn: the screen before still shows the last
            // search's rows, and a Down sent meanwhile moves in those.
            try t.waitFor("the matches of E1") { $0.contains("Name or number: E1") && $0.contains("registered") }
            for _ in 0..<(n - 1) { try t.send("Down") }
            try t.send("Enter")
            try t.waitFor(text: "Checked in \(n)")
        }
        // Someone not on the roster: three letters search the district; Enter adds them as a walk-in.
        try t.send("Vang", literal: true)
        // A row of a Vang offered as a walk-in ("walk-in" alone is already on screen, in the count).
        let matches = try t.waitFor("a Vang offered as a walk-in") { screen in
            screen.contains("Name or number: Vang")
                && screen.split(separator: "\n").contains { $0.contains("Vang") && $0.trimmingCharacters(in: .whitespaces).hasSuffix("walk-in") }
        }
        XCTAssertTrue(matches.contains("Vang"), matches)
        // The first match not yet checked in: move to the first "walk-in" row.
        let rows = matches.split(separator: "\n").filter { $0.contains("Vang") }
        let index = try XCTUnwrap(rows.firstIndex { $0.hasSuffix("walk-in") || $0.contains(" walk-in ") || $0.trimmingCharacters(in: .whitespaces).hasSuffix("walk-in") })
        for _ in 0..<index { try t.send("Down") }
        try t.send("Enter")
        let after = try t.waitFor(text: "Checked in 4 (")
        XCTAssertTrue(after.contains("walk-in"), after)
        // Back to the sessions; the roster shows four in.
        try t.send("Escape")
        try t.send("Enter")
        try t.waitFor(text: "4 in")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }
}
