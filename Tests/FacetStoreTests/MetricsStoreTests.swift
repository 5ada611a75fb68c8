import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// The metrics snapshot on a fixture small enough to work out by hand, its JSON, the target rule,
/// and suppression in every output.
final class MetricsStoreTests: XCTestCase {
    let today = Day("2026-11-30")!
    var db: TestDatabase!
    var store: FacetStore { db.store }
    var schools: [Int64] = []
    var now: Date { Date(timeIntervalSince1970: TimeInterval(today.ordinal) * 86_400 + 43_200) }

    override func setUpWithError() throws {
        db = try TestDatabase(login: "admin1")
        for (i, code) in ["E101", "E102", "E103"].enumerated() {
            schools.append(try store.insertRecord("schools", values: ["code": .text(code), "name": .text("School \(i + 1)"), "level": .text("elementary")]))
        }
    }

    /// Three active partnerships (one aligned), an ended one; a wave where E103 is small, so E102
    /// is hidden too; strategies and ratings at E101 and E102.
    func buildFixture() throws {
        let partner = try store.insertRecord("partners", values: ["name": .text("Casa"), "name_folded": .text("casa"), "kind": .text("nonprofit")])
        let criteria = try store.policyCriteria()
        let confirmable = Set(criteria.filter { $0.rule == nil }.map(\.id))
        let aligned = try store.savePartnership(Partnership(partnerID: partner, schoolIDs: [schools[0]], priorityAreaIDs: [1], tier: .universal,
                                                            status: .active, agreementSigned: Day("2026-01-01")))
        try store.reviewPartnership(id: aligned, expectedVersion: try XCTUnwrap(store.partnership(id: aligned)).version, confirmed: confirmable,
                                    on: Day("2026-10-01")!, reviewer: "R")
        _ = try store.savePartnership(Partnership(partnerID: partner, schoolIDs: [schools[0]], priorityAreaIDs: [1], status: .active))
        _ = try store.savePartnership(Partnership(partnerID: partner, schoolIDs: [schools[1]], priorityAreaIDs: [2], tier: .targeted, status: .active))
        _ = try store.savePartnership(Partnership(partnerID: partner, schoolIDs: [schools[0]], priorityAreaIDs: [1], status: .ended,
                                                  startDate: Day("2025-01-01"), endDate: Day("2026-06-01")))

        let surveyID = try XCTUnwrap(store.surveyID(titled: ShippedSurvey.title))
        let waveID = try store.createWave(surveyID: surveyID, name: "Fall", schoolYear: "2026-27", opens: Day("2026-11-01")!, closes: Day("2026-12-15")!,
                                          invited: [schools[0]: 40, schools[1]: 30, schools[2]: 20])
        try store.setWaveStatus(waveID: waveID, expectedVersion: 1, to: .open)
        let wave = try XCTUnwrap(store.wave(id: waveID))
        let overall = try XCTUnwrap(wave.instrument.questions.first { $0.code == "overall" }?.id)
        func answer(_ school: Int, _ value: Int, times: Int) throws {
            for _ in 0..<times {
                _ = try store.submitResponse(ResponseSubmission(waveID: waveID, schoolID: schools[school], language: "en", channel: .paper,
                                                                day: Day("2026-11-20")!, answers: [overall: .value(value)]))
            }
        }
        try answer(0, 5, times: 5); try answer(0, 4, times: 4); try answer(0, 2, times: 3)   // E101: 9 of 12 favourable
        try answer(1, 5, times: 11)                                                           // E102: 11 of 11, hidden beside E103
        try answer(2, 1, times: 3)                                                            // E103: 3, below the minimum

        let standards = try store.assessedStandards()
        func strategy(_ school: Int, _ standardIDs: [Int64], status: String = "planned") throws {
            _ = try store.insertRecord("sip_strategies", values: ["school_id": .integer(schools[school]), "school_year": .text("2026-27"),
                                                                   "title": .text("Plan"), "standard_ids": .text(standardIDs.map(String.init).joined(separator: ",")),
                                                                   "status": .text(status)])
        }
        try strategy(0, [standards[0].id, standards[1].id])
        try strategy(1, [standards[0].id])
        try strategy(2, [standards[2].id], status: "dropped")
        let indicators = try store.ratedIndicators()
        let first = indicators.filter { $0.standardID == standards[0].id }, second = indicators.filter { $0.standardID == standards[1].id }
        _ = try store.saveRatings(schoolID: schools[0], year: "2026-27", changes: [
            RatingChange(indicatorID: first[0].id, stored: nil, level: 3, evidence: ""),
            RatingChange(indicatorID: first[1].id, stored: nil, level: 4, evidence: ""),
        ])
        _ = try store.saveRatings(schoolID: schools[1], year: "2026-27", changes: [RatingChange(indicatorID: second[0].id, stored: nil, level: 2, evidence: "")])

        try store.setMetricTarget(.partnershipsAligned, year: "2026-27", value: 90)
        try store.setMetricTarget(.surveyFavourable, year: "2026-27", value: 80)
        try store.setMetricTarget(.surveyResponseRate, year: "2026-27", value: 25)
        try store.setMetricTarget(.selfAssessment, year: "2025-26", value: 3)   // another year: not this one's
    }

    func testTheTargetRuleOnTrackAtRiskOffTrack() {
        XCTAssertEqual(TargetStatus.judge(value: 90, target: 90), .onTrack)
        XCTAssertEqual(TargetStatus.judge(value: 95, target: 90), .onTrack)
        XCTAssertEqual(TargetStatus.judge(value: 81, target: 90), .atRisk)
        XCTAssertEqual(TargetStatus.judge(value: 80.9, target: 90), .offTrack)
        XCTAssertEqual(TargetStatus.judge(value: 2.7, target: 3), .atRisk)
        XCTAssertNil(TargetStatus.judge(value: nil, target: 90))
        XCTAssertNil(TargetStatus.judge(value: 50, target: nil))
    }

    func testMetricsJSONParsesAndMatchesHandComputedFigures() throws {
        try buildFixture()
        let snapshot = try store.metricsSnapshot(today: today, now: now)
        let json = try MetricsReport.json(snapshot)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["version"] as? Int, 1)
        XCTAssertEqual(object["schoolYear"] as? String, "2026-27")
        XCTAssertEqual((object["scope"] as? [String: Any])?["kind"] as? String, "district")
        let partnerships = try XCTUnwrap(object["partnerships"] as? [String: Any])
        XCTAssertEqual(partnerships["aligned"] as? Int, 1)
        XCTAssertEqual(partnerships["active"] as? Int, 3)
        XCTAssertEqual(try XCTUnwrap(partnerships["percent"] as? Double), 100.0 / 3, accuracy: 1e-9)
        // On 1 July nothing was reviewed within the year yet (the review is dated October).
        XCTAssertEqual(partnerships["yearStartActive"] as? Int, 3)
        XCTAssertEqual(partnerships["yearStartAligned"] as? Int, 0)
        let figures = try XCTUnwrap(object["figures"] as? [[String: Any]])
        func figure(_ id: MetricID) throws -> [String: Any] { try XCTUnwrap(figures.first { $0["metric"] as? String == id.rawValue }) }
        XCTAssertEqual(try figure(.partnershipsAligned)["status"] as? String, "off-track", "33% against 90%")
        XCTAssertEqual(try figure(.partnershipsAligned)["display"] as? String, "33%")
        XCTAssertEqual(try XCTUnwrap(try figure(.partnershipsAligned)["change"] as? Double), 100.0 / 3, accuracy: 1e-9)
        // Survey: the district is 20 favourable of 26, responses 26 of 90 invited.
        XCTAssertEqual(try XCTUnwrap(try figure(.surveyFavourable)["value"] as? Double), 2000.0 / 26, accuracy: 1e-9)
        XCTAssertEqual(try figure(.surveyFavourable)["status"] as? String, "at-risk", "76.9% against 80%")
        XCTAssertEqual(try XCTUnwrap(try figure(.surveyResponseRate)["value"] as? Double), 2600.0 / 90, accuracy: 1e-9)
        XCTAssertEqual(try figure(.surveyResponseRate)["status"] as? String, "on-track")
        // SIP coverage: 3 of 3 schools × 6 standards = 18 pairs; E101 covers 2, E102 1, E103's is dropped.
        let standardsCount = try store.assessedStandards().count
        XCTAssertEqual(try XCTUnwrap(try figure(.sipCoverage)["value"] as? Double), 300.0 / Double(3 * standardsCount), accuracy: 1e-9)
        // Self-assessment: ratings 3, 4, 2.
        XCTAssertEqual(try XCTUnwrap(try figure(.selfAssessment)["value"] as? Double), 3.0, accuracy: 1e-9)
        XCTAssertNil(try figure(.selfAssessment)["target"], "the 2025-26 target does not apply to 2026-27")
        XCTAssertNil(try figure(.pdCompliance)["value"], "no employees: no compliance figure")
        let renewals = try XCTUnwrap(object["renewals"] as? [String: Any])
        XCTAssertEqual(renewals["reviewOverdue"] as? Int, 2)
        XCTAssertEqual(renewals["endingSoon"] as? Int, 0)

        // One school: E101 has two active partnerships, one aligned; its survey group is shown.
        let e101 = try store.metricsSnapshot(schoolCode: "E101", today: today, now: now)
        XCTAssertEqual(e101.partnerships.aligned, 1)
        XCTAssertEqual(e101.partnerships.active, 2)
        XCTAssertEqual(e101.survey?.waves.first?.percentFavourable, 75)
        XCTAssertEqual(e101.survey?.waves.first?.responseRate, 30)
        XCTAssertEqual(e101.sipCoverage.standards.map(\.schools).reduce(0, +), 2)
        XCTAssertEqual(e101.selfAssessment.average, 3.5)
        // A decoded snapshot is the same snapshot: the JSON holds all of it.
        XCTAssertEqual(try JSONDecoder().decode(MetricsSnapshot.self, from: Data(json.utf8)), snapshot)
    }

    func testSuppressionHoldsInJSONCSVTextMarkdownAndHTML() throws {
        try buildFixture()
        // E102 answered 11 times, but beside E103's 3 it would let E103 be worked out: hidden.
        let e102 = try store.metricsSnapshot(schoolCode: "E102", today: today, now: now)
        let wave = try XCTUnwrap(e102.survey?.waves.first)
        XCTAssertFalse(wave.shown)
        XCTAssertNil(wave.percentFavourable)
        XCTAssertNil(wave.responses)
        XCTAssertNil(wave.responseRate)
        let json = try MetricsReport.json(e102)
        XCTAssertFalse(json.contains("\"percentFavourable\""), json)
        XCTAssertFalse(json.contains("\"responses\""), json)
        XCTAssertFalse(json.contains("100"), "E102's 100% favourable appears nowhere: \(json)")
        let csv = MetricsReport.csv(e102)
        XCTAssertTrue(csv.contains("survey-favourable,Fall 2026-27,suppressed"), csv)
        XCTAssertTrue(csv.contains("survey-response-rate,Fall 2026-27,suppressed"), csv)
        for output in [MetricsReport.text(e102), MetricsReport.markdown(e102), MetricsReport.html(e102)] {
            XCTAssertTrue(output.contains("suppressed"), output)
            XCTAssertFalse(output.contains("100%"), output)
            XCTAssertFalse(output.contains(" 11 "), "E102's count of answers: \(output)")
        }
        let e103 = try store.metricsSnapshot(schoolCode: "E103", today: today, now: now)
        XCTAssertEqual(e103.survey?.waves.first?.shown, false)
        // The snapshot reads only the headline question; its figures are those of the full results.
        let full = try store.surveyResults(surveyID: try XCTUnwrap(e102.survey?.id))
        let overall = try XCTUnwrap(full.waves[0].questions.first { $0.code == "overall" })
        XCTAssertFalse(full.cell(wave: 0, question: overall, school: schools[1]).shown)
        let e101 = try store.metricsSnapshot(schoolCode: "E101", today: today, now: now)
        XCTAssertEqual(e101.survey?.waves.first?.percentFavourable, full.cell(wave: 0, question: overall, school: schools[0]).percentFavourable)
        XCTAssertEqual(e101.survey?.waves.first?.responseRate, full.responses(wave: 0, school: schools[0])?.rate)
        let district = try store.metricsSnapshot(today: today, now: now)
        XCTAssertEqual(district.survey?.waves.first?.percentFavourable, full.cell(wave: 0, question: overall, school: nil).percentFavourable)
    }

    func testATargetIsAuditedAdminOnlyAndChecked() throws {
        try store.setMetricTarget(.partnershipsAligned, year: "2026-27", value: 90)
        try store.setMetricTarget(.partnershipsAligned, year: "2026-27", value: 85)
        XCTAssertEqual(try store.metricTargets(year: "2026-27"), [MetricTarget(metric: .partnershipsAligned, schoolYear: "2026-27", value: 85)])
        let audited = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log WHERE entity = 'metric_targets'") ?? 0 }
        XCTAssertEqual(audited, 2, "the insert and the change")
        XCTAssertThrowsError(try store.setMetricTarget(.selfAssessment, year: "2026-27", value: 5)) { XCTAssertTrue("\($0)".contains("1 to 4"), "\($0)") }
        XCTAssertThrowsError(try store.setMetricTarget(.pdCompliance, year: "2026-27", value: 120))
        XCTAssertThrowsError(try store.setMetricTarget(.pdCompliance, year: "2026", value: 80))
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["E101"])
        XCTAssertThrowsError(try coordinator.setMetricTarget(.pdCompliance, year: "2026-27", value: 80))
    }
}
