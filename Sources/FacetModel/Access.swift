// Who may change what: the one place roles are decided. The store asks before every write and the
// screens ask before offering an action, so the two cannot disagree.

public enum UserRole: String, Choice {
    case admin, coordinator, frontOffice = "front-office", viewer
    public var label: String {
        switch self {
        case .admin: return "Admin"
        case .coordinator: return "Coordinator"
        case .frontOffice: return "Front office"
        case .viewer: return "Viewer"
        }
    }
}

public struct User: Hashable, Sendable {
    public var id: Int64?
    public var login: String
    public var displayName: String
    public var role: UserRole
    /// Schools a coordinator edits, or the one school a front-office user serves.
    public var schoolIDs: Set<Int64>
    public var version: Int

    public init(id: Int64? = nil, login: String, displayName: String, role: UserRole, schoolIDs: Set<Int64> = [], version: Int = 0) {
        self.id = id; self.login = login; self.displayName = displayName; self.role = role
        self.schoolIDs = schoolIDs; self.version = version
    }
}

public enum WriteAction: String, Sendable {
    case create, update, delete
}

/// Which schools a record belongs to: the district as a whole, or some schools.
public enum RecordScope: Hashable, Sendable {
    case district
    case schools(Set<Int64>)
}

/// Kinds of records, by who looks after them.
public enum RecordKind: Sendable {
    /// District settings and catalogues: users, priority areas, standards, surveys, criteria.
    case districtSetting
    /// Records that belong to schools: the schools themselves, employees, partnerships, plans.
    case schoolRecord
    /// The shared registry of partner organisations.
    case partnerRegistry
    /// What a front office records: kiosk visits, the family contact log, survey responses.
    case frontOffice
    /// Professional-development sessions and their rosters: district-wide, run by coordinators.
    case training

    public static func of(table: String) -> RecordKind {
        switch table {
        case "schools", "employees", "partnerships", "partnership_schools", "partnership_priority_areas",
             "self_assessments", "sip_strategies", "convenings", "convening_follow_ups", "outreach_events",
             "conferences":
            return .schoolRecord
        case "partners":
            return .partnerRegistry
        case "partner_visits", "family_contacts", "survey_responses", "kiosk_pin_attempts":
            return .frontOffice
        case "pd_sessions", "pd_enrollments":
            return .training
        default:
            return .districtSetting
        }
    }
}

public enum AccessPolicy {
    /// nil when `user` may do `action` on a record of `entity` in `scope`; otherwise why not, in words.
    public static func denial(user: User?, action: WriteAction, entity: Entity, scope: RecordScope) -> String? {
        denial(user: user, action: action, table: entity.table, scope: scope)
    }

    /// The scope to ask about when no record is chosen yet ("may this user add a partnership?"): the
    /// schools the user works for, so a coordinator with schools may, one without may not.
    public static func ownScope(of user: User?) -> RecordScope {
        guard let user, user.role != .admin else { return .district }
        return .schools(user.schoolIDs)
    }

    /// nil when `user` may do `action` on a record of `table` in `scope`; otherwise why not, in words.
    public static func denial(user: User?, action: WriteAction, table: String, scope: RecordScope) -> String? {
        guard let user else { return "You are not a Facet user of this database; an admin must add you first." }
        let kind = RecordKind.of(table: table)
        switch user.role {
        case .admin:
            return nil
        case .viewer:
            return "Your role is viewer: you can read everything but change nothing."
        case .coordinator:
            switch kind {
            case .districtSetting:
                return "Only an admin can change district settings (\(table.replacingOccurrences(of: "_", with: " ")))."
            case .partnerRegistry:
                return action == .delete ? "Only an admin can delete a partner; mark its partnerships ended instead." : nil
            case .training:
                // Sessions are district-wide: any coordinator schedules them and takes attendance.
                return nil
            case .schoolRecord, .frontOffice:
                if table == "schools" && action != .update { return "Only an admin can add or remove schools." }
                return covers(user, scope) ? nil : "You edit records of your assigned schools only; this one belongs to \(describe(scope))."
            }
        case .frontOffice:
            guard kind == .frontOffice else { return "Front-office accounts use the kiosk and the contact log only." }
            return covers(user, scope) ? nil : "This front-office account serves another school."
        }
    }

    /// Whether the user may read contact details of families at a school.
    public static func canSeeFamilyContacts(user: User?, schoolID: Int64?) -> Bool {
        guard let user else { return false }
        switch user.role {
        case .admin: return true
        case .viewer: return false
        case .coordinator, .frontOffice: return schoolID.map { user.schoolIDs.contains($0) } ?? false
        }
    }

    static func covers(_ user: User, _ scope: RecordScope) -> Bool {
        switch scope {
        case .district: return false
        case .schools(let ids): return !ids.isEmpty && ids.isSubset(of: user.schoolIDs)
        }
    }

    static func describe(_ scope: RecordScope) -> String {
        switch scope {
        case .district: return "the whole district"
        case .schools(let ids): return ids.count == 1 ? "another school" : "schools outside your assignment"
        }
    }
}
