import Foundation
import XCTest

/// Two people in two terminals on one database, and a third process holding the lock.
final class ManyUsersEndToEndTests: XCTestCase {
    func startBoth() throws -> (TmuxSession, TmuxSession) {
        let first = try TmuxSession()
        try first.loadDemo(seed: 5)
        let second = try TmuxSession(sharing: first)
        try first.startFacet()
        try second.startFacet()
        try first.waitFor(text: "Renewals and reviews")
        try first.send("l")
        try first.waitFor(text: "of 50 schools")
        try second.waitFor(text: "Renewals and reviews")
        try second.send("l")
        try second.waitFor(text: "of 50 schools")
        return (first, second)
    }

    func rename(in t: TmuxSession, to name: String) throws {
        try t.send("Tab")
        try t.send("C-u")
        try t.send(name, literal: true)
    }

    func testSecondUserSeesTheSaveWithinTwoSecondsAndGetsTheConflictScreen() throws {
        let (first, second) = try startBoth()
        // The first user renames the first school and saves.
        try first.send("Enter")
        try first.waitFor(text: "Edit school")
        try rename(in: first, to: "Renamed By First")
        try first.send("C-s")
        try first.waitFor(text: "Saved school")
        // The second user, touching nothing, sees it within two seconds.
        let started = Date()
        try second.waitFor(text: "Renamed By First", timeout: 2)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.0)

        // Now both open the same school; the first saves, then the second.
        try second.send("Enter")
        try second.waitFor(text: "Edit school — Renamed By First")
        try first.send("Enter")
        try first.waitFor(text: "Edit school — Renamed By First")
        try rename(in: first, to: "First Again")
        try first.send("C-s")
        try first.waitFor(text: "Saved school")
        try rename(in: second, to: "Second Version")
        try second.send("C-s")
        let conflict = try second.waitFor(text: "Edit conflict")
        XCTAssertTrue(conflict.contains("Second Version") && conflict.contains("First Again"), conflict)
        try second.send("Enter")
        try second.waitFor(text: "Saved the merged school")
        try first.waitFor(text: "Second Version", timeout: 2)
        try first.send("q")
        try second.send("q")
        try first.waitFor(text: "EXIT=0")
        try second.waitFor(text: "EXIT=0")
    }

    func testALockHeldByAnotherProcessGivesBusyThenRetrySucceeds() throws {
        let first = try TmuxSession()
        try first.loadDemo(seed: 5)
        try first.startFacet()
        try first.waitFor(text: "Renewals and reviews")
        try first.send("l")
        try first.waitFor(text: "of 50 schools")
        try first.send("Enter")
        try first.waitFor(text: "Edit school")
        try rename(in: first, to: "Saved After The Lock")

        // A third process holds an exclusive lock for 10 s.
        let locker = try TmuxSession(sharing: first)
        try locker.typeLine("python3 -c \"import sqlite3,time; c=sqlite3.connect('\(first.databasePath)', isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('LOCK'+'ED', flush=True); time.sleep(10); c.execute('ROLLBACK'); print('RELEA'+'SED', flush=True)\"")
        try locker.waitFor(text: "LOCKED")
        try first.send("C-s")
        let busy = try first.waitFor(text: "Database busy", timeout: 15)
        XCTAssertTrue(busy.contains("Retry"), busy)
        try locker.waitFor(text: "RELEASED", timeout: 15)
        try first.send("y")
        try first.waitFor(text: "Saved school")
        XCTAssertTrue(try first.capture().contains("Saved After The Lock"))
        try first.send("q")
        try first.waitFor(text: "EXIT=0")
    }
}

final class UsersCommandEndToEndTests: XCTestCase {
    func testAnUnknownLoginIsRefusedWithTheCommandAnAdminMustRun() throws {
        let t = try TmuxSession()
        let bin = "'\(TmuxSession.binary)' --db '\(t.databasePath)'"
        let binAfter = { (cmd: String) in "'\(TmuxSession.binary)' \(cmd) --db '\(t.databasePath)'" }
        // This login opens the new database first and so is its admin; it adds another admin and
        // steps down, and is then an unknown login.
        try t.typeLine(binAfter("users add someone-else --role admin") + "; " + binAfter("users remove $(id -un)") + "; echo STEP=$?")
        try t.waitFor(text: "STEP=0")
        try t.typeLine("clear; \(bin); echo EXIT=$?")
        let screen = try t.waitFor(text: "EXIT=1")
        XCTAssertTrue(screen.contains("are not a user of the database"), screen)
        XCTAssertTrue(screen.contains("facet users add"), screen)
    }
}
