import FacetModel
import GRDB

/// The demo district's standards work: self-assessments for 2024-25 to 2026-27 (every seventh
/// school has not rated 2026-27 yet), SIP strategies for 2026-27 (every fifth school has none yet,
/// some are overdue) and two representative groups that met several times.
enum DemoStandards {
    static let strategyTitles: [(String, [String])] = [
        ("Welcome walk for new families each quarter", ["1"]),
        ("Home-language text messages for every notice", ["2"]),
        ("Family math nights with take-home kits", ["3"]),
        ("Parent guide to the school and district", ["4"]),
        ("Family seats on the site council", ["5"]),
        ("Community resource fair in the spring", ["6", "1"]),
        ("Interpreters at every conference", ["2", "3"]),
        ("Family liaison office hours", ["1", "4"]),
    ]
    static let owners = ["Principal", "Family liaison", "Assistant principal", "Site council chair", "Counselor"]
    static let grades = ["K-2", "3-5", "K-5", "6-8", "9-12", "All"]

    /// Returns the number of ratings made.
    static func insert(_ w: AuditedWriter, schoolIDs: [Int64], seed: UInt64) throws -> (ratings: Int, strategies: Int, convenings: Int) {
        guard !schoolIDs.isEmpty else { return (0, 0, 0) }
        var rng = SplitMix64(seed: seed ^ 0x5747D)
        let indicators = try Row.fetchAll(w.db, sql: """
            SELECT i.id, st.code FROM indicators i JOIN standards st ON st.id = i.standard_id JOIN frameworks f ON f.id = st.framework_id
            WHERE f.adopted = 1 AND st.retired = 0 AND i.retired = 0 ORDER BY st.position, i.position
            """).map { ($0[0] as Int64, $0[1] as String) }
        let standards = try Row.fetchAll(w.db, sql: """
            SELECT st.id, st.code FROM standards st JOIN frameworks f ON f.id = st.framework_id WHERE f.adopted = 1 AND st.retired = 0
            """).map { ($0[1] as String, $0[0] as Int64) }
        let standardByCode = Dictionary(uniqueKeysWithValues: standards)
        let rating = try w.db.makeStatement(sql: """
            INSERT INTO self_assessments (school_id, school_year, indicator_id, level, evidence, version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            """)
        let evidence = ["Front-office survey results", "Sign-in sheets from family nights", "Newsletter samples in three languages",
                        "Site council minutes", "Conference attendance", ""]
        var ratings = 0
        for (n, school) in schoolIDs.enumerated() {
            // Each school has a level it tends to, and rises a little from one year to the next.
            let base = 1.5 + rng.unit() * 2.0
            for (y, year) in ["2024-25", "2025-26", "2026-27"].enumerated() {
                if y == 2 && n % 7 == 3 { continue }
                for (indicatorID, _) in indicators {
                    let raw = base + Double(y) * 0.25 + (rng.unit() - 0.5) * 1.6
                    let level = min(4, max(1, Int(raw.rounded())))
                    try rating.execute(arguments: [school, year, indicatorID, level, rng.pick(evidence), w.at, w.login])
                    ratings += 1
                }
            }
        }
        let strategy = try w.db.makeStatement(sql: """
            INSERT INTO sip_strategies (school_id, school_year, title, standard_ids, description, owner, grade_levels, start_date, due_date,
                                        status, evaluation, evidence, version, updated_at, updated_by)
            VALUES (?, '2026-27', ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?)
            """)
        var strategies = 0
        for (n, school) in schoolIDs.enumerated() where n % 5 != 2 {
            let howMany = rng.int(1...3)
            for i in rng.distinct(howMany, below: strategyTitles.count) {
                let (title, codes) = strategyTitles[i]
                let ids = codes.compactMap { standardByCode[$0] }.sorted().map(String.init).joined(separator: ",")
                let due = rng.pick(["2026-10-30", "2026-12-18", "2027-03-15", "2027-05-28"])
                let status: StrategyStatus = due < "2026-11-30" ? rng.pick([.done, .inProgress, .done]) : rng.pick([.planned, .inProgress])
                try strategy.execute(arguments: [school, title, ids, "Part of the school's family-engagement goal.", rng.pick(owners), rng.pick(grades),
                                                 "2026-09-08", due, status.rawValue, "Sign-ins and the spring family survey", w.at, w.login])
                strategies += 1
            }
        }
        let convening = try w.db.makeStatement(sql: """
            INSERT INTO convenings (school_id, group_name, held_on, place, languages, parents, community, staff, students, topics, outcomes,
                                    version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        let followUp = try w.db.makeStatement(sql: """
            INSERT INTO convening_follow_ups (convening_id, what, owner, due_on, done, version, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            """)
        typealias FollowUp = (what: String, owner: String, due: String, done: Bool)
        // On the demo's day (2026-11-30) two follow-ups are overdue: the toolkit's translation and
        // the East Side conference times.
        let meetings: [(school: Int64?, group: String, day: String, place: String, languages: String, topics: String, outcome: String, followUps: [FollowUp])] = [
            (nil, "District Family Engagement Council", "2025-10-14", "District office, room 200", "Spanish, Hmong, Somali", "standards",
             "Chose the National PTA standards as the starting framework.", [("Draft our own descriptions", "FACE office", "2025-11-30", true)]),
            (nil, "District Family Engagement Council", "2026-01-20", "District office, room 200", "Spanish, Hmong, Somali", "standards,communication",
             "Wrote indicators for standards 1 and 2.", [("Share the draft with site councils", "FACE office", "2026-02-27", true)]),
            (nil, "District Family Engagement Council", "2026-04-21", "Harding High School library", "Spanish, Hmong, Somali, Karen", "toolkit",
             "Outlined the family toolkit.", [("First toolkit chapter", "Family liaisons", "2026-06-05", true),
                                              ("Translate the toolkit outline into Hmong and Somali", "Family liaisons", "2026-11-20", false)]),
            (nil, "District Family Engagement Council", "2026-10-13", "District office, room 200", "Spanish, Hmong, Somali", "standards,toolkit",
             "Adopted the self-assessment levels.", [("Train coordinators on the grid", "FACE office", "2026-12-11", false)]),
            (schoolIDs.first, "East Side Parent Circle", "2026-02-05", "School cafeteria", "Hmong, Karen", "communication",
             "Families asked for text messages in Hmong and Karen.", [("Set up the text line", "Office manager", "2026-03-13", true)]),
            (schoolIDs.first, "East Side Parent Circle", "2026-09-24", "School cafeteria", "Hmong, Karen", "communication,other",
             "Reviewed the text line; asked for evening conferences.", [("Propose conference times", "Principal", "2026-10-30", false),
                                                                        ("Invite the Karen liaison to the circle", "Office manager", "2026-12-04", false)]),
        ]
        for m in meetings {
            let parents = rng.int(12...40), community = rng.int(2...9), staff = rng.int(3...8), students = rng.int(0...4)
            try convening.execute(arguments: [m.school, m.group, m.day, m.place, m.languages, parents, community, staff, students, m.topics,
                                              m.outcome, w.at, w.login])
            let id = w.db.lastInsertedRowID
            for f in m.followUps {
                try followUp.execute(arguments: [id, f.what, f.owner, f.due, f.done, w.at, w.login])
            }
        }
        return (ratings, strategies, meetings.count)
    }
}
