// Partnerships and the district's partnerships policy: which criteria a partnership must meet to
// count as "operating in alignment with the partnerships policy and district priorities".

public struct Partnership: Hashable, Sendable {
    public var id: Int64?
    public var partnerID: Int64
    /// Serves every school of the district rather than listed ones.
    public var districtWide: Bool
    public var schoolIDs: Set<Int64>
    public var priorityAreaIDs: Set<Int64>
    public var tier: Tier?
    public var status: PartnershipStatus
    public var services: String
    public var startDate: Day?
    public var endDate: Day?
    public var agreementSigned: Day?
    public var dataSharing: Bool
    public var backgroundChecks: Bool
    public var outcomeMeasures: String
    public var lastReview: Day?
    public var reviewer: String
    public var notes: String
    /// Reviewer-confirmed criteria (by criterion id) that hold.
    public var confirmedCriteria: Set<Int64>
    public var version: Int

    public init(id: Int64? = nil, partnerID: Int64, districtWide: Bool = false, schoolIDs: Set<Int64> = [],
                priorityAreaIDs: Set<Int64> = [], tier: Tier? = nil, status: PartnershipStatus = .proposed,
                services: String = "", startDate: Day? = nil, endDate: Day? = nil, agreementSigned: Day? = nil,
                dataSharing: Bool = false, backgroundChecks: Bool = false, outcomeMeasures: String = "",
                lastReview: Day? = nil, reviewer: String = "", notes: String = "", confirmedCriteria: Set<Int64> = [],
                version: Int = 0) {
        self.id = id; self.partnerID = partnerID; self.districtWide = districtWide; self.schoolIDs = schoolIDs
        self.priorityAreaIDs = priorityAreaIDs; self.tier = tier; self.status = status; self.services = services
        self.startDate = startDate; self.endDate = endDate; self.agreementSigned = agreementSigned
        self.dataSharing = dataSharing; self.backgroundChecks = backgroundChecks; self.outcomeMeasures = outcomeMeasures
        self.lastReview = lastReview; self.reviewer = reviewer; self.notes = notes
        self.confirmedCriteria = confirmedCriteria; self.version = version
    }

    /// What is wrong with the partnership as entered, field by field (empty when it can be saved).
    public func problems() -> [(field: String, message: String)] {
        var result: [(String, String)] = []
        if let s = startDate, let e = endDate, e < s {
            result.append(("end_date", "ends before it starts (\(s))"))
        }
        if status == .active && !districtWide && schoolIDs.isEmpty {
            result.append(("schools", "an active partnership needs at least one school, or district-wide"))
        }
        if districtWide && !schoolIDs.isEmpty {
            result.append(("schools", "district-wide already covers every school; clear the school list"))
        }
        return result
    }
}

/// A criterion computed from the partnership's own fields.
public enum DerivedRule: String, CaseIterable, Sendable {
    case servesPriorityArea = "serves-priority-area"
    case tierAssigned = "tier-assigned"
    case agreementOnFile = "agreement-on-file"
    case reviewedWithinYear = "reviewed-12-months"

    public var defaultText: String {
        switch self {
        case .servesPriorityArea: return "Serves at least one district priority area"
        case .tierAssigned: return "A tier of service is assigned"
        case .agreementOnFile: return "A signed agreement is on file"
        case .reviewedWithinYear: return "Reviewed within the last 12 months"
        }
    }
}

/// One line of the district's partnerships policy checklist.
public struct PolicyCriterion: Hashable, Sendable {
    public var id: Int64
    public var code: String
    public var text: String
    /// Computed from fields when set; otherwise a reviewer confirms it in the Review form.
    public var rule: DerivedRule?
    /// Whether alignment needs it (an optional criterion is shown but does not decide).
    public var required: Bool
    public var active: Bool

    public init(id: Int64, code: String, text: String, rule: DerivedRule?, required: Bool = true, active: Bool = true) {
        self.id = id; self.code = code; self.text = text; self.rule = rule; self.required = required; self.active = active
    }

    /// The checklist a new district starts with; an admin edits it.
    public static let shipped: [(code: String, text: String, rule: DerivedRule?)] = [
        ("priority-area", DerivedRule.servesPriorityArea.defaultText, .servesPriorityArea),
        ("tier", DerivedRule.tierAssigned.defaultText, .tierAssigned),
        ("agreement", DerivedRule.agreementOnFile.defaultText, .agreementOnFile),
        ("reviewed", DerivedRule.reviewedWithinYear.defaultText, .reviewedWithinYear),
        ("outcomes", "Outcomes are defined and measured", nil),
        ("needs", "Services match the school's needs", nil),
    ]
}

public struct CriterionResult: Hashable, Sendable {
    public var criterion: PolicyCriterion
    public var met: Bool
}

public enum PolicyAlignment {
    /// The day a review must be on or after to count as "within the last 12 months".
    public static func reviewCutoff(today: Day) -> Day { today.adding(months: -12) }

    /// Each active criterion, met or not. Retired priority areas do not count as serving a priority.
    public static func evaluate(_ p: Partnership, criteria: [PolicyCriterion], retiredAreas: Set<Int64>, today: Day) -> [CriterionResult] {
        criteria.filter(\.active).map { c in
            let met: Bool
            switch c.rule {
            case .servesPriorityArea?: met = !p.priorityAreaIDs.subtracting(retiredAreas).isEmpty
            case .tierAssigned?: met = p.tier != nil
            case .agreementOnFile?: met = p.agreementSigned != nil
            case .reviewedWithinYear?: met = p.lastReview.map { $0 >= reviewCutoff(today: today) && $0 <= today } ?? false
            case nil: met = p.confirmedCriteria.contains(c.id)
            }
            return CriterionResult(criterion: c, met: met)
        }
    }

    /// Aligned when every required, active criterion holds.
    public static func isAligned(_ p: Partnership, criteria: [PolicyCriterion], retiredAreas: Set<Int64>, today: Day) -> Bool {
        evaluate(p, criteria: criteria, retiredAreas: retiredAreas, today: today).allSatisfy { $0.met || !$0.criterion.required }
    }

    /// Percent (0–100) of `aligned` out of `total`, nil when there is nothing to measure.
    public static func percent(aligned: Int, of total: Int) -> Double? {
        total == 0 ? nil : Double(aligned) * 100 / Double(total)
    }
}

/// Why a partnership needs attention soon.
public enum RenewalFlag: String, Sendable, CaseIterable {
    /// Its end date is within the next 60 days.
    case endingSoon = "ending soon"
    /// It is active and its last review is more than 12 months old, or it was never reviewed.
    case reviewOverdue = "review overdue"

    public static let endingWindowDays = 60

    public static func flags(for p: Partnership, today: Day) -> Set<RenewalFlag> {
        var flags: Set<RenewalFlag> = []
        if let end = p.endDate, end >= today, end <= today.adding(days: endingWindowDays), p.status != .ended {
            flags.insert(.endingSoon)
        }
        if p.status == .active, p.lastReview.map({ $0 < PolicyAlignment.reviewCutoff(today: today) }) ?? true {
            flags.insert(.reviewOverdue)
        }
        return flags
    }
}
