import Foundation
import XCTest

/// The kiosk on the real binary in tmux: a survey completed, then the lock-down keys (the kiosk keeps
/// running and writes nothing more), then the terminal killed mid-survey (no partial response, and
/// SQLite's integrity check is ok).
final class KioskEndToEndTests: XCTestCase {
    /// One value from the database, read with Python's sqlite3 (not the binary under test).
    func query(_ db: String, _ sql: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Several statements run in order; the first one's value is printed.
        p.arguments = ["python3", "-c", """
            import sqlite3,sys
            c = sqlite3.connect(sys.argv[1])
            parts = [s for s in sys.argv[2].split(';') if s.strip()]
            first = c.execute(parts[0]).fetchone()[0]
            for s in parts[1:]: c.execute(s)
            c.commit()
            print(first)
            """, db, sql]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testASurveyThenTheLockDownKeysThenAKilledTerminal() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 2026)
        let db = t.databasePath
        try t.typeLine("echo 4821 | '\(TmuxSession.binary)' kiosk set-pin --school E101 --db '\(db)'; echo PIN=$?")
        try t.waitFor(text: "PIN=0", timeout: 60)
        let responses = "SELECT COUNT(*) FROM survey_responses"
        let kioskResponses = "SELECT COUNT(*) FROM survey_responses WHERE channel = 'kiosk'"
        let answers = "SELECT COUNT(*) FROM survey_answers"
        let audit = "SELECT COUNT(*) FROM audit_log"
        let before = try query(db, kioskResponses)
        // The demo's open wave runs around the demo's day; the kiosk goes by the real clock, so the
        // wave is stretched to hold whatever day this test runs on.
        _ = try query(db, "SELECT 1; UPDATE survey_waves SET opens = '2000-01-01', closes = '2099-12-31' WHERE status = 'open'")

        try t.typeLine("clear; '\(TmuxSession.binary)' kiosk --school E101 --db '\(db)'; echo EXIT=$?")
        try t.waitFor(text: "Choose your language")
        // English, then the first option of every question (Enter), the review, Submit.
        try t.send("1")
        try t.waitFor(text: "Question 1 of 11")
        for _ in 0..<11 { try t.send("Enter") }
        try t.waitFor(text: "Review your answers")
        try t.send("Enter")
        try t.waitFor(text: "Thank you!")
        XCTAssertEqual(try query(db, kioskResponses), String(Int(before)! + 1))
        let afterSurvey = (try query(db, responses), try query(db, answers), try query(db, audit))

        // The lock-down keys, and a paste with escape sequences: nothing leaves the kiosk.
        for key in ["C-c", "C-z", "C-\\", "q", "Escape", "F1", "F10", "M-x", "M-q", "C-d", "Escape", "Escape"] { try t.send(key) }
        try t.send("\u{1b}[J\u{1b}]title\u{07}q quit \u{1b}[A", literal: true)
        try t.send("q")
        try t.resize(width: 100, height: 30)
        let screen = try t.waitFor(text: "Choose your language")
        XCTAssertFalse(screen.contains("EXIT="), screen)
        XCTAssertNoThrow(try t.facetPID(), "the kiosk is still running")
        XCTAssertEqual(try query(db, responses), afterSurvey.0)
        XCTAssertEqual(try query(db, answers), afterSurvey.1)
        XCTAssertEqual(try query(db, audit), afterSurvey.2)

        // Mid-survey, the terminal goes away: nothing of the half-done survey is written.
        try t.send("1")
        try t.waitFor(text: "Question 1 of 11")
        try t.send("5")
        try t.send("4")
        try t.waitFor(text: "Question 3 of 11")
        let pid = try t.facetPID()
        try t.tmux(["kill-server"])
        // Ended: gone, or a zombie waiting for whoever adopted it to reap it.
        func ended() -> Bool {
            guard kill(pid, 0) == 0 else { return true }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
        }
        let deadline = Date().addingTimeInterval(15)
        while !ended(), Date() < deadline { usleep(50_000) }
        XCTAssertTrue(ended(), "the kiosk ended with its terminal")
        XCTAssertEqual(try query(db, responses), afterSurvey.0)
        XCTAssertEqual(try query(db, answers), afterSurvey.1)
        XCTAssertEqual(try query(db, "PRAGMA integrity_check"), "ok")
    }
}
