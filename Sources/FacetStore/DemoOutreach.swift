import FacetModel
import GRDB

/// The demo district's outreach: the Common Core family campaign of 2026-27 with its events (every
/// ninth school has held none yet, and a few past events are not counted yet), fall and spring
/// conferences of 2025-26 and the fall of 2026-27 under the new model (every eleventh school has
/// not entered its figures), the family toolkit with gaps, and the launch steps under way.
enum DemoOutreach {
    static let topics = ["What the Common Core asks in reading", "Math the Common Core way: helping at home",
                         "Reading the new report card", "Questions to ask your child's teacher", "Writing across the grades",
                         "College and career readiness, grade by grade", "Family math night", "Family literacy night"]
    static let places = ["Library", "Cafeteria", "Gym", "Family center", "Multipurpose room", "Community center next door"]
    static let languageSets = ["English, Spanish", "English, Spanish, Hmong", "English, Somali", "English, Karen, Hmong",
                               "English, Spanish, Vietnamese", "English"]
    static let materials = ["Grade-level standards guide", "Take-home math kit", "Parent roadmap handout", "Slides and sign-in sheet"]

    static func insert(_ w: AuditedWriter, schoolIDs: [Int64], seed: UInt64, events eventCount: Int) throws -> (events: Int, conferences: Int, resources: Int) {
        var rng = SplitMix64(seed: seed ^ 0x0C7EAC)
        let at = w.at, login = w.login
        try w.db.execute(sql: """
            INSERT INTO campaigns (title, school_year, goal_label, goal, description, version, updated_at, updated_by)
            VALUES (?, '2026-27', 'families reached', ?, ?, 1, ?, ?)
            """, arguments: ["Common Core: Know the Standards", max(100, schoolIDs.count * 60),
                             "Help families learn the Common Core State Standards and how they can take part in their implementation.", at, login])
        let campaignID = w.db.lastInsertedRowID
        var events = 0
        // Every ninth school has held no event yet; the others share the events round-robin.
        let hosting = schoolIDs.enumerated().filter { $0.offset % 9 != 4 }.map(\.element)
        if !hosting.isEmpty && eventCount > 0 {
            let event = try w.db.makeStatement(sql: """
                INSERT INTO outreach_events (campaign_id, school_id, kind, topic, held_on, place, languages, interpretation, childcare,
                                             attendance, families, materials, version, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """)
            let start = DemoText.ordinal("2026-09-08"), end = DemoText.ordinal("2027-05-20"), today = DemoText.ordinal("2026-11-30")
            for i in 0..<eventCount {
                let school = hosting[i % hosting.count]
                let day = start + rng.below(end - start)
                let languages = rng.pick(languageSets)
                var attendance = ""
                var families: Int? = nil
                if day < today && rng.below(12) != 0 {
                    let counts = FamilyLanguages.list(languages).map { (language: $0, count: rng.int($0 == "English" ? 8...40 : 2...18)) }
                    attendance = LanguageCounts.format(counts)
                    families = counts.reduce(0) { $0 + $1.count }
                }
                try event.execute(arguments: [campaignID, school, rng.chance(0.6) ? "workshop" : "information-night", rng.pick(topics),
                                              DemoText.iso(day), rng.pick(places), languages, languages == "English" ? 0 : 1,
                                              rng.chance(0.7) ? 1 : 0, attendance, families, rng.pick(materials), at, login])
                events += 1
            }
        }

        let conference = try w.db.makeStatement(sql: """
            INSERT INTO conferences (school_id, school_year, term, grade, formats, interpreters, enrolled, conferenced, notes, version, updated_at, updated_by)
            VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, 1, ?, ?)
            """)
        var conferences = 0
        for (n, school) in schoolIDs.enumerated() {
            let enrolled = rng.int(220...760)
            let old = 0.50 + rng.unit() * 0.25
            for (year, term, formats, rate, note) in [
                ("2025-26", "fall", "in-person", old, "Old model: one evening, in person only."),
                ("2025-26", "spring", "in-person", old - 0.08, "Old model."),
                ("2026-27", "fall", "in-person,phone,video,home-visit", min(0.97, old + 0.05 + rng.unit() * 0.15),
                 "New model: flexible times, phone and video, home visits on request."),
            ] {
                let missing = year == "2026-27" && n % 11 == 6
                try conference.execute(arguments: [school, year, term, formats, rng.pick(["Spanish 3, Hmong 1", "Somali 2", "Spanish 4", "Karen 1, Hmong 2", ""]),
                                                   enrolled + rng.int(-20...20), missing ? nil : Int(Double(enrolled) * rate), note, at, login])
                conferences += 1
            }
        }

        try insertFeedback(w, schoolIDs: schoolIDs, rng: &rng)

        let standards = Dictionary(uniqueKeysWithValues: try Row.fetchAll(w.db, sql: """
            SELECT st.code, st.id FROM standards st JOIN frameworks f ON f.id = st.framework_id WHERE f.adopted = 1
            """).map { ($0[0] as String, $0[1] as Int64) })
        let resources: [(String, ResourceKind, [String], String, String, String, String?)] = [
            ("Welcome to our school: a family guide", .guide, ["1"], "English,Spanish,Hmong,Somali,Karen,Vietnamese", "K-12", "Family liaisons", "2026-08-20"),
            ("Talking with your child's teacher", .handout, ["2", "3"], "English,Spanish,Hmong,Somali", "K-12", "FACE office", "2026-09-15"),
            ("Common Core in reading, grade by grade", .guide, ["3"], "English,Spanish,Vietnamese", "K-8", "Curriculum office", "2026-09-02"),
            ("Common Core math at home (video)", .video, ["3"], "English,Spanish,Hmong", "K-5", "Curriculum office", "2026-10-01"),
            ("Family math night kit", .workshopKit, ["3", "6"], "English,Spanish", "K-5", "Math coaches", "2026-09-20"),
            ("Your rights and voice at school", .handout, ["4"], "English,Hmong,Somali", "K-12", "FACE office", nil),
            ("Joining the site council", .guide, ["5"], "English", "K-12", "FACE office", "2025-11-10"),
            ("Community resources near you", .handout, ["6"], "English,Spanish,Somali,Karen", "K-12", "Family liaisons", "2026-06-12"),
            ("Reading the new report card", .video, ["2", "3"], "English,Spanish,Somali,Karen,Hmong,Vietnamese", "K-8", "Assessment office", "2026-11-02"),
            ("Parent conference roadmap", .handout, ["2", "4"], "English,Spanish,Hmong,Karen", "K-12", "FACE office", "2026-10-05"),
            ("Leading the conversation: a workshop for parent leaders", .workshopKit, ["5", "4"], "English,Somali", "6-12", "FACE office", nil),
            ("College and career readiness, year by year", .guide, ["3"], "English,Spanish", "6-12", "Counseling office", "2026-07-30"),
        ]
        for (title, kind, codes, languages, grades, reviewer, reviewed) in resources {
            try w.db.execute(sql: """
                INSERT INTO toolkit_resources (title, kind, standard_ids, languages, location, grade_band, reviewed_by, reviewed_on, version, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, arguments: [title, kind.rawValue, codes.compactMap { standards[$0] }.sorted().map(String.init).joined(separator: ","), languages,
                                 "\\\\district\\family-toolkit\\\(DemoText.asciiSlug(title)).pdf", grades, reviewed == nil ? "" : reviewer, reviewed, at, login])
        }

        // The plan's steps under way, each with its milestones.
        let steps: [(status: LaunchStepStatus, owner: String, notes: String, milestones: [(String, String, String?)])] = [
            (.underWay, "FACE director", "The district council meets each quarter; parent circles at several schools.",
             [("Council adopts the standards", "2025-12-15", "2025-10-14"), ("Toolkit outline agreed", "2026-05-01", "2026-04-21"),
              ("First toolkit chapter reviewed by families", "2026-11-20", nil), ("Communication tools refined", "2027-03-31", nil)]),
            (.underWay, "Superintendent's office", "Department staffed: director, two coordinators, family liaisons.",
             [("Director hired", "2026-06-30", "2026-06-15"), ("Roles mapped to the standards", "2026-10-31", "2026-10-28"),
              ("Liaison at every middle school", "2027-01-31", nil)]),
            (.underWay, "School improvement office", "Each school adds a family-engagement strategy to its SIP.",
             [("SIP template includes family engagement", "2026-08-15", "2026-08-10"), ("Every school has a strategy", "2026-12-18", nil)]),
            (.underWay, "Curriculum office", "Workshops and information nights at every school.",
             [("Campaign materials in six languages", "2026-09-01", "2026-09-04"), ("An event at every school", "2026-11-15", nil),
              ("Half of the families reached", "2027-02-26", nil)]),
            (.underWay, "FACE coordinators", "Fall conferences ran under the new model: flexible times, phone, video, home visits.",
             [("New model designed with families", "2026-08-31", "2026-08-25"), ("Fall conferences under the new model", "2026-11-06", "2026-11-06"),
              ("Compare with last year and adjust", "2027-01-15", nil), ("Spring conferences", "2027-03-19", nil)]),
            (.notStarted, "Partnerships office", "Waits for the review of every active partnership against the policy.",
             [("Every active partnership reviewed", "2027-02-28", nil), ("Alignment map to the board", "2027-04-30", nil)]),
        ]
        // The plan year's steps are replaced by the demo's (same titles, under way): written at version 1
        // under the load's one audit row, like every other demo record.
        try w.db.execute(sql: "DELETE FROM launch_milestones WHERE step_id IN (SELECT id FROM launch_steps WHERE school_year = ?)", arguments: [LaunchStepRules.planYear])
        try w.db.execute(sql: "DELETE FROM launch_steps WHERE school_year = ?", arguments: [LaunchStepRules.planYear])
        for (i, (plan, step)) in zip(LaunchStepRules.planSteps, steps).enumerated() {
            try w.db.execute(sql: """
                INSERT INTO launch_steps (school_year, position, title, owner, status, evidence, notes, version, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, arguments: [LaunchStepRules.planYear, i + 1, plan.title, step.owner, step.status.rawValue, plan.evidence.rawValue, step.notes, at, login])
            let id = w.db.lastInsertedRowID
            for (title, due, done) in step.milestones {
                try w.db.execute(sql: "INSERT INTO launch_milestones (step_id, title, due_on, done_on, version, updated_at, updated_by) VALUES (?, ?, ?, ?, 1, ?, ?)",
                                 arguments: [id, title, due, done, at, login])
            }
        }
        return (events, conferences, resources.count)
    }

    /// The conference feedback survey's fall 2026-27 wave (closed), tied to that window's conferences:
    /// a few anonymous responses per school (every seventh school only 3–8, so suppression shows).
    static func insertFeedback(_ w: AuditedWriter, schoolIDs: [Int64], rng: inout SplitMix64) throws {
        try SurveySchema.installSurvey(w.db, title: ConferenceFeedbackSurvey.title, languages: ConferenceFeedbackSurvey.languages,
                                       labels: ShippedSurvey.labels, questions: ConferenceFeedbackSurvey.questions, at: w.at, by: w.login)
        guard let surveyID = try Int64.fetchOne(w.db, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [ConferenceFeedbackSurvey.title]),
              let instrument = try FacetStore.instrument(w.db, surveyID: surveyID), !schoolIDs.isEmpty else { return }
        let languages = ConferenceFeedbackSurvey.languages
        try w.db.execute(sql: """
            INSERT INTO survey_waves (survey_id, name, school_year, opens, closes, status, languages, labels, version, updated_at, updated_by)
            VALUES (?, ?, '2026-27', '2026-10-26', '2026-11-20', 'closed', ?, ?, 1, ?, ?)
            """, arguments: [surveyID, ConferenceFeedbackSurvey.waveName(.fall), languages.joined(separator: ","),
                             SurveySchema.encode(instrument.labels.filter { languages.contains($0.key) }), w.at, w.login])
        let waveID = w.db.lastInsertedRowID
        try FacetStore.freeze(w.db, waveID: waveID, instrument: instrument, languages: languages)
        var frozen: [Int64: (id: Int64, kind: QuestionKind)] = [:]
        for q in instrument.questions {
            if let id = try Int64.fetchOne(w.db, sql: "SELECT id FROM survey_wave_questions WHERE wave_id = ? AND question_id = ?", arguments: [waveID, q.id!]) {
                frozen[q.id!] = (id, q.kind)
            }
        }
        try w.db.execute(sql: "UPDATE conferences SET survey_wave_id = ? WHERE school_year = '2026-27' AND term = 'fall'", arguments: [waveID])
        let school = try w.db.makeStatement(sql: "INSERT INTO survey_wave_schools (wave_id, school_id, invited, version, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?)")
        let response = try w.db.makeStatement(sql: "INSERT INTO survey_responses (id, wave_id, school_id, language, channel, given_on) VALUES (?, ?, ?, ?, ?, ?)")
        let answer = try w.db.makeStatement(sql: "INSERT INTO survey_answers (response_id, wave_question_id, value, text) VALUES (?, ?, ?, ?)")
        let first = DemoText.ordinal("2026-10-26"), last = DemoText.ordinal("2026-11-20")
        var used = Set<Int64>(try Int64.fetchAll(w.db, sql: "SELECT id FROM survey_responses"))
        for (i, schoolID) in schoolIDs.enumerated() {
            let invited = try Int.fetchOne(w.db, sql: "SELECT conferenced FROM conferences WHERE school_id = ? AND school_year = '2026-27' AND term = 'fall'",
                                           arguments: [schoolID]) ?? 0
            try school.execute(arguments: [waveID, schoolID, invited, w.at, w.login])
            let count = i % 7 == 3 ? rng.int(3...8) : rng.int(12...30)
            let p = 0.6 + rng.unit() * 0.35
            for _ in 0..<count {
                var id: Int64
                repeat { id = Int64(rng.next() >> 11) + 1 } while !used.insert(id).inserted
                let language = rng.chance(0.7) ? "en" : "es"
                try response.execute(arguments: [id, waveID, schoolID, language, rng.chance(0.6) ? "paper" : "phone", DemoText.iso(rng.int(first...last))])
                // In question order: a dictionary's order differs from run to run, and the seed must give the same answers.
                for (wq, kind) in frozen.keys.sorted().map({ frozen[$0]! }) {
                    let favourable = rng.chance(p)
                    let value = kind == .yesNo ? (favourable ? Answer.yes : Answer.no) : (favourable ? rng.int(4...5) : rng.int(1...3))
                    try answer.execute(arguments: [id, wq, value, nil as String?])
                }
            }
        }
    }
}
