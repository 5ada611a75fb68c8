import Foundation
import XCTest

/// Terminals other than xterm-256color: a terminal that cannot be drawn on is refused with a
/// sentence (before any database is made), the VT100 and the Linux console work, and so does a
/// 300×100 window.
final class TerminalTypesTests: XCTestCase {
    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: TmuxSession.binary) else {
            return XCTFail("facet binary not found at \(TmuxSession.binary); build it first (swift build)")
        }
    }

    func testDumbAndUnknownTerminalsAreRefusedWithASentenceBeforeTheDatabaseIsTouched() throws {
        // "dumb" has a terminfo entry but no cursor addressing: ncurses would start and draw garbage.
        for (term, words) in [("dumb", "cannot move the cursor"), ("no-such-terminal", "has no terminfo entry")] {
            let t = try TmuxSession()
            try t.startFacet("", environment: "TERM=\(term)")
            // The 80-column window wraps the sentence: read it whole.
            let screen = try t.waitFor(text: "EXIT=2").replacingOccurrences(of: "\n", with: "")
            XCTAssertTrue(screen.contains("TERM is \"\(term)\""), screen)
            XCTAssertTrue(screen.contains(words), screen)
            XCTAssertTrue(screen.contains("TERM=xterm-256color"), "says what to use instead: \(screen)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: t.databasePath), "TERM=\(term) made a database")
        }
    }

    /// tmux sends End as ESC [ 4 ~ and Home as ESC [ 1 ~ whatever TERM says; xterm-256color's
    /// terminfo names other sequences, so ncurses hands these over as Escape and characters. They
    /// must still be End and Home — not Escape, then "4" switching to the Surveys pane.
    func testEndAndHomeAsTmuxSendsThemUnderAnXtermTERM() throws {
        let t = try TmuxSession()
        try t.loadDemo()
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("2")
        try t.waitFor(text: "1 of 450 partnerships")
        try t.send("End")
        let end = try t.waitFor(text: "450 of 450 partnerships")
        XCTAssertFalse(end.contains("Surveys —"), "End did not switch panes:\n\(end)")
        try t.send("Home")
        try t.waitFor(text: "1 of 450 partnerships")
        // An unknown sequence (bracketed paste's start) is dropped, not typed as keys.
        try t.send("\u{1b}[200~", literal: true)
        try t.send("Down")
        let after = try t.waitFor(text: "2 of 450 partnerships")
        XCTAssertTrue(after.contains("Aligned"), "still on the partnerships list:\n\(after)")
    }

    func testVT100AndTheLinuxConsoleWork() throws {
        for term in ["vt100", "linux"] {
            let t = try TmuxSession()
            try t.loadDemo()
            try t.startFacet("", environment: "TERM=\(term)")
            try t.waitFor(text: "Renewals and reviews")
            try t.send("l")
            try t.waitFor(text: "1 of 50 schools")
            // Cursor keys as this terminal sends them, pane keys, a filter typed and cleared.
            try t.send("Down")
            try t.send("Down")
            try t.waitFor(text: "3 of 50 schools")
            try t.send("2")
            try t.waitFor(text: "450 partnerships")
            try t.send("5")
            try t.waitFor(text: "4,000 employees")
            try t.send("/")
            try t.send("zzzqqq", literal: true)
            try t.waitFor(text: "nothing to show")
            try t.send("Escape")
            try t.waitFor(text: "4,000 employees")
            try t.send("q")
            try t.waitFor(text: "EXIT=0")
            // The shell works again after facet.
            try t.typeLine("clear; echo after-$((40+2))")
            try t.waitFor(text: "after-42")
        }
    }

    func testAThreeHundredByHundredWindowIsFilled() throws {
        let t = try TmuxSession(width: 300, height: 100)
        try t.loadDemo()
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("l")
        var screen = try t.waitFor(text: "1 of 50 schools")
        var lines = screen.components(separatedBy: "\n")
        XCTAssertGreaterThanOrEqual(lines.count, 100, screen)
        XCTAssertTrue(lines[0].contains("1 Dashboard"), lines[0])
        XCTAssertTrue(lines[99].contains("help"), "the status line is on the last of 100 rows: \(lines[99])")
        // All 50 schools fit: one row each under the header.
        let schoolRows = lines.filter { $0.range(of: "^[A-Z][0-9]{3} ", options: .regularExpression) != nil }
        XCTAssertEqual(schoolRows.count, 50, screen)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 300 }, "no row wider than the window")

        // A long list fills the height: the rows under the header run to the status line.
        try t.send("5")
        screen = try t.waitFor(text: "4,000 employees")
        try t.send("PageDown")
        screen = try t.waitFor("a page of 96 rows") { $0.contains("97 of 4,000") || $0.contains("96 of 4,000") }
        lines = screen.components(separatedBy: "\n")
        XCTAssertGreaterThan(lines[3..<99].filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count, 90, screen)
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }
}
