import FacetModel
import FacetStore
import GRDB
import XCTest

/// Campaign reach, conference participation and toolkit gaps as SQL computes them; launch steps
/// seeded by the migration with evidence from Facet's own tables; who may write what.
final class OutreachStoreTests: XCTestCase {
    var db: TestDatabase!
    var store: FacetStore { db.store }
    let today = Day("2026-11-30")!

    override func setUpWithError() throws { db = try TestDatabase() }

    func school(_ code: String) throws -> Int64 {
        try store.insertRecord(.schools, values: ["code": .text(code), "name": .text("School \(code)"), "level": .text("elementary")])
    }

    func campaign(goal: Int64? = 100) throws -> Int64 {
        try store.insertRecord(.campaigns, values: ["title": .text("Common Core nights"), "school_year": .text("2026-27"),
                                                    "goal": goal.map(StoredValue.integer) ?? .null])
    }

    func event(_ campaign: Int64, _ school: Int64, _ attendance: String, day: String = "2026-10-01") throws -> Int64 {
        var e = OutreachEvent(campaignID: campaign, schoolID: school, kind: .workshop, topic: "Reading standards", heldOn: Day(day)!)
        e.attendance = attendance
        return try store.saveEvent(e, id: nil, expectedVersion: 0)
    }

    func testAFreshDatabaseTracksThePlansSixLaunchSteps() throws {
        let steps = try store.launchStepProgress(schoolYear: LaunchStepRules.planYear, today: today)
        XCTAssertEqual(steps.map(\.title), LaunchStepRules.planSteps.map(\.title))
        XCTAssertTrue(steps.allSatisfy { $0.status == .notStarted && $0.milestonesTotal == 0 })
        XCTAssertEqual(steps[2].evidence?.sentence, "0 of 0 schools have a SIP family strategy")
        XCTAssertEqual(try store.launchStepProgress(schoolYear: "2030-31", today: today).count, 0, "no steps for a year nobody planned")
    }

    func testReachIsSummedInSQLWithUncountedEventsAndSchoolsWithoutEventFirst() throws {
        let a = try school("A1"), b = try school("B1"), c = try school("C1")
        let cc = try campaign(goal: 100)
        try event(cc, a, "Spanish 12, English 30")
        try event(cc, a, "Hmong 8")
        try event(cc, b, "")  // held, not counted yet
        let reach = try XCTUnwrap(store.campaignReach(campaignID: cc, today: today))
        XCTAssertEqual(reach.families, 50)
        XCTAssertEqual(reach.events, 3)
        XCTAssertEqual(reach.uncounted, 1)
        XCTAssertEqual(reach.percentOfGoal!, 50, accuracy: 0.001)
        XCTAssertEqual(reach.ordered.map(\.schoolID), [c, b, a])
        let stored = try XCTUnwrap(store.fetchRecord(.outreachEvents, id: try event(cc, c, "somali 4 ;  Karen 2")))
        XCTAssertEqual(stored["attendance"]?.text, "somali 4, Karen 2", "kept in one way of writing")
        XCTAssertEqual(stored["families"]?.integerValue, 6)
    }

    func testLoggingAttendanceIsVersionCheckedAndBadCountsAreRefusedInWords() throws {
        let a = try school("A1")
        let cc = try campaign()
        let id = try event(cc, a, "")
        var (e, version) = try XCTUnwrap(store.event(id: id))
        e.attendance = "Spanish 12, 30"
        XCTAssertThrowsError(try store.saveEvent(e, id: id, expectedVersion: version)) { error in
            XCTAssertTrue("\(error)".contains("is not a language and a number"), "\(error)")
        }
        e.attendance = "Spanish 12, English 30"
        try store.saveEvent(e, id: id, expectedVersion: version)
        XCTAssertEqual(try store.campaignReach(campaignID: cc, today: today)?.families, 42)
        XCTAssertThrowsError(try store.saveEvent(e, id: id, expectedVersion: version)) { error in
            guard case StoreError.conflict = error else { return XCTFail("a stale save is a conflict: \(error)") }
        }
        let audit = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log WHERE entity = 'outreach_events' AND entity_id = ?", arguments: [id]) }
        XCTAssertEqual(audit, 2, "insert and update audited")
    }

    func testCoordinatorsEditTheirSchoolsEventsAndConferencesOnly() throws {
        let a = try school("A1"), b = try school("B1")
        let cc = try campaign()
        let coordinator = try db.secondStore(login: "coord", role: .coordinator, schools: ["A1"])
        var mine = OutreachEvent(campaignID: cc, schoolID: a, kind: .informationNight, topic: "Math at home", heldOn: Day("2026-10-02")!)
        mine.attendance = "English 9"
        XCTAssertNoThrow(try coordinator.saveEvent(mine, id: nil, expectedVersion: 0))
        mine.schoolID = b
        XCTAssertThrowsError(try coordinator.saveEvent(mine, id: nil, expectedVersion: 0)) { error in
            guard case StoreError.forbidden = error else { return XCTFail("\(error)") }
        }
        XCTAssertNoThrow(try coordinator.insertRecord(.conferences, values: ["school_id": .integer(a), "school_year": .text("2026-27"), "term": .text("fall"),
                                                                              "enrolled": .integer(300), "conferenced": .integer(200)]))
        XCTAssertThrowsError(try coordinator.insertRecord(.conferences, values: ["school_id": .integer(b), "school_year": .text("2026-27"), "term": .text("fall")]))
        XCTAssertThrowsError(try coordinator.insertRecord(.campaigns, values: ["title": .text("Mine"), "school_year": .text("2026-27")]),
                             "campaigns are the district's")
        XCTAssertThrowsError(try coordinator.insertRecord(.toolkitResources, values: ["title": .text("x"), "kind": .text("guide")]))
        let viewer = try db.secondStore(login: "viewer", role: .viewer)
        XCTAssertThrowsError(try viewer.saveEvent(mine, id: nil, expectedVersion: 0))
    }

    func testParticipationByWindowComparesTheSameWindowAYearBeforeAndLeavesMissingFiguresOut() throws {
        let a = try school("A1"), b = try school("B1"), c = try school("C1")
        func conf(_ s: Int64, _ year: String, _ term: String, _ enrolled: Int64?, _ conferenced: Int64?, grade: String = "") throws {
            try store.insertRecord(.conferences, values: ["school_id": .integer(s), "school_year": .text(year), "term": .text(term), "grade": .text(grade),
                                                          "enrolled": enrolled.map(StoredValue.integer) ?? .null,
                                                          "conferenced": conferenced.map(StoredValue.integer) ?? .null, "formats": .text("in-person,video")])
        }
        try conf(a, "2026-27", "fall", 100, 80, grade: "K")
        try conf(a, "2026-27", "fall", 100, 60, grade: "1")
        try conf(a, "2025-26", "fall", 200, 100)
        try conf(b, "2026-27", "fall", 300, nil)
        try conf(b, "2025-26", "fall", 300, 150)
        try conf(a, "2025-26", "spring", 200, 190)
        let rows = try store.conferenceParticipation(year: "2026-27", term: .fall)
        XCTAssertEqual(rows.map(\.schoolID), [a, b, c])
        XCTAssertEqual(rows[0].now.rate!, 70, accuracy: 0.001, "grades add up")
        XCTAssertEqual(rows[0].yearBefore.rate!, 50, accuracy: 0.001, "the fall before, not the spring")
        XCTAssertEqual(rows[0].change!, 20, accuracy: 0.001)
        XCTAssertEqual(rows[0].formats, "In person, Video")
        XCTAssertNil(rows[1].now.rate, "not entered is unknown")
        XCTAssertNil(rows[1].change)
        XCTAssertNil(rows[2].now.rate)
        XCTAssertThrowsError(try conf(c, "2026-27", "fall", 10, 11), "more families conferenced than enrolled is refused")
        // The launch step reads the same figures.
        let step = try XCTUnwrap(store.launchStepProgress(schoolYear: "2026-27", today: today).first { $0.title.contains("parent conferences") })
        XCTAssertEqual(step.evidence?.sentence, "70 % of families conferenced (fall 2026-27, 1 schools reporting); a year before 50 %")
    }

    func testGapViewListsAStandardWithNoSpanishResource() throws {
        let standards = try store.assessedStandards()
        let ids = standards.map { String($0.id) }.joined(separator: ",")
        try store.insertRecord(.toolkitResources, values: ["title": .text("Everything guide"), "kind": .text("guide"),
                                                           "standard_ids": .text(ids), "languages": .text(FamilyLanguages.district.filter { $0 != "Spanish" }.joined(separator: ","))])
        try store.insertRecord(.toolkitResources, values: ["title": .text("Guía"), "kind": .text("handout"),
                                                           "standard_ids": .text(standards.dropFirst().map { String($0.id) }.joined(separator: ",")), "languages": .text("Spanish")])
        let gaps = try store.toolkitGaps()
        XCTAssertEqual(gaps.gaps.count, 1)
        XCTAssertEqual(gaps.gaps.first?.standard, standards[0].id)
        XCTAssertEqual(gaps.gaps.first?.language, "Spanish")
        XCTAssertEqual(try store.toolkitItems(language: "spanish").map(\.title), ["Guía"])
    }

    func testLaunchStepEvidenceReadsConveningsStrategiesReachAndMilestones() throws {
        let a = try school("A1"), b = try school("B1")
        try store.insertRecord(.convenings, values: ["group_name": .text("Council"), "held_on": .text("2026-10-01")])
        try store.insertRecord(.convenings, values: ["group_name": .text("Council"), "held_on": .text("2027-01-10")])  // not held yet
        try store.insertRecord(.sipStrategies, values: ["school_id": .integer(a), "school_year": .text("2026-27"), "title": .text("Welcome walk")])
        try store.insertRecord(.sipStrategies, values: ["school_id": .integer(b), "school_year": .text("2026-27"), "title": .text("Dropped"), "status": .text("dropped")])
        let cc = try campaign(goal: 40)
        try event(cc, b, "Spanish 10")
        let steps = try store.launchStepProgress(schoolYear: "2026-27", today: today)
        let stepID = steps[3].id
        try store.insertRecord(.launchMilestones, values: ["step_id": .integer(stepID), "title": .text("Materials"), "due_on": .text("2026-09-01"), "done_on": .text("2026-09-02")])
        try store.insertRecord(.launchMilestones, values: ["step_id": .integer(stepID), "title": .text("Every school"), "due_on": .text("2026-11-15")])
        let again = try store.launchStepProgress(schoolYear: "2026-27", today: today)
        XCTAssertEqual(again[0].evidence?.sentence, "1 convening of 1 group held; 0 toolkit resources")
        XCTAssertEqual(again[2].evidence?.sentence, "1 of 2 schools have a SIP family strategy")
        XCTAssertEqual(again[3].evidence?.sentence, "10 of 40 families reached (25 %); events at 1 of 2 schools")
        XCTAssertEqual(again[3].evidence?.fraction, 0.25)
        XCTAssertEqual(again[3].milestonesDone, 1)
        XCTAssertEqual(again[3].nextMilestone?.title, "Every school")
        XCTAssertTrue(again[3].nextMilestoneOverdue)
        XCTAssertEqual(again[5].evidence?.sentence, "0 of 0 active partnerships reviewed in the last 12 months; 0 aligned")
        XCTAssertNil(again[1].evidence)
    }

    func testTheDemoDistrictHasACampaignAcrossSchoolsConferencesToolkitAndStepsUnderWay() throws {
        try DemoData.load(into: store, size: DemoSize(schools: 18, partners: 10, partnerships: 20, employees: 0), seed: 2026)
        let campaign = try XCTUnwrap(store.mainCampaign(year: "2026-27"))
        let reach = try XCTUnwrap(store.campaignReach(campaignID: campaign.id, today: today))
        XCTAssertEqual(reach.events, 54)
        XCTAssertEqual(reach.schoolsWithoutEvent, 2, "every ninth school has no event yet")
        XCTAssertGreaterThan(reach.families, 0)
        XCTAssertEqual(reach.ordered.first?.events, 0)
        let fall = try store.conferenceParticipation(year: "2026-27", term: .fall)
        XCTAssertEqual(fall.filter { $0.now.rate == nil }.count, 2, "every eleventh school has not entered its fall figures")
        XCTAssertFalse(try store.toolkitGaps().gaps.isEmpty)
        let steps = try store.launchStepProgress(schoolYear: "2026-27", today: today)
        XCTAssertEqual(steps.count, 6)
        XCTAssertTrue(steps.contains { $0.nextMilestoneOverdue })
        let reviewed = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM partnerships WHERE status = 'active' AND last_review >= '2025-11-30'")
        }
        XCTAssertEqual(steps[5].evidence?.done, reviewed)
        // The fall window's feedback runs on the survey engine: small schools are suppressed, the district is shown.
        let feedback = try XCTUnwrap(store.conferenceFeedback(year: "2026-27", term: .fall))
        XCTAssertEqual(feedback.question, ConferenceFeedbackSurvey.questions[0].texts["en"]?["text"])
        XCTAssertTrue(feedback.district.shown)
        let counts = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.school_id, COUNT(*) FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id JOIN surveys s ON s.id = w.survey_id
                WHERE s.title = ? GROUP BY r.school_id
                """, arguments: [ConferenceFeedbackSurvey.title]).map { ($0[0] as Int64, $0[1] as Int) }
        }
        XCTAssertEqual(counts.count, 18)
        for (school, n) in counts where n < 10 {
            XCTAssertEqual(feedback.bySchool[school]?.shown, false, "a school with \(n) responses is suppressed")
        }
        XCTAssertTrue(counts.contains { $0.1 < 10 }, "the demo has small schools")
        XCTAssertNil(try store.conferenceFeedback(year: "2025-26", term: .fall), "no feedback wave for last year's window")
    }
}
