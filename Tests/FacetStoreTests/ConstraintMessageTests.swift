import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// Every constraint of the schema, provoked through the store's public writes: the user reads a
/// sentence saying what happened and what to do, never SQLite's text.
final class ConstraintMessageTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }

    override func setUpWithError() throws {
        db = try TestDatabase()
        try store.insertRecord("schools", values: ["code": .text("E101"), "name": .text("Galtier"), "level": .text("elementary")])
    }

    /// The message `body` is refused with; fails when it is accepted or the message is SQLite's.
    func refusal(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("accepted", file: file, line: line)
            return ""
        } catch {
            let message = "\(error)"
            for raw in ["constraint failed", "SQLITE", "NOT NULL", "CHECK", "FOREIGN KEY", "UNIQUE"] {
                XCTAssertFalse(message.contains(raw), "raw SQLite text: \(message)", file: file, line: line)
            }
            return message
        }
    }

    func partnership(start: String? = nil, schools: Set<Int64> = [1]) throws -> Partnership {
        var p = Partnership(partnerID: 0, schoolIDs: schools, status: .active)
        p.startDate = start.flatMap(Day.init)
        let id = try store.savePartnership(p, newPartnerNamed: "Hope Academy")
        return try XCTUnwrap(store.partnership(id: id))
    }

    // MARK: CHECK

    func testCheckConstraintsSayWhatToChange() throws {
        XCTAssertEqual(refusal { try store.insertRecord("schools", values: ["code": .text("C1"), "name": .text("College"), "level": .text("college")]) },
                       "The school level must be elementary, middle, high or other.")
        XCTAssertEqual(refusal { try store.insertRecord("school_years", values: [
            "name": .text("2026-27"), "starts": .text("2026-09-01"), "ends": .text("2026-06-01")]) },
            "The school year ends before it starts; change one of its dates.")
        let p = try partnership(start: "2026-03-01")
        XCTAssertEqual(refusal { try store.updateRecord("partnerships", id: p.id!, expectedVersion: p.version, changes: ["end_date": .text("2026-01-01")]) },
                       "The end date is before the start date; change one of them.")
        XCTAssertEqual(refusal { try store.updateRecord("partnerships", id: p.id!, expectedVersion: p.version, changes: ["tier": .integer(4)]) },
                       "The tier must be 1, 2 or 3, or left empty.")
        XCTAssertEqual(refusal { try store.insertRecord("surveys", values: ["title": .text("Climate"), "min_group_size": .integer(0)]) },
                       "The smallest group a survey reports on must be at least 1 person.")
        XCTAssertEqual(refusal { try store.insertRecord("users", values: ["login": .text("boss"), "role": .text("owner")]) },
                       "The role must be admin, coordinator, front-office or viewer.")
        XCTAssertTrue(refusal { try store.insertRecord("policy_criteria", values: ["code": .text("x"), "text": .text("X"), "rule": .text("magic")]) }
            .hasPrefix("The criterion's rule must be serves-priority-area"))
    }

    // MARK: NOT NULL

    func testMissingRequiredValuesAreNamed() throws {
        XCTAssertEqual(refusal { try store.insertRecord("schools", values: ["code": .text("Z1"), "level": .text("high")]) },
                       "The school needs a name; fill it in and save again.")
        XCTAssertEqual(refusal { try store.insertRecord("employees", values: ["number": .text("1"), "first_name": .text("Mai"), "role": .text("teacher")]) },
                       "The employee needs a last name; fill it in and save again.")
        XCTAssertEqual(refusal { try store.insertRecord("standards", values: ["code": .text("S9"), "title": .text("T"), "position": .integer(9)]) },
                       "The standard needs a framework; fill it in and save again.")
    }

    /// Bug (b): a new criterion had to name its position; the store gives it the next one.
    func testNewPolicyCriterionGoesLast() throws {
        let last = try store.read { try Int.fetchOne($0, sql: "SELECT MAX(position) FROM policy_criteria") ?? 0 }
        let id = try store.insertRecord("policy_criteria", values: ["code": .text("family-voice"), "text": .text("Families shaped it")])
        XCTAssertEqual(try store.fetchRecord(table: "policy_criteria", id: id)?["position"], .integer(Int64(last + 1)))
        XCTAssertEqual(try store.policyCriteria().last?.code, "family-voice")
    }

    // MARK: UNIQUE

    func testDuplicatesSayWhichValueIsTaken() throws {
        XCTAssertEqual(refusal { try store.insertRecord("schools", values: ["code": .text("e101"), "name": .text("Other"), "level": .text("high")]) },
                       "Another school already has this code; give this one a different code.")
        XCTAssertEqual(refusal { try store.insertRecord("priority_areas", values: ["name": .text("mental health")]) },
                       "There is already a priority area with this name; use it, or choose another name.")
        try store.insertRecord("partners", values: ["name": .text("Hope"), "name_folded": .text("hope"), "kind": .text("other")])
        XCTAssertEqual(refusal { try store.insertRecord("partners", values: ["name": .text("HOPE"), "name_folded": .text("hope"), "kind": .text("other")]) },
                       "There is already a partner with this name (ignoring case and accents); use that partner, or choose another name.")
        try store.insertRecord("employees", values: ["number": .text("7"), "first_name": .text("A"), "last_name": .text("B"), "role": .text("teacher")])
        XCTAssertEqual(refusal { try store.insertRecord("employees", values: ["number": .text("7"), "first_name": .text("C"), "last_name": .text("D"), "role": .text("teacher")]) },
                       "Another employee already has this employee number; check the number.")
        XCTAssertEqual(refusal { try store.insertRecord("users", values: ["login": .text("tester"), "role": .text("viewer")]) },
                       "This login is already a Facet user; change their role or schools instead of adding them again.")
        try store.insertRecord("surveys", values: ["title": .text("Climate")])
        XCTAssertEqual(refusal { try store.insertRecord("surveys", values: ["title": .text("Climate")]) },
                       "There is already a survey with this title; choose another title.")
        XCTAssertEqual(refusal { try store.insertRecord("policy_criteria", values: ["code": .text("tier"), "text": .text("again")]) },
                       "Another policy criterion already has this code; choose another code.")
        try store.insertRecord("school_years", values: ["name": .text("2026-27"), "starts": .text("2026-09-01"), "ends": .text("2027-06-10")])
        XCTAssertEqual(refusal { try store.insertRecord("school_years", values: ["name": .text("2026-27"), "starts": .text("2026-09-01"), "ends": .text("2027-06-10")]) },
                       "There is already a school year with this name; choose another name.")
        let framework = try XCTUnwrap(store.read { try Int64.fetchOne($0, sql: "SELECT id FROM frameworks") })
        XCTAssertEqual(refusal { try store.insertRecord("frameworks", values: ["name": .text(NationalPTAStandards.frameworkName)]) },
                       "There is already a framework with this name; choose another name.")
        let code = try XCTUnwrap(store.read { try String.fetchOne($0, sql: "SELECT code FROM standards WHERE framework_id = ?", arguments: [framework]) })
        XCTAssertEqual(refusal { try store.insertRecord("standards", values: ["framework_id": .integer(framework), "code": .text(code), "title": .text("T"), "position": .integer(99)]) },
                       "This framework already has a standard with this code; choose another code.")
        let indicator = try XCTUnwrap(store.read { try Row.fetchOne($0, sql: "SELECT standard_id, code FROM indicators") })
        XCTAssertEqual(refusal { try store.insertRecord("indicators", values: ["standard_id": .integer(indicator["standard_id"]), "code": .text(indicator["code"]), "text": .text("T"), "position": .integer(99)]) },
                       "This standard already has an indicator with this code; choose another code.")
    }

    // MARK: FOREIGN KEY

    func testDeletingWhatOthersStillUseNamesThem() throws {
        let p = try partnership()
        var second = Partnership(partnerID: p.partnerID, schoolIDs: [1], priorityAreaIDs: [1], status: .active)
        second.services = "Tutoring"
        try store.savePartnership(second)
        for n in 1...2 {
            try store.insertRecord("employees", values: ["number": .text("\(n)"), "first_name": .text("A"), "last_name": .text("B"),
                                                         "role": .text("teacher"), "school_id": .integer(1)])
        }
        let school = try XCTUnwrap(store.fetchRecord(table: "schools", id: 1))
        XCTAssertEqual(refusal { try store.deleteRecord("schools", id: 1, expectedVersion: Int(school["version"]!.integerValue!)) },
                       "This school still has 2 partnerships and 2 staff; mark it inactive instead of deleting it.")
        XCTAssertEqual(refusal { try store.deleteRecord("partners", id: p.partnerID, expectedVersion: 1) },
                       "This partner still has 2 partnerships; end its partnerships instead, or move them to another partner before deleting it.")
        XCTAssertEqual(refusal { try store.deleteRecord("priority_areas", id: 1, expectedVersion: 1) },
                       "This priority area still has 1 partnership; retire it instead of deleting it.")
        XCTAssertNotNil(try store.fetchRecord(table: "schools", id: 1))

        // A reference to a record that does not exist.
        XCTAssertEqual(refusal { try store.insertRecord("employees", values: ["number": .text("9"), "first_name": .text("A"), "last_name": .text("B"),
                                                                            "role": .text("teacher"), "school_id": .integer(999)]) },
                       ConstraintMessages.foreignKey)
    }

    // MARK: ending a partnership

    /// Bug (a): ending a partnership that starts later broke the end ≥ start rule with SQLite's text.
    func testEndingAPartnershipThatHasNotStartedIsRefusedInWords() throws {
        let p = try partnership(start: "2027-01-15")
        XCTAssertEqual(refusal { try store.endPartnership(id: p.id!, expectedVersion: p.version, on: Day("2026-11-30")!) },
                       "This partnership has not started yet (it starts on 2027-01-15); delete it or change its start date.")
        XCTAssertEqual(try store.partnership(id: p.id!)?.status, .active)
        // Ended on or after its start, it ends.
        try store.endPartnership(id: p.id!, expectedVersion: p.version, on: Day("2027-01-15")!)
        XCTAssertEqual(try store.partnership(id: p.id!)?.status, .ended)
        XCTAssertEqual(try store.partnership(id: p.id!)?.endDate, Day("2027-01-15"))
    }

    // MARK: anything else

    func testUnknownConstraintsBecomeAPlainSentence() {
        XCTAssertEqual(ConstraintMessages.sentence(code: .SQLITE_CONSTRAINT_CHECK, message: "CHECK constraint failed: budget_positive"),
                       "The change breaks a rule of the database (budget_positive); nothing was saved.")
        XCTAssertEqual(ConstraintMessages.sentence(code: .SQLITE_CONSTRAINT, message: "constraint failed"),
                       "The change breaks a rule of the database (constraint failed); nothing was saved.")
        XCTAssertEqual(ConstraintMessages.sentence(code: .SQLITE_CONSTRAINT_UNIQUE, message: "UNIQUE constraint failed: grants.title"),
                       "Another record already has this title; it must be unique. Change it and save again.")
        XCTAssertEqual(ConstraintMessages.sentence(code: .SQLITE_CONSTRAINT_TRIGGER, message: "audit_log is append-only: its rows cannot be changed"),
                       "The audit log is append-only: its entries cannot be changed or removed; nothing was saved.")
    }
}
