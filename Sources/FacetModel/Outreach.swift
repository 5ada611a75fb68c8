import Foundation

// Family outreach and the plan itself: campaign events and their reach, parent conferences and
// their participation, the family toolkit and its gaps, and the plan's launch steps with evidence.

public enum EventKind: String, Choice {
    case workshop, informationNight = "information-night"
    public var label: String { self == .workshop ? "Workshop" : "Information night" }
}

public enum ConferenceTerm: String, Choice {
    case fall, spring
    public var label: String { self == .fall ? "Fall" : "Spring" }
}

public enum ConferenceFormat: String, Choice {
    case inPerson = "in-person", phone, video, homeVisit = "home-visit"
    public var label: String {
        switch self {
        case .inPerson: return "In person"
        case .phone: return "Phone"
        case .video: return "Video"
        case .homeVisit: return "Home visit"
        }
    }
}

public enum ResourceKind: String, Choice {
    case guide, video, handout, workshopKit = "workshop-kit"
    public var label: String {
        switch self {
        case .guide: return "Guide"
        case .video: return "Video"
        case .handout: return "Handout"
        case .workshopKit: return "Workshop kit"
        }
    }
}

public enum LaunchStepStatus: String, Choice {
    case notStarted = "not-started", underWay = "under-way", done
    public var label: String {
        switch self {
        case .notStarted: return "Not started"
        case .underWay: return "Under way"
        case .done: return "Done"
        }
    }
}

/// Which of Facet's own figures show how far a launch step has come.
public enum LaunchEvidenceKind: String, Choice {
    case none, convenings, sipStrategies = "sip-strategies", partnershipsReviewed = "partnerships-reviewed"
    case campaignReach = "campaign-reach", conferenceParticipation = "conference-participation"
    public var label: String {
        switch self {
        case .none: return "None (notes only)"
        case .convenings: return "Convenings held"
        case .sipStrategies: return "Schools with a SIP family strategy"
        case .partnershipsReviewed: return "Partnerships reviewed against the policy"
        case .campaignReach: return "Campaign reach"
        case .conferenceParticipation: return "Conference participation"
        }
    }
}

/// Why counts by language cannot be read, in words for the form.
public struct CountsProblem: Error, Equatable {
    public var message: String
}

/// Families counted by language, written as people write it: "Spanish 12, English 30".
public enum LanguageCounts {
    /// The counts in order, or why the text cannot be read. Empty text is no count at all.
    public static func parse(_ text: String) -> Result<[(language: String, count: Int)], CountsProblem> {
        var result: [(language: String, count: Int)] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let item = part.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let words = item.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 2, let n = Int(words.last!) else {
                return .failure(CountsProblem(message: "“\(item)” is not a language and a number, e.g. Spanish 12"))
            }
            guard n >= 0 else { return .failure(CountsProblem(message: "“\(item)”: a count cannot be negative")) }
            let language = words.dropLast().joined(separator: " ")
            guard language.rangeOfCharacter(from: .decimalDigits) == nil else {
                return .failure(CountsProblem(message: "“\(item)” is not a language and a number, e.g. Spanish 12"))
            }
            if let i = result.firstIndex(where: { $0.language.lowercased() == language.lowercased() }) {
                result[i].count += n
            } else {
                result.append((language, n))
            }
        }
        return .success(result)
    }

    /// The total of readable text, nil when nothing was counted (not the same as zero families).
    public static func total(_ text: String) -> Int? {
        guard case .success(let counts) = parse(text), !counts.isEmpty else { return nil }
        return counts.reduce(0) { $0 + $1.count }
    }

    /// The canonical way of writing counts.
    public static func format(_ counts: [(language: String, count: Int)]) -> String {
        counts.map { "\($0.language) \($0.count)" }.joined(separator: ", ")
    }
}

/// The languages the district's families speak at home: the toolkit's gap view asks each of them.
public enum FamilyLanguages {
    public static let district = ["English", "Spanish", "Hmong", "Somali", "Karen", "Vietnamese"]

    /// A comma-separated list read as languages, trimmed, each once, as first written.
    public static func list(_ text: String) -> [String] {
        var seen = Set<String>(), result: [String] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, seen.insert(name.lowercased()).inserted { result.append(name) }
        }
        return result
    }
}

/// One school's reach in a campaign: events held and families counted.
public struct SchoolReach: Hashable, Sendable {
    public var schoolID: Int64
    public var code: String
    public var name: String
    public var events: Int
    /// Events whose attendance has not been entered yet.
    public var uncounted: Int
    public var families: Int
    public init(schoolID: Int64, code: String, name: String, events: Int, uncounted: Int, families: Int) {
        self.schoolID = schoolID; self.code = code; self.name = name; self.events = events; self.uncounted = uncounted; self.families = families
    }
}

/// A campaign's reach against its goal, with each school's part.
public struct CampaignReach: Sendable {
    public var campaignID: Int64
    public var title: String
    public var schoolYear: String
    public var goal: Int?
    public var schools: [SchoolReach]
    public init(campaignID: Int64, title: String, schoolYear: String, goal: Int?, schools: [SchoolReach]) {
        self.campaignID = campaignID; self.title = title; self.schoolYear = schoolYear; self.goal = goal; self.schools = schools
    }

    public var families: Int { schools.reduce(0) { $0 + $1.families } }
    public var events: Int { schools.reduce(0) { $0 + $1.events } }
    public var uncounted: Int { schools.reduce(0) { $0 + $1.uncounted } }
    public var schoolsWithoutEvent: Int { schools.filter { $0.events == 0 }.count }
    public var percentOfGoal: Double? { OutreachRules.percent(families, of: goal) }
    /// Schools with no event yet first, then the fewest families reached.
    public var ordered: [SchoolReach] { OutreachRules.reachOrder(schools) }
}

/// Conference participation of one school (or its grades together) in one window.
public struct ConferenceFigure: Hashable, Sendable {
    public var schoolID: Int64
    public var conferenced: Int?
    public var enrolled: Int?
    public init(schoolID: Int64, conferenced: Int?, enrolled: Int?) {
        self.schoolID = schoolID; self.conferenced = conferenced; self.enrolled = enrolled
    }
    public var rate: Double? { OutreachRules.participationRate(conferenced: conferenced, enrolled: enrolled) }
}

public enum OutreachRules {
    /// Percent of a goal, nil without a goal (or a goal of 0).
    public static func percent(_ value: Int, of goal: Int?) -> Double? {
        guard let goal, goal > 0 else { return nil }
        return Double(value) * 100 / Double(goal)
    }

    /// Families conferenced of families enrolled, in percent; nil when either is missing or no
    /// family is enrolled (an unknown rate is not 0 %).
    public static func participationRate(conferenced: Int?, enrolled: Int?) -> Double? {
        guard let conferenced, let enrolled, enrolled > 0 else { return nil }
        return Double(conferenced) * 100 / Double(enrolled)
    }

    /// The rate of several schools together: only schools with both figures count, so a school
    /// that has not reported neither drags the rate down nor props it up.
    public static func combinedRate(_ figures: [ConferenceFigure]) -> (rate: Double?, reporting: Int) {
        let complete = figures.filter { $0.conferenced != nil && ($0.enrolled ?? 0) > 0 }
        let conferenced = complete.reduce(0) { $0 + $1.conferenced! }, enrolled = complete.reduce(0) { $0 + $1.enrolled! }
        return (participationRate(conferenced: complete.isEmpty ? nil : conferenced, enrolled: enrolled), complete.count)
    }

    /// A change of rate in percentage points, nil unless both rates are known.
    public static func change(_ now: Double?, _ before: Double?) -> Double? {
        guard let now, let before else { return nil }
        return now - before
    }

    /// Schools with no event first, then those that reached the fewest families, then by code.
    public static func reachOrder(_ schools: [SchoolReach]) -> [SchoolReach] {
        schools.sorted { a, b in
            if (a.events == 0) != (b.events == 0) { return a.events == 0 }
            if a.families != b.families { return a.families < b.families }
            return codeOrder(a.code, b.code)
        }
    }

    /// Whether code `a` comes before `b` as a person reads them: runs of digits by their value
    /// ("E9" before "E10"), other characters without regard to case. Worked out here rather than
    /// by Foundation's `localizedStandardCompare`, whose first use loads ICU's data (megabytes and
    /// milliseconds the Outreach pane's read-ahead would spend).
    public static func codeOrder(_ a: String, _ b: String) -> Bool {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        var i = 0, j = 0
        // Equal numbers written with different zeros ("E99", "E0099"): the shorter first, when nothing else differs.
        var zeros: Bool?
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                var ei = i, ej = j
                while ei < x.count, isDigit(x[ei]) { ei += 1 }
                while ej < y.count, isDigit(y[ej]) { ej += 1 }
                let nx = x[i..<ei].drop { $0 == "0" }, ny = y[j..<ej].drop { $0 == "0" }
                if nx.count != ny.count { return nx.count < ny.count }
                for (p, q) in zip(nx, ny) where p != q { return p.value < q.value }
                if zeros == nil, ei - i != ej - j { zeros = ei - i < ej - j }
                i = ei; j = ej
                continue
            }
            if x[i] != y[j] { return x[i].value < y[j].value }
            i += 1; j += 1
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }
        return zeros ?? false
    }

    /// Standard × language pairs no resource covers, standard by standard, languages in the given order.
    public static func gaps(standards: [Int64], languages: [String],
                            resources: [(standards: Set<Int64>, languages: Set<String>)]) -> [(standard: Int64, language: String)] {
        var covered = Set<String>()
        for r in resources {
            for s in r.standards { for l in r.languages { covered.insert("\(s)|\(l.lowercased())") } }
        }
        var result: [(standard: Int64, language: String)] = []
        for s in standards { for l in languages where !covered.contains("\(s)|\(l.lowercased())") { result.append((s, l)) } }
        return result
    }

    /// "1,234"
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    public static func percentText(_ p: Double?) -> String { p.map { "\(Int($0.rounded())) %" } ?? "—" }
}

// MARK: launch steps

public struct Milestone: Hashable, Sendable {
    public var title: String
    public var due: Day?
    public var done: Day?
    public init(title: String, due: Day?, done: Day?) { self.title = title; self.due = due; self.done = done }
}

/// What a launch step's evidence says: a short sentence and, where one applies, a fraction.
public struct LaunchEvidence: Hashable, Sendable {
    public var sentence: String
    public var done: Int?
    public var total: Int?
    public init(sentence: String, done: Int? = nil, total: Int? = nil) { self.sentence = sentence; self.done = done; self.total = total }
    /// done ÷ total, nil when no fraction applies.
    public var fraction: Double? {
        guard let done, let total, total > 0 else { return nil }
        return Double(done) / Double(total)
    }
}

/// The figures launch-step evidence is made of, read from Facet's own tables.
public struct EvidenceFacts: Sendable {
    public var conveningsHeld = 0, conveningGroups = 0, toolkitResources = 0
    public var activeSchools = 0, schoolsWithStrategy = 0
    public var activePartnerships = 0, partnershipsReviewed = 0, partnershipsAligned = 0
    /// The year's campaigns together: families counted, their goals (nil when none set), schools with an event.
    public var campaigns = 0, familiesReached = 0, reachGoal: Int?, schoolsWithEvent = 0
    /// The year's latest conference window with figures: its name, the rate and how many schools reported.
    public var conferenceWindow: String?
    public var conferenceRate: Double?, conferenceSchools = 0, previousConferenceRate: Double?
    public init() {}
}

/// A launch step as the dashboard and `facet report` show it.
public struct LaunchStepProgress: Hashable, Sendable {
    public var id: Int64
    public var title: String
    public var owner: String
    public var status: LaunchStepStatus
    public var milestonesDone: Int
    public var milestonesTotal: Int
    /// The first milestone not done yet (earliest due first), and whether its day has passed.
    public var nextMilestone: Milestone?
    public var nextMilestoneOverdue: Bool
    public var evidence: LaunchEvidence?
    public init(id: Int64, title: String, owner: String, status: LaunchStepStatus, milestonesDone: Int, milestonesTotal: Int,
                nextMilestone: Milestone?, nextMilestoneOverdue: Bool, evidence: LaunchEvidence?) {
        self.id = id; self.title = title; self.owner = owner; self.status = status; self.milestonesDone = milestonesDone
        self.milestonesTotal = milestonesTotal; self.nextMilestone = nextMilestone; self.nextMilestoneOverdue = nextMilestoneOverdue
        self.evidence = evidence
    }

    /// One line: "Under way · 2/4 milestones · next: … 2026-12-15 (overdue) · 41 of 50 schools …".
    public var summary: String {
        var parts = [status.label, "\(milestonesDone)/\(milestonesTotal) milestones"]
        if let next = nextMilestone {
            parts.append("next: \(next.title)" + (next.due.map { " \($0)" } ?? "") + (nextMilestoneOverdue ? " (overdue)" : ""))
        }
        if let evidence { parts.append(evidence.sentence) }
        return parts.joined(separator: " · ")
    }
}

public enum LaunchStepRules {
    /// The plan's six launch steps, in the plan's order, with the evidence each one reads.
    public static let planSteps: [(title: String, evidence: LaunchEvidenceKind)] = [
        ("Convene representative groups of families and community members", .convenings),
        ("Begin the work of the Family and Community Engagement Department", .none),
        ("Develop family engagement strategies for each school's SIP", .sipStrategies),
        ("Launch a campaign on the Common Core State Standards for families", .campaignReach),
        ("Examine and develop a new model for parent conferences", .conferenceParticipation),
        ("Identify and analyze existing partnerships against the policy", .partnershipsReviewed),
    ]
    /// The school year the plan launches in; the migration tracks its steps there.
    public static let planYear = "2026-27"

    public static func progress(id: Int64, title: String, owner: String, status: LaunchStepStatus, milestones: [Milestone],
                                evidence kind: LaunchEvidenceKind, facts: EvidenceFacts, today: Day) -> LaunchStepProgress {
        let done = milestones.filter { $0.done != nil }.count
        let next = milestones.filter { $0.done == nil }.sorted { ($0.due ?? Day(year: 9999, month: 12, day: 31)!) < ($1.due ?? Day(year: 9999, month: 12, day: 31)!) }.first
        return LaunchStepProgress(id: id, title: title, owner: owner, status: status, milestonesDone: done, milestonesTotal: milestones.count,
                                  nextMilestone: next, nextMilestoneOverdue: next?.due.map { $0 < today } ?? false,
                                  evidence: evidence(kind, facts))
    }

    public static func evidence(_ kind: LaunchEvidenceKind, _ f: EvidenceFacts) -> LaunchEvidence? {
        let c = OutreachRules.count
        switch kind {
        case .none:
            return nil
        case .convenings:
            let groups = f.conveningGroups == 1 ? "1 group" : "\(f.conveningGroups) groups"
            let meetings = f.conveningsHeld == 1 ? "1 convening" : "\(c(f.conveningsHeld)) convenings"
            return LaunchEvidence(sentence: "\(meetings) of \(groups) held; \(c(f.toolkitResources)) toolkit resources")
        case .sipStrategies:
            return LaunchEvidence(sentence: "\(c(f.schoolsWithStrategy)) of \(c(f.activeSchools)) schools have a SIP family strategy",
                                  done: f.schoolsWithStrategy, total: f.activeSchools)
        case .partnershipsReviewed:
            return LaunchEvidence(sentence: "\(c(f.partnershipsReviewed)) of \(c(f.activePartnerships)) active partnerships reviewed in the last 12 months; \(c(f.partnershipsAligned)) aligned",
                                  done: f.partnershipsReviewed, total: f.activePartnerships)
        case .campaignReach:
            guard f.campaigns > 0 else { return LaunchEvidence(sentence: "No campaign this year yet") }
            if let goal = f.reachGoal, goal > 0 {
                return LaunchEvidence(sentence: "\(c(f.familiesReached)) of \(c(goal)) families reached (\(OutreachRules.percentText(OutreachRules.percent(f.familiesReached, of: goal)))); events at \(c(f.schoolsWithEvent)) of \(c(f.activeSchools)) schools",
                                      done: f.familiesReached, total: goal)
            }
            return LaunchEvidence(sentence: "\(c(f.familiesReached)) families reached (no goal set); events at \(c(f.schoolsWithEvent)) of \(c(f.activeSchools)) schools")
        case .conferenceParticipation:
            guard let window = f.conferenceWindow, let rate = f.conferenceRate else {
                return LaunchEvidence(sentence: "No conference participation entered this year yet")
            }
            var sentence = "\(OutreachRules.percentText(rate)) of families conferenced (\(window), \(c(f.conferenceSchools)) schools reporting)"
            if let before = f.previousConferenceRate { sentence += "; a year before \(OutreachRules.percentText(before))" }
            return LaunchEvidence(sentence: sentence, done: Int(rate.rounded()), total: 100)
        }
    }
}
