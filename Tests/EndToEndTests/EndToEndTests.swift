import Foundation
import XCTest

/// The real binary in a real pseudo-terminal under tmux at 80×24.
final class EndToEndTests: XCTestCase {
    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: TmuxSession.binary) else {
            return XCTFail("facet binary not found at \(TmuxSession.binary); build it first (swift build)")
        }
    }

    func testPaneSwitchingFilteringAndQuitRestoreTheTerminal() throws {
        let t = try TmuxSession()
        try t.loadDemo()
        try t.startFacet()
        var screen = try t.waitFor(text: "Renewals and reviews")
        XCTAssertTrue(screen.contains("1 Dashboard"))
        XCTAssertEqual(try t.paneFlag("alternate_on"), "1")

        try t.send("5")
        screen = try t.waitFor(text: "4,000 employees")
        try t.send("F2")
        screen = try t.waitFor(text: "450 partnerships")
        try t.send("4")
        try t.waitFor(text: "Family Customer Service Survey")
        try t.send("3")
        try t.waitFor(text: "Welcoming all families")

        // Filter the standards as you type.
        try t.send("/")
        try t.send("power", literal: true)
        screen = try t.waitFor(text: "/power")
        XCTAssertTrue(screen.contains("Sharing power"))
        XCTAssertFalse(screen.contains("Welcoming all families"))
        try t.send("Escape")
        try t.waitFor(text: "Welcoming all families")

        try t.send("q")
        screen = try t.waitFor(text: "EXIT=0")
        XCTAssertEqual(try t.paneFlag("alternate_on"), "0", "left the alternate screen")
        XCTAssertEqual(try t.paneFlag("cursor_flag"), "1", "cursor visible again")
        // Echo and line editing are back: what is typed appears and runs.
        try t.typeLine("echo terminal-is-$((40+2))")
        try t.waitFor(text: "terminal-is-42")
    }

    func testSmallWindowShowsTheSizeMessageAndRecovers() throws {
        let t = try TmuxSession(width: 60, height: 20)
        try t.loadDemo()
        try t.startFacet()
        let screen = try t.waitFor(text: "at least 80×24")
        XCTAssertTrue(screen.contains("This one is 60×20"), screen)
        try t.resize(width: 80, height: 24)
        try t.waitFor(text: "Renewals and reviews")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }

    func testSigtermSighupAndACrashRestoreTheTerminal() throws {
        // SIGSEGV stands for a crash: the handler restores the terminal and re-raises.
        for (signal, status) in [("TERM", "143"), ("HUP", "129"), ("SEGV", "139")] {
            let t = try TmuxSession()
            try t.loadDemo()
            try t.startFacet()
            try t.waitFor(text: "Renewals and reviews")
            try t.signalFacet(signal)
            try t.waitFor(text: "EXIT=\(status)")
            XCTAssertEqual(try t.paneFlag("alternate_on"), "0", "SIG\(signal) left the alternate screen")
        }
    }

    func testEmptyDatabaseOffersDemoOnFirstStart() throws {
        let t = try TmuxSession()
        try t.startFacet()
        try t.waitFor(text: "Load the demo")
        try t.send("y")
        try t.waitFor(text: "Demo district loaded", timeout: 30)
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }

    func testUnknownTerminalGetsAClearMessage() throws {
        let t = try TmuxSession()
        try t.startFacet("", environment: "TERM=no-such-terminal")
        let screen = try t.waitFor(text: "EXIT=2")
        XCTAssertTrue(screen.contains("has no terminfo"), screen)
    }

    func testVersionAndHelp() throws {
        let t = try TmuxSession()
        try t.typeLine("'\(TmuxSession.binary)' --version; '\(TmuxSession.binary)' demo --help | head -3; echo DO''NE")
        let screen = try t.waitFor(text: "DONE")
        XCTAssertTrue(screen.contains("0.1.0"), screen)
        XCTAssertTrue(screen.contains("demo district"), screen)
    }
}

extension EndToEndTests {
    func testADroppedConnectionMidEditLosesNothing() throws {
        let t = try TmuxSession()
        try t.loadDemo()
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("l")
        try t.waitFor(text: "of 50 schools")
        try t.send("Enter")
        try t.waitFor(text: "Edit school")
        try t.send("Tab")
        try t.send("C-u")
        try t.send("Typed Before Hangup", literal: true)
        try t.waitFor(text: "Typed Before Hangup")
        try t.signalFacet("HUP")
        try t.waitFor(text: "EXIT=129")
        try t.typeLine("clear")
        try t.startFacet()
        try t.waitFor(text: "Unsaved changes from your last session")
        try t.send("y")
        try t.waitFor(text: "Reopened from your last session")
        try t.send("C-s")
        try t.waitFor(text: "Saved school")
        // The draft reopened over the dashboard: the schools list shows the saved name.
        try t.send("l")
        try t.waitFor(text: "Typed Before Hangup")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }
}
