// Standards and school plans: the framework's levels, the self-assessment averages and the SIP
// coverage rules. The store aggregates in SQL by the same rules (tests compare the two).

/// A self-assessment rating of one indicator.
public enum AssessmentLevel: Int, CaseIterable, Sendable, Comparable {
    case unsatisfactory = 1, basic = 2, proficient = 3, distinguished = 4

    public var label: String {
        switch self {
        case .unsatisfactory: return "Unsatisfactory"
        case .basic: return "Basic"
        case .proficient: return "Proficient"
        case .distinguished: return "Distinguished"
        }
    }

    public static func < (a: AssessmentLevel, b: AssessmentLevel) -> Bool { a.rawValue < b.rawValue }

    /// The shaded block for an average level: darker is higher. Always drawn beside the number,
    /// so the grid reads the same in monochrome.
    public static func shade(_ average: Double) -> String {
        switch average {
        case ..<1.75: return "░"
        case ..<2.5: return "▒"
        case ..<3.25: return "▓"
        default: return "█"
        }
    }
}

/// One rating as the rules see it.
public struct Rating: Hashable, Sendable {
    public var schoolID: Int64
    public var schoolYear: String
    public var standardID: Int64
    public var indicatorID: Int64
    public var level: Int

    public init(schoolID: Int64, schoolYear: String, standardID: Int64, indicatorID: Int64, level: Int) {
        self.schoolID = schoolID; self.schoolYear = schoolYear; self.standardID = standardID
        self.indicatorID = indicatorID; self.level = level
    }
}

/// One cell of the grid: the mean level of the school's rated indicators of one standard in one
/// year, and how many ratings it is made of. A cell with no rating has no average (never zero).
public struct AssessmentCell: Hashable, Sendable {
    public var sum: Int
    public var count: Int
    public init(sum: Int = 0, count: Int = 0) { self.sum = sum; self.count = count }
    public var average: Double? { count == 0 ? nil : Double(sum) / Double(count) }

    /// "▓ 2.5", or "·" when nothing was rated.
    public var display: String {
        guard let average else { return "·" }
        return AssessmentLevel.shade(average) + " " + Self.number(average)
    }

    /// One decimal, "2.5"; whole levels read "3.0".
    public static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// The self-assessment rules. Every rating counts in the year it was given, whether or not its
/// indicator or standard has been retired since: retired items stay on old records. Only the
/// standards shown (the active framework's current ones) make columns; a school's overall
/// average is the mean of all its ratings in the shown standards that year.
public enum SelfAssessmentRules {
    /// Cells by school and standard for `year`.
    public static func cells(_ ratings: [Rating], year: String) -> [Int64: [Int64: AssessmentCell]] {
        var result: [Int64: [Int64: AssessmentCell]] = [:]
        for r in ratings where r.schoolYear == year && (1...4).contains(r.level) {
            result[r.schoolID, default: [:]][r.standardID, default: AssessmentCell()].sum += r.level
            result[r.schoolID, default: [:]][r.standardID, default: AssessmentCell()].count += 1
        }
        return result
    }

    /// A school's overall cell over the standards shown (nil when it rated none of them).
    public static func overall(_ cells: [Int64: AssessmentCell]?, standards: [Int64]) -> AssessmentCell {
        var total = AssessmentCell()
        for s in standards { if let c = cells?[s] { total.sum += c.sum; total.count += c.count } }
        return total
    }

    /// The change of a school's overall average from the year before, nil unless both years have ratings.
    public static func change(current: AssessmentCell, previous: AssessmentCell) -> Double? {
        guard let a = current.average, let b = previous.average else { return nil }
        return a - b
    }

    /// "+0.4", "−0.3", "0.0", or "—" when there is nothing to compare.
    public static func changeText(_ change: Double?) -> String {
        guard let change else { return "—" }
        let tenths = Int((change * 10).rounded())
        if tenths == 0 { return "0.0" }
        return (tenths > 0 ? "+" : "−") + AssessmentCell.number(Double(abs(tenths)) / 10)
    }

    /// The school year before "2026-27": "2025-26".
    public static func previousYear(_ year: String) -> String? {
        let parts = year.split(separator: "-")
        guard parts.count == 2, let start = Int(parts[0]) else { return nil }
        return SchoolYear.name(startingIn: start - 1)
    }

    /// The school year a day falls in (July starts a new one): 2026-11-30 → "2026-27".
    public static func schoolYear(of day: Day) -> String {
        SchoolYear.name(startingIn: day.month >= 7 ? day.year : day.year - 1)
    }

    /// Whether text is a school year written as "2026-27".
    public static func isSchoolYear(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return false }
        return b == (a + 1) % 100
    }
}

public enum StrategyStatus: String, Choice {
    case planned, inProgress = "in-progress", done, dropped
    public var label: String {
        switch self {
        case .planned: return "Planned"
        case .inProgress: return "In progress"
        case .done: return "Done"
        case .dropped: return "Dropped"
        }
    }
}

/// A family-engagement strategy of a school's improvement plan, as the coverage rules see it.
public struct StrategyFacts: Hashable, Sendable {
    public var schoolID: Int64
    public var schoolYear: String
    public var standardIDs: Set<Int64>
    public var status: StrategyStatus
    public var due: Day?

    public init(schoolID: Int64, schoolYear: String, standardIDs: Set<Int64>, status: StrategyStatus, due: Day?) {
        self.schoolID = schoolID; self.schoolYear = schoolYear; self.standardIDs = standardIDs; self.status = status; self.due = due
    }
}

/// SIP rules: coverage (which standards a school's strategies of a year advance; dropped ones do
/// not count) and overdue (due before today and neither done nor dropped).
public enum StrategyRules {
    public static func isOverdue(status: StrategyStatus, due: Day?, today: Day) -> Bool {
        guard let due, status == .planned || status == .inProgress else { return false }
        return due < today
    }

    public static func counts(_ status: StrategyStatus) -> Bool { status != .dropped }

    /// For each school, the shown standards covered by at least one strategy of `year`.
    public static func coverage(_ strategies: [StrategyFacts], year: String, standards: [Int64]) -> [Int64: Set<Int64>] {
        let shown = Set(standards)
        var result: [Int64: Set<Int64>] = [:]
        for s in strategies where s.schoolYear == year && counts(s.status) {
            result[s.schoolID, default: []].formUnion(s.standardIDs.intersection(shown))
        }
        return result
    }

    /// Schools in coverage order: fewest standards covered first (none at all first of all), then
    /// by the given order (code).
    public static func order(schools: [Int64], coverage: [Int64: Set<Int64>]) -> [Int64] {
        let position = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($0.element, $0.offset) })
        return schools.sorted { a, b in
            let ca = coverage[a]?.count ?? 0, cb = coverage[b]?.count ?? 0
            return ca != cb ? ca < cb : position[a]! < position[b]!
        }
    }
}

/// Which services each tier of the differentiated model receives, as shipped.
public enum ServiceModel {
    public static let shipped: [(tier: Int, service: String)] = [
        (1, "Welcome visit and school tour for every new family"),
        (1, "Newsletters and messages in the family's home language"),
        (1, "Family nights and conferences with interpreters"),
        (2, "Small-group workshops on reading, math and attendance"),
        (2, "Family liaison check-ins twice a month"),
        (3, "Individual family support plan with a named liaison"),
        (3, "Home visits and referrals to community partners"),
    ]
}

/// Topics a convening works on.
public enum ConveningTopic: String, Choice {
    case standards, communication, toolkit, other
    public var label: String {
        switch self {
        case .standards: return "Standards"
        case .communication: return "Communication strategies"
        case .toolkit: return "Family toolkit"
        case .other: return "Other"
        }
    }
}

/// The grid of schools × standards for one school year, with the year before for the change.
/// The store fills it from one grouped query per year; keys then move over it in memory.
public struct AssessmentGrid: Sendable {
    public struct School: Hashable, Sendable {
        public var id: Int64
        public var code: String
        public var name: String
        public init(id: Int64, code: String, name: String) { self.id = id; self.code = code; self.name = name }
    }
    public struct Standard: Hashable, Sendable {
        public var id: Int64
        public var code: String
        public var title: String
        public init(id: Int64, code: String, title: String) { self.id = id; self.code = code; self.title = title }
    }

    public var year: String
    public var schools: [School]
    public var standards: [Standard]
    /// By school, then standard, for `year`.
    public var cells: [Int64: [Int64: AssessmentCell]]
    /// The same for the year before.
    public var previous: [Int64: [Int64: AssessmentCell]]
    /// School years that have ratings, oldest first (with `year` among them).
    public var years: [String]

    /// Each school's overall cell and change, worked out once here rather than on every frame.
    private let overalls: [Int64: AssessmentCell]
    private let changes: [Int64: Double]
    /// Schools that rated nothing this year.
    public let unrated: Int

    public init(year: String, schools: [School], standards: [Standard], cells: [Int64: [Int64: AssessmentCell]],
                previous: [Int64: [Int64: AssessmentCell]], years: [String]) {
        self.year = year; self.schools = schools; self.standards = standards; self.cells = cells
        self.previous = previous; self.years = years
        let shown = standards.map(\.id)
        var overalls: [Int64: AssessmentCell] = [:], changes: [Int64: Double] = [:]
        for school in schools {
            let overall = SelfAssessmentRules.overall(cells[school.id], standards: shown)
            overalls[school.id] = overall
            changes[school.id] = SelfAssessmentRules.change(current: overall, previous: SelfAssessmentRules.overall(previous[school.id], standards: shown))
        }
        self.overalls = overalls
        self.changes = changes
        unrated = schools.filter { overalls[$0.id]?.count ?? 0 == 0 }.count
    }

    public func cell(school: Int64, standard: Int64) -> AssessmentCell { cells[school]?[standard] ?? AssessmentCell() }

    public func overall(school: Int64) -> AssessmentCell {
        overalls[school] ?? SelfAssessmentRules.overall(cells[school], standards: standards.map(\.id))
    }

    public func change(school: Int64) -> Double? {
        if overalls[school] != nil { return changes[school] }
        return SelfAssessmentRules.change(current: overall(school: school),
                                          previous: SelfAssessmentRules.overall(previous[school], standards: standards.map(\.id)))
    }

    /// The district's cell of a standard: every rating of every school.
    public func district(standard: Int64) -> AssessmentCell {
        var total = AssessmentCell()
        for (_, bySchool) in cells { if let c = bySchool[standard] { total.sum += c.sum; total.count += c.count } }
        return total
    }
}

/// A convening's follow-up: what is to be done, who does it, by when, and whether it is done.
/// Overdue when it is not done and its due day has passed.
public enum FollowUpRules {
    public static let whatLimit = 300
    public static let ownerLimit = 120

    public static func isOverdue(due: Day?, done: Bool, today: Day) -> Bool {
        guard !done, let due else { return false }
        return due < today
    }

    /// One line of the follow-ups kept as text before they were records, as the form asked for
    /// them: "what — owner, due" (the owner and the day optional). A line that does not read so
    /// is kept whole as the what.
    public static func parse(line: String) -> (what: String, owner: String, due: Day?)? {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let dash = text.range(of: " — ", options: .backwards) else {
            // A day at the end alone: "Send the minutes, 2026-12-01".
            if let comma = text.range(of: ", ", options: .backwards), let day = Day(String(text[comma.upperBound...])) {
                return (String(text[..<comma.lowerBound]), "", day)
            }
            return (text, "", nil)
        }
        let what = String(text[..<dash.lowerBound]).trimmingCharacters(in: .whitespaces)
        var rest = String(text[dash.upperBound...]).trimmingCharacters(in: .whitespaces)
        var due: Day?
        if let comma = rest.range(of: ",", options: .backwards),
           let day = Day(rest[comma.upperBound...].trimmingCharacters(in: .whitespaces)) {
            due = day
            rest = String(rest[..<comma.lowerBound]).trimmingCharacters(in: .whitespaces)
        } else if let day = Day(rest) {
            due = day
            rest = ""
        }
        guard !what.isEmpty else { return (text, "", nil) }
        return (what, rest, due)
    }
}
