import XCTest
@testable import FacetModel

/// The self-assessment averages and the SIP coverage rules on hand-made cases.
final class StandardsRulesTests: XCTestCase {
    // Standards 10 and 20; indicators 101, 102 (of 10) and 201, 202 (of 20).
    func r(_ school: Int64, _ year: String, _ standard: Int64, _ indicator: Int64, _ level: Int) -> Rating {
        Rating(schoolID: school, schoolYear: year, standardID: standard, indicatorID: indicator, level: level)
    }

    func testACellIsTheMeanOfTheRatedIndicatorsAndAMissingRatingIsNotAZero() {
        let ratings = [r(1, "2026-27", 10, 101, 2), r(1, "2026-27", 10, 102, 3),   // both rated: 2.5
                       r(1, "2026-27", 20, 201, 4)]                                  // 202 not rated: 4.0, not 2.0
        let cells = SelfAssessmentRules.cells(ratings, year: "2026-27")
        XCTAssertEqual(cells[1]?[10]?.average, 2.5)
        XCTAssertEqual(cells[1]?[20]?.average, 4.0)
        XCTAssertEqual(cells[1]?[20]?.count, 1)
        XCTAssertEqual(SelfAssessmentRules.overall(cells[1], standards: [10, 20]).average, 3.0, "(2 + 3 + 4) / 3")
    }

    func testASchoolWithNoRatingsHasNoAverageAndShowsAsNotRated() {
        let cells = SelfAssessmentRules.cells([r(1, "2026-27", 10, 101, 2)], year: "2026-27")
        let none = SelfAssessmentRules.overall(cells[2], standards: [10, 20])
        XCTAssertNil(none.average)
        XCTAssertEqual(none.display, "·")
        XCTAssertNotEqual(none.display, "░ 0.0")
        XCTAssertEqual(AssessmentCell(sum: 5, count: 2).display, "▓ 2.5")
        XCTAssertEqual(AssessmentCell(sum: 1, count: 1).display, "░ 1.0")
        XCTAssertEqual(AssessmentCell(sum: 4, count: 1).display, "█ 4.0")
        XCTAssertEqual(AssessmentCell(sum: 4, count: 2).display, "▒ 2.0")
    }

    func testRatingsOfOtherYearsAndOutOfRangeLevelsDoNotCount() {
        let ratings = [r(1, "2025-26", 10, 101, 1), r(1, "2026-27", 10, 101, 3), r(1, "2026-27", 10, 102, 0)]
        XCTAssertEqual(SelfAssessmentRules.cells(ratings, year: "2026-27")[1]?[10], AssessmentCell(sum: 3, count: 1))
        XCTAssertEqual(SelfAssessmentRules.cells(ratings, year: "2025-26")[1]?[10], AssessmentCell(sum: 1, count: 1))
    }

    func testRetiredItemsStayOnOldRecordsButOnlyShownStandardsMakeTheOverall() {
        // Indicator 102 was retired after 2025-26: its rating still counts in that year's cell.
        let ratings = [r(1, "2025-26", 10, 101, 2), r(1, "2025-26", 10, 102, 4), r(1, "2025-26", 30, 301, 1)]
        let cells = SelfAssessmentRules.cells(ratings, year: "2025-26")
        XCTAssertEqual(cells[1]?[10]?.average, 3.0, "the retired indicator's rating is kept")
        // Standard 30 was retired: it is not a column, so it is left out of the overall.
        XCTAssertEqual(SelfAssessmentRules.overall(cells[1], standards: [10, 20]).average, 3.0)
        XCTAssertEqual(SelfAssessmentRules.overall(cells[1], standards: [10, 20, 30]).average, 7.0 / 3.0)
    }

    func testTheChangeFromLastYearNeedsRatingsInBothYears() {
        let a = AssessmentCell(sum: 6, count: 2), b = AssessmentCell(sum: 5, count: 2)
        XCTAssertEqual(SelfAssessmentRules.changeText(SelfAssessmentRules.change(current: a, previous: b)), "+0.5")
        XCTAssertEqual(SelfAssessmentRules.changeText(SelfAssessmentRules.change(current: b, previous: a)), "−0.5")
        XCTAssertEqual(SelfAssessmentRules.changeText(SelfAssessmentRules.change(current: a, previous: a)), "0.0")
        XCTAssertNil(SelfAssessmentRules.change(current: a, previous: AssessmentCell()))
        XCTAssertEqual(SelfAssessmentRules.changeText(nil), "—")
    }

    func testSchoolYears() {
        XCTAssertEqual(SelfAssessmentRules.schoolYear(of: Day("2026-11-30")!), "2026-27")
        XCTAssertEqual(SelfAssessmentRules.schoolYear(of: Day("2026-06-30")!), "2025-26")
        XCTAssertEqual(SelfAssessmentRules.previousYear("2026-27"), "2025-26")
        XCTAssertEqual(SelfAssessmentRules.previousYear("2000-01"), "1999-00")
        XCTAssertTrue(SelfAssessmentRules.isSchoolYear("2099-00"))
        XCTAssertFalse(SelfAssessmentRules.isSchoolYear("2026-28"))
        XCTAssertFalse(SelfAssessmentRules.isSchoolYear("2026"))
    }

    func testTheGridSaysHowManySchoolsHaveNotRated() {
        let schools = [AssessmentGrid.School(id: 1, code: "A", name: "A"), AssessmentGrid.School(id: 2, code: "B", name: "B")]
        let standards = [AssessmentGrid.Standard(id: 10, code: "1", title: "One")]
        let grid = AssessmentGrid(year: "2026-27", schools: schools, standards: standards,
                                  cells: SelfAssessmentRules.cells([r(1, "2026-27", 10, 101, 3)], year: "2026-27"),
                                  previous: SelfAssessmentRules.cells([r(1, "2025-26", 10, 101, 2)], year: "2025-26"), years: ["2025-26", "2026-27"])
        XCTAssertEqual(grid.unrated, 1)
        XCTAssertEqual(grid.change(school: 1), 1.0)
        XCTAssertNil(grid.change(school: 2))
        XCTAssertNil(grid.overall(school: 2).average)
    }

    // MARK: SIP strategies

    func s(_ school: Int64, _ standards: Set<Int64>, _ status: StrategyStatus = .planned, year: String = "2026-27", due: String? = nil) -> StrategyFacts {
        StrategyFacts(schoolID: school, schoolYear: year, standardIDs: standards, status: status, due: due.flatMap(Day.init))
    }

    func testCoverageCountsStrategiesOfTheYearButNotDroppedOnesNorRetiredStandards() {
        let strategies = [s(1, [10, 20]), s(2, [10], .dropped), s(3, [10], year: "2025-26"), s(4, [30]), s(5, [20], .done)]
        let coverage = StrategyRules.coverage(strategies, year: "2026-27", standards: [10, 20])
        XCTAssertEqual(coverage[1], [10, 20])
        XCTAssertNil(coverage[2], "a dropped strategy covers nothing")
        XCTAssertNil(coverage[3], "last year's strategy does not cover this year")
        XCTAssertEqual(coverage[4], [], "a retired standard (30) is not shown")
        XCTAssertEqual(coverage[5], [20], "a done strategy still counts")
    }

    func testSchoolsWithNoStrategyComeFirst() {
        let coverage: [Int64: Set<Int64>] = [1: [10, 20], 2: [10], 4: []]
        XCTAssertEqual(StrategyRules.order(schools: [1, 2, 3, 4], coverage: coverage), [3, 4, 2, 1])
    }

    func testOverdueIsDueBeforeTodayAndNotFinished() {
        let today = Day("2026-11-30")!
        XCTAssertTrue(StrategyRules.isOverdue(status: .planned, due: Day("2026-11-29"), today: today))
        XCTAssertTrue(StrategyRules.isOverdue(status: .inProgress, due: Day("2026-10-01"), today: today))
        XCTAssertFalse(StrategyRules.isOverdue(status: .inProgress, due: today, today: today), "due today is not late yet")
        XCTAssertFalse(StrategyRules.isOverdue(status: .done, due: Day("2026-10-01"), today: today))
        XCTAssertFalse(StrategyRules.isOverdue(status: .dropped, due: Day("2026-10-01"), today: today))
        XCTAssertFalse(StrategyRules.isOverdue(status: .planned, due: nil, today: today))
    }

    func testFollowUpLinesAsTheOldFormAskedForThemAndWhenOneIsOverdue() {
        let a = FollowUpRules.parse(line: "  Draft our own descriptions — FACE office, 2025-11-30 ")
        XCTAssertEqual(a?.what, "Draft our own descriptions")
        XCTAssertEqual(a?.owner, "FACE office")
        XCTAssertEqual(a?.due, Day("2025-11-30"))
        let noDay = FollowUpRules.parse(line: "Call the library — Principal")
        XCTAssertEqual(noDay?.owner, "Principal")
        XCTAssertNil(noDay?.due)
        let dayOnly = FollowUpRules.parse(line: "Send the minutes — 2026-12-01")
        XCTAssertEqual(dayOnly?.owner, "")
        XCTAssertEqual(dayOnly?.due, Day("2026-12-01"))
        let plain = FollowUpRules.parse(line: "Ask families about Saturday hours, maybe")
        XCTAssertEqual(plain?.what, "Ask families about Saturday hours, maybe")
        XCTAssertNil(plain?.due)
        XCTAssertEqual(FollowUpRules.parse(line: "Send the minutes, 2026-12-01")?.due, Day("2026-12-01"))
        XCTAssertNil(FollowUpRules.parse(line: "   "))
        let today = Day("2026-11-30")!
        XCTAssertTrue(FollowUpRules.isOverdue(due: Day("2026-11-29"), done: false, today: today))
        XCTAssertFalse(FollowUpRules.isOverdue(due: Day("2026-11-30"), done: false, today: today), "due today is not late yet")
        XCTAssertFalse(FollowUpRules.isOverdue(due: Day("2026-11-01"), done: true, today: today))
        XCTAssertFalse(FollowUpRules.isOverdue(due: nil, done: false, today: today))
    }
}
