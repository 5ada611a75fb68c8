import XCTest
@testable import FacetModel

final class PartnershipRulesTests: XCTestCase {
    let today = Day("2026-11-30")!
    let criteria: [PolicyCriterion] = [
        PolicyCriterion(id: 1, code: "priority-area", text: "", rule: .servesPriorityArea),
        PolicyCriterion(id: 2, code: "tier", text: "", rule: .tierAssigned),
        PolicyCriterion(id: 3, code: "agreement", text: "", rule: .agreementOnFile),
        PolicyCriterion(id: 4, code: "reviewed", text: "", rule: .reviewedWithinYear),
        PolicyCriterion(id: 5, code: "outcomes", text: "", rule: nil),
        PolicyCriterion(id: 6, code: "needs", text: "", rule: nil, required: false),
        PolicyCriterion(id: 7, code: "old", text: "", rule: nil, active: false),
    ]

    func aligned() -> Partnership {
        Partnership(partnerID: 1, schoolIDs: [10], priorityAreaIDs: [100], tier: .targeted, status: .active,
                    agreementSigned: Day("2025-08-01"), lastReview: Day("2026-01-15"), confirmedCriteria: [5])
    }

    func testAPartnershipMeetingEveryRequiredCriterionIsAligned() {
        let p = aligned()
        XCTAssertTrue(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
        let results = PolicyAlignment.evaluate(p, criteria: criteria, retiredAreas: [], today: today)
        XCTAssertEqual(results.map(\.criterion.id), [1, 2, 3, 4, 5, 6], "inactive criteria are not evaluated")
        XCTAssertEqual(results.first { $0.criterion.id == 6 }?.met, false, "an optional criterion may be unmet")
    }

    func testEachMissingCriterionBreaksAlignment() {
        var p = aligned(); p.tier = nil
        XCTAssertFalse(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
        p = aligned(); p.agreementSigned = nil
        XCTAssertFalse(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
        p = aligned(); p.confirmedCriteria = []
        XCTAssertFalse(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
        p = aligned(); p.priorityAreaIDs = []
        XCTAssertFalse(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
    }

    func testReviewWindowIsTwelveMonthsInclusive() {
        var p = aligned()
        p.lastReview = Day("2025-11-30")
        XCTAssertTrue(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
        p.lastReview = Day("2025-11-29")
        XCTAssertFalse(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
        p.lastReview = nil
        XCTAssertFalse(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [], today: today))
    }

    func testRetiredPriorityAreasDoNotCount() {
        var p = aligned()
        p.priorityAreaIDs = [100]
        XCTAssertFalse(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [100], today: today),
                       "serving only a retired area is not serving a district priority")
        p.priorityAreaIDs = [100, 101]
        XCTAssertTrue(PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: [100], today: today))
    }

    func testPartnershipsWithNoSchoolsAndDatesAreChecked() {
        var p = aligned()
        p.schoolIDs = []
        XCTAssertEqual(p.problems().map(\.field), ["schools"])
        p.districtWide = true
        XCTAssertTrue(p.problems().isEmpty, "district-wide needs no school list")
        p.status = .proposed; p.districtWide = false
        XCTAssertTrue(p.problems().isEmpty, "a proposal may have no school yet")
        p.startDate = Day("2026-09-01"); p.endDate = Day("2026-08-31")
        XCTAssertEqual(p.problems().first?.field, "end_date")
    }

    func testRenewalFlags() {
        var p = aligned()
        XCTAssertEqual(RenewalFlag.flags(for: p, today: today), [])
        p.endDate = Day("2027-01-29")
        XCTAssertEqual(RenewalFlag.flags(for: p, today: today), [.endingSoon])
        p.endDate = Day("2027-01-30")
        XCTAssertEqual(RenewalFlag.flags(for: p, today: today), [])
        p.lastReview = Day("2024-06-01")
        XCTAssertEqual(RenewalFlag.flags(for: p, today: today), [.reviewOverdue])
        p.status = .proposed
        XCTAssertEqual(RenewalFlag.flags(for: p, today: today), [], "only active partnerships fall due for review")
    }

    func testMetricPercent() {
        XCTAssertNil(PolicyAlignment.percent(aligned: 0, of: 0))
        XCTAssertEqual(PolicyAlignment.percent(aligned: 3, of: 4), 75)
    }
}
