// The plan's metrics at a glance: one snapshot, computed by the store, rendered by the dashboard,
// `facet metrics` and `facet report`. The rules that judge a figure against its target live here.

/// The figures an admin may set a target for, with the words every output uses. Higher is better
/// for each of them.
public enum MetricID: String, Choice, Codable, Comparable {
    case partnershipsAligned = "partnerships-aligned"
    case surveyFavourable = "survey-favourable"
    case surveyResponseRate = "survey-response-rate"
    case pdCompliance = "pd-compliance"
    case sipCoverage = "sip-coverage"
    case selfAssessment = "self-assessment"

    public var label: String {
        switch self {
        case .partnershipsAligned: return "Partnerships in alignment"
        case .surveyFavourable: return "Survey percent favourable"
        case .surveyResponseRate: return "Survey response rate"
        case .pdCompliance: return "PD compliance"
        case .sipCoverage: return "SIP coverage"
        case .selfAssessment: return "Self-assessment average"
        }
    }

    public var unit: MetricUnit { self == .selfAssessment ? .level : .percent }

    /// The range a target may take.
    public var targetRange: ClosedRange<Double> { unit == .level ? 1...4 : 0...100 }

    public static func < (a: MetricID, b: MetricID) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public enum MetricUnit: String, Codable, Sendable {
    /// 0–100.
    case percent
    /// A self-assessment level, 1–4.
    case level
    /// A number of records.
    case count

    /// "78%", "2.6", "12"; "—" when there is no value.
    public func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        switch self {
        case .percent: return "\(Int(value.rounded()))%"
        case .level: return String(Double((value * 10).rounded()) / 10)
        case .count: return String(Int(value.rounded()))
        }
    }

    /// A change: "+4 pts", "−0.3", "0 pts"; "—" when unknown.
    public func formatChange(_ change: Double?) -> String {
        guard let change else { return "—" }
        switch self {
        case .percent:
            let points = Int(change.rounded())
            return (points > 0 ? "+" : points < 0 ? "−" : "") + "\(abs(points)) pts"
        case .level:
            let tenths = Int((change * 10).rounded())
            return (tenths > 0 ? "+" : tenths < 0 ? "−" : "") + String(Double(abs(tenths)) / 10)
        case .count:
            let n = Int(change.rounded())
            return (n > 0 ? "+" : n < 0 ? "−" : "") + "\(abs(n))"
        }
    }
}

/// How a figure stands against its target.
///
/// - **on track**: the value is at or above the target;
/// - **at risk**: below the target by no more than a tenth of it (value ≥ 0.9 × target; with a
///   target of 90% that is 81% up to 90%);
/// - **off track**: lower still.
///
/// There is no status without both a value and a target.
public enum TargetStatus: String, Codable, Sendable, CaseIterable {
    case onTrack = "on-track", atRisk = "at-risk", offTrack = "off-track"

    /// The share of the target below it that is still "at risk" rather than "off track".
    public static let atRiskShare = 0.1

    public static func judge(value: Double?, target: Double?) -> TargetStatus? {
        guard let value, let target else { return nil }
        if value >= target { return .onTrack }
        if value >= target * (1 - atRiskShare) { return .atRisk }
        return .offTrack
    }

    public var label: String {
        switch self {
        case .onTrack: return "on track"
        case .atRisk: return "at risk"
        case .offTrack: return "off track"
        }
    }
}

/// A target an admin set: a metric's goal for a school year.
public struct MetricTarget: Codable, Equatable, Sendable {
    public var metric: MetricID
    public var schoolYear: String
    public var value: Double
    public init(metric: MetricID, schoolYear: String, value: Double) {
        self.metric = metric; self.schoolYear = schoolYear; self.value = value
    }

    /// Why a target value cannot be kept, or nil.
    public static func problem(_ value: Double, for metric: MetricID) -> String? {
        let r = metric.targetRange
        guard value.isFinite, r.contains(value) else {
            return metric.unit == .level ? "A self-assessment target is a level from 1 to 4." : "A target is a percent from 0 to 100."
        }
        return nil
    }
}

/// Everything the dashboard, `facet metrics` and `facet report` show, for the district or one
/// school on one day. Encoded as JSON it is the stable output of `facet metrics --format json`
/// (see the README); `version` changes when a field's meaning does.
public struct MetricsSnapshot: Codable, Equatable, Sendable {
    public static let formatVersion = 1

    public struct Scope: Codable, Equatable, Sendable {
        /// "district" or "school".
        public var kind: String
        /// The school's code; nil for the district.
        public var code: String?
        public var name: String
        public init(kind: String, code: String?, name: String) { self.kind = kind; self.code = code; self.name = name }
        public static let district = Scope(kind: "district", code: nil, name: "District")
        public var isDistrict: Bool { code == nil }
    }

    /// Aligned of active partnerships now and when the school year began.
    public struct Partnerships: Codable, Equatable, Sendable {
        public var aligned: Int
        public var active: Int
        public var percent: Double?
        /// The same, judged on the first day of the school year from the records' dates.
        public var yearStartAligned: Int
        public var yearStartActive: Int
        public var yearStartPercent: Double?
        /// Points since the school year began; nil when either end has no figure.
        public var change: Double?
        public init(aligned: Int, active: Int, yearStartAligned: Int, yearStartActive: Int) {
            self.aligned = aligned; self.active = active
            self.yearStartAligned = yearStartAligned; self.yearStartActive = yearStartActive
            percent = PolicyAlignment.percent(aligned: aligned, of: active)
            yearStartPercent = PolicyAlignment.percent(aligned: yearStartAligned, of: yearStartActive)
            change = percent.flatMap { now in yearStartPercent.map { now - $0 } }
        }
    }

    /// One wave of the survey's headline question, suppressed exactly as the results screen.
    public struct SurveyWave: Codable, Equatable, Sendable {
        public var label: String
        public var schoolYear: String
        /// False when the group is too small to show (then every figure is nil).
        public var shown: Bool
        public var percentFavourable: Double?
        public var answers: Int?
        /// Responses, families invited and the rate; nil when the response count is suppressed.
        public var responses: Int?
        public var invited: Int?
        public var responseRate: Double?
        public init(label: String, schoolYear: String, shown: Bool, percentFavourable: Double?, answers: Int?,
                    responses: Int?, invited: Int?, responseRate: Double?) {
            self.label = label; self.schoolYear = schoolYear; self.shown = shown; self.percentFavourable = percentFavourable
            self.answers = answers; self.responses = responses; self.invited = invited; self.responseRate = responseRate
        }
    }

    public struct Survey: Codable, Equatable, Sendable {
        public var id: Int64
        public var title: String
        /// The question whose percent favourable is the headline ("overall" satisfaction).
        public var questionCode: String
        public var questionText: String
        public var minimumGroup: Int
        /// Oldest first.
        public var waves: [SurveyWave]
        public init(id: Int64, title: String, questionCode: String, questionText: String, minimumGroup: Int, waves: [SurveyWave]) {
            self.id = id; self.title = title; self.questionCode = questionCode; self.questionText = questionText
            self.minimumGroup = minimumGroup; self.waves = waves
        }
    }

    public struct Course: Codable, Equatable, Sendable {
        public var code: String
        public var title: String
        public var current: Int
        public var counted: Int
        public var inGrace: Int
        public var percent: Double?
        public init(code: String, title: String, current: Int, counted: Int, inGrace: Int) {
            self.code = code; self.title = title; self.current = current; self.counted = counted; self.inGrace = inGrace
            percent = counted == 0 ? nil : 100 * Double(current) / Double(counted)
        }
    }

    public struct Training: Codable, Equatable, Sendable {
        public var courses: [Course]
        /// Current of counted over every required course together.
        public var percent: Double?
        public init(courses: [Course]) {
            self.courses = courses
            let counted = courses.reduce(0) { $0 + $1.counted }, current = courses.reduce(0) { $0 + $1.current }
            percent = counted == 0 ? nil : 100 * Double(current) / Double(counted)
        }
    }

    public struct StandardCoverage: Codable, Equatable, Sendable {
        public var code: String
        public var title: String
        /// Schools (of the scope) with a strategy of the year for this standard.
        public var schools: Int
        public init(code: String, title: String, schools: Int) { self.code = code; self.title = title; self.schools = schools }
    }

    public struct Coverage: Codable, Equatable, Sendable {
        public var schools: Int
        public var standards: [StandardCoverage]
        /// Covered (school, standard) pairs of all pairs; nil with no schools or standards.
        public var percent: Double?
        public var previousYearPercent: Double?
        public init(schools: Int, standards: [StandardCoverage], previousYearPercent: Double?) {
            self.schools = schools; self.standards = standards; self.previousYearPercent = previousYearPercent
            percent = Self.percent(schools: schools, covered: standards.map(\.schools))
        }
        public static func percent(schools: Int, covered: [Int]) -> Double? {
            guard schools > 0, !covered.isEmpty else { return nil }
            return 100 * Double(covered.reduce(0, +)) / Double(schools * covered.count)
        }
    }

    public struct StandardAverage: Codable, Equatable, Sendable {
        public var code: String
        public var title: String
        public var average: Double?
        public var ratings: Int
        public init(code: String, title: String, average: Double?, ratings: Int) {
            self.code = code; self.title = title; self.average = average; self.ratings = ratings
        }
    }

    public struct SelfAssessment: Codable, Equatable, Sendable {
        public var standards: [StandardAverage]
        /// Mean of every rating of the year in the shown standards; nil when none.
        public var average: Double?
        public var previousYearAverage: Double?
        /// Schools (of the scope) that rated at least one indicator this year.
        public var schoolsRated: Int
        public init(standards: [StandardAverage], average: Double?, previousYearAverage: Double?, schoolsRated: Int) {
            self.standards = standards; self.average = average; self.previousYearAverage = previousYearAverage; self.schoolsRated = schoolsRated
        }
    }

    public struct Contacts: Codable, Equatable, Sendable {
        public var open: Int
        public var overdue: Int
        public init(open: Int, overdue: Int) { self.open = open; self.overdue = overdue }
    }

    public struct Renewals: Codable, Equatable, Sendable {
        /// Not ended, and ending within 60 days.
        public var endingSoon: Int
        /// Active, last reviewed more than 12 months ago or never.
        public var reviewOverdue: Int
        public init(endingSoon: Int, reviewOverdue: Int) { self.endingSoon = endingSoon; self.reviewOverdue = reviewOverdue }
    }

    /// One of the plan's launch steps as the dashboard and the report show it (from
    /// `LaunchStepProgress`). The steps are the district's, so a school's snapshot shows them too.
    public struct PlanStep: Codable, Equatable, Sendable {
        public var title: String
        public var owner: String
        /// "not-started", "under-way" or "done" (`LaunchStepStatus`).
        public var status: String
        public var statusLabel: String
        public var milestonesDone: Int
        public var milestonesTotal: Int
        /// The first milestone not done yet, its due day, and whether that day has passed.
        public var nextMilestone: String?
        public var nextMilestoneDue: String?
        public var nextMilestoneOverdue: Bool
        /// What Facet's own data says of the step, and the fraction where one applies.
        public var evidence: String?
        public var evidenceDone: Int?
        public var evidenceTotal: Int?
        public var evidencePercent: Double?

        public init(_ p: LaunchStepProgress) {
            title = p.title; owner = p.owner; status = p.status.rawValue; statusLabel = p.status.label
            milestonesDone = p.milestonesDone; milestonesTotal = p.milestonesTotal
            nextMilestone = p.nextMilestone?.title; nextMilestoneDue = p.nextMilestone?.due?.description
            nextMilestoneOverdue = p.nextMilestoneOverdue
            evidence = p.evidence?.sentence; evidenceDone = p.evidence?.done; evidenceTotal = p.evidence?.total
            evidencePercent = p.evidence?.fraction.map { $0 * 100 }
        }

        /// "2/4 milestones · next: Draft the toolkit 2026-12-15 (overdue)".
        public var milestoneSummary: String {
            var text = "\(milestonesDone)/\(milestonesTotal) milestones"
            if let next = nextMilestone {
                text += " · next: \(next)" + (nextMilestoneDue.map { " \($0)" } ?? "") + (nextMilestoneOverdue ? " (overdue)" : "")
            }
            return text
        }
    }

    /// One headline figure: the value, its target and status, and its trend (oldest first).
    public struct Figure: Codable, Equatable, Sendable {
        public var metric: String
        public var label: String
        public var unit: MetricUnit
        public var value: Double?
        public var display: String
        public var target: Double?
        public var status: TargetStatus?
        /// The figure at earlier points, labelled ("2026-27 start", "Fall 2025-26"), then now.
        public var trend: [TrendPoint]
        public var change: Double?
    }

    public struct TrendPoint: Codable, Equatable, Sendable {
        public var label: String
        public var value: Double?
        public init(label: String, value: Double?) { self.label = label; self.value = value }
    }

    public var version = MetricsSnapshot.formatVersion
    public var asOf: String
    public var schoolYear: String
    public var scope: Scope
    public var partnerships: Partnerships
    public var survey: Survey?
    public var training: Training
    public var sipCoverage: Coverage
    public var selfAssessment: SelfAssessment
    public var familyContacts: Contacts
    public var renewals: Renewals
    /// The plan's launch steps of the school year, in the plan's order.
    public var plan: [PlanStep]
    public var targets: [MetricTarget]
    /// The headline figures, in `MetricID` order.
    public var figures: [Figure]

    public init(asOf: Day, schoolYear: String, scope: Scope, partnerships: Partnerships, survey: Survey?, training: Training,
                sipCoverage: Coverage, selfAssessment: SelfAssessment, familyContacts: Contacts, renewals: Renewals, plan: [PlanStep],
                targets: [MetricTarget]) {
        self.asOf = asOf.description; self.schoolYear = schoolYear; self.scope = scope; self.partnerships = partnerships
        self.survey = survey; self.training = training; self.sipCoverage = sipCoverage; self.selfAssessment = selfAssessment
        self.familyContacts = familyContacts; self.renewals = renewals; self.plan = plan
        self.targets = targets.filter { $0.schoolYear == schoolYear }.sorted { $0.metric < $1.metric }
        figures = []
        figures = MetricID.allCases.map(figure)
    }

    public func target(_ metric: MetricID) -> Double? { targets.first { $0.metric == metric }?.value }

    public func figure(_ metric: MetricID) -> Figure {
        let value: Double?
        var trend: [TrendPoint] = []
        switch metric {
        case .partnershipsAligned:
            value = partnerships.percent
            trend = [TrendPoint(label: "\(schoolYear) start", value: partnerships.yearStartPercent), TrendPoint(label: "now", value: value)]
        case .surveyFavourable:
            let waves = survey?.waves ?? []
            trend = waves.map { TrendPoint(label: $0.label, value: $0.percentFavourable) }
            value = waves.last?.percentFavourable
        case .surveyResponseRate:
            let waves = survey?.waves ?? []
            trend = waves.map { TrendPoint(label: $0.label, value: $0.responseRate) }
            value = waves.last?.responseRate
        case .pdCompliance:
            value = training.percent
            trend = [TrendPoint(label: "now", value: value)]
        case .sipCoverage:
            value = sipCoverage.percent
            trend = [TrendPoint(label: SelfAssessmentRules.previousYear(schoolYear) ?? "last year", value: sipCoverage.previousYearPercent),
                     TrendPoint(label: schoolYear, value: value)]
        case .selfAssessment:
            value = selfAssessment.average
            trend = [TrendPoint(label: SelfAssessmentRules.previousYear(schoolYear) ?? "last year", value: selfAssessment.previousYearAverage),
                     TrendPoint(label: schoolYear, value: value)]
        }
        let change: Double?
        if trend.count >= 2, let last = trend.last?.value, let before = trend[trend.count - 2].value { change = last - before } else { change = nil }
        let target = self.target(metric)
        return Figure(metric: metric.rawValue, label: metric.label, unit: metric.unit, value: value, display: metric.unit.format(value),
                      target: target, status: TargetStatus.judge(value: value, target: target), trend: trend, change: change)
    }

    /// The headline figure of `metric` as stored in `figures`.
    public subscript(metric: MetricID) -> Figure { figures.first { $0.metric == metric.rawValue } ?? figure(metric) }
}
