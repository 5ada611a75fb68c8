import FacetModel
import Foundation
import GRDB

// A believable, deterministic demo district: schools, partners, partnerships, surveys and staff.
// The same seed always gives the same names, dates and links (only `updated_at` and ids may differ).

/// How big a demo district to make.
public struct DemoSize: Sendable, Equatable {
    public var schools: Int, partners: Int, partnerships: Int, employees: Int
    /// Professional-development enrollments (with sessions to hold them); the courses always come.
    public var enrollments: Int

    /// Survey responses per school and wave (three waves of the customer-service survey).
    public var responsesPerSchoolWave: Int
    /// Events of the Common Core family campaign (three per school unless given).
    public var campaignEvents: Int

    public static let small = DemoSize(schools: 50, partners: 300, partnerships: 450, employees: 4_000, enrollments: 9_000,
                                       responsesPerSchoolWave: 24)
    public static let large = DemoSize(schools: 1_800, partners: 6_000, partnerships: 20_000, employees: 150_000, enrollments: 1_000_000,
                                       responsesPerSchoolWave: 112, campaignEvents: 10_000)

    /// A district of the given size; enrollments and survey responses only when asked for (a test of
    /// partnerships need not wait for half a million responses).
    public init(schools: Int, partners: Int, partnerships: Int, employees: Int, enrollments: Int = 0, responsesPerSchoolWave: Int = 0,
                campaignEvents: Int? = nil) {
        self.schools = schools; self.partners = partners; self.partnerships = partnerships; self.employees = employees
        self.enrollments = enrollments
        self.responsesPerSchoolWave = responsesPerSchoolWave
        self.campaignEvents = campaignEvents ?? schools * 3
    }
}

public enum DemoData {
    /// Fills the database. Throws `StoreError.invalid` when the database already holds district records
    /// and `force` is false. With `force`, first deletes the district's schools, partners, partnerships,
    /// surveys, school years and employees (never the audit log, priority areas or standards).
    /// Returns the counts inserted.
    @discardableResult
    public static func load(into store: FacetStore, size: DemoSize = .small, seed: UInt64 = 2026,
                            force: Bool = false) throws -> [String: Int] {
        guard size.schools >= 0, size.partners >= 0, size.partnerships >= 0, size.employees >= 0 else {
            throw StoreError.invalid("The demo size cannot be negative.")
        }
        guard size.employees <= 899_999 else {
            throw StoreError.invalid("The demo makes at most 899,999 employees (numbers have 6 digits).")
        }
        if !force, try !store.isEmpty() {
            throw StoreError.invalid("The database already holds district records; use --force to replace them with the demo.")
        }
        return try store.write { w in
            if force {
                for table in ["launch_milestones", "toolkit_resources", "conferences", "outreach_events", "campaigns", "partner_visits", "family_contacts", "kiosk_pin_attempts", "kiosk_pins", "self_assessments", "sip_strategies", "convening_follow_ups", "convenings", "pd_enrollments", "pd_sessions", "pd_courses", "employees", "partnership_confirmations", "partnership_priority_areas", "partnership_schools", "partnerships",
                              "partners", "survey_answers", "survey_responses", "survey_tallies", "survey_response_counts", "survey_cell_sums", "survey_district_tallies", "survey_school_responses",
                              "survey_wave_questions", "survey_wave_schools", "survey_waves", "survey_texts", "survey_questions",
                              "surveys", "school_years", "schools"] {
                    try w.db.execute(sql: "DELETE FROM \(table)")
                }
            }
            // A bigger page cache for this load only, so SQLite does not spill half-built indexes to disk.
            let cacheSize = try Int.fetchOne(w.db, sql: "PRAGMA cache_size") ?? -2_000
            try w.db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? w.db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            var generator = DemoGenerator(writer: w, seed: seed)
            var counts: [String: Int] = [:]
            counts["schools"] = try generator.insertSchools(size.schools)
            counts["school_years"] = try generator.insertSchoolYear()
            counts["partners"] = try generator.insertPartners(size.partners)
            counts["partnerships"] = try generator.insertPartnerships(size.partnerships)
            // Reviewers confirmed the policy's judgement criteria on most reviewed partnerships.
            try w.db.execute(sql: """
                INSERT INTO partnership_confirmations (partnership_id, criterion_id, confirmed_by, confirmed_at)
                SELECT p.id, c.id, 'demo', ? FROM partnerships p CROSS JOIN policy_criteria c
                WHERE c.rule IS NULL AND p.last_review IS NOT NULL AND (p.id * 31 + c.id * 17) % 10 < 8
                """, arguments: [w.at])
            counts["surveys"] = try generator.insertSurveys()
            counts["employees"] = try generator.insertEmployees(size.employees)
            let training = try generator.insertTraining(enrollments: size.enrollments)
            counts["courses"] = training.courses
            counts["sessions"] = training.sessions
            counts["enrollments"] = training.enrollments
            // After everything else, from a stream of its own: the rest of the district stays as it was.
            counts["survey_responses"] = try DemoSurveys.insert(w, schoolIDs: generator.schoolIDs, seed: seed,
                                                                perSchoolWave: size.responsesPerSchoolWave)
            let standards = try DemoStandards.insert(w, schoolIDs: generator.schoolIDs, seed: seed)
            counts["self_assessments"] = standards.ratings
            counts["sip_strategies"] = standards.strategies
            counts["convenings"] = standards.convenings
            let outreach = try DemoOutreach.insert(w, schoolIDs: generator.schoolIDs, seed: seed, events: size.campaignEvents)
            counts["outreach_events"] = outreach.events
            counts["conferences"] = outreach.conferences
            counts["toolkit_resources"] = outreach.resources
            // The Outreach demo adds the conference feedback survey: say every survey loaded.
            counts["surveys"] = try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM surveys") ?? 0
            var summary: [String: (any DatabaseValueConvertible)?] = counts.mapValues { $0 as (any DatabaseValueConvertible)? }
            summary["seed"] = String(seed)
            try w.recordBulk(entity: "demo", summary: summary)
            return counts
        }
    }
}

// MARK: - Randomness

/// SplitMix64: tiny, fast and the same on every platform, so a seed always gives the same district.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(_:) needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Picks by integer weights.
    mutating func weighted<T>(_ choices: [(T, Int)]) -> T { pick(Weighted(choices)) }

    /// Picks from a table built once, for loops that run many thousand times.
    mutating func pick<T>(_ table: Weighted<T>) -> T {
        let r = below(table.total)
        var i = 0
        while table.cumulative[i] <= r { i += 1 }
        return table.values[i]
    }

    /// Fisher–Yates, written out so the order never depends on the standard library's algorithm.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    /// `count` distinct indexes in 0..<n, in pick order.
    mutating func distinct(_ count: Int, below n: Int) -> [Int] {
        var result: [Int] = []
        let wanted = min(count, n)
        while result.count < wanted {
            let i = below(n)
            if !result.contains(i) { result.append(i) }
        }
        return result
    }
}

/// Values with integer weights, summed once.
struct Weighted<T> {
    let values: [T]
    let cumulative: [Int]
    let total: Int

    init(_ choices: [(T, Int)]) {
        precondition(!choices.isEmpty && choices.allSatisfy { $0.1 >= 0 }, "weights must be non-negative")
        values = choices.map(\.0)
        var sum = 0
        cumulative = choices.map { sum += $0.1; return sum }
        total = sum
        precondition(total > 0, "weights must not all be zero")
    }
}

// MARK: - Names

/// A name as written and as it appears in an ASCII email address.
struct DemoNamePart {
    let display: String
    let ascii: String

    init(_ display: String, ascii: String? = nil) {
        self.display = display
        self.ascii = ascii ?? DemoText.asciiSlug(display)
    }
}

/// First and last names that go together; CJK names are written family name first with no space.
struct DemoCulture {
    let weight: Int
    let first: [DemoNamePart]
    let last: [DemoNamePart]
    let familyNameFirst: Bool
}

struct DemoPerson {
    let first: DemoNamePart
    let last: DemoNamePart
    let familyNameFirst: Bool

    var fullName: String { familyNameFirst ? last.display + first.display : first.display + " " + last.display }
    var emailLocal: String { first.ascii + "." + last.ascii }
}

enum DemoText {
    /// Lowercase ASCII letters and digits only: "Nguyễn" → "nguyen", "O'Brien" → "obrien", "Đồng Tâm" → "dongtam".
    static func asciiSlug(_ text: String) -> String {
        let folded = Validation.foldedName(text).replacingOccurrences(of: "đ", with: "d")
        return String(folded.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            .map(Character.init))
    }

    /// "2026-08-31" for a day ordinal (days since 1970-01-01).
    static func iso(_ ordinal: Int) -> String {
        let d = Day(ordinal: ordinal)
        return "\(d.year)-\(d.month < 10 ? "0" : "")\(d.month)-\(d.day < 10 ? "0" : "")\(d.day)"
    }

    static func ordinal(_ iso: String) -> Int {
        guard let day = Day(iso) else { preconditionFailure("bad demo date \(iso)") }
        return day.ordinal
    }

    private static func parts(_ names: [String]) -> [DemoNamePart] { names.map { DemoNamePart($0) } }

    static let cultures: [DemoCulture] = [
        DemoCulture(weight: 38, first: parts([
            "Emily", "James", "Sarah", "Michael", "Jennifer", "David", "Megan", "Robert", "Karen", "Tyler", "Anna",
            "Erik", "Kristin", "Matthew", "Laura", "Brian", "Heather", "Nathan", "Katie", "Daniel", "Molly", "Ben",
            "Rachel", "Peter", "Ingrid", "Sean", "Claire", "Patrick", "Hannah", "Greg", "Siobhan", "Noah", "Olivia",
        ]), last: parts([
            "Johnson", "Anderson", "Olson", "Peterson", "Nelson", "Larson", "Swanson", "Schmidt", "Miller", "Smith",
            "Carlson", "Hansen", "O'Brien", "Murphy", "Kowalski", "Novak", "Bergstrom", "Lindqvist", "Müller",
            "Sullivan", "Wagner", "Thompson", "Kelly", "Erickson", "Sandoval-Berg", "Fitzgerald", "Halvorsen",
        ]), familyNameFirst: false),
        DemoCulture(weight: 15, first: parts([
            "Mai", "Pa", "Kou", "Tou", "Nou", "Yer", "Chue", "Pheng", "Xee", "Bao", "Kia", "Shoua", "Neng", "Houa",
            "Pa Houa", "Mai Nou", "Txawj", "Ntxhi", "Yeng", "Fue", "Nhia", "Choua", "Youa", "Seng",
        ]), last: parts(["Xiong", "Vang", "Yang", "Lee", "Her", "Thao", "Moua", "Lor", "Vue", "Khang", "Hang", "Cha", "Chang", "Kue"]),
        familyNameFirst: false),
        DemoCulture(weight: 9, first: parts([
            "Abdi", "Fadumo", "Hodan", "Ayaan", "Mohamed", "Hamdi", "Farah", "Khadra", "Abdirahman", "Sahra", "Ahmed",
            "Idil", "Hassan", "Nimco", "Yusuf", "Ubah", "Ismail", "Asha", "Liban", "Ifrah",
        ]), last: parts(["Mohamed", "Ahmed", "Hassan", "Abdi", "Warsame", "Ali", "Osman", "Farah", "Jama", "Nur", "Egal", "Hirsi"]),
        familyNameFirst: false),
        DemoCulture(weight: 14, first: parts([
            "José", "María", "Sofía", "Alejandro", "Lucía", "Juan Carlos", "Guadalupe", "Andrés", "Ximena", "Raúl",
            "Valentina", "Mateo", "Isabel", "Jesús", "Verónica", "Diego", "Marisol", "Héctor", "Camila", "Rocío",
        ]), last: parts([
            "García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez",
            "Torres", "Flores", "Núñez", "Ortiz", "Castillo", "Vázquez", "Peña",
        ]), familyNameFirst: false),
        DemoCulture(weight: 9, first: parts([
            "Keisha", "Marcus", "DeShawn", "Aaliyah", "Jamal", "Tanisha", "Darnell", "Imani", "Andre", "Jasmine",
            "Terrence", "Ebony", "Malik", "Kiara", "Reggie", "Nia",
        ]), last: parts(["Washington", "Jackson", "Williams", "Brown", "Harris", "Robinson", "Coleman", "Freeman", "Banks", "Booker"]),
        familyNameFirst: false),
        DemoCulture(weight: 4, first: parts([
            "Thảo", "Minh", "Linh", "Huy", "Ngọc", "Phương", "Tuấn", "Hương", "Quang", "Lan", "Dũng", "Hoa",
        ]), last: parts(["Nguyễn", "Trần", "Phạm", "Lê", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ"]), familyNameFirst: false),
        DemoCulture(weight: 2, first: parts(["Wei", "Fang", "Jing", "Hao", "Li Na", "Ming", "Xiu", "Jun"]),
                    last: parts(["Wang", "Chen", "Zhang", "Liu", "Huang", "Zhou"]), familyNameFirst: false),
        DemoCulture(weight: 1, first: [
            DemoNamePart("芳", ascii: "fang"), DemoNamePart("伟", ascii: "wei"), DemoNamePart("静", ascii: "jing"),
            DemoNamePart("明", ascii: "ming"), DemoNamePart("丽娜", ascii: "lina"), DemoNamePart("浩", ascii: "hao"),
        ], last: [
            DemoNamePart("王", ascii: "wang"), DemoNamePart("陈", ascii: "chen"), DemoNamePart("张", ascii: "zhang"),
            DemoNamePart("刘", ascii: "liu"), DemoNamePart("黄", ascii: "huang"),
        ], familyNameFirst: true),
        DemoCulture(weight: 3, first: parts(["Eh Paw", "Hser Nay", "Say Wah", "Paw Htoo", "Ler Moo", "Naw Mu", "Saw Kaw"]),
                    last: parts(["Htoo", "Paw", "Moo", "Soe", "Wah", "Doh"]), familyNameFirst: false),
        DemoCulture(weight: 3, first: parts(["Tigist", "Abebe", "Hana", "Chaltu", "Dawit", "Meron", "Lensa", "Gemechu"]),
                    last: parts(["Tadesse", "Bekele", "Gudina", "Tolosa", "Haile", "Abera"]), familyNameFirst: false),
        DemoCulture(weight: 2, first: parts(["Winona", "Dakota", "Tashina", "Waylon", "Shawnee", "Lakota", "Marisa", "Joseph"]),
                    last: parts(["Thunder", "Whitebird", "Bellanger", "Fairbanks", "Kingbird", "Greyeyes", "Redday"]),
                    familyNameFirst: false),
    ]

    static let neighborhoods = [
        "Frogtown", "Payne-Phalen", "Dayton's Bluff", "Como", "Hamline-Midway", "Highland Park", "Summit-University",
        "West Side", "North End", "Greater East Side", "Battle Creek", "Highwood", "Macalester-Groveland",
        "Merriam Park", "Summit Hill", "Union Park", "St. Anthony Park", "Lowertown", "Rondo", "Thomas-Dale",
        "Conway", "Sunray", "Hillcrest", "Midway", "West Seventh", "Cathedral Hill", "Swede Hollow", "Phalen",
        "Eastview", "Desnoyer Park", "Riverview", "District del Sol", "Little Mekong", "Railroad Island",
        "Mounds Park", "Hazel Park", "Prosperity Heights", "Lexington-Hamline", "Snelling-Hamline", "Downtown",
    ]

    static let streets: [(String, String)] = [
        ("University", "Ave"), ("Rice", "St"), ("Payne", "Ave"), ("Arcade", "St"), ("Snelling", "Ave"), ("Grand", "Ave"),
        ("Selby", "Ave"), ("Dale", "St"), ("Lexington", "Pkwy"), ("Maryland", "Ave"), ("Minnehaha", "Ave"),
        ("Larpenteur", "Ave"), ("White Bear", "Ave"), ("Cesar Chavez", "St"), ("Smith", "Ave"), ("Robert", "St"),
        ("Wabasha", "St"), ("Como", "Ave"), ("Marshall", "Ave"), ("Thomas", "Ave"), ("Jackson", "St"), ("Concord", "St"),
        ("Western", "Ave"), ("Victoria", "St"), ("Hamline", "Ave"), ("Randolph", "Ave"), ("Earl", "St"), ("Clarence", "St"),
    ]

    static let zipCodes = ["55101", "55102", "55103", "55104", "55105", "55106", "55107", "55108", "55114", "55116", "55117", "55119", "55130"]
}

// MARK: - Generator

/// Holds the prepared statements and what earlier steps made (ids), so later steps can link to them.
struct DemoGenerator {
    let w: AuditedWriter
    var rng: SplitMix64
    var schoolIDs: [Int64] = []
    /// Cumulative staff weights per school (high schools have more staff than early learning centers).
    var schoolStaffWeights: [Int] = []
    var partnerIDs: [Int64] = []
    let cultureTable: Weighted<Int>
    let areaCodes = Weighted([("651", 80), ("612", 15), ("763", 5)])

    /// "Today" for the demo: partnerships are reviewed and ending relative to this day.
    static let today = DemoText.ordinal("2026-11-30")

    init(writer: AuditedWriter, seed: UInt64) {
        w = writer
        rng = SplitMix64(seed: seed)
        cultureTable = Weighted(DemoText.cultures.enumerated().map { ($0.offset, $0.element.weight) })
    }

    mutating func person() -> DemoPerson {
        var culture = DemoText.cultures[rng.pick(cultureTable)]
        let first = rng.pick(culture.first)
        // Some families mix: now and then the last name comes from another community.
        if rng.chance(0.05) {
            let other = DemoText.cultures[rng.pick(cultureTable)]
            if other.familyNameFirst == culture.familyNameFirst { culture = other }
        }
        return DemoPerson(first: first, last: rng.pick(culture.last), familyNameFirst: culture.familyNameFirst)
    }

    mutating func phone() -> String {
        let area = rng.pick(areaCodes)
        let n = rng.below(100)
        return "\(area)-555-01\(n < 10 ? "0" : "")\(n)"
    }

    // MARK: Schools

    static let schoolStems = [
        // Presidents
        "Washington", "Adams", "Jefferson", "Madison", "Monroe", "Lincoln", "Grant", "Garfield", "Cleveland",
        "Roosevelt", "Wilson", "Harding", "Coolidge", "Truman", "Eisenhower", "Kennedy", "Johnson", "Carter", "Obama",
        // Neighbourhoods and places
        "Como Park", "Highland Park", "Frogtown", "Hamline", "Highwood Hills", "Battle Creek", "Phalen Lake",
        "Frost Lake", "Crossroads", "Riverview", "Mississippi", "Hazel Park", "Eastern Heights", "Dayton's Bluff",
        "Mounds Park", "North End", "West Side", "Groveland Park", "Randolph Heights", "St. Anthony Park", "Linwood",
        "Capitol Hill", "Cherokee Heights", "Sunrise Park", "Nokomis", "Bdote", "Swede Hollow", "Lake Como",
        // Trees
        "Cedar", "Maple", "Birch", "Oak Grove", "Aspen", "Willow", "Linden", "Elm", "Juniper", "Tamarack",
        "Red Pine", "Basswood", "Cottonwood", "Sugar Maple", "Ironwood", "White Pine",
        // People
        "Maxfield", "Galtier", "Txuj Ci", "Benjamin E. Mays", "Bruce Vento", "Jackie Robinson", "Gordon Parks",
        "Harriet Tubman", "Frederick Douglass", "Sojourner Truth", "César Chávez", "Dolores Huerta", "Sonia Sotomayor",
        "Roberto Clemente", "Wilma Mankiller", "Jim Thorpe", "Maria Sanford", "Wellstone", "Humphrey", "Mondale",
        "Toni Morrison", "Langston Hughes", "Mary McLeod Bethune", "Ida B. Wells", "Thurgood Marshall", "Rosa Parks",
        "Patsy Mink", "Grace Lee Boggs", "Yuri Kochiyama", "Sitting Bull", "Nellie Stone Johnson", "Roy Wilkins",
        "Dred Scott", "Hallie Q. Brown", "Frank B. Kellogg", "Chelsea Heights", "Hayden Heights", "Horace Mann",
    ]

    static let featuredSchools: [SchoolLevel: [String]] = [
        .elementary: [
            "Roosevelt Elementary", "Hmong International Academy", "Txuj Ci Hmong Language and Culture",
            "Benjamin E. Mays IB World School", "Maxfield Elementary", "Galtier Elementary", "Frost Lake Elementary",
            "Phalen Lake Hmong Studies Magnet", "Obama Service Learning Elementary", "Bruce Vento Elementary",
        ],
        .middle: ["Riverview Middle", "Washington Technology Middle", "Capitol Hill Magnet Middle"],
        .high: ["Como Park High", "Harding Senior High", "Johnson Senior High"],
        .other: ["Frogtown Early Learning Center", "Gordon Parks Area Learning Center"],
    ]

    static let schoolPatterns: [SchoolLevel: [(String, Int)]] = [
        .elementary: [(" Elementary", 72), (" Montessori", 6), (" Community School", 8), (" Magnet", 6),
                      (" Spanish Immersion", 4), (" Hmong Dual Language", 4)],
        .middle: [(" Middle", 85), (" Middle School", 15)],
        .high: [(" High", 70), (" Senior High", 20), (" Early College High", 10)],
        .other: [(" Early Learning Center", 40), (" Area Learning Center", 30), (" Transition Center", 15), (" Online Academy", 15)],
    ]

    mutating func insertSchools(_ count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        // Exact shares: 65% elementary, 20% middle, 12% high, the rest other.
        let elementary = Int((Double(count) * 0.65).rounded())
        let middle = min(count - elementary, Int((Double(count) * 0.20).rounded()))
        let high = min(count - elementary - middle, Int((Double(count) * 0.12).rounded()))
        var levels = Array(repeating: SchoolLevel.elementary, count: elementary)
            + Array(repeating: SchoolLevel.middle, count: middle)
            + Array(repeating: SchoolLevel.high, count: high)
        levels += Array(repeating: SchoolLevel.other, count: count - levels.count)
        rng.shuffle(&levels)

        let prefix: [SchoolLevel: (String, Int)] = [.elementary: ("E", 101), .middle: ("M", 201), .high: ("H", 301), .other: ("A", 401)]
        let staffWeight: [SchoolLevel: Int] = [.elementary: 10, .middle: 15, .high: 25, .other: 5]
        var nextNumber = prefix.mapValues(\.1)
        var featuredIndex: [SchoolLevel: Int] = [:]
        var usedNames = Set<String>()

        let stmt = try w.db.makeStatement(sql: """
            INSERT INTO schools (code, name, level, active, version, updated_at, updated_by) VALUES (?, ?, ?, ?, 1, ?, ?)
            """)
        var cumulative = 0
        for level in levels {
            let code = prefix[level]!.0 + String(nextNumber[level]!)
            nextNumber[level]! += 1
            var name: String?
            let featured = DemoGenerator.featuredSchools[level] ?? []
            let f = featuredIndex[level, default: 0]
            if f < featured.count {
                featuredIndex[level] = f + 1
                if usedNames.insert(Validation.foldedName(featured[f])).inserted { name = featured[f] }
            }
            if name == nil { name = schoolName(level: level, used: &usedNames) }
            try stmt.execute(arguments: [code, name!, level.rawValue, !rng.chance(0.02), w.at, w.login])
            schoolIDs.append(w.db.lastInsertedRowID)
            cumulative += staffWeight[level]!
            schoolStaffWeights.append(cumulative)
        }
        return count
    }

    /// A fresh stem + pattern; when the stems run out, the same with a neighbourhood, then with a number.
    mutating func schoolName(level: SchoolLevel, used: inout Set<String>) -> String {
        let patterns = DemoGenerator.schoolPatterns[level]!
        for _ in 0..<12 {
            let name = rng.pick(DemoGenerator.schoolStems) + rng.weighted(patterns)
            if used.insert(Validation.foldedName(name)).inserted { return name }
        }
        let base = rng.pick(DemoGenerator.schoolStems) + rng.weighted(patterns)
        for _ in 0..<12 {
            let name = base + " – " + rng.pick(DemoText.neighborhoods)
            if used.insert(Validation.foldedName(name)).inserted { return name }
        }
        var n = 2
        while true {
            let name = "\(base) \(n)"
            if used.insert(Validation.foldedName(name)).inserted { return name }
            n += 1
        }
    }

    mutating func insertSchoolYear() throws -> Int {
        try w.db.execute(sql: """
            INSERT INTO school_years (name, starts, ends, version, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?)
            ON CONFLICT (name) DO NOTHING
            """, arguments: ["2026-27", "2026-08-31", "2027-06-10", w.at, w.login])
        return w.db.changesCount
    }

    // MARK: Partners

    static let featuredPartners: [(String, PartnerKind)] = [
        ("Hmong American Partnership", .nonprofit), ("Casa de Esperanza", .nonprofit), ("Somali Family Services", .nonprofit),
        ("Youth Sports Alliance", .nonprofit), ("Comunidades Latinas Unidas", .nonprofit), ("Đồng Tâm Cultural Society", .nonprofit),
        ("Karen Organization of Minnesota", .nonprofit), ("Hmong Cultural Center", .nonprofit), ("Minnesota Literacy Council", .nonprofit),
        ("Big Brothers Big Sisters Twin Cities", .nonprofit), ("Urban League Twin Cities", .nonprofit), ("Neighborhood House", .nonprofit),
        ("Keystone Community Services", .nonprofit), ("Second Harvest Heartland", .nonprofit), ("East Side Learning Center", .nonprofit),
        ("Science Museum of Minnesota", .nonprofit), ("Hallie Q. Brown Community Center", .nonprofit), ("Ain Dah Yung Center", .nonprofit),
        ("Lao Assistance Center", .nonprofit), ("Oromo Community of Minnesota", .nonprofit), ("Ethiopian Community in Minnesota", .nonprofit),
        ("Sanneh Foundation", .nonprofit), ("Amherst H. Wilder Foundation", .nonprofit), ("Children's Dental Services", .nonprofit),
        ("明德中文学校", .nonprofit), ("Asociación de Padres Latinos", .nonprofit), ("Ka Joog", .nonprofit),
        ("Dar Al-Hijrah Mosque", .faithBased), ("Masjid An-Nur", .faithBased), ("Iglesia Cristiana La Roca", .faithBased),
        ("First Hmong Baptist Church", .faithBased), ("Pilgrim Baptist Church", .faithBased), ("Mount Zion Temple", .faithBased),
        ("St. Peter Claver Church", .faithBased), ("Chùa Bảo Quang Buddhist Temple", .faithBased), ("Wat Lao Minnesota", .faithBased),
        ("Metro State University", .higherEducation), ("University of Minnesota", .higherEducation), ("Macalester College", .higherEducation),
        ("Hamline University", .higherEducation), ("St. Catherine University", .higherEducation), ("Saint Paul College", .higherEducation),
        ("Century College", .higherEducation), ("University of St. Thomas", .higherEducation), ("Augsburg University", .higherEducation),
        ("Concordia University, St. Paul", .higherEducation), ("Minneapolis College", .higherEducation),
        ("3M Community Giving", .business), ("Lunds & Byerlys", .business), ("Xcel Energy Volunteers", .business),
        ("Sun Foods Market", .business), ("Hmongtown Marketplace", .business), ("Mercado Central", .business),
        ("Bremer Bank", .business), ("Securian Financial", .business), ("Travelers Community Connections", .business),
        ("Ecolab", .business), ("Karmel Mall", .business),
        ("Ramsey County Public Health", .government), ("Saint Paul Parks and Recreation", .government),
        ("Saint Paul Public Library", .government), ("Ramsey County Library", .government), ("Minnesota Department of Health", .government),
        ("Metro Transit", .government), ("Saint Paul Fire Department", .government), ("Ramsey County Workforce Solutions", .government),
        ("Saint Paul Area Chamber", .other), ("Friends of the Mississippi River", .other), ("Saint Paul PTA Council", .other),
        ("Minnesota Twins Community Fund", .other),
    ]

    /// "{A}" is a neighbourhood.
    static let areaPatterns: [(String, PartnerKind)] = [
        ("Boys & Girls Club of {A}", .nonprofit), ("{A} YMCA", .nonprofit), ("{A} Family Resource Center", .nonprofit),
        ("Vietnamese Community Center of {A}", .nonprofit), ("{A} Community Council", .other), ("{A} Rotary Club", .other),
        ("{A} Lions Club", .other), ("{A} Public Library", .government), ("{A} Recreation Center", .government),
        ("{A} Lutheran Church", .faithBased), ("{A} United Methodist Church", .faithBased), ("{A} Catholic Community", .faithBased),
        ("{A} Islamic Center", .faithBased), ("{A} Baptist Church", .faithBased), ("{A} Hmong Alliance Church", .faithBased),
        ("{A} Masjid", .faithBased), ("{A} Food Shelf", .nonprofit), ("{A} Little League", .nonprofit), ("{A} Soccer Club", .nonprofit),
        ("{A} Community Health Clinic", .nonprofit), ("{A} Dental Care", .business), ("{A} Hardware", .business),
        ("{A} Credit Union", .business), ("{A} Business Association", .other), ("{A} Garden Club", .other),
        ("{A} Arts Collective", .nonprofit), ("{A} Youth Orchestra", .nonprofit), ("{A} Tutoring Collaborative", .nonprofit),
        ("Friends of {A} Parks", .nonprofit), ("{A} Senior Center", .government), ("Somali Community of {A}", .nonprofit),
        ("Latino Families of {A}", .nonprofit), ("{A} Adult Learning Center", .government),
    ]

    static let partnerStems = [
        "Harmony", "Northstar", "Bridges", "Cedar", "Kaleidoscope", "Lakeside", "Unity", "Sunrise", "Horizon", "Keystone",
        "Pathways", "Open Door", "Blue Heron", "Red Pine", "Riverbend", "Prairie", "Mississippi", "Summit", "Lantern",
        "Compass", "Evergreen", "Sankofa", "Nuestra Voz", "Kev Cia Siab", "Nabad", "Ubuntu", "Esperanza", "Mosaic",
        "Tandem", "Cornerstone", "Beacon", "Anchor", "Juniper", "Willow", "Aspen", "Cardinal", "Loon", "Trillium",
        "Big River", "Twin Cities", "Capitol City", "East Metro", "Bluff Country", "Lake Phalen", "Wakan Tipi", "Lotus",
        "Nkauj Hmoob", "Sol y Luna", "Hidden Falls", "Iron Range",
    ]

    /// Follows a stem: "Harmony" + " Learning Center".
    static let stemKinds: [(String, PartnerKind)] = [
        (" Youth Sports Alliance", .nonprofit), (" Learning Center", .nonprofit), (" Arts Collective", .nonprofit),
        (" Tutoring Network", .nonprofit), (" Family Services", .nonprofit), (" Health Partners", .nonprofit),
        (" Music Academy", .business), (" Mentoring Project", .nonprofit), (" Counseling Center", .business),
        (" Pediatrics", .business), (" Dental", .business), (" Bank", .business), (" Insurance Agency", .business),
        (" Construction", .business), (" Bakery", .business), (" Foundation", .nonprofit), (" Community Church", .faithBased),
        (" Fellowship", .faithBased), (" Theater Company", .nonprofit), (" Nature Center", .government),
        (" Early Learning Collaborative", .nonprofit), (" Coding Club", .nonprofit), (" Chess Club", .other),
        (" Robotics League", .nonprofit), (" Dance Studio", .business), (" Legal Aid", .nonprofit),
        (" Housing Coalition", .nonprofit), (" Immigrant Services", .nonprofit), (" Technical College", .higherEducation),
        (" Scholars Program", .higherEducation), (" Neighborhood Watch", .other), (" Parents Network", .other),
    ]

    static let partnerNotes = [
        "Prefers contact by text.", "Contact changes each fall; confirm in September.", "Interpreter available in Hmong and English.",
        "Spanish-speaking staff on site.", "Invoices quarterly.", "Insurance certificate on file.", "Uses the district MOU template.",
        "Serves families in Somali and English.", "Board meets the second Tuesday of the month.", "Closed in July.",
        "Can host family nights in their space.", "Needs a building contact at each school.",
    ]

    mutating func partnerName(used: inout Set<String>) -> (String, PartnerKind) {
        for _ in 0..<50 {
            let area = rng.pick(DemoText.neighborhoods)
            let candidate: (String, PartnerKind)
            switch rng.below(100) {
            case 0..<35:
                let (pattern, kind) = rng.pick(DemoGenerator.areaPatterns)
                candidate = (pattern.replacingOccurrences(of: "{A}", with: area), kind)
            case 35..<70:
                let (suffix, kind) = rng.pick(DemoGenerator.stemKinds)
                candidate = (rng.pick(DemoGenerator.partnerStems) + suffix, kind)
            default:
                let (suffix, kind) = rng.pick(DemoGenerator.stemKinds)
                candidate = (rng.pick(DemoGenerator.partnerStems) + suffix + " of " + area, kind)
            }
            if used.insert(Validation.foldedName(candidate.0)).inserted { return candidate }
        }
        let (suffix, kind) = rng.pick(DemoGenerator.stemKinds)
        let base = rng.pick(DemoGenerator.partnerStems) + suffix
        var n = 2
        while true {
            let name = "\(base) \(n)"
            if used.insert(Validation.foldedName(name)).inserted { return (name, kind) }
            n += 1
        }
    }

    /// A web domain from the name: short names run together, long ones become initials + last word.
    static func domain(for name: String, kind: PartnerKind, fallback: Int) -> String {
        let stop: Set<String> = ["of", "the", "de", "and", "in", "la", "y"]
        var words = Validation.foldedName(name).split(separator: " ").map { DemoText.asciiSlug(String($0)) }
            .filter { !$0.isEmpty && !stop.contains($0) }
        if name == "明德中文学校" { words = ["mingde", "chinese", "school"] }
        var slug = words.joined()
        if slug.count > 20, let last = words.last {
            slug = words.dropLast().compactMap { $0.first.map(String.init) }.joined() + last
        }
        if slug.isEmpty { slug = "partner\(fallback)" }
        switch kind {
        case .business: return slug + ".com"
        case .higherEducation: return slug + ".edu"
        case .government: return slug + ".gov"
        default: return slug + ".org"
        }
    }

    mutating func insertPartners(_ count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        var featured = DemoGenerator.featuredPartners
        rng.shuffle(&featured)
        var used = Set<String>()
        let stmt = try w.db.makeStatement(sql: """
            INSERT INTO partners (name, name_folded, kind, contact_name, contact_email, contact_phone, website, address, notes,
                                  version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        for i in 0..<count {
            let (name, kind): (String, PartnerKind)
            if i < featured.count, used.insert(Validation.foldedName(featured[i].0)).inserted {
                (name, kind) = featured[i]
            } else {
                (name, kind) = partnerName(used: &used)
            }
            let domain = DemoGenerator.domain(for: name, kind: kind, fallback: i + 1)
            let contact = rng.chance(0.93) ? person() : nil
            let street = rng.pick(DemoText.streets)
            let address = rng.chance(0.9)
                ? "\(rng.int(100...2_999)) \(street.0) \(street.1), Saint Paul, MN \(rng.pick(DemoText.zipCodes))" : ""
            try stmt.execute(arguments: [
                name, Validation.foldedName(name), kind.rawValue,
                contact?.fullName ?? "",
                contact.map { $0.emailLocal + "@" + domain } ?? (rng.chance(0.5) ? "info@" + domain : ""),
                rng.chance(0.92) ? phone() : "",
                rng.chance(0.85) ? "https://" + domain : "",
                address,
                rng.chance(0.35) ? rng.pick(DemoGenerator.partnerNotes) : "",
                w.at, w.login,
            ])
            partnerIDs.append(w.db.lastInsertedRowID)
        }
        return count
    }

    // MARK: Partnerships

    static let services = [
        "After-school tutoring", "Summer reading camp", "School-based mental health counseling", "Family literacy nights",
        "Pre-K readiness playgroups", "Mentoring", "Food shelf", "Weekend backpack meals", "Homework help in Hmong and English",
        "Somali parent leadership circle", "Spanish-language family workshops", "College and career visits",
        "STEM club", "Youth soccer league", "Art and music residencies", "Dental screenings", "Vision screenings",
        "Parent-teacher home visits", "Attendance coaching", "Coat and boot drive", "Adult ESL classes",
        "Financial literacy for families", "Restorative practices training", "Kindergarten transition events",
        "Grief and trauma support groups", "Library card sign-ups", "Robotics team coaching", "Swimming lessons",
        "Community gardens", "Interpreter support at conferences",
    ]

    static let outcomeMeasures = [
        "Attendance rate of participating students", "Reading growth from fall to spring screening",
        "Family survey satisfaction", "Number of families attending events", "Referrals completed within 30 days",
        "Kindergarten readiness screening results", "Credits recovered", "Student sense of belonging (Pulse survey)",
        "Math growth of participating students", "Number of students served each quarter", "Counseling sessions held",
        "Families connected to community resources",
    ]

    static let reviewers = [
        "Pa Houa Lee", "Sofía Hernández", "Abdirahman Warsame", "Jennifer Olson", "Thảo Nguyễn", "Marcus Johnson",
        "Kou Vang", "Hodan Ahmed",
    ]

    static let partnershipNotes = [
        "Renewal discussed at the spring meeting.", "Waiting on the signed MOU.", "Paused while the partner hires staff.",
        "Expanding to a second site next year.", "Principal asked to continue.", "Funding ends with the grant.",
        "Families asked for evening sessions.", "Meets monthly with the school's family liaison.",
    ]

    mutating func insertPartnerships(_ count: Int) throws -> Int {
        guard count > 0, !partnerIDs.isEmpty else { return 0 }
        let priorityAreaIDs = try Int64.fetchAll(w.db, sql: "SELECT id FROM priority_areas WHERE retired = 0 ORDER BY id")
        let stmt = try w.db.makeStatement(sql: """
            INSERT INTO partnerships (partner_id, district_wide, tier, status, services, start_date, end_date, agreement_signed,
                                      data_sharing, background_checks, outcome_measures, last_review, reviewer, notes,
                                      version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        let schoolStmt = try w.db.makeStatement(sql: "INSERT INTO partnership_schools (partnership_id, school_id) VALUES (?, ?)")
        let areaStmt = try w.db.makeStatement(sql: """
            INSERT INTO partnership_priority_areas (partnership_id, priority_area_id) VALUES (?, ?)
            """)
        let today = DemoGenerator.today
        let earliest = DemoText.ordinal("2019-08-01"), latest = DemoText.ordinal("2026-10-01")
        let recent = DemoText.ordinal("2026-03-01")
        let statuses = Weighted<PartnershipStatus>([(.active, 60), (.proposed, 8), (.inReview, 8), (.onHold, 7), (.ended, 17)])
        let tiers = Weighted([(1, 50), (2, 32), (3, 18)])
        let schoolsPerPartnership = Weighted([(1, 60), (2, 25), (3, 15)])
        let areasPerPartnership = Weighted([(0, 20), (1, 65), (2, 15)])
        let laterEnd = DemoText.ordinal("2027-02-01")...DemoText.ordinal("2029-06-30")

        for _ in 0..<count {
            let partnerID = rng.pick(partnerIDs)
            let status = rng.pick(statuses)
            let early = status == .proposed || status == .inReview
            let start = early ? rng.int(recent...latest) : rng.int(earliest...latest)
            var end: Int?
            if status == .ended {
                end = max(start, min(start + rng.int(90...1_095), today - 1))
            } else if rng.chance(0.30) {
                end = rng.chance(0.4) ? rng.int((today + 1)...(today + 60))
                    : rng.int(laterEnd)
            }
            let signed: Int? = rng.chance(early ? 0.15 : 0.85) ? start - rng.int(0...45) : nil
            var review: Int?
            if status != .proposed, rng.chance(0.76) {
                let upper = max(start, min(end ?? today, today))
                let span = upper - start
                // Most were reviewed in the last year; about a quarter are overdue (older than 12 months).
                review = rng.chance(0.75) ? upper - rng.int(0...min(span, 330)) : start + rng.int(0...span)
            }
            let tier: Int? = rng.chance(0.10) ? nil : rng.pick(tiers)
            var services = rng.pick(DemoGenerator.services)
            if rng.chance(0.3) {
                let second = rng.pick(DemoGenerator.services)
                if second != services { services += "; " + second }
            }
            let districtWide = schoolIDs.isEmpty || rng.chance(0.05)
            try stmt.execute(arguments: [
                partnerID, districtWide, tier, status.rawValue, services,
                DemoText.iso(start), end.map(DemoText.iso), signed.map(DemoText.iso),
                rng.chance(0.7), rng.chance(0.9),
                rng.chance(0.6) ? rng.pick(DemoGenerator.outcomeMeasures) : "",
                review.map(DemoText.iso), review == nil ? "" : rng.pick(DemoGenerator.reviewers),
                rng.chance(0.25) ? rng.pick(DemoGenerator.partnershipNotes) : "",
                w.at, w.login,
            ])
            let partnershipID = w.db.lastInsertedRowID
            if !districtWide {
                let howMany = rng.pick(schoolsPerPartnership)
                for i in rng.distinct(howMany, below: schoolIDs.count) {
                    try schoolStmt.execute(arguments: [partnershipID, schoolIDs[i]])
                }
            }
            if !priorityAreaIDs.isEmpty {
                let howMany = rng.pick(areasPerPartnership)
                for i in rng.distinct(howMany, below: priorityAreaIDs.count) {
                    try areaStmt.execute(arguments: [partnershipID, priorityAreaIDs[i]])
                }
            }
        }
        return count
    }

    // MARK: Surveys

    /// The shipped customer-service survey (with a start on Hmong, incomplete) and a second survey.
    mutating func insertSurveys() throws -> Int {
        try SurveySchema.installShippedSurvey(w.db, at: w.at, by: w.login)
        try w.db.execute(sql: """
            INSERT INTO surveys (title, audience, anonymous, min_group_size, languages, version, updated_at, updated_by)
            VALUES (?, 'families', 1, 10, ?, 1, ?, ?)
            ON CONFLICT (title) DO NOTHING
            """, arguments: ["Family Engagement Pulse", "en,es,hmn,so", w.at, w.login])
        return try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM surveys") ?? 0
    }

    // MARK: Employees

    mutating func insertEmployees(_ count: Int) throws -> Int {
        guard count > 0 else { return 0 }
        let stmt = try w.db.makeStatement(sql: """
            INSERT INTO employees (number, first_name, last_name, email, school_id, role, hire_date, active,
                                   version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        let roles = Weighted<EmployeeRole>([(.teacher, 55), (.paraeducator, 12), (.supportStaff, 10), (.administrator, 6),
                                            (.frontOffice, 7), (.counselor, 4), (.other, 6)])
        let firstHire = DemoText.ordinal("1995-01-01"), lastHire = DemoText.ordinal("2026-10-01")
        let totalStaffWeight = schoolStaffWeights.last ?? 0
        // Numbers have gaps (people who left) but always 6 digits.
        let maxGap = max(0, min(2, (899_999 - count) / count))
        var number = 100_000
        for _ in 0..<count {
            number += 1 + rng.int(0...maxGap)
            let who = person()
            var schoolID: Int64?
            if totalStaffWeight > 0, !rng.chance(0.05) {
                // Binary search the cumulative weights.
                let r = rng.below(totalStaffWeight)
                var lo = 0, hi = schoolStaffWeights.count - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if schoolStaffWeights[mid] > r { hi = mid } else { lo = mid + 1 }
                }
                schoolID = schoolIDs[lo]
            }
            // More recent hires than old ones.
            let hire = max(rng.int(firstHire...lastHire), rng.int(firstHire...lastHire))
            // Bound without GRDB's per-row argument check: the statement's 10 placeholders match by construction.
            stmt.setUncheckedArguments([
                "E\(number)", who.first.display, who.last.display, "\(who.emailLocal)\(number)@district.example.org",
                schoolID, rng.pick(roles).rawValue, DemoText.iso(hire), rng.chance(0.97), w.at, w.login,
            ])
            try stmt.execute()
        }
        return count
    }
}

// MARK: - Professional development

extension DemoGenerator {
    /// The plan's courses: family engagement, diversity, anti-bias and customer service.
    static let courses: [(code: String, title: String, topic: CourseTopic, hours: Double, roles: [EmployeeRole], renewal: Int?, share: Int)] = [
        ("FE101", "Family engagement foundations", .familyEngagement, 3, [.teacher, .administrator, .frontOffice, .paraeducator, .supportStaff, .counselor], nil, 30),
        ("DIV110", "Diversity and inclusion in our schools", .diversity, 2, [.teacher, .administrator, .counselor, .paraeducator], 24, 22),
        ("AB120", "Anti-bias practice in the classroom", .antiBias, 2, [.teacher, .administrator, .paraeducator], 12, 25),
        ("CS130", "Customer service for welcoming front offices", .customerService, 1.5, [.frontOffice, .supportStaff], 12, 13),
        ("FE210", "Home visits and family conferences", .familyEngagement, 2.5, [], nil, 10),
    ]

    static let places = ["District Office, Room 210", "District Office, Room 114", "Central Library Auditorium", "Online (video call)",
                         "Family Resource Center", "Harding Senior High, Media Center", "Como Park Middle, Library"]
    static let facilitators = ["Mai Vang", "Deborah Jackson", "Luis Ortega", "Sahra Hassan", "Tom Bergstrom", "Naomi Whitebird"]
    static let times = ["08:00", "12:30", "15:30", "16:00"]

    /// Courses, then sessions from three years back to three months ahead of the demo's day, then
    /// `enrollments` registrations spread over them: past sessions completed (some no-shows and
    /// cancellations), upcoming ones registered, the busiest with a waiting list.
    mutating func insertTraining(enrollments: Int) throws -> (courses: Int, sessions: Int, enrollments: Int) {
        var courseIDs: [Int64] = []
        for c in Self.courses {
            try w.db.execute(sql: """
                INSERT INTO pd_courses (code, title, topic, hours, required_roles, renewal_months, version, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, arguments: [c.code, c.title, c.topic.rawValue, c.hours, Course.storedRoles(Set(c.roles)), c.renewal, w.at, w.login])
            courseIDs.append(w.db.lastInsertedRowID)
        }
        var employees: [Int64] = [], roles: [String] = []
        for row in try Row.fetchAll(w.db, sql: "SELECT id, role FROM employees ORDER BY id") {
            employees.append(row["id"])
            roles.append(row["role"])
        }
        let requiredRoles = Self.courses.map { Set($0.roles.map(\.rawValue)) }
        guard enrollments > 0, !employees.isEmpty else { return (courseIDs.count, 0, 0) }
        let today = Self.today
        let first = today - 3 * 365, last = today + 90
        let capacityChoices = [20, 25, 30, 35, 40]
        // Enough sessions that the average one is about two-thirds full.
        let sessionCount = max(Self.courses.count, enrollments / 20)
        let courseTable = Weighted(Self.courses.indices.map { ($0, Self.courses[$0].share) })
        let sessionStmt = try w.db.makeStatement(sql: """
            INSERT INTO pd_sessions (course_id, day, time, place, facilitator, capacity, version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        var sessions: [(id: Int64, day: Int, capacity: Int, course: Int)] = []
        for i in 0..<sessionCount {
            // Spread evenly over the span, on weekdays, with the course drawn by its share.
            var day = first + (last - first) * i / sessionCount + rng.int(0...2)
            // 1970-01-01 (ordinal 0) was a Thursday: (ordinal + 4) % 7 is 0 on a Sunday and 6 on a Saturday.
            while [0, 6].contains((day + 4) % 7) { day += 1 }
            let course = rng.pick(courseTable)
            let capacity = rng.pick(capacityChoices)
            sessionStmt.setUncheckedArguments([courseIDs[course], DemoText.iso(day), rng.pick(Self.times), rng.pick(Self.places),
                                               rng.pick(Self.facilitators), capacity, w.at, w.login])
            try sessionStmt.execute()
            sessions.append((w.db.lastInsertedRowID, day, capacity, course))
        }
        let enrollStmt = try w.db.makeStatement(sql: """
            INSERT INTO pd_enrollments (session_id, employee_id, status, queue_position, walk_in, completed_on, hours, version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        var made = 0
        var s = 0
        while made < enrollments {
            // Newest first, so upcoming sessions are full and only the oldest may stay empty.
            let session = sessions[sessions.count - 1 - s % sessions.count]
            s += 1
            let isPast = session.day < today
            // Fill to 50–100% of capacity; a quarter of upcoming sessions are full with people waiting.
            var wanted = session.capacity * rng.int(50...100) / 100
            let waiting = !isPast && rng.chance(0.25) ? rng.int(1...6) : 0
            if waiting > 0 { wanted = session.capacity }
            if s > sessions.count { wanted = min(wanted, enrollments - made) }  // a second pass only tops up
            var taken = Set<Int64>()
            var queue = 0
            for k in 0..<(wanted + waiting) where made < enrollments {
                // Mostly those the course is required of: a few tries at someone whose role must take it.
                var pick = rng.below(employees.count)
                let required = requiredRoles[session.course]
                for _ in 0..<3 where !required.isEmpty && !required.contains(roles[pick]) { pick = rng.below(employees.count) }
                let employee = employees[pick]
                guard taken.insert(employee).inserted else { continue }
                if s > sessions.count, try Int.fetchOne(w.db, sql: "SELECT 1 FROM pd_enrollments WHERE session_id = ? AND employee_id = ?",
                                                        arguments: [session.id, employee]) != nil { continue }
                var status = EnrollmentStatus.registered
                var completedOn: String?, hours: Double?
                var position: Int?
                if k >= wanted {
                    status = .waitlisted
                    queue += 1
                    position = queue
                } else if isPast {
                    let r = rng.below(100)
                    status = r < 84 ? .completed : r < 93 ? .noShow : .cancelled
                    if status == .completed { completedOn = DemoText.iso(session.day); hours = Self.courses[session.course].hours }
                } else if rng.chance(0.04) {
                    status = .cancelled
                }
                enrollStmt.setUncheckedArguments([session.id, employee, status.rawValue, position, rng.chance(0.03) && isPast ? 1 : 0,
                                                  completedOn, hours, w.at, w.login])
                try enrollStmt.execute()
                made += 1
            }
        }
        return (courseIDs.count, sessions.count, made)
    }
}
