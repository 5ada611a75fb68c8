import FacetModel
import XCTest

/// Reach, participation with missing data, the toolkit's gaps and launch-step evidence, by hand.
final class OutreachRulesTests: XCTestCase {
    func testAttendanceByLanguageIsReadAddedAndRefusedInWords() throws {
        guard case .success(let counts) = LanguageCounts.parse("Spanish 12, English 30; spanish 3") else { return XCTFail("readable") }
        XCTAssertEqual(counts.map(\.language), ["Spanish", "English"])
        XCTAssertEqual(counts.map(\.count), [15, 30])
        XCTAssertEqual(LanguageCounts.total("Spanish 12, English 30"), 42)
        XCTAssertEqual(LanguageCounts.total("Hmong 0"), 0, "zero families counted is a count")
        XCTAssertNil(LanguageCounts.total(""), "nothing entered is not zero")
        XCTAssertNil(LanguageCounts.total("Spanish twelve"))
        guard case .failure(let problem) = LanguageCounts.parse("Spanish 12, 30") else { return XCTFail("a number alone is refused") }
        XCTAssertTrue(problem.message.contains("“30”"), problem.message)
        guard case .failure = LanguageCounts.parse("Somali -2") else { return XCTFail("negative refused") }
        XCTAssertEqual(LanguageCounts.format([("Karen", 4), ("English", 9)]), "Karen 4, English 9")
    }

    func testParticipationRateIsUnknownNotZeroWhenAFigureIsMissing() {
        XCTAssertEqual(OutreachRules.participationRate(conferenced: 45, enrolled: 60)!, 75, accuracy: 0.001)
        XCTAssertNil(OutreachRules.participationRate(conferenced: nil, enrolled: 60))
        XCTAssertNil(OutreachRules.participationRate(conferenced: 10, enrolled: nil))
        XCTAssertNil(OutreachRules.participationRate(conferenced: 0, enrolled: 0), "no families enrolled: no rate")
        XCTAssertEqual(OutreachRules.participationRate(conferenced: 0, enrolled: 40), 0)
        // Together: only schools with both figures count; the school that did not report is left out.
        let combined = OutreachRules.combinedRate([
            ConferenceFigure(schoolID: 1, conferenced: 30, enrolled: 40),
            ConferenceFigure(schoolID: 2, conferenced: 50, enrolled: 60),
            ConferenceFigure(schoolID: 3, conferenced: nil, enrolled: 500),
            ConferenceFigure(schoolID: 4, conferenced: 5, enrolled: nil),
        ])
        XCTAssertEqual(combined.rate!, 80, accuracy: 0.001)
        XCTAssertEqual(combined.reporting, 2)
        XCTAssertNil(OutreachRules.combinedRate([ConferenceFigure(schoolID: 1, conferenced: nil, enrolled: 9)]).rate)
        XCTAssertEqual(OutreachRules.change(80, 65)!, 15, accuracy: 0.001)
        XCTAssertNil(OutreachRules.change(80, nil), "no change against a window that was not entered")
    }

    func testReachAgainstGoalListsSchoolsWithoutEventFirst() {
        let reach = CampaignReach(campaignID: 1, title: "CC", schoolYear: "2026-27", goal: 200, schools: [
            SchoolReach(schoolID: 1, code: "A", name: "A", events: 2, uncounted: 0, families: 40),
            SchoolReach(schoolID: 2, code: "B", name: "B", events: 0, uncounted: 0, families: 0),
            SchoolReach(schoolID: 3, code: "C", name: "C", events: 1, uncounted: 1, families: 0),
            SchoolReach(schoolID: 4, code: "D", name: "D", events: 3, uncounted: 0, families: 60),
        ])
        XCTAssertEqual(reach.families, 100)
        XCTAssertEqual(reach.percentOfGoal!, 50, accuracy: 0.001)
        XCTAssertEqual(reach.schoolsWithoutEvent, 1)
        XCTAssertEqual(reach.uncounted, 1)
        XCTAssertEqual(reach.ordered.map(\.code), ["B", "C", "A", "D"], "no event first, then fewest families")
        XCTAssertNil(OutreachRules.percent(100, of: nil), "no goal, no percent")
        XCTAssertNil(OutreachRules.percent(100, of: 0))
    }

    /// Schools with equal figures go by code as a person reads it — the order Foundation's
    /// `localizedStandardCompare` gave, without loading ICU.
    func testCodesWithEqualFiguresGoInReadingOrder() {
        let codes = ["E10", "e9", "E101", "H301", "M204", "E0099", "E100", "A", "a2", "A10", "E9B", "E9a", "Z1", "E1000", "E99"]
        let expected = codes.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        XCTAssertEqual(codes.sorted(by: OutreachRules.codeOrder), expected)
        XCTAssertEqual(Array(codes.reversed()).sorted(by: OutreachRules.codeOrder), expected)
        XCTAssertTrue(OutreachRules.codeOrder("E9", "E10"))
        XCTAssertFalse(OutreachRules.codeOrder("E10", "E9"))
        XCTAssertFalse(OutreachRules.codeOrder("E10", "E10"))
    }

    func testGapsAreStandardLanguagePairsNoResourceCovers() {
        let gaps = OutreachRules.gaps(standards: [1, 2], languages: ["English", "Spanish"], resources: [
            (standards: [1, 2], languages: ["English"]),
            (standards: [1], languages: ["spanish"]),
        ])
        XCTAssertEqual(gaps.map { "\($0.standard) \($0.language)" }, ["2 Spanish"])
        XCTAssertEqual(OutreachRules.gaps(standards: [1], languages: ["Hmong"], resources: []).count, 1)
    }

    func testEachLaunchStepsEvidenceOnASmallFixture() {
        var f = EvidenceFacts()
        f.conveningsHeld = 6; f.conveningGroups = 2; f.toolkitResources = 12
        f.activeSchools = 50; f.schoolsWithStrategy = 41
        f.activePartnerships = 200; f.partnershipsReviewed = 150; f.partnershipsAligned = 120
        f.campaigns = 1; f.familiesReached = 1_250; f.reachGoal = 3_000; f.schoolsWithEvent = 44
        f.conferenceWindow = "fall 2026-27"; f.conferenceRate = 72.4; f.conferenceSchools = 45; f.previousConferenceRate = 63.6
        func sentence(_ kind: LaunchEvidenceKind) -> String? { LaunchStepRules.evidence(kind, f)?.sentence }
        XCTAssertEqual(sentence(.convenings), "6 convenings of 2 groups held; 12 toolkit resources")
        XCTAssertEqual(sentence(.sipStrategies), "41 of 50 schools have a SIP family strategy")
        XCTAssertEqual(LaunchStepRules.evidence(.sipStrategies, f)!.fraction!, 0.82, accuracy: 0.0001)
        XCTAssertEqual(sentence(.partnershipsReviewed), "150 of 200 active partnerships reviewed in the last 12 months; 120 aligned")
        XCTAssertEqual(sentence(.campaignReach), "1,250 of 3,000 families reached (42 %); events at 44 of 50 schools")
        XCTAssertEqual(sentence(.conferenceParticipation), "72 % of families conferenced (fall 2026-27, 45 schools reporting); a year before 64 %")
        XCTAssertNil(LaunchStepRules.evidence(.none, f))
        // Missing data says so rather than showing 0.
        var empty = EvidenceFacts()
        empty.activeSchools = 50
        XCTAssertEqual(LaunchStepRules.evidence(.campaignReach, empty)?.sentence, "No campaign this year yet")
        XCTAssertEqual(LaunchStepRules.evidence(.conferenceParticipation, empty)?.sentence, "No conference participation entered this year yet")
        XCTAssertNil(LaunchStepRules.evidence(.conferenceParticipation, empty)?.fraction)
        empty.campaigns = 1; empty.familiesReached = 80
        XCTAssertEqual(LaunchStepRules.evidence(.campaignReach, empty)?.sentence, "80 families reached (no goal set); events at 0 of 50 schools")
    }

    func testProgressCountsMilestonesAndFlagsTheNextOneOverdue() {
        let today = Day("2026-11-30")!
        let p = LaunchStepRules.progress(id: 1, title: "Campaign", owner: "Curriculum", status: .underWay, milestones: [
            Milestone(title: "Materials", due: Day("2026-09-01"), done: Day("2026-09-04")),
            Milestone(title: "Half reached", due: Day("2027-02-26"), done: nil),
            Milestone(title: "An event at every school", due: Day("2026-11-15"), done: nil),
        ], evidence: .none, facts: EvidenceFacts(), today: today)
        XCTAssertEqual(p.milestonesDone, 1)
        XCTAssertEqual(p.milestonesTotal, 3)
        XCTAssertEqual(p.nextMilestone?.title, "An event at every school", "the earliest due that is not done")
        XCTAssertTrue(p.nextMilestoneOverdue)
        XCTAssertEqual(p.summary, "Under way · 1/3 milestones · next: An event at every school 2026-11-15 (overdue)")
        let none = LaunchStepRules.progress(id: 2, title: "x", owner: "", status: .notStarted, milestones: [], evidence: .none,
                                            facts: EvidenceFacts(), today: today)
        XCTAssertNil(none.nextMilestone)
        XCTAssertFalse(none.nextMilestoneOverdue)
    }
}
