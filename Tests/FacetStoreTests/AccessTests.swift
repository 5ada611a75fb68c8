import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// Roles are enforced by the store itself, whatever a screen offers.
final class AccessTests: XCTestCase {
    var db: TestDatabase!
    var e101: Int64 = 0, m201: Int64 = 0

    override func setUpWithError() throws {
        db = try TestDatabase(login: "admin1")
        try db.store.write { w in
            e101 = try w.insert(into: "schools", values: ["code": "E101", "name": "Galtier Elementary", "level": "elementary"])
            m201 = try w.insert(into: "schools", values: ["code": "M201", "name": "Como Park Middle", "level": "middle"])
        }
    }

    func testFirstLoginIsAdminAndUnknownLoginsCannotWrite() throws {
        XCTAssertEqual(db.store.currentUser?.role, .admin)
        XCTAssertEqual(db.store.currentUser?.login, "admin1")
        let stranger = try db.secondStore(login: "stranger", role: nil)
        XCTAssertNil(stranger.currentUser)
        XCTAssertThrowsError(try stranger.write { w in
            _ = try w.insert(into: "partners", values: ["name": "X", "name_folded": "x", "kind": "nonprofit"])
        }) { XCTAssertTrue("\($0)".contains("not a Facet user"), "\($0)") }
    }

    func testCoordinatorEditsOnlyAssignedSchools() throws {
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["E101"])
        // Own school's employee: allowed.
        let own = try coordinator.write { w in
            try w.insert(into: "employees", values: ["number": "E1", "first_name": "Mai", "last_name": "Vang", "role": "teacher", "school_id": e101])
        }
        // Another school's employee: refused, nothing written.
        XCTAssertThrowsError(try coordinator.write { w in
            try w.insert(into: "employees", values: ["number": "E2", "first_name": "Ana", "last_name": "Ruiz", "role": "teacher", "school_id": m201])
        }) { error in
            guard case StoreError.forbidden(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("assigned schools"), reason)
        }
        // Moving an own employee to another school is refused too.
        XCTAssertThrowsError(try coordinator.write { w in
            try w.update("employees", id: own, expectedVersion: 1, changes: ["school_id": m201])
        })
        // Renaming the own school is allowed; creating or deleting schools is not.
        try coordinator.write { w in _ = try w.update("schools", id: e101, expectedVersion: 1, changes: ["name": "Galtier Community"]) }
        XCTAssertThrowsError(try coordinator.write { w in try w.delete(from: "schools", id: e101, expectedVersion: 2) })
        XCTAssertThrowsError(try coordinator.write { w in
            _ = try w.insert(into: "schools", values: ["code": "X1", "name": "New", "level": "other"])
        })
        // District settings are admin-only.
        XCTAssertThrowsError(try coordinator.write { w in
            _ = try w.insert(into: "priority_areas", values: ["name": "Attendance"])
        }) { XCTAssertTrue("\($0)".contains("Only an admin"), "\($0)") }
        XCTAssertThrowsError(try coordinator.addUser(login: "x", displayName: "x", role: .admin, schoolCodes: []))
        // Partners: create and edit yes, delete no.
        let partner = try coordinator.write { w in
            try w.insert(into: "partners", values: ["name": "Casa", "name_folded": "casa", "kind": "nonprofit"])
        }
        XCTAssertThrowsError(try coordinator.write { w in try w.delete(from: "partners", id: partner, expectedVersion: 1) })
        let employees = try db.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM employees") }
        XCTAssertEqual(employees, 1)
    }

    func testViewerAndFrontOfficeCannotEditRecords() throws {
        let viewer = try db.secondStore(login: "viewer", role: .viewer)
        XCTAssertThrowsError(try viewer.write { w in _ = try w.update("schools", id: e101, expectedVersion: 1, changes: ["name": "x"]) }) {
            XCTAssertTrue("\($0)".contains("viewer"), "\($0)")
        }
        let desk = try db.secondStore(login: "desk", role: .frontOffice, schools: ["E101"])
        XCTAssertThrowsError(try desk.write { w in _ = try w.update("schools", id: e101, expectedVersion: 1, changes: ["name": "x"]) })
        XCTAssertEqual(try db.store.fetchRecord(table: "schools", id: e101)?["name"], .text("Galtier Elementary"))
    }

    func testUserManagementIsAuditedAndKeepsAnAdmin() throws {
        try db.store.addUser(login: "coord", displayName: "Pa Houa Lee", role: .coordinator, schoolCodes: ["E101", "M201"])
        try db.store.setUserSchools(login: "coord", schoolCodes: ["M201"])
        try db.store.setUserRole(login: "coord", role: .viewer)
        let users = try db.store.listUsers()
        XCTAssertEqual(users.map(\.user.login), ["admin1", "coord"])
        XCTAssertEqual(users[1].user.role, .viewer)
        XCTAssertEqual(users[1].schoolCodes, ["M201"])
        let id = try XCTUnwrap(users[1].user.id)
        let history = try db.store.history(entity: "users", id: id)
        XCTAssertEqual(history.map(\.action), ["insert", "update", "update", "update"])
        XCTAssertEqual(history[2].before["schools"], .text("E101, M201"))
        XCTAssertThrowsError(try db.store.removeUser(login: "admin1")) { XCTAssertTrue("\($0)".contains("last admin")) }
        try db.store.removeUser(login: "coord")
        XCTAssertEqual(try db.store.listUsers().count, 1)
    }

    func testPolicyForFamilyContacts() {
        let coordinator = User(login: "c", displayName: "c", role: .coordinator, schoolIDs: [1])
        XCTAssertTrue(AccessPolicy.canSeeFamilyContacts(user: coordinator, schoolID: 1))
        XCTAssertFalse(AccessPolicy.canSeeFamilyContacts(user: coordinator, schoolID: 2))
        XCTAssertFalse(AccessPolicy.canSeeFamilyContacts(user: User(login: "v", displayName: "v", role: .viewer), schoolID: 1))
        XCTAssertFalse(AccessPolicy.canSeeFamilyContacts(user: nil, schoolID: 1))
    }
}
