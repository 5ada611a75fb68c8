// Survey results: n, response rate, percent favourable, mean, change, and the suppression rule
// that keeps small groups from being seen. One rule, used by the screen and by every export.

/// The answers one group gave one question: how many gave each value.
public struct Tally: Hashable, Sendable {
    /// Answer value → count (valid answers only; "don't know" and text apart).
    public var counts: [Int: Int]
    public var dontKnow: Int
    /// Open-text answers given.
    public var texts: Int

    public init(counts: [Int: Int] = [:], dontKnow: Int = 0, texts: Int = 0) {
        self.counts = counts; self.dontKnow = dontKnow; self.texts = texts
    }

    /// Adds a stored tally row (an answer code and its count).
    public mutating func add(code: Int, count: Int) {
        switch code {
        case Answer.dontKnowCode: dontKnow += count
        case Answer.textCode: texts += count
        default: counts[code, default: 0] += count
        }
    }

    public static func + (a: Tally, b: Tally) -> Tally {
        Tally(counts: a.counts.merging(b.counts, uniquingKeysWith: +), dontKnow: a.dontKnow + b.dontKnow, texts: a.texts + b.texts)
    }

    /// The answers that count: valid values, or text for an open question. Don't-know and blanks
    /// are left out, so this is the denominator of percent favourable and the cell's size.
    public var n: Int { counts.values.reduce(0, +) + texts }

    public func favourableCount(_ favourable: Set<Int>) -> Int { favourable.reduce(0) { $0 + (counts[$1] ?? 0) } }

    /// Percent of valid answers that are favourable; nil when there are none or nothing counts as favourable.
    public func percentFavourable(_ favourable: Set<Int>) -> Double? {
        let valid = counts.values.reduce(0, +)
        guard valid > 0, !favourable.isEmpty else { return nil }
        return 100 * Double(favourableCount(favourable)) / Double(valid)
    }

    /// The mean of a 5-point scale; nil for other kinds or no answers.
    public func mean(kind: QuestionKind) -> Double? {
        guard kind == .scale5 else { return nil }
        let valid = counts.values.reduce(0, +)
        guard valid > 0 else { return nil }
        return Double(counts.reduce(0) { $0 + $1.key * $1.value }) / Double(valid)
    }
}

/// Responses of a group over the families invited or served; nil when none were recorded as invited.
public func responseRate(responses: Int, invited: Int) -> Double? {
    guard invited > 0 else { return nil }
    return 100 * Double(responses) / Double(invited)
}

/// Which figures of a table may be shown so that no group smaller than the minimum can be seen or
/// worked out.
///
/// A table here is a set of parts (schools) whose sizes add up to a total (the district) that is
/// shown beside them. Primary suppression hides every part with 0 < n < minimum. A reader can then
/// still subtract the shown parts from the total and learn the hidden parts taken together, so
/// complementary suppression hides further parts, smallest first, until the hidden ones together
/// hold at least the minimum. The total is hidden when it is itself below the minimum. Parts with
/// no answers (n = 0) reveal nobody and are shown as empty. All of a part's figures (n, percent,
/// mean, distribution) are shown or hidden together, so one decision covers every figure that
/// adds up (counts, favourable counts, sums).
public enum Suppression {
    public struct Decision: Equatable, Sendable {
        public var parts: [Bool]
        public var total: Bool
    }

    public static func decide(parts: [Int], minimum: Int) -> Decision {
        let minimum = max(1, minimum)
        var shown = parts.map { $0 == 0 || $0 >= minimum }
        var hiddenSum = zip(parts, shown).reduce(0) { $0 + ($1.1 ? 0 : $1.0) }
        if shown.contains(false) {
            // Hide more, smallest first, until the hidden parts hold at least the minimum.
            let candidates = parts.indices.filter { shown[$0] && parts[$0] > 0 }.sorted { (parts[$0], $0) < (parts[$1], $1) }
            for i in candidates where hiddenSum < minimum {
                shown[i] = false
                hiddenSum += parts[i]
            }
        }
        let total = parts.reduce(0, +)
        // The total alone would reveal a group below the minimum; so would it when the hidden parts
        // together are still too few (everything hidden).
        let totalShown = total == 0 || (total >= minimum && (hiddenSum == 0 || hiddenSum >= minimum))
        return Decision(parts: shown, total: totalShown)
    }
}

extension Suppression {
    /// What the decision for one table needs, without its parts one by one: each part is shown or
    /// hidden from its own size and these few figures, which indexed queries answer (the kept
    /// per-school sizes sorted by size) instead of reading every school.
    ///
    /// Why they suffice: primary suppression hides exactly the parts with 0 < n < minimum. If they
    /// hold fewer than the minimum together, complementary suppression hides more parts smallest
    /// first — and every candidate holds at least the minimum, so the first one ends it: at most one
    /// further part is hidden, the smallest part of at least the minimum (first in the table's
    /// order among equals).
    public struct Facts: Equatable, Sendable {
        /// Parts with 0 < n < minimum, and their sizes added up.
        public var smallCount: Int
        public var smallSum: Int
        /// All parts added up.
        public var total: Int
        /// The smallest part of at least the minimum, first in order among equals (nil when none);
        /// needed only when 0 < smallSum < minimum.
        public var complement: Int64?
        public init(smallCount: Int, smallSum: Int, total: Int, complement: Int64?) {
            self.smallCount = smallCount; self.smallSum = smallSum; self.total = total; self.complement = complement
        }
        /// Whether the complement is needed: the small parts are hidden and together hold too few.
        public static func needsComplement(smallSum: Int, minimum: Int) -> Bool { smallSum > 0 && smallSum < max(1, minimum) }
    }

    /// A table's decision as `decide(parts:minimum:)` makes it, from its facts.
    public struct FactsDecision: Equatable, Sendable {
        public var minimum: Int
        /// The part hidden although it is large enough (complementary suppression), if any.
        public var complement: Int64?
        public var total: Bool

        public init(minimum: Int, complement: Int64?, total: Bool) { self.minimum = minimum; self.complement = complement; self.total = total }

        /// Whether the part `id` of size `n` is shown.
        public func shows(_ id: Int64, n: Int) -> Bool { n == 0 || (n >= minimum && id != complement) }
    }

    public static func decide(_ facts: Facts, minimum: Int) -> FactsDecision {
        let minimum = max(1, minimum)
        var hiddenSum = facts.smallSum
        var complement: Int64?
        if facts.smallCount > 0, hiddenSum < minimum, let c = facts.complement {
            complement = c
            hiddenSum += minimum   // at least: the complement holds the minimum or more
        }
        let totalShown = facts.total == 0 || (facts.total >= minimum && (hiddenSum == 0 || hiddenSum >= minimum))
        return FactsDecision(minimum: minimum, complement: complement, total: totalShown)
    }
}

/// The adding-up figures of one group's answers to one question, as kept per wave, question and
/// school (and for the district): enough for n, percent favourable and the mean, which come out
/// exactly as `Tally` computes them from the whole distribution.
public struct CellSums: Equatable, Sendable {
    /// Valid answers and open-text answers: the cell's size.
    public var n: Int
    /// Answers with a value (the denominator of percent favourable and of the mean).
    public var valid: Int
    public var favourable: Int
    /// The values of the valid answers added up.
    public var valueSum: Int
    public var dontKnow: Int

    public init(n: Int = 0, valid: Int = 0, favourable: Int = 0, valueSum: Int = 0, dontKnow: Int = 0) {
        self.n = n; self.valid = valid; self.favourable = favourable; self.valueSum = valueSum; self.dontKnow = dontKnow
    }

    public init(_ tally: Tally, favourable set: Set<Int>) {
        let valid = tally.counts.values.reduce(0, +)
        self.init(n: tally.n, valid: valid, favourable: tally.favourableCount(set),
                  valueSum: tally.counts.reduce(0) { $0 + $1.key * $1.value }, dontKnow: tally.dontKnow)
    }

    /// As `Tally.percentFavourable`.
    public func percentFavourable(_ favourable: Set<Int>) -> Double? {
        guard valid > 0, !favourable.isEmpty else { return nil }
        return 100 * Double(self.favourable) / Double(valid)
    }

    /// As `Tally.mean`.
    public func mean(kind: QuestionKind) -> Double? {
        guard kind == .scale5, valid > 0 else { return nil }
        return Double(valueSum) / Double(valid)
    }
}

/// One wave as results read it: its questions (as frozen when it opened), its schools, the tallies.
public struct WaveTallies: Sendable {
    public struct Question: Hashable, Sendable {
        public var waveQuestionID: Int64
        /// The survey question it was frozen from (to follow a question across waves).
        public var questionID: Int64
        public var position: Int
        public var code: String
        public var text: String
        public var kind: QuestionKind
        public var favourable: Set<Int>
        public var values: [Int]
        public init(waveQuestionID: Int64, questionID: Int64, position: Int, code: String, text: String, kind: QuestionKind,
                    favourable: Set<Int>, values: [Int]) {
            self.waveQuestionID = waveQuestionID; self.questionID = questionID; self.position = position; self.code = code
            self.text = text; self.kind = kind; self.favourable = favourable; self.values = values
        }
    }

    public struct School: Hashable, Sendable {
        public var id: Int64
        public var code: String
        public var name: String
        public var invited: Int
        public var responses: Int
        public init(id: Int64, code: String, name: String, invited: Int, responses: Int) {
            self.id = id; self.code = code; self.name = name; self.invited = invited; self.responses = responses
        }
    }

    public var waveID: Int64
    public var name: String
    public var schoolYear: String
    public var questions: [Question]
    public var schools: [School]
    /// Wave question id → school id → tally.
    public var tallies: [Int64: [Int64: Tally]]

    public init(waveID: Int64, name: String, schoolYear: String, questions: [Question], schools: [School], tallies: [Int64: [Int64: Tally]]) {
        self.waveID = waveID; self.name = name; self.schoolYear = schoolYear; self.questions = questions
        self.schools = schools; self.tallies = tallies
    }

    public var label: String { "\(name) \(schoolYear)" }
}

/// A figure as shown: its numbers, or suppressed.
public struct ResultCell: Sendable, Equatable {
    public var shown: Bool
    public var tally: Tally
    public var percentFavourable: Double?
    public var mean: Double?
    /// n when shown; nil when suppressed.
    public var n: Int? { shown ? tally.n : nil }
}

/// A figure as a grid shows it: its size, percent favourable and mean, or suppressed. What the
/// results screen reads from the kept sums; `ResultCell.figure` is the same from a whole tally.
public struct ResultFigure: Sendable, Equatable {
    public var shown: Bool
    /// n (valid and open-text answers) when shown; nil when suppressed.
    public var n: Int?
    public var dontKnow: Int
    public var percentFavourable: Double?
    public var mean: Double?

    public static let suppressed = ResultFigure(shown: false, n: nil, dontKnow: 0, percentFavourable: nil, mean: nil)

    public init(shown: Bool, n: Int?, dontKnow: Int, percentFavourable: Double?, mean: Double?) {
        self.shown = shown; self.n = n; self.dontKnow = dontKnow; self.percentFavourable = percentFavourable; self.mean = mean
    }

    public init(sums: CellSums, question: WaveTallies.Question) {
        self.init(shown: true, n: sums.n, dontKnow: sums.dontKnow, percentFavourable: sums.percentFavourable(question.favourable),
                  mean: sums.mean(kind: question.kind))
    }
}

extension ResultCell {
    public var figure: ResultFigure {
        shown ? ResultFigure(shown: true, n: tally.n, dontKnow: tally.dontKnow, percentFavourable: percentFavourable, mean: mean) : .suppressed
    }
}

/// Results read wave by wave: the full computation (`SurveyResults`, which exports use) and the
/// kept summaries the results screen reads. The trend and the change are worked out here, once.
public protocol WaveByWaveResults {
    var waveCount: Int { get }
    /// The same survey question in wave `w`, if that wave asked it.
    func question(_ questionID: Int64, inWave w: Int) -> WaveTallies.Question?
    func takesPart(wave w: Int, schoolID: Int64) -> Bool
    /// The cell's percent favourable; nil when it is suppressed or has no favourable figure.
    func percentFavourable(wave w: Int, question: WaveTallies.Question, school: Int64?) -> Double?
}

extension WaveByWaveResults {
    /// Percent favourable of a question for a school (nil: district) in each wave, oldest first;
    /// nil where the wave did not ask it, the school took no part, it is suppressed, or has no favourable figure.
    public func trend(questionID: Int64, school: Int64?) -> [Double?] {
        (0..<waveCount).map { w in
            guard let q = question(questionID, inWave: w) else { return nil }
            if let school, !takesPart(wave: w, schoolID: school) { return nil }
            return percentFavourable(wave: w, question: q, school: school)
        }
    }

    /// Change in percent favourable from the wave before `w`; nil unless both are shown.
    public func change(questionID: Int64, school: Int64?, wave w: Int) -> Double? {
        guard w > 0 else { return nil }
        let t = trend(questionID: questionID, school: school)
        guard let now = t[w], let before = t[w - 1] else { return nil }
        return now - before
    }
}

/// The results of a survey's waves with suppression applied: what every screen and export shows.
public struct SurveyResults: Sendable, WaveByWaveResults {
    public let minimum: Int
    /// Oldest first.
    public let waves: [WaveTallies]
    private var decisions: [Int: [Int64: (parts: [Int64: Bool], total: Bool)]] = [:]
    private var responseDecisions: [Int: (parts: [Int64: Bool], total: Bool)] = [:]
    /// The district's tally of each wave question, added up once.
    private var totals: [Int: [Int64: Tally]] = [:]

    public init(minimum: Int, waves: [WaveTallies]) {
        self.minimum = minimum
        self.waves = waves
        for (w, wave) in waves.enumerated() {
            for q in wave.questions {
                let bySchool = wave.tallies[q.waveQuestionID] ?? [:]
                let sizes = wave.schools.map { (bySchool[$0.id] ?? Tally()).n }
                totals[w, default: [:]][q.waveQuestionID] = wave.schools.reduce(Tally()) { $0 + (bySchool[$1.id] ?? Tally()) }
                let d = Suppression.decide(parts: sizes, minimum: minimum)
                decisions[w, default: [:]][q.waveQuestionID] = (Dictionary(uniqueKeysWithValues: zip(wave.schools.map(\.id), d.parts)), d.total)
            }
            let r = Suppression.decide(parts: wave.schools.map(\.responses), minimum: minimum)
            responseDecisions[w] = (Dictionary(uniqueKeysWithValues: zip(wave.schools.map(\.id), r.parts)), r.total)
        }
    }

    /// A question's figure for a school (nil: the district) in wave `w`.
    public func cell(wave w: Int, question: WaveTallies.Question, school: Int64?) -> ResultCell {
        let wave = waves[w]
        let bySchool = wave.tallies[question.waveQuestionID] ?? [:]
        let tally: Tally
        let shown: Bool
        if let school {
            tally = bySchool[school] ?? Tally()
            shown = decisions[w]?[question.waveQuestionID]?.parts[school] ?? false
        } else {
            tally = totals[w]?[question.waveQuestionID] ?? Tally()
            shown = decisions[w]?[question.waveQuestionID]?.total ?? false
        }
        guard shown else { return ResultCell(shown: false, tally: Tally()) }
        return ResultCell(shown: true, tally: tally, percentFavourable: tally.percentFavourable(question.favourable),
                          mean: tally.mean(kind: question.kind))
    }

    /// Responses and response rate of a school (nil: the district) in wave `w`; nil when suppressed.
    public func responses(wave w: Int, school: Int64?) -> (count: Int, invited: Int, rate: Double?)? {
        let wave = waves[w]
        if let school {
            guard responseDecisions[w]?.parts[school] == true, let s = wave.schools.first(where: { $0.id == school }) else { return nil }
            return (s.responses, s.invited, responseRate(responses: s.responses, invited: s.invited))
        }
        guard responseDecisions[w]?.total == true else { return nil }
        let count = wave.schools.reduce(0) { $0 + $1.responses }, invited = wave.schools.reduce(0) { $0 + $1.invited }
        return (count, invited, responseRate(responses: count, invited: invited))
    }

    /// The same survey question in wave `w`, if that wave asked it.
    public func question(_ questionID: Int64, inWave w: Int) -> WaveTallies.Question? {
        waves[w].questions.first { $0.questionID == questionID }
    }

    public var waveCount: Int { waves.count }

    public func takesPart(wave w: Int, schoolID: Int64) -> Bool { waves[w].schools.contains { $0.id == schoolID } }

    public func percentFavourable(wave w: Int, question: WaveTallies.Question, school: Int64?) -> Double? {
        cell(wave: w, question: question, school: school).percentFavourable
    }

    /// A small trend, one character per wave: eight heights by percent, "·" where nothing is shown.
    public static func sparkline(_ values: [Double?]) -> String {
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(values.map { v in
            guard let v else { return "·" }
            return bars[min(7, max(0, Int((v / 100 * 8).rounded(.down))))]
        })
    }
}
