import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

final class PartnershipStoreTests: XCTestCase {
    let today = Day("2026-11-30")!

    /// The SQL that lists and counts alignment agrees with the Swift rules, partnership by partnership.
    func testSQLAlignmentMatchesTheModelOnTheDemoDistrict() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: .small, seed: 9)
        // Retire one area so the rule about retired areas is exercised.
        try db.store.write { w in _ = try w.update("priority_areas", id: 3, expectedVersion: 1, changes: ["retired": 1]) }
        let criteria = try db.store.policyCriteria()
        let retired = Set(try db.store.priorityAreas().filter(\.retired).map(\.id))
        let sql = try db.store.alignedSQL(today: today)
        let rows = try db.store.read { d in
            try Row.fetchAll(d, sql: "SELECT p.id, \(sql) AS aligned FROM partnerships p ORDER BY p.id")
        }
        var agreed = 0, alignedCount = 0
        for row in rows {
            let id: Int64 = row["id"]
            let p = try XCTUnwrap(db.store.partnership(id: id))
            let expected = PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: retired, today: today)
            XCTAssertEqual(row["aligned"] as Bool, expected, "partnership \(id)")
            if (row["aligned"] as Bool) == expected { agreed += 1 }
            if expected { alignedCount += 1 }
        }
        XCTAssertEqual(agreed, 450)
        XCTAssertGreaterThan(alignedCount, 20, "the demo has aligned partnerships")
        XCTAssertLessThan(alignedCount, 450, "and partnerships missing something")
    }

    func seeded() throws -> (TestDatabase, [Int64], [Int64]) {
        let db = try TestDatabase()
        var schools: [Int64] = [], partners: [Int64] = []
        try db.store.write { w in
            for (code, name) in [("E1", "Galtier"), ("E2", "Maxfield"), ("M1", "Como Park")] {
                schools.append(try w.insert(into: "schools", values: ["code": code, "name": name, "level": "elementary"]))
            }
            for name in ["Hmong American Partnership", "Casa de Esperanza"] {
                partners.append(try w.insert(into: "partners", values: ["name": name, "name_folded": Validation.foldedName(name), "kind": "nonprofit"]))
            }
        }
        return (db, schools, partners)
    }

    func testBreakdownsPerSchoolAreaAndTierAndCoverageGaps() throws {
        let (db, schools, partners) = try seeded()
        let store = db.store
        let outcomes = try XCTUnwrap(store.policyCriteria().first { $0.code == "outcomes" }).id
        let needs = try XCTUnwrap(store.policyCriteria().first { $0.code == "needs" }).id
        // Aligned: tier, agreement, area 1, reviewed, confirmed.
        let aligned = try store.savePartnership(Partnership(partnerID: partners[0], schoolIDs: [schools[0]], priorityAreaIDs: [1], tier: .universal,
                                                            status: .active, agreementSigned: Day("2026-01-01")))
        let v = try XCTUnwrap(store.partnership(id: aligned)).version
        try store.reviewPartnership(id: aligned, expectedVersion: v, confirmed: [outcomes, needs], on: Day("2026-10-01")!, reviewer: "Reviewer")
        // Not aligned: no agreement, district-wide, area 2.
        try store.savePartnership(Partnership(partnerID: partners[1], districtWide: true, priorityAreaIDs: [2], tier: .targeted, status: .active))
        // Not counted: proposed.
        try store.savePartnership(Partnership(partnerID: partners[1], schoolIDs: [schools[2]], priorityAreaIDs: [3], status: .proposed))

        XCTAssertEqual(try store.alignmentMetric(today: today), .init(label: "District", aligned: 1, active: 2))
        let b = try store.alignmentBreakdown(today: today)
        XCTAssertEqual(b.bySchool.map(\.label), ["E1 Galtier", "E2 Maxfield", "M1 Como Park"])
        XCTAssertEqual(b.bySchool.map(\.active), [2, 1, 1], "the district-wide partnership counts for every school")
        XCTAssertEqual(b.bySchool.map(\.aligned), [1, 0, 0])
        XCTAssertEqual(b.byPriorityArea.map(\.active), [1, 1, 0])
        XCTAssertEqual(b.byPriorityArea.map(\.aligned), [1, 0, 0])
        XCTAssertEqual(b.byTier.map(\.label), ["1 Universal", "2 Targeted"])
        XCTAssertEqual(b.byTier.map(\.aligned), [1, 0])

        let gaps = try store.coverageGaps()
        // Area 2 is covered everywhere (district-wide); area 1 only at E1; area 3 nowhere active.
        XCTAssertEqual(gaps.filter { $0.area == "After-school and summer learning" }.map(\.school), ["E2 Maxfield", "M1 Como Park"])
        XCTAssertFalse(gaps.contains { $0.area == "Mental health" })
        XCTAssertEqual(gaps.filter { $0.area == "Early childhood" }.count, 3)
    }

    func testSavingAuditsLinksAndChecksVersions() throws {
        let (db, schools, partners) = try seeded()
        let id = try db.store.savePartnership(Partnership(partnerID: partners[0], schoolIDs: [schools[0]], status: .proposed))
        var p = try XCTUnwrap(db.store.partnership(id: id))
        XCTAssertEqual(p.version, 1)
        p.schoolIDs = [schools[0], schools[1]]
        try db.store.savePartnership(p)
        let after = try XCTUnwrap(db.store.partnership(id: id))
        XCTAssertEqual(after.version, 2, "a change of schools alone is a new version")
        XCTAssertEqual(after.schoolIDs, Set(schools[0...1]))
        let history = try db.store.history(entity: "partnerships", id: id)
        XCTAssertTrue(history.contains { $0.after["schools"] == .text("E1, E2") && $0.before["schools"] == .text("E1") })
        // Saving the stale copy again is a conflict.
        XCTAssertThrowsError(try db.store.savePartnership(p)) { error in
            guard case StoreError.conflict = error else { return XCTFail("\(error)") }
        }
        // Invalid partnerships are refused before any write.
        XCTAssertThrowsError(try db.store.savePartnership(Partnership(partnerID: partners[0], status: .active))) {
            XCTAssertTrue("\($0)".contains("at least one school"), "\($0)")
        }
    }

    func testCoordinatorCannotCreateAPartnershipForAnotherSchool() throws {
        let (db, schools, partners) = try seeded()
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["E1"])
        XCTAssertNoThrow(try coordinator.savePartnership(Partnership(partnerID: partners[0], schoolIDs: [schools[0]], status: .proposed)))
        XCTAssertThrowsError(try coordinator.savePartnership(Partnership(partnerID: partners[0], schoolIDs: [schools[0], schools[2]], status: .proposed)))
        XCTAssertThrowsError(try coordinator.savePartnership(Partnership(partnerID: partners[0], districtWide: true, status: .proposed)))
    }

    func testEndingAndRenewalCounts() throws {
        let (db, schools, partners) = try seeded()
        let id = try db.store.savePartnership(Partnership(partnerID: partners[0], schoolIDs: [schools[0]], status: .active,
                                                          endDate: Day("2027-01-10")))
        XCTAssertEqual(try db.store.renewalCounts(today: today).endingSoon, 1)
        XCTAssertEqual(try db.store.renewalCounts(today: today).reviewOverdue, 1, "never reviewed")
        try db.store.endPartnership(id: id, expectedVersion: 1, on: today)
        let ended = try XCTUnwrap(db.store.partnership(id: id))
        XCTAssertEqual(ended.status, .ended)
        XCTAssertEqual(ended.endDate, today)
        XCTAssertEqual(try db.store.renewalCounts(today: today).endingSoon, 0)
    }

    func testOneRecordMapsAPartnershipToItsColumnsAndBack() throws {
        let p = Partnership(id: 7, partnerID: 3, districtWide: true, schoolIDs: [1, 2], tier: .targeted, status: .active,
                            services: "Tutoring", startDate: Day("2026-01-05"), endDate: nil, agreementSigned: Day("2025-12-20"),
                            dataSharing: true, outcomeMeasures: "Attendance", lastReview: Day("2026-06-01"), reviewer: "Mai Vang",
                            notes: "n", version: 4)
        let columns = FacetStore.columnValues(of: p)
        XCTAssertEqual(columns["partner_id"], .integer(3))
        XCTAssertEqual(columns["district_wide"], .integer(1))
        XCTAssertEqual(columns["tier"], .integer(2))
        XCTAssertEqual(columns["start_date"], .text("2026-01-05"))
        XCTAssertEqual(columns["end_date"], .null)
        XCTAssertNil(columns["schools"], "links are not columns")
        XCTAssertEqual(FacetStore.partnership(p, applying: columns), p)
        let changed = FacetStore.partnership(p, applying: ["status": .text("on-hold"), "end_date": .text("2026-12-31"),
                                                           "tier": .null, "no_such_column": .text("x")])
        XCTAssertEqual(changed.status, .onHold)
        XCTAssertEqual(changed.endDate, Day("2026-12-31"))
        XCTAssertNil(changed.tier)
        XCTAssertEqual(changed.schoolIDs, [1, 2])
        XCTAssertEqual(changed.version, 4)

        // What is saved reads back field for field through the same record.
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: .small, seed: 2)
        let stored = try XCTUnwrap(db.store.partnership(id: 1))
        let id = try db.store.savePartnership(FacetStore.partnership(stored, applying: ["services": .text("Mentoring"), "tier": .integer(3)]))
        let reread = try XCTUnwrap(db.store.partnership(id: id))
        XCTAssertEqual(reread.services, "Mentoring")
        XCTAssertEqual(reread.tier, .intensive)
        XCTAssertEqual(reread.partnerID, stored.partnerID)
    }
}
