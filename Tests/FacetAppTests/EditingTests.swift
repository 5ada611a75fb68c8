import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// Editing through keys at 80×24, with two users on one database file.
final class EditingTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent("facet.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-edit-\(UUID().uuidString)")
        // The small district without PD enrollments: an employee with PD history is marked inactive, not deleted.
        let admin = try DemoTemplate.store(path: path, login: "first", size: DemoSize(schools: 50, partners: 300, partnerships: 450, employees: 4_000), seed: 3)
        try admin.addUser(login: "second", displayName: "Second", role: .admin, schoolCodes: [])
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func app(_ login: String, busyTimeout: TimeInterval = 5) throws -> FacetApplication {
        FacetApplication(store: try FacetStore(path: path, login: login, busyTimeout: busyTimeout), theme: .monochrome)
    }

    func screen(_ app: FacetApplication) -> [String] { app.render(size: Size(width: 80, height: 24)).lines }
    func text(_ app: FacetApplication) -> String { screen(app).joined(separator: "\n") }
    func press(_ app: FacetApplication, _ keys: Key...) { for k in keys { app.handle(.key(k)) } }
    func type(_ app: FacetApplication, _ text: String) { for c in text { app.handle(.key(.char(c))) } }

    func stored(_ app: FacetApplication, code: String, column: String) throws -> String? {
        try app.store.read { try String.fetchOne($0, sql: "SELECT \(column) FROM schools WHERE code = ?", arguments: [code]) }
    }

    func testCreateAndEditASchoolWithTheKeyboard() throws {
        let a = try app("first")
        press(a, .char("1"), .char("l"), .char("n"))
        XCTAssertTrue(text(a).contains("New school"))
        press(a, .ctrl("s"))
        XCTAssertTrue(text(a).contains("2 fields need attention before saving"), text(a))
        type(a, "Z999")
        press(a, .tab)
        type(a, "Zenith Academy")
        press(a, .tab, .right)  // level: elementary → middle
        press(a, .ctrl("s"))
        let saved = screen(a)
        XCTAssertTrue(saved[23].contains("Saved school Z999"), saved[23])
        XCTAssertEqual(try stored(a, code: "Z999", column: "level"), "middle")
        // The new record is selected; Enter edits it.
        press(a, .enter)
        XCTAssertTrue(text(a).contains("Edit school — Zenith Academy"), text(a))
        press(a, .tab)
        press(a, .ctrl("u"))
        type(a, "Zenith Community Academy")
        press(a, .ctrl("s"))
        XCTAssertEqual(try stored(a, code: "Z999", column: "name"), "Zenith Community Academy")
        press(a, .char("h"))
        let history = text(a)
        XCTAssertTrue(history.contains("first  update"), history)
        XCTAssertTrue(history.contains("name: Zenith Academy → Zenith Community Academy"), history)
    }

    func testEscOnAChangedFormAsksBeforeDiscarding() throws {
        let a = try app("first")
        press(a, .char("1"), .char("l"), .enter, .tab)
        type(a, " X")
        press(a, .escape)
        XCTAssertTrue(text(a).contains("Discard changes?"))
        press(a, .char("n"))
        XCTAssertTrue(text(a).contains("Edit school"), "still editing, input kept")
        press(a, .escape, .char("y"))
        XCTAssertFalse(text(a).contains("Edit school"))
        XCTAssertTrue(screen(a)[23].contains("Changes discarded"))
    }

    func testSecondSaveGetsTheConflictScreenAndMergesFieldByField() throws {
        let a = try app("first"), b = try app("second")
        // Both open the first school (A401) on the dashboard.
        press(a, .char("1"), .char("l"), .enter)
        press(b, .char("1"), .char("l"), .enter)
        // B renames it and turns it inactive, and saves first.
        press(b, .tab, .ctrl("u"))
        type(b, "Frogtown Early Learning (B)")
        press(b, .tab, .tab, .char(" "), .ctrl("s"))
        XCTAssertEqual(try stored(b, code: "A401", column: "active"), "0")
        // A, still on version 1, renames it too and saves.
        press(a, .tab, .ctrl("u"))
        type(a, "Frogtown Early Learning (A)")
        press(a, .ctrl("s"))
        let conflict = screen(a)
        let joined = conflict.joined(separator: "\n")
        XCTAssertTrue(joined.contains("Edit conflict"), joined)
        XCTAssertTrue(joined.contains("second saved this school"), joined)
        let nameRow = try XCTUnwrap(conflict.first { $0.contains("Name") && $0.contains("(A)") })
        XCTAssertTrue(nameRow.contains("(B)"), "yours and stored side by side: \(nameRow)")
        let activeRow = try XCTUnwrap(conflict.first { $0.contains("Active") })
        XCTAssertTrue(activeRow.contains("yes") && activeRow.contains("no"), activeRow)
        // Nothing was overwritten yet.
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Frogtown Early Learning (B)")
        // Keep A's name (default for a field A changed) and B's "inactive" (default for a field only B changed).
        press(a, .enter)
        XCTAssertTrue(screen(a)[23].contains("Saved the merged school"), screen(a)[23])
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Frogtown Early Learning (A)")
        XCTAssertEqual(try stored(a, code: "A401", column: "active"), "0")
    }

    func testConflictScreenCanTakeTheStoredValues() throws {
        let a = try app("first"), b = try app("second")
        press(a, .char("1"), .char("l"), .enter, .tab)
        press(b, .char("1"), .char("l"), .enter, .tab, .ctrl("u"))
        type(b, "Stored Name")
        press(b, .ctrl("s"))
        press(a, .ctrl("u"))
        type(a, "My Name")
        press(a, .ctrl("s"))
        XCTAssertTrue(text(a).contains("Edit conflict"))
        press(a, .char("T"), .enter)
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Stored Name")
        XCTAssertTrue(screen(a)[23].contains("Kept the stored school"), screen(a)[23])
    }

    func testDeleteAsksAndAsksAgainWhenSomeoneChangedTheRecord() throws {
        let a = try app("first"), b = try app("second")
        press(a, .char("5"))
        let firstRow = screen(a)[3]
        press(a, .char("d"))
        XCTAssertTrue(text(a).contains("Delete employee?"))
        // Meanwhile B edits that employee.
        press(b, .char("5"), .char("e"), .tab, .tab, .char("x"), .ctrl("s"))  // e edits; Enter shows the employee with their PD history
        press(a, .char("y"))
        XCTAssertTrue(text(a).contains("Changed meanwhile"), text(a))
        XCTAssertTrue(text(a).contains("changed by second"), text(a))
        press(a, .char("y"))
        XCTAssertTrue(screen(a)[23].contains("Deleted"), screen(a)[23])
        XCTAssertNotEqual(screen(a)[3], firstRow)
        XCTAssertTrue(screen(a)[1].contains("3,999 employees"))
    }

    func testAdminRestoresAPreviousVersionFromHistory() throws {
        let a = try app("first")
        press(a, .char("1"), .char("l"), .enter, .tab, .ctrl("u"))
        type(a, "Renamed Once")
        press(a, .ctrl("s"), .enter, .tab, .ctrl("u"))
        type(a, "Renamed Twice")
        press(a, .ctrl("s"))
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Renamed Twice")
        press(a, .char("h"))
        XCTAssertTrue(text(a).contains("r restore"))
        press(a, .down, .char("r"))
        XCTAssertTrue(text(a).contains("Restore?"))
        press(a, .char("y"))
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Renamed Once")
        let history = text(a)
        XCTAssertTrue(history.contains("first  restore"), history)
    }

    func testAnotherUsersCommitShowsUpAndKeepsTheSelection() throws {
        let a = try app("first"), b = try app("second")
        press(a, .char("1"), .char("l"), .down, .down, .down)
        let selectedLine = screen(a)[6]
        XCTAssertTrue(screen(a)[1].contains("4 of 50 schools"))
        XCTAssertFalse(a.checkForOutsideChanges(), "nothing changed yet")
        // B adds a school that sorts first.
        press(b, .char("1"), .char("l"), .char("n"))
        type(b, "A000")
        press(b, .tab)
        type(b, "Aardvark Academy")
        press(b, .ctrl("s"))
        XCTAssertTrue(a.checkForOutsideChanges())
        let after = screen(a)
        XCTAssertTrue(after[1].contains("5 of 51 schools"), after[1])
        XCTAssertEqual(after[7], selectedLine, "the same record stays selected, one row lower")
        XCTAssertTrue(after[3].contains("Aardvark Academy"))
    }

    func testBusyDatabaseOffersRetryAndKeepsTheInput() throws {
        let a = try app("first", busyTimeout: 0.2)
        var config = Configuration()
        config.allowsUnsafeTransactions = true  // this connection plays another process holding the lock
        let locker = try DatabaseQueue(path: path, configuration: config)
        try locker.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        press(a, .char("1"), .char("l"), .enter, .tab, .ctrl("u"))
        type(a, "Typed While Busy")
        press(a, .ctrl("s"))
        XCTAssertTrue(text(a).contains("Database busy — another user is saving"), text(a))
        press(a, .char("n"))
        XCTAssertTrue(text(a).contains("Typed While Busy"), "the form and its input are kept")
        try locker.inDatabase { try $0.execute(sql: "ROLLBACK") }
        press(a, .ctrl("s"))
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Typed While Busy")
    }

    func testASaveWaitingForAnotherUsersLockLeavesTheKeysFreeAndEscStopsTheWait() throws {
        let a = try app("first", busyTimeout: 30)
        a.quickWorkWait = 0  // as in the run loop: the key returns at once, the save goes on behind a screen
        var config = Configuration()
        config.allowsUnsafeTransactions = true  // this connection plays another process holding the lock
        let locker = try DatabaseQueue(path: path, configuration: config)
        try locker.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        press(a, .char("1"), .char("l"), .enter, .tab, .ctrl("u"))
        type(a, "Typed While Locked")
        press(a, .ctrl("s"))
        XCTAssertTrue(text(a).contains("waiting for the database"), text(a))
        // Ctrl-S returned although the lock is held for the next 30 s: the wait is off the key path.
        XCTAssertTrue(a.top is JobScreen)
        press(a, .escape)  // stop waiting
        a.waitForBackgroundWork()
        XCTAssertTrue(text(a).contains("Not saved: you stopped waiting"), text(a))
        XCTAssertTrue(text(a).contains("Typed While Locked"), "the form and its input are kept")
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Frogtown Early Learning Center", "nothing was written")
        try locker.inDatabase { try $0.execute(sql: "ROLLBACK") }
        press(a, .ctrl("s"))
        a.waitForBackgroundWork()
        XCTAssertEqual(try stored(a, code: "A401", column: "name"), "Typed While Locked")
    }
}

extension EditingTests {
    func testInputFromASessionThatEndedMidEditIsOfferedAgain() throws {
        let a = try app("first")
        press(a, .char("1"), .char("l"), .enter, .tab, .ctrl("u"))
        type(a, "Typed Before The Drop")
        a.keepUnsavedInput()  // what the run loop does when SIGHUP arrives
        // Meanwhile someone else changes the same school.
        let b = try app("second")
        press(b, .char("1"), .char("l"), .enter, .tab, .tab, .right, .ctrl("s"))

        let again = try app("first")
        XCTAssertTrue(text(again).contains("Unsaved changes from your last session"), text(again))
        press(again, .char("y"))
        XCTAssertTrue(text(again).contains("Typed Before The Drop"))
        XCTAssertTrue(text(again).contains("Reopened from your last session"))
        press(again, .ctrl("s"))
        // The draft kept the version it was loaded at, so the other user's change is a conflict, not lost.
        XCTAssertTrue(text(again).contains("Edit conflict"), text(again))
        press(again, .enter)
        XCTAssertEqual(try stored(again, code: "A401", column: "name"), "Typed Before The Drop")
        XCTAssertNotEqual(try stored(again, code: "A401", column: "level"), "other", "their level change is kept")
        // Offered once only.
        XCTAssertFalse(text(try app("first")).contains("Unsaved changes"))
    }

    func testAReopenedDraftIsAChangedFormThatASecondHangUpKeepsAgain() throws {
        let a = try app("first")
        press(a, .char("1"), .char("l"), .enter, .tab, .ctrl("u"))
        type(a, "Kept Twice")
        a.keepUnsavedInput()
        let b = try app("first")
        press(b, .char("y"))
        XCTAssertTrue(text(b).contains("Kept Twice"))
        b.keepUnsavedInput()  // the connection drops again before anything is typed
        let c = try app("first")
        XCTAssertTrue(text(c).contains("Unsaved changes from your last session"), "kept again: \(text(c))")
        press(c, .char("y"), .escape)
        XCTAssertTrue(text(c).contains("Discard changes?"), "Esc asks before throwing a reopened draft away")
    }
}
