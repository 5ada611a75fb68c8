import FacetModel
import FacetStore
import Foundation
import GRDB
import XCTest

final class DemoDataTests: XCTestCase {
    /// A store in a folder of its own under the temporary directory, removed after the test.
    private func makeDemoTestStore() throws -> FacetStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-demo-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return try FacetStore(path: folder.appendingPathComponent("facet.sqlite").path, login: "demo-test")
    }

    private func demoText(_ store: FacetStore, _ sql: String) throws -> String {
        try store.read { db in try String.fetchOne(db, sql: sql) } ?? ""
    }

    private func demoInt(_ store: FacetStore, _ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) } ?? -1
    }

    private static let partnerNames = "SELECT group_concat(name, '|') FROM (SELECT name FROM partners ORDER BY id)"
    private static let employeeNames = """
        SELECT group_concat(first_name || ' ' || last_name, '|') FROM (SELECT first_name, last_name FROM employees ORDER BY id)
        """

    func testSmallDemoHasTheRequestedCounts() throws {
        let store = try makeDemoTestStore()
        XCTAssertTrue(try store.isEmpty())
        let loaded = try DemoData.load(into: store, size: .small)
        XCTAssertEqual(loaded["schools"], 50)
        XCTAssertEqual(loaded["partners"], 300)
        XCTAssertEqual(loaded["partnerships"], 450)
        XCTAssertEqual(loaded["employees"], 4_000)
        XCTAssertEqual(loaded["surveys"], 3, "the customer-service survey, the Family Engagement Pulse and the conference feedback survey")

        let counts = try store.counts()
        XCTAssertEqual(counts["schools"], 50)
        XCTAssertEqual(counts["partners"], 300)
        XCTAssertEqual(counts["partnerships"], 450)
        XCTAssertEqual(counts["employees"], 4_000)
        XCTAssertEqual(counts["surveys"], 3, "and the conference feedback survey of the Outreach demo")
        XCTAssertEqual(counts["priority_areas"], 3, "the shipped priority areas are kept")
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM audit_log"), 2, "the whole load is one audit entry, after the first admin's")
        XCTAssertGreaterThan(counts["active_partnerships"] ?? 0, 0)
        XCTAssertFalse(try store.isEmpty())

        XCTAssertEqual(try demoText(store, "SELECT name || ' ' || starts || ' ' || ends FROM school_years"),
                       "2026-27 2026-08-31 2027-06-10")
        XCTAssertEqual(try demoText(store, "SELECT group_concat(entity || ' ' || action, '|') FROM (SELECT entity, action FROM audit_log ORDER BY id)"), "users insert|demo import")
        XCTAssertGreaterThan(try demoInt(store, "SELECT COUNT(*) FROM partnership_schools"), 0)
        XCTAssertGreaterThan(try demoInt(store, "SELECT COUNT(*) FROM partnership_priority_areas"), 0)
        XCTAssertEqual(try demoInt(store, """
            SELECT COUNT(*) FROM partnerships p JOIN partnership_schools s ON s.partnership_id = p.id WHERE p.district_wide = 1
            """), 0, "district-wide partnerships list no schools")
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM schools WHERE version <> 1 OR updated_by <> 'demo-test'"), 0)
    }

    func testTheSameSeedGivesTheSameDistrict() throws {
        let first = try makeDemoTestStore(), second = try makeDemoTestStore()
        try DemoData.load(into: first, size: .small, seed: 7)
        try DemoData.load(into: second, size: .small, seed: 7)
        let partners = try demoText(first, Self.partnerNames)
        XCTAssertFalse(partners.isEmpty)
        XCTAssertEqual(partners, try demoText(second, Self.partnerNames))
        XCTAssertEqual(try demoText(first, Self.employeeNames), try demoText(second, Self.employeeNames))
        let partnerships = """
            SELECT group_concat(partner_id || status || ifnull(start_date, '') || ifnull(end_date, '') || ifnull(tier, ''), '|')
            FROM (SELECT * FROM partnerships ORDER BY id)
            """
        XCTAssertEqual(try demoText(first, partnerships), try demoText(second, partnerships))

        let other = try makeDemoTestStore()
        try DemoData.load(into: other, size: .small, seed: 8)
        XCTAssertNotEqual(try demoText(other, Self.employeeNames), try demoText(first, Self.employeeNames),
                          "another seed gives another district")
    }

    func testLoadingAgainNeedsForce() throws {
        let store = try makeDemoTestStore()
        let loaded = try DemoData.load(into: store)
        let names = try demoText(store, Self.partnerNames)

        XCTAssertThrowsError(try DemoData.load(into: store)) { error in
            if case .invalid? = error as? StoreError {} else { XCTFail("expected StoreError.invalid, got \(error)") }
        }
        XCTAssertEqual(try store.counts()["employees"], 4_000, "a refused load changes nothing")

        let reloaded = try DemoData.load(into: store, force: true)
        XCTAssertEqual(reloaded, loaded)
        let counts = try store.counts()
        XCTAssertEqual(counts["schools"], 50)
        XCTAssertEqual(counts["partners"], 300)
        XCTAssertEqual(counts["partnerships"], 450)
        XCTAssertEqual(counts["employees"], 4_000)
        XCTAssertEqual(counts["surveys"], 3)
        XCTAssertEqual(counts["priority_areas"], 3)
        XCTAssertEqual(counts["standards"], NationalPTAStandards.standards.count)
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM audit_log"), 3, "the audit log keeps the first admin and the first load, and records the second")
        XCTAssertEqual(try demoText(store, Self.partnerNames), names)
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM school_years"), 1)
    }

    func testDemoValuesAreWellFormed() throws {
        let store = try makeDemoTestStore()
        try DemoData.load(into: store)

        XCTAssertEqual(try demoInt(store, "SELECT COUNT(DISTINCT name_folded) FROM partners"), 300)
        let partners = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT name, name_folded, kind, contact_email, contact_phone FROM partners")
        }
        let kinds = Set(PartnerKind.allCases.map(\.rawValue))
        for row in partners {
            let name: String = row["name"], folded: String = row["name_folded"]
            let kind: String = row["kind"], email: String = row["contact_email"], phone: String = row["contact_phone"]
            XCTAssertEqual(folded, Validation.foldedName(name))
            XCTAssertTrue(kinds.contains(kind), kind)
            if !email.isEmpty {
                XCTAssertNil(Validation.email(email), email)
                XCTAssertTrue(email.unicodeScalars.allSatisfy(\.isASCII), email)
            }
            if !phone.isEmpty { XCTAssertNil(Validation.phone(phone), phone) }
        }

        XCTAssertEqual(try demoInt(store, "SELECT COUNT(DISTINCT code) FROM schools"), 50)
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(DISTINCT name) FROM schools"), 50)
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(DISTINCT number) FROM employees"), 4_000)
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM employees WHERE number NOT GLOB 'E[0-9][0-9][0-9][0-9][0-9][0-9]'"), 0)
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM employees WHERE email GLOB '*[^a-z0-9.@]*'"), 0)
        let roles = EmployeeRole.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM employees WHERE role NOT IN (\(roles))"), 0)
        let statuses = PartnershipStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM partnerships WHERE status NOT IN (\(statuses))"), 0)

        let days = try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT start_date FROM partnerships WHERE start_date IS NOT NULL
                UNION ALL SELECT end_date FROM partnerships WHERE end_date IS NOT NULL
                UNION ALL SELECT agreement_signed FROM partnerships WHERE agreement_signed IS NOT NULL
                UNION ALL SELECT last_review FROM partnerships WHERE last_review IS NOT NULL
                UNION ALL SELECT hire_date FROM employees WHERE hire_date IS NOT NULL
                """)
        }
        XCTAssertFalse(days.isEmpty)
        for day in days { XCTAssertNotNil(Day(day), day) }
        XCTAssertEqual(try demoInt(store, "SELECT COUNT(*) FROM partnerships WHERE status = 'ended' AND end_date IS NULL"), 0)
        XCTAssertEqual(try demoInt(store, """
            SELECT COUNT(*) FROM partnerships WHERE (last_review IS NULL) <> (reviewer = '')
            """), 0, "a reviewer is named exactly when there is a review")
    }
}
