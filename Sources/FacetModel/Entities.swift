// The district's records, as plain values. Storage, screens and rules all speak these types.

/// A kind of thing a user picks from a fixed list; `label` is what people read.
public protocol Choice: CaseIterable, RawRepresentable, Hashable, Sendable where RawValue == String {
    var label: String { get }
}

extension Choice {
    public static func from(label: String) -> Self? {
        allCases.first { $0.label.lowercased() == label.lowercased() || $0.rawValue == label.lowercased() }
    }
}

public enum SchoolLevel: String, Choice {
    case elementary, middle, high, other
    public var label: String { rawValue.capitalized }
}

public struct School: Hashable, Sendable {
    public var id: Int64?
    public var code: String
    public var name: String
    public var level: SchoolLevel
    public var active: Bool
    public var version: Int

    public init(id: Int64? = nil, code: String, name: String, level: SchoolLevel, active: Bool = true, version: Int = 0) {
        self.id = id; self.code = code; self.name = name; self.level = level; self.active = active; self.version = version
    }
}

/// The district's areas of highest need; retired areas stay on old records.
public struct PriorityArea: Hashable, Sendable {
    public var id: Int64?
    public var name: String
    public var retired: Bool
    public var version: Int

    public init(id: Int64? = nil, name: String, retired: Bool = false, version: Int = 0) {
        self.id = id; self.name = name; self.retired = retired; self.version = version
    }

    /// The three areas the district plan names.
    public static let shipped = ["After-school and summer learning", "Mental health", "Early childhood"]
}

public struct SchoolYear: Hashable, Sendable {
    public var id: Int64?
    public var name: String
    public var starts: Day
    public var ends: Day

    public init(id: Int64? = nil, name: String, starts: Day, ends: Day) {
        self.id = id; self.name = name; self.starts = starts; self.ends = ends
    }

    /// "2026-27" for the year that starts in the autumn of 2026.
    public static func name(startingIn year: Int) -> String {
        "\(year)-\(String(format: "%02d", (year + 1) % 100))"
    }
}

public enum PartnerKind: String, Choice {
    case nonprofit, business, faithBased = "faith-based", higherEducation = "higher-education", government, other
    public var label: String {
        switch self {
        case .nonprofit: return "Nonprofit"
        case .business: return "Business"
        case .faithBased: return "Faith-based"
        case .higherEducation: return "Higher education"
        case .government: return "Government"
        case .other: return "Other"
        }
    }
}

public struct Partner: Hashable, Sendable {
    public var id: Int64?
    public var name: String
    public var kind: PartnerKind
    public var contactName: String
    public var contactEmail: String
    public var contactPhone: String
    public var website: String
    public var address: String
    public var notes: String
    public var version: Int

    public init(id: Int64? = nil, name: String, kind: PartnerKind, contactName: String = "", contactEmail: String = "",
                contactPhone: String = "", website: String = "", address: String = "", notes: String = "", version: Int = 0) {
        self.id = id; self.name = name; self.kind = kind; self.contactName = contactName
        self.contactEmail = contactEmail; self.contactPhone = contactPhone; self.website = website
        self.address = address; self.notes = notes; self.version = version
    }
}

public enum PartnershipStatus: String, Choice {
    case proposed, inReview = "in-review", active, onHold = "on-hold", ended
    public var label: String {
        switch self {
        case .proposed: return "Proposed"
        case .inReview: return "In review"
        case .active: return "Active"
        case .onHold: return "On hold"
        case .ended: return "Ended"
        }
    }
}

/// The multi-tiered model: 1 universal, 2 targeted, 3 intensive.
public enum Tier: Int, Hashable, Sendable, CaseIterable {
    case universal = 1, targeted = 2, intensive = 3
    public var label: String {
        switch self {
        case .universal: return "1 Universal"
        case .targeted: return "2 Targeted"
        case .intensive: return "3 Intensive"
        }
    }
}

public enum EmployeeRole: String, Choice {
    case teacher, administrator, frontOffice = "front-office", paraeducator, supportStaff = "support-staff", counselor, other
    public var label: String {
        switch self {
        case .teacher: return "Teacher"
        case .administrator: return "Administrator"
        case .frontOffice: return "Front office"
        case .paraeducator: return "Paraeducator"
        case .supportStaff: return "Support staff"
        case .counselor: return "Counselor"
        case .other: return "Other"
        }
    }
}

public struct Employee: Hashable, Sendable {
    public var id: Int64?
    public var number: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var schoolID: Int64?
    public var role: EmployeeRole
    public var hireDate: Day?
    public var active: Bool
    public var version: Int

    public init(id: Int64? = nil, number: String, firstName: String, lastName: String, email: String = "",
                schoolID: Int64? = nil, role: EmployeeRole, hireDate: Day? = nil, active: Bool = true, version: Int = 0) {
        self.id = id; self.number = number; self.firstName = firstName; self.lastName = lastName; self.email = email
        self.schoolID = schoolID; self.role = role; self.hireDate = hireDate; self.active = active; self.version = version
    }
}

/// The National PTA Standards for Family-School Partnerships, the starting framework.
public enum NationalPTAStandards {
    public static let frameworkName = "National PTA Standards for Family-School Partnerships"
    public static let standards: [(code: String, title: String, indicators: [String])] = [
        ("1", "Welcoming all families", ["Creating a welcoming climate", "Building a respectful, inclusive school community"]),
        ("2", "Communicating effectively", ["Sharing information between school and families", "Using multiple channels and languages"]),
        ("3", "Supporting student success", ["Sharing information about student progress", "Supporting learning by engaging families"]),
        ("4", "Speaking up for every child", ["Understanding how the school system works", "Empowering families to support their own and other children"]),
        ("5", "Sharing power", ["Strengthening the family's voice in shared decision-making", "Building families' social and political connections"]),
        ("6", "Collaborating with community", ["Connecting the school with community resources", "Organizing support from community partners"]),
    ]

    /// Our one-line description of each standard, by code (the names are the National PTA's; the
    /// descriptions and indicators below are written by the district's team, not quoted).
    public static let descriptions: [String: String] = [
        "1": "Every family feels it belongs at the school and is greeted in a way it understands.",
        "2": "School and families share what matters, both ways, in the languages families use.",
        "3": "Families and staff work together on each child's learning at home and at school.",
        "4": "Families know how the schools work and can speak up for their own and other children.",
        "5": "Families take part in the decisions that shape their school and district.",
        "6": "The school links families to community resources and partners to the school.",
    ]

    /// The indicators Facet ships (from the "v11-standards" migration on), four per standard.
    public static let indicators: [String: [String]] = [
        "1": ["Front office greets every visitor promptly and in their language",
              "Families are invited to see classrooms and events throughout the year",
              "School spaces show the languages and cultures of the families it serves",
              "New families get a welcome visit or call in their first month"],
        "2": ["Important notices reach families in their home language",
              "Families can reach staff by the channel they prefer",
              "Staff answer family messages within two school days",
              "The school asks families each year how well it communicates"],
        "3": ["Families see their child's progress at least every quarter",
              "Teachers share ways to support learning at home",
              "Conferences are scheduled at times working families can attend",
              "Families are told early when a child is struggling"],
        "4": ["Families get a plain guide to how the school and district work",
              "Staff explain how to raise a concern and follow it up",
              "Families learn about programs and services their child can use",
              "Families of students with special needs have a named contact"],
        "5": ["Family members sit on the site council and its committees",
              "Families' views shape the school improvement plan",
              "Parent groups reflect the school's families",
              "Decisions and their reasons are reported back to families"],
        "6": ["The school keeps a current list of community resources for families",
              "Partners' services are matched to the school's needs",
              "Families are connected to partners by a named staff member",
              "The school reviews its partnerships with families each year"],
    ]
}
