import XCTest
@testable import FacetModel

final class SurveyRulesTests: XCTestCase {
    // MARK: figures

    func testPercentFavourableLeavesOutDontKnowAndBlanks() {
        // 3 strongly agree, 2 agree, 5 disagree; 4 don't know (blanks are never stored).
        let t = Tally(counts: [5: 3, 4: 2, 2: 5], dontKnow: 4)
        XCTAssertEqual(t.n, 10)
        XCTAssertEqual(t.percentFavourable([4, 5]), 50)
        XCTAssertEqual(t.mean(kind: .scale5)!, 3.3, accuracy: 1e-9)
        XCTAssertNil(t.mean(kind: .yesNo))
        XCTAssertNil(Tally(dontKnow: 3).percentFavourable([4, 5]), "only don't-know: no percent, not 0%")
        XCTAssertNil(t.percentFavourable([]), "a question with nothing favourable has no percent")
        let yesNo = Tally(counts: [Answer.yes: 7, Answer.no: 1], dontKnow: 2)
        XCTAssertEqual(yesNo.percentFavourable([Answer.yes]), 87.5)
    }

    func testResponseRate() {
        XCTAssertEqual(responseRate(responses: 25, invited: 100), 25)
        XCTAssertEqual(responseRate(responses: 3, invited: 12), 25)
        XCTAssertNil(responseRate(responses: 5, invited: 0), "no families recorded as invited: no rate")
    }

    // MARK: suppression on hand-made cases

    func testASmallSchoolIsHiddenAndSoIsTheNextSmallestSoTheDistrictCannotRevealIt() {
        let d = Suppression.decide(parts: [4, 12, 20], minimum: 10)
        XCTAssertEqual(d.parts, [false, false, true])
        XCTAssertTrue(d.total, "36 − 20 = 16: the two hidden schools together, not one")
    }

    func testTwoSmallSchoolsTogetherAtTheMinimumNeedNoMoreHiding() {
        XCTAssertEqual(Suppression.decide(parts: [4, 7, 30, 25], minimum: 10), .init(parts: [false, false, true, true], total: true))
    }

    func testTwoSmallSchoolsTogetherBelowTheMinimumHideAThird() {
        XCTAssertEqual(Suppression.decide(parts: [3, 4, 30, 25], minimum: 10), .init(parts: [false, false, true, false], total: true))
    }

    func testEverySchoolSmallHidesTheDistrictWhenItIsSmallToo() {
        XCTAssertEqual(Suppression.decide(parts: [3, 4], minimum: 10), .init(parts: [false, false], total: false))
        XCTAssertEqual(Suppression.decide(parts: [6, 7], minimum: 10), .init(parts: [false, false], total: true), "13 together may be shown")
    }

    func testSchoolsWithNoAnswersRevealNobodyAndDoNotCoverASmallOne() {
        XCTAssertEqual(Suppression.decide(parts: [0, 15, 20], minimum: 10), .init(parts: [true, true, true], total: true))
        // The empty school cannot hide the small one: the next smallest with answers is hidden.
        XCTAssertEqual(Suppression.decide(parts: [0, 5, 30, 40], minimum: 10), .init(parts: [true, false, false, true], total: true))
        // One school with answers, small: nothing about it is shown, not even through the total.
        XCTAssertEqual(Suppression.decide(parts: [0, 5], minimum: 10), .init(parts: [true, false], total: false))
    }

    func testAtTheMinimumIsShown() {
        XCTAssertEqual(Suppression.decide(parts: [10, 10], minimum: 10), .init(parts: [true, true], total: true))
        XCTAssertEqual(Suppression.decide(parts: [9, 10], minimum: 10), .init(parts: [false, false], total: true))
    }

    func testResultsHideEveryFigureOfASuppressedCellAndTheChangeThroughIt() {
        let q = WaveTallies.Question(waveQuestionID: 1, questionID: 7, position: 1, code: "welcome", text: "", kind: .scale5, favourable: [4, 5], values: [1, 2, 3, 4, 5])
        func wave(_ id: Int64, _ a: Int, _ b: Int) -> WaveTallies {
            WaveTallies(waveID: id, name: "W\(id)", schoolYear: "2026-27",
                        questions: [WaveTallies.Question(waveQuestionID: id, questionID: 7, position: 1, code: "welcome", text: "", kind: .scale5,
                                                         favourable: [4, 5], values: [1, 2, 3, 4, 5])],
                        schools: [.init(id: 1, code: "A", name: "A", invited: 40, responses: a), .init(id: 2, code: "B", name: "B", invited: 50, responses: b)],
                        tallies: [id: [1: Tally(counts: [5: a]), 2: Tally(counts: [5: b / 2, 1: b - b / 2])]])
        }
        let results = SurveyResults(minimum: 10, waves: [wave(1, 20, 30), wave(2, 4, 30)])
        _ = q
        let w2 = results.waves[1].questions[0]
        let small = results.cell(wave: 1, question: w2, school: 1)
        XCTAssertFalse(small.shown)
        XCTAssertNil(small.n)
        XCTAssertNil(small.percentFavourable)
        XCTAssertFalse(results.cell(wave: 1, question: w2, school: 2).shown, "complementary: B would reveal A through the district")
        XCTAssertTrue(results.cell(wave: 1, question: w2, school: nil).shown)
        XCTAssertNil(results.change(questionID: 7, school: 1, wave: 1))
        XCTAssertNotNil(results.change(questionID: 7, school: nil, wave: 1))
        XCTAssertNil(results.responses(wave: 1, school: 1))
        XCTAssertEqual(results.responses(wave: 0, school: 1)?.rate, 50)
        XCTAssertEqual(results.trend(questionID: 7, school: 1), [100, nil])
        XCTAssertEqual(SurveyResults.sparkline([100, nil, 0, 50]), "█·▁▅")
    }

    // MARK: the property

    /// Random waves: whatever is shown, no group with fewer answers than the minimum can be seen
    /// or recovered by adding or subtracting shown figures. In a table of parts and their total,
    /// what can be worked out is each shown figure and the hidden parts taken together (the total
    /// minus the shown parts); each of those must be empty or hold at least the minimum.
    func testNoShownFigureRevealsAGroupBelowTheMinimum() {
        var rng = TestRandom(seed: 20261130)
        var hiddenSeen = 0, complementarySeen = 0
        for _ in 0..<2_000 {
            let minimum = rng.int(3...12)
            let schoolCount = rng.int(1...12)
            let questions = (1...rng.int(1...4)).map { i in
                WaveTallies.Question(waveQuestionID: Int64(i), questionID: Int64(i), position: i, code: "q\(i)", text: "", kind: .scale5,
                                     favourable: [4, 5], values: [1, 2, 3, 4, 5])
            }
            var tallies: [Int64: [Int64: Tally]] = [:]
            var schools: [WaveTallies.School] = []
            for s in 1...schoolCount {
                let responses = rng.chance(0.4) ? rng.int(0...minimum) : rng.int(0...40)
                schools.append(.init(id: Int64(s), code: "S\(s)", name: "S\(s)", invited: rng.int(0...80), responses: responses))
                for q in questions {
                    var t = Tally()
                    for _ in 0..<responses {
                        if rng.chance(0.1) { continue }                       // blank
                        if rng.chance(0.1) { t.dontKnow += 1; continue }
                        t.counts[rng.int(1...5), default: 0] += 1
                    }
                    tallies[q.waveQuestionID, default: [:]][Int64(s)] = t
                }
            }
            let wave = WaveTallies(waveID: 1, name: "Fall", schoolYear: "2026-27", questions: questions, schools: schools, tallies: tallies)
            let results = SurveyResults(minimum: minimum, waves: [wave])
            for q in questions {
                let sizes = schools.map { tallies[q.waveQuestionID]![$0.id]!.n }
                let cells = schools.map { results.cell(wave: 0, question: q, school: $0.id) }
                let total = results.cell(wave: 0, question: q, school: nil)
                check(minimum: minimum, sizes: sizes, shown: cells.map(\.shown), totalShown: total.shown, figures: cells.map(\.n), totalFigure: total.n)
                hiddenSeen += cells.filter { !$0.shown }.count
                complementarySeen += zip(cells, sizes).filter { !$0.0.shown && $0.1 >= minimum }.count
            }
            let counts = schools.map(\.responses)
            let shownCounts = schools.map { results.responses(wave: 0, school: $0.id)?.count }
            let totalCount = results.responses(wave: 0, school: nil)?.count
            check(minimum: minimum, sizes: counts, shown: shownCounts.map { $0 != nil }, totalShown: totalCount != nil, figures: shownCounts, totalFigure: totalCount)
        }
        XCTAssertGreaterThan(hiddenSeen, 1_000, "the random waves exercise primary suppression")
        XCTAssertGreaterThan(complementarySeen, 100, "and complementary suppression")
    }

    /// The results screen decides from a few facts per question (the small parts, what they hold,
    /// the smallest part at or above the minimum, the total) what `decide(parts:)` decides from
    /// every part: random tables, many ties and zeros, the same decision for every part and the total.
    func testTheDecisionFromFactsIsTheDecisionFromEveryPart() {
        var rng = TestRandom(seed: 19)
        var complements = 0, hiddenTotals = 0
        for _ in 0..<5_000 {
            let minimum = rng.int(0...12)
            let parts = (0..<rng.int(0...14)).map { _ in rng.chance(0.3) ? rng.int(0...max(0, minimum)) : rng.int(0...30) }
            let full = Suppression.decide(parts: parts, minimum: minimum)
            let m = max(1, minimum)
            let small = parts.filter { $0 > 0 && $0 < m }
            // The first in order among the smallest at or above the minimum, as the index and the codes give it.
            let complement = parts.indices.filter { parts[$0] >= m }.min { (parts[$0], $0) < (parts[$1], $1) }
            let facts = Suppression.Facts(smallCount: small.count, smallSum: small.reduce(0, +), total: parts.reduce(0, +),
                                          complement: complement.map(Int64.init))
            let decision = Suppression.decide(facts, minimum: minimum)
            XCTAssertEqual(parts.indices.map { decision.shows(Int64($0), n: parts[$0]) }, full.parts, "min \(minimum), parts \(parts)")
            XCTAssertEqual(decision.total, full.total, "min \(minimum), parts \(parts)")
            if decision.complement != nil { complements += 1 }
            if !decision.total { hiddenTotals += 1 }
        }
        XCTAssertGreaterThan(complements, 500, "complementary suppression is exercised")
        XCTAssertGreaterThan(hiddenTotals, 100, "and hidden totals")
    }

    /// The kept sums give n, percent favourable and mean exactly as the whole tally does.
    func testSumsGiveTheTallysFigures() {
        var rng = TestRandom(seed: 23)
        for _ in 0..<500 {
            var t = Tally()
            for _ in 0..<rng.int(0...40) {
                switch rng.int(0...9) {
                case 0: t.dontKnow += 1
                case 1: t.texts += 1
                default: t.counts[rng.int(0...5), default: 0] += 1
                }
            }
            let favourable: Set<Int> = rng.chance(0.2) ? [] : [4, 5]
            let sums = CellSums(t, favourable: favourable)
            XCTAssertEqual(sums.n, t.n)
            XCTAssertEqual(sums.dontKnow, t.dontKnow)
            XCTAssertEqual(sums.percentFavourable(favourable), t.percentFavourable(favourable))
            XCTAssertEqual(sums.mean(kind: .scale5), t.mean(kind: .scale5))
            XCTAssertNil(sums.mean(kind: .yesNo))
        }
    }

    private func check(minimum: Int, sizes: [Int], shown: [Bool], totalShown: Bool, figures: [Int?], totalFigure: Int?,
                       file: StaticString = #filePath, line: UInt = #line) {
        let context = "min \(minimum), sizes \(sizes), shown \(shown), total shown \(totalShown)"
        for (size, (isShown, figure)) in zip(sizes, zip(shown, figures)) {
            XCTAssertEqual(figure, isShown ? size : nil, "a hidden figure is never given: \(context)", file: file, line: line)
            if isShown { XCTAssertTrue(size == 0 || size >= minimum, "shown small group: \(context)", file: file, line: line) }
        }
        let total = sizes.reduce(0, +)
        XCTAssertEqual(totalFigure, totalShown ? total : nil, file: file, line: line)
        if totalShown {
            XCTAssertTrue(total == 0 || total >= minimum, "small total shown: \(context)", file: file, line: line)
            // What the total minus the shown parts gives away.
            let residual = total - zip(sizes, shown).filter { $0.1 }.reduce(0) { $0 + $1.0 }
            XCTAssertTrue(residual == 0 || residual >= minimum, "total − shown reveals \(residual): \(context)", file: file, line: line)
        } else {
            // Without the total, the hidden parts are not recoverable; but then they must not be shown either.
            XCTAssertTrue(zip(sizes, shown).allSatisfy { !$0.1 || $0.0 == 0 || $0.0 >= minimum }, context, file: file, line: line)
        }
    }

    // MARK: instruments

    func testTheShippedSurveyIsCompleteInEnglishAndSpanishOnly() {
        let survey = SurveyInstrument(surveyID: 1, title: ShippedSurvey.title, minGroupSize: 10, languages: ["en", "es", "so"],
                                      questions: ShippedSurvey.questions, labels: ShippedSurvey.labels)
        XCTAssertTrue((8...12).contains(survey.questions.count))
        XCTAssertTrue(survey.isComplete("en"), "\(survey.missing(in: "en"))")
        XCTAssertTrue(survey.isComplete("es"), "\(survey.missing(in: "es"))")
        XCTAssertEqual(survey.missing(in: "so").count, survey.keys.count)
        XCTAssertEqual(survey.completeLanguages, ["en", "es"])
        XCTAssertTrue(survey.keys.contains("contact.4") && survey.keys.contains("scale.3") && survey.keys.contains("dont-know"))
        var missingOne = survey
        missingOne.questions[2].texts["es"]?["text"] = "  "
        XCTAssertEqual(missingOne.missing(in: "es"), [survey.questions[2].code], "a blank text is missing")
        XCTAssertFalse(missingOne.isComplete("es"))
        XCTAssertTrue(survey.questions.allSatisfy { $0.problems().isEmpty })
        XCTAssertEqual(survey.label(of: .value(4), for: survey.questions[0], in: "es"), "4 De acuerdo")
    }

    func testAQuestionTakesOnlyItsOwnAnswers() {
        let scale = SurveyQuestion(position: 1, code: "a", kind: .scale5)
        XCTAssertEqual(scale.favourable, [4, 5], "top two of five by default")
        XCTAssertTrue(scale.accepts(.value(5)))
        XCTAssertFalse(scale.accepts(.value(6)))
        XCTAssertFalse(scale.accepts(.dontKnow), "don't know only where the question offers it")
        XCTAssertFalse(scale.accepts(.text("Mai Vang")))
        let yesNo = SurveyQuestion(position: 2, code: "b", kind: .yesNo, allowsDontKnow: true)
        XCTAssertTrue(yesNo.accepts(.value(Answer.no)) && yesNo.accepts(.dontKnow))
        XCTAssertFalse(yesNo.accepts(.value(3)))
        let choice = SurveyQuestion(position: 3, code: "c", kind: .oneChoice, choices: 4, favourable: [7])
        XCTAssertFalse(choice.problems().isEmpty, "7 is not an answer to a four-option question")
        XCTAssertTrue(SurveyLanguages.isValidCode("hmn") && SurveyLanguages.isValidCode("zh-TW"))
        XCTAssertFalse(SurveyLanguages.isValidCode("Spanish") || SurveyLanguages.isValidCode(""))
    }
}

/// A small seeded generator for property tests (the same seed gives the same cases).
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1.0p-53 < p }
}
