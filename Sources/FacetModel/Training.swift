// Professional development: courses, their sessions, who enrolled, and who is current.

public enum CourseTopic: String, Choice {
    case familyEngagement = "family-engagement", diversity, antiBias = "anti-bias", customerService = "customer-service", other
    public var label: String {
        switch self {
        case .familyEngagement: return "Family engagement"
        case .diversity: return "Diversity"
        case .antiBias: return "Anti-bias"
        case .customerService: return "Customer service"
        case .other: return "Other"
        }
    }
}

/// Where one employee stands on one session.
public enum EnrollmentStatus: String, Choice {
    case registered, waitlisted, attended, noShow = "no-show", completed, cancelled
    public var label: String {
        switch self {
        case .registered: return "Registered"
        case .waitlisted: return "Waiting"
        case .attended: return "Attended"
        case .noShow: return "No-show"
        case .completed: return "Completed"
        case .cancelled: return "Cancelled"
        }
    }

    /// Whether the enrollment takes one of the session's seats (the waiting list and cancellations do not).
    public var holdsSeat: Bool {
        switch self {
        case .registered, .attended, .noShow, .completed: return true
        case .waitlisted, .cancelled: return false
        }
    }

    /// Statuses that hold a seat, as stored.
    public static let seatHolding: [EnrollmentStatus] = allCases.filter(\.holdsSeat)
}

public struct Course: Hashable, Sendable {
    public var id: Int64?
    public var code: String
    public var title: String
    public var topic: CourseTopic
    public var hours: Double
    /// Roles that must take it; empty: an elective.
    public var requiredRoles: Set<EmployeeRole>
    /// How long a completion counts, in months; nil: once is enough.
    public var renewalMonths: Int?

    public init(id: Int64? = nil, code: String, title: String, topic: CourseTopic, hours: Double,
                requiredRoles: Set<EmployeeRole> = [], renewalMonths: Int? = nil) {
        self.id = id; self.code = code; self.title = title; self.topic = topic; self.hours = hours
        self.requiredRoles = requiredRoles; self.renewalMonths = renewalMonths
    }

    /// Roles as stored: raw values joined by commas, in a fixed order.
    public static func storedRoles(_ roles: Set<EmployeeRole>) -> String {
        EmployeeRole.allCases.filter { roles.contains($0) }.map(\.rawValue).joined(separator: ",")
    }

    public static func roles(stored: String) -> Set<EmployeeRole> {
        Set(stored.split(separator: ",").compactMap { EmployeeRole(rawValue: String($0)) })
    }

    /// "once", "every 12 months", "every 2 years".
    public var renewalText: String {
        guard let m = renewalMonths else { return "once" }
        if m % 12 == 0 { return m == 12 ? "every year" : "every \(m / 12) years" }
        return m == 1 ? "every month" : "every \(m) months"
    }
}

/// Where an employee stands on a required course on a given day.
public enum ComplianceStatus: Hashable, Sendable {
    /// Not required of this employee (role), or the employee is inactive: not counted.
    case notCounted
    /// A completion inside the renewal window; `until` is the day it runs out (nil: never).
    case current(until: Day?)
    /// Not current, but hired within the grace period: not counted yet; due on `until`.
    case inGrace(until: Day)
    /// Not current and past any grace: overdue since `since` (nil: never completed, no hire date).
    case overdue(since: Day?)

    public var isCounted: Bool {
        switch self {
        case .notCounted, .inGrace: return false
        case .current, .overdue: return true
        }
    }

    public var isCurrent: Bool { if case .current = self { return true } else { return false } }
}

/// The compliance rule. An employee is current on a course when their last completion falls inside
/// its renewal window (any completion, for a course taken once). Only active employees whose role
/// must take the course count; one hired within the grace period the admin sets counts only once
/// current (until then they are "in grace", neither current nor overdue).
public enum Compliance {
    /// The default grace period for new hires, in days.
    public static let defaultGraceDays = 90

    /// A completion counts on `today` when it is after this day (nil: every completion counts).
    public static func currentAfter(today: Day, renewalMonths: Int?) -> Day? {
        renewalMonths.map { today.adding(months: -$0) }
    }

    /// Hired after this day: still within the grace period on `today`.
    public static func hiredAfter(today: Day, graceDays: Int) -> Day { today.adding(days: -max(0, graceDays)) }

    /// The day a completion runs out (nil: never).
    public static func expiry(of completion: Day, renewalMonths: Int?) -> Day? {
        renewalMonths.map { completion.adding(months: $0) }
    }

    public static func isRequired(_ course: Course, role: EmployeeRole) -> Bool { course.requiredRoles.contains(role) }

    /// Where one employee stands on `course` on `today`, given the day of their last completion of it.
    public static func status(course: Course, role: EmployeeRole, active: Bool, hireDate: Day?,
                              lastCompletion: Day?, today: Day, graceDays: Int) -> ComplianceStatus {
        guard active, isRequired(course, role: role) else { return .notCounted }
        if let done = lastCompletion, done <= today {
            let cutoff = currentAfter(today: today, renewalMonths: course.renewalMonths)
            if cutoff == nil || done > cutoff! { return .current(until: expiry(of: done, renewalMonths: course.renewalMonths)) }
        }
        let graceEnds = hireDate.map { $0.adding(days: max(0, graceDays)) }
        if let hireDate, hireDate > hiredAfter(today: today, graceDays: graceDays) { return .inGrace(until: graceEnds!) }
        return .overdue(since: dueSince(course: course, hireDate: hireDate, lastCompletion: lastCompletion, graceDays: graceDays))
    }

    /// The day an employee who is not current fell due: when their last completion ran out, else the
    /// end of their grace period (nil when neither is known).
    public static func dueSince(course: Course, hireDate: Day?, lastCompletion: Day?, graceDays: Int) -> Day? {
        let graceEnds = hireDate.map { $0.adding(days: max(0, graceDays)) }
        if let done = lastCompletion, let runsOut = expiry(of: done, renewalMonths: course.renewalMonths) {
            return graceEnds.map { max($0, runsOut) } ?? runsOut
        }
        return graceEnds
    }

    /// Counts for one group (a school, a role, the district).
    public struct Tally: Hashable, Sendable {
        public var label: String
        /// Active employees whose role must take the course and who are past any grace period, or current.
        public var counted = 0
        public var current = 0
        public var inGrace = 0
        public var overdue: Int { counted - current }

        public init(label: String, counted: Int = 0, current: Int = 0, inGrace: Int = 0) {
            self.label = label; self.counted = counted; self.current = current; self.inGrace = inGrace
        }

        /// Percent current of those counted; nil when no one is counted.
        public var percent: Double? { counted == 0 ? nil : 100 * Double(current) / Double(counted) }

        public mutating func add(_ status: ComplianceStatus) {
            switch status {
            case .notCounted: break
            case .inGrace: inGrace += 1
            case .current: counted += 1; current += 1
            case .overdue: counted += 1
            }
        }

        public static func + (a: Tally, b: Tally) -> Tally {
            Tally(label: a.label, counted: a.counted + b.counted, current: a.current + b.current, inGrace: a.inGrace + b.inGrace)
        }
    }
}

/// Seats and the waiting list of one session.
public enum SessionSeats {
    /// Whether a new registration gets a seat or goes on the waiting list.
    public static func statusForNewRegistration(seatsTaken: Int, capacity: Int, waiting: Int) -> EnrollmentStatus {
        seatsTaken < capacity && waiting == 0 ? .registered : .waitlisted
    }

    /// How many from the head of the waiting list move up when seats free.
    public static func movingUp(seatsTaken: Int, capacity: Int, waiting: Int) -> Int {
        max(0, min(waiting, capacity - seatsTaken))
    }
}
