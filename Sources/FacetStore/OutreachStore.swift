import FacetModel
import Foundation
import GRDB

/// An outreach event as the form and imports write it; `families` follows `attendance`.
public struct OutreachEvent: Hashable, Sendable {
    public var campaignID: Int64
    public var schoolID: Int64
    public var kind: EventKind
    public var topic: String
    public var heldOn: Day
    public var place = ""
    public var languages = ""
    public var interpretation = false
    public var childcare = false
    /// Families by language, "Spanish 12, English 30"; empty until counted.
    public var attendance = ""
    public var materials = ""

    public init(campaignID: Int64, schoolID: Int64, kind: EventKind, topic: String, heldOn: Day) {
        self.campaignID = campaignID; self.schoolID = schoolID; self.kind = kind; self.topic = topic; self.heldOn = heldOn
    }

    /// What is wrong with it, by column (empty when it can be saved).
    public func problems() -> [(column: String, message: String)] {
        var result: [(column: String, message: String)] = []
        if topic.trimmingCharacters(in: .whitespaces).isEmpty { result.append(("topic", "a topic is required")) }
        if FieldLimits.exceeds(topic, 160) { result.append(("topic", "longer than 160 characters")) }
        if case .failure(let problem) = LanguageCounts.parse(attendance) { result.append(("attendance", problem.message)) }
        for (column, text) in [("place", place), ("languages", languages), ("attendance", attendance)] where FieldLimits.exceeds(text, 200) {
            result.append((column, "longer than 200 characters"))
        }
        if FieldLimits.exceeds(materials, FieldLimits.freeText) { result.append(("materials", "longer than \(FieldLimits.freeText) characters")) }
        return result
    }

    var columns: [String: (any DatabaseValueConvertible)?] {
        ["campaign_id": campaignID, "school_id": schoolID, "kind": kind.rawValue, "topic": topic.trimmingCharacters(in: .whitespaces),
         "held_on": heldOn.description, "place": place, "languages": languages, "interpretation": interpretation ? 1 : 0,
         "childcare": childcare ? 1 : 0, "attendance": Self.canonical(attendance), "families": LanguageCounts.total(attendance),
         "materials": materials]
    }

    static func canonical(_ attendance: String) -> String {
        guard case .success(let counts) = LanguageCounts.parse(attendance) else { return attendance }
        return LanguageCounts.format(counts)
    }
}

/// One row of the participation view: a school's figures in a window and in the same window a year before.
public struct ConferenceParticipation: Sendable {
    public var schoolID: Int64
    public var code: String
    public var name: String
    public var now: ConferenceFigure
    public var yearBefore: ConferenceFigure
    public var formats: String
    public var change: Double? { OutreachRules.change(now.rate, yearBefore.rate) }
}

/// A toolkit resource as the gap view and the kiosk read it.
public struct ToolkitItem: Hashable, Sendable {
    public var id: Int64
    public var title: String
    public var kind: ResourceKind
    public var standardIDs: Set<Int64>
    public var languages: [String]
    public var location: String
    public var gradeBand: String
}

extension FacetStore {
    // MARK: campaigns and events

    public func campaignList() -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "campaigns c",
            id: "c.id",
            columns: [
                .init("Year", display: "c.school_year"),
                .init("Campaign", display: "c.title", sortKeys: ["c.title COLLATE NOCASE"]),
                .init("Events", display: "(SELECT COUNT(*) FROM outreach_events e WHERE e.campaign_id = c.id)"),
                .init("Families", display: "(SELECT COALESCE(SUM(e.families), 0) FROM outreach_events e WHERE e.campaign_id = c.id)"),
                .init("Goal", display: "COALESCE(c.goal, '—')", sortKeys: ["COALESCE(c.goal, -1)"]),
            ],
            searchable: ["c.title", "c.description", "c.school_year"]))
    }

    /// A campaign's events (every campaign's when nil), newest first by default sort of date;
    /// events whose attendance is not entered yet are flagged once their day has passed.
    public func eventList(campaignID: Int64?, today: Day) -> PagedList {
        let list = PagedList(store: self, query: ListQuery(
            from: "outreach_events e JOIN schools s ON s.id = e.school_id",
            id: "e.id",
            columns: [
                .init("Date", display: "e.held_on"),
                .init("School", display: "s.code", sortKeys: ["s.code COLLATE NOCASE"]),
                .init("Topic", display: "e.topic", sortKeys: ["e.topic COLLATE NOCASE"]),
                .init("Kind", display: "CASE e.kind WHEN 'workshop' THEN 'Workshop' ELSE 'Info night' END", sortKeys: ["e.kind"]),
                .init("Families", display: "COALESCE(e.families, CASE WHEN e.held_on < '\(today)' THEN 'not counted' ELSE '' END)",
                      sortKeys: ["COALESCE(e.families, -1)"]),
                .init("Languages", display: "e.languages"),
            ],
            searchable: ["s.code", "s.name", "e.topic", "e.place", "e.languages", "e.attendance"],
            flag: "CASE WHEN e.families IS NULL AND e.held_on < '\(today)' THEN 'warning' END"))
        if let campaignID { list.setExtraCondition("e.campaign_id = ?", arguments: [.integer(campaignID)]) }
        return list
    }

    /// The campaign a school year's work is measured by: the one of `year` with the most events
    /// (the latest made on a tie), or nil when the year has none.
    public func mainCampaign(year: String) throws -> (id: Int64, title: String)? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT c.id, c.title FROM campaigns c WHERE c.school_year = ?
                ORDER BY (SELECT COUNT(*) FROM outreach_events e WHERE e.campaign_id = c.id) DESC, c.id DESC LIMIT 1
                """, arguments: [year]).map { ($0["id"], $0["title"]) }
        }
    }

    public func campaigns() throws -> [(id: Int64, title: String, year: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, title, school_year FROM campaigns ORDER BY school_year DESC, title COLLATE NOCASE")
                .map { ($0["id"], $0["title"], $0["school_year"]) }
        }
    }

    /// A campaign's reach: every active school with its events and families, grouped in SQL.
    /// Events held before `today` without attendance are "not counted yet"; later ones are simply to come.
    public func campaignReach(campaignID: Int64, today: Day) throws -> CampaignReach? {
        try read { db in try Self.campaignReach(db, campaignID: campaignID, today: today) }
    }

    static func campaignReach(_ db: Database, campaignID: Int64, today: Day) throws -> CampaignReach? {
        guard let c = try Row.fetchOne(db, sql: "SELECT title, school_year, goal FROM campaigns WHERE id = ?", arguments: [campaignID]) else { return nil }
        var byschool: [Int64: (events: Int, uncounted: Int, families: Int)] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT school_id, COUNT(*), COALESCE(SUM(families IS NULL AND held_on < ?), 0), COALESCE(SUM(families), 0)
            FROM outreach_events WHERE campaign_id = ? GROUP BY school_id
            """, arguments: [today.description, campaignID]) {
            byschool[r[0]] = (r[1], r[2], r[3])
        }
        // Active schools, and any inactive one that still held an event of the campaign.
        let schools = try Row.fetchAll(db, sql: "SELECT id, code, name, active FROM schools ORDER BY code COLLATE NOCASE, id").compactMap { r -> SchoolReach? in
            let id: Int64 = r["id"]
            let figures = byschool[id]
            guard (r["active"] as Bool) || figures != nil else { return nil }
            return SchoolReach(schoolID: id, code: r["code"], name: r["name"], events: figures?.events ?? 0,
                               uncounted: figures?.uncounted ?? 0, families: figures?.families ?? 0)
        }
        return CampaignReach(campaignID: campaignID, title: c["title"], schoolYear: c["school_year"], goal: c["goal"], schools: schools)
    }

    /// Saves an event (id nil: a new one), checked and with its families counted from its attendance.
    @discardableResult
    public func saveEvent(_ event: OutreachEvent, id: Int64?, expectedVersion: Int) throws -> Int64 {
        if let problem = event.problems().first {
            throw StoreError.invalid("The event's \(problem.column): \(problem.message).")
        }
        return try write { w in
            if let id {
                try w.update("outreach_events", id: id, expectedVersion: expectedVersion, changes: event.columns)
                return id
            }
            return try w.insert(into: "outreach_events", values: event.columns)
        }
    }

    public func event(id: Int64) throws -> (event: OutreachEvent, version: Int)? {
        try read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM outreach_events WHERE id = ?", arguments: [id]) else { return nil }
            return (Self.event(r), r["version"])
        }
    }

    static func event(_ r: Row) -> OutreachEvent {
        var e = OutreachEvent(campaignID: r["campaign_id"], schoolID: r["school_id"], kind: EventKind(rawValue: r["kind"]) ?? .workshop,
                              topic: r["topic"], heldOn: Day(r["held_on"] as String) ?? Day(year: 2000, month: 1, day: 1)!)
        e.place = r["place"]; e.languages = r["languages"]; e.interpretation = r["interpretation"]; e.childcare = r["childcare"]
        e.attendance = r["attendance"]; e.materials = r["materials"]
        return e
    }

    // MARK: conferences

    public func conferenceList(today: Day) -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "conferences cf JOIN schools s ON s.id = cf.school_id",
            id: "cf.id",
            columns: [
                .init("Year", display: "cf.school_year", sortKeys: ["cf.school_year", "cf.term"]),
                .init("Window", display: "CASE cf.term WHEN 'fall' THEN 'Fall' ELSE 'Spring' END", sortKeys: ["cf.term"]),
                .init("School", display: "s.code || CASE WHEN cf.grade != '' THEN ' gr ' || cf.grade ELSE '' END",
                      sortKeys: ["s.code COLLATE NOCASE", "cf.grade"]),
                .init("Conf.", display: "COALESCE(cf.conferenced, '—')", sortKeys: ["COALESCE(cf.conferenced, -1)"]),
                .init("Enrolled", display: "COALESCE(cf.enrolled, '—')", sortKeys: ["COALESCE(cf.enrolled, -1)"]),
                .init("Rate", display: "CASE WHEN cf.enrolled > 0 AND cf.conferenced IS NOT NULL THEN CAST(ROUND(cf.conferenced * 100.0 / cf.enrolled) AS INTEGER) || ' %' ELSE '—' END",
                      sortKeys: ["CASE WHEN cf.enrolled > 0 AND cf.conferenced IS NOT NULL THEN cf.conferenced * 1.0 / cf.enrolled ELSE -1 END"]),
                .init("Formats", display: "replace(replace(replace(replace(replace(cf.formats, 'in-person', 'in person'), 'home-visit', 'home visit'), ',', ', '), '  ', ' '), 'video', 'video')",
                      sortKeys: ["cf.formats"]),
            ],
            searchable: ["s.code", "s.name", "cf.school_year", "cf.interpreters", "cf.notes"],
            flag: "CASE WHEN cf.conferenced IS NULL OR cf.enrolled IS NULL THEN 'muted' END"))
    }

    /// Every window (year and term) that has conference rows, newest first.
    public func conferenceWindows() throws -> [(year: String, term: ConferenceTerm)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT school_year, term FROM conferences ORDER BY school_year DESC, term = 'fall'")
                .compactMap { r in ConferenceTerm(rawValue: r[1]).map { (r[0] as String, $0) } }
        }
    }

    /// Participation by school in one window beside the same window a year before. Grades of a
    /// school add up (only grades with both figures); every active school is listed.
    public func conferenceParticipation(year: String, term: ConferenceTerm) throws -> [ConferenceParticipation] {
        try read { db in try Self.conferenceParticipation(db, year: year, term: term) }
    }

    static func conferenceFigures(_ db: Database, year: String, term: ConferenceTerm) throws -> [Int64: (figure: ConferenceFigure, formats: String)] {
        var result: [Int64: (figure: ConferenceFigure, formats: String)] = [:]
        var rows: [Int64: [ConferenceFigure]] = [:], formats: [Int64: Set<String>] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT school_id, conferenced, enrolled, formats FROM conferences WHERE school_year = ? AND term = ?",
                                  arguments: [year, term.rawValue]) {
            let id: Int64 = r[0]
            rows[id, default: []].append(ConferenceFigure(schoolID: id, conferenced: r[1], enrolled: r[2]))
            formats[id, default: []].formUnion((r[3] as String).split(separator: ",").map(String.init))
        }
        for (id, figures) in rows {
            let complete = figures.filter { $0.conferenced != nil && $0.enrolled != nil }
            let figure = complete.isEmpty
                ? ConferenceFigure(schoolID: id, conferenced: figures.count == 1 ? figures[0].conferenced : nil, enrolled: figures.count == 1 ? figures[0].enrolled : nil)
                : ConferenceFigure(schoolID: id, conferenced: complete.reduce(0) { $0 + $1.conferenced! }, enrolled: complete.reduce(0) { $0 + $1.enrolled! })
            let shown = ConferenceFormat.allCases.filter { formats[id]?.contains($0.rawValue) ?? false }.map(\.label).joined(separator: ", ")
            result[id] = (figure, shown)
        }
        return result
    }

    static func conferenceParticipation(_ db: Database, year: String, term: ConferenceTerm) throws -> [ConferenceParticipation] {
        let now = try conferenceFigures(db, year: year, term: term)
        let before = try SelfAssessmentRules.previousYear(year).map { try conferenceFigures(db, year: $0, term: term) } ?? [:]
        return try Row.fetchAll(db, sql: "SELECT id, code, name, active FROM schools ORDER BY code COLLATE NOCASE, id").compactMap { r in
            let id: Int64 = r["id"]
            guard (r["active"] as Bool) || now[id] != nil else { return nil }
            return ConferenceParticipation(schoolID: id, code: r["code"], name: r["name"],
                                           now: now[id]?.figure ?? ConferenceFigure(schoolID: id, conferenced: nil, enrolled: nil),
                                           yearBefore: before[id]?.figure ?? ConferenceFigure(schoolID: id, conferenced: nil, enrolled: nil),
                                           formats: now[id]?.formats ?? "")
        }
    }

    /// The conference feedback survey's id, installing it (questions in English and Spanish) on first use.
    public func conferenceFeedbackSurveyID() throws -> Int64 {
        if let id = try surveyID(titled: ConferenceFeedbackSurvey.title) { return id }
        return try write { w in
            try w.authorize(.create, table: "surveys", scope: .district)
            try SurveySchema.installSurvey(w.db, title: ConferenceFeedbackSurvey.title, languages: ConferenceFeedbackSurvey.languages,
                                           labels: ShippedSurvey.labels, questions: ConferenceFeedbackSurvey.questions, at: w.at, by: w.login)
            let id = try Int64.fetchOne(w.db, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [ConferenceFeedbackSurvey.title])!
            try w.appendAudit(entity: "surveys", id: id, action: "insert", before: [:], after: AuditedWriter.fetchColumns(w.db, table: "surveys", id: id) ?? [:])
            return id
        }
    }

    /// The post-conference feedback of a window: the wave of the conference feedback survey tied to
    /// the window's conferences, and its first question's results for the district and each school,
    /// with the survey engine's suppression applied. nil when the window has no feedback wave.
    public func conferenceFeedback(year: String, term: ConferenceTerm) throws -> (question: String, district: ResultCell, bySchool: [Int64: ResultCell])? {
        guard let surveyID = try surveyID(titled: ConferenceFeedbackSurvey.title),
              let waveID = try read({ db in
                  try Int64.fetchOne(db, sql: """
                      SELECT survey_wave_id FROM conferences WHERE school_year = ? AND term = ? AND survey_wave_id IS NOT NULL
                      GROUP BY survey_wave_id ORDER BY COUNT(*) DESC LIMIT 1
                      """, arguments: [year, term.rawValue])
              }) else { return nil }
        let results = try surveyResults(surveyID: surveyID)
        guard let w = results.waves.firstIndex(where: { $0.waveID == waveID }), let question = results.waves[w].questions.first else { return nil }
        var bySchool: [Int64: ResultCell] = [:]
        for school in results.waves[w].schools { bySchool[school.id] = results.cell(wave: w, question: question, school: school.id) }
        return (question.text, results.cell(wave: w, question: question, school: nil), bySchool)
    }

    // MARK: the toolkit

    public func toolkitList() -> PagedList {
        let standards = """
            COALESCE((SELECT group_concat(code, ' ') FROM (SELECT st.code FROM standards st
              WHERE instr(',' || t.standard_ids || ',', ',' || st.id || ',') > 0 ORDER BY st.position)), '—')
            """
        return PagedList(store: self, query: ListQuery(
            from: "toolkit_resources t",
            id: "t.id",
            columns: [
                .init("Resource", display: "t.title", sortKeys: ["t.title COLLATE NOCASE"]),
                .init("Kind", display: "CASE t.kind WHEN 'guide' THEN 'Guide' WHEN 'video' THEN 'Video' WHEN 'handout' THEN 'Handout' ELSE 'Workshop kit' END",
                      sortKeys: ["t.kind"]),
                .init("Std.", display: standards, sortKeys: ["t.standard_ids"]),
                .init("Languages", display: "replace(t.languages, ',', ', ')", sortKeys: ["t.languages"]),
                .init("Grades", display: "t.grade_band"),
                .init("Reviewed", display: "COALESCE(t.reviewed_on, '—')", sortKeys: ["COALESCE(t.reviewed_on, '')"]),
            ],
            searchable: ["t.title", "t.languages", "t.location", "t.grade_band", "t.reviewed_by"]))
    }

    public func toolkitItems(language: String? = nil) throws -> [ToolkitItem] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, title, kind, standard_ids, languages, location, grade_band FROM toolkit_resources ORDER BY title COLLATE NOCASE, id")
                .map { r in
                    ToolkitItem(id: r["id"], title: r["title"], kind: ResourceKind(rawValue: r["kind"]) ?? .guide,
                                standardIDs: Set((r["standard_ids"] as String).split(separator: ",").compactMap { Int64($0) }),
                                languages: FamilyLanguages.list(r["languages"]), location: r["location"], gradeBand: r["grade_band"])
                }
                .filter { item in language.map { l in item.languages.contains { $0.lowercased() == l.lowercased() } } ?? true }
        }
    }

    /// The languages the gap view asks about: the district's family languages, then any other a resource is in.
    public func toolkitLanguages(_ items: [ToolkitItem]) -> [String] {
        var languages = FamilyLanguages.district
        for item in items { for l in item.languages where !languages.contains(where: { $0.lowercased() == l.lowercased() }) { languages.append(l) } }
        return languages
    }

    /// Standard × language pairs of the active framework that no resource covers.
    public func toolkitGaps() throws -> (standards: [AssessmentGrid.Standard], languages: [String], gaps: [(standard: Int64, language: String)]) {
        let items = try toolkitItems()
        let standards = try assessedStandards()
        let languages = toolkitLanguages(items)
        let gaps = OutreachRules.gaps(standards: standards.map(\.id), languages: languages,
                                      resources: items.map { ($0.standardIDs, Set($0.languages)) })
        return (standards, languages, gaps)
    }

    // MARK: launch steps

    public func launchStepList(year: String) -> PagedList {
        let list = PagedList(store: self, query: ListQuery(
            from: "launch_steps ls",
            id: "ls.id",
            columns: [
                .init("#", display: "ls.position", sortKeys: ["ls.position"]),
                .init("Launch step", display: "ls.title", sortKeys: ["ls.title COLLATE NOCASE"]),
                .init("Owner", display: "ls.owner", sortKeys: ["ls.owner COLLATE NOCASE"]),
                .init("Status", display: "CASE ls.status WHEN 'not-started' THEN 'Not started' WHEN 'under-way' THEN 'Under way' ELSE 'Done' END",
                      sortKeys: ["ls.status"]),
                .init("Miles.", display: "(SELECT COUNT(done_on) || '/' || COUNT(*) FROM launch_milestones m WHERE m.step_id = ls.id)"),
            ],
            searchable: ["ls.title", "ls.owner", "ls.notes"],
            flag: "CASE WHEN ls.status = 'done' THEN 'muted' END"))
        list.setExtraCondition("ls.school_year = ?", arguments: [.text(year)])
        return list
    }

    public func milestoneList(stepID: Int64, today: Day) -> PagedList {
        PagedList(store: self, query: ListQuery(
            from: "launch_milestones m",
            id: "m.id",
            columns: [
                .init("Due", display: "COALESCE(m.due_on, '—')", sortKeys: ["COALESCE(m.due_on, '9999')"]),
                .init("Milestone", display: "m.title", sortKeys: ["m.title COLLATE NOCASE"]),
                .init("Done", display: "COALESCE(m.done_on, CASE WHEN m.due_on < '\(today)' THEN 'overdue' ELSE '' END)",
                      sortKeys: ["COALESCE(m.done_on, '')"]),
            ],
            searchable: ["m.title"],
            condition: "m.step_id = \(stepID)",
            flag: "CASE WHEN m.done_on IS NULL AND m.due_on < '\(today)' THEN 'warning' WHEN m.done_on IS NOT NULL THEN 'muted' END"))
    }

    /// The plan's launch steps of a school year with their milestones and evidence from Facet's own
    /// data: what the dashboard and `facet report` show. `today` decides overdue milestones and
    /// which partnership reviews are recent.
    public func launchStepProgress(schoolYear: String, today: Day) throws -> [LaunchStepProgress] {
        let aligned = try alignedSQL(today: today)
        return try read { db in
            let steps = try Row.fetchAll(db, sql: "SELECT id, title, owner, status, evidence FROM launch_steps WHERE school_year = ? ORDER BY position, id",
                                         arguments: [schoolYear])
            guard !steps.isEmpty else { return [] }
            var milestones: [Int64: [Milestone]] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT m.step_id, m.title, m.due_on, m.done_on FROM launch_milestones m JOIN launch_steps ls ON ls.id = m.step_id
                WHERE ls.school_year = ?
                """, arguments: [schoolYear]) {
                milestones[r[0], default: []].append(Milestone(title: r[1], due: (r[2] as String?).flatMap(Day.init), done: (r[3] as String?).flatMap(Day.init)))
            }
            let facts = try Self.evidenceFacts(db, year: schoolYear, today: today, alignedSQL: aligned)
            return steps.map { r in
                LaunchStepRules.progress(id: r["id"], title: r["title"], owner: r["owner"], status: LaunchStepStatus(rawValue: r["status"]) ?? .notStarted,
                                         milestones: milestones[r["id"]] ?? [], evidence: LaunchEvidenceKind(rawValue: r["evidence"]) ?? .none,
                                         facts: facts, today: today)
            }
        }
    }

    /// Facet's figures for launch-step evidence in one school year.
    static func evidenceFacts(_ db: Database, year: String, today: Day, alignedSQL: String) throws -> EvidenceFacts {
        var f = EvidenceFacts()
        // Convenings of the plan's work so far: the groups began meeting before the launch year, and every meeting counts.
        let held = try Row.fetchOne(db, sql: "SELECT COUNT(*), COUNT(DISTINCT group_name) FROM convenings WHERE held_on <= ?", arguments: [today.description])!
        f.conveningsHeld = held[0]; f.conveningGroups = held[1]
        f.toolkitResources = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM toolkit_resources") ?? 0
        f.activeSchools = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schools WHERE active") ?? 0
        f.schoolsWithStrategy = try Int.fetchOne(db, sql: """
            SELECT COUNT(DISTINCT ss.school_id) FROM sip_strategies ss JOIN schools s ON s.id = ss.school_id
            WHERE ss.school_year = ? AND ss.status != 'dropped' AND s.active
            """, arguments: [year]) ?? 0
        let cutoff = PolicyAlignment.reviewCutoff(today: today).description
        let p = try Row.fetchOne(db, sql: """
            SELECT COUNT(*), COALESCE(SUM(p.last_review IS NOT NULL AND p.last_review >= ?), 0), COALESCE(SUM(\(alignedSQL)), 0)
            FROM partnerships p WHERE p.status = 'active'
            """, arguments: [cutoff])!
        f.activePartnerships = p[0]; f.partnershipsReviewed = p[1]; f.partnershipsAligned = p[2]
        let campaigns = try Row.fetchOne(db, sql: "SELECT COUNT(*), SUM(goal) FROM campaigns WHERE school_year = ?", arguments: [year])!
        f.campaigns = campaigns[0]; f.reachGoal = campaigns[1]
        let reach = try Row.fetchOne(db, sql: """
            SELECT COALESCE(SUM(e.families), 0), COUNT(DISTINCT e.school_id) FROM outreach_events e JOIN campaigns c ON c.id = e.campaign_id
            WHERE c.school_year = ?
            """, arguments: [year])!
        f.familiesReached = reach[0]; f.schoolsWithEvent = reach[1]
        // The latest window of the year with any complete figure.
        for term in [ConferenceTerm.spring, .fall] {
            let now = try conferenceFigures(db, year: year, term: term).values.map(\.figure)
            let combined = OutreachRules.combinedRate(now)
            guard combined.rate != nil else { continue }
            f.conferenceWindow = "\(term.label.lowercased()) \(year)"
            f.conferenceRate = combined.rate
            f.conferenceSchools = combined.reporting
            if let previous = SelfAssessmentRules.previousYear(year) {
                f.previousConferenceRate = OutreachRules.combinedRate(try conferenceFigures(db, year: previous, term: term).values.map(\.figure)).rate
            }
            break
        }
        return f
    }
}
