import FacetModel
import Foundation
import GRDB

/// The table of targets (migration `v13-targets`): one goal per metric and school year.
enum TargetsSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE metric_targets (
                id INTEGER PRIMARY KEY,
                metric TEXT NOT NULL CHECK (metric IN (\(MetricID.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")))),
                school_year TEXT NOT NULL,
                target REAL NOT NULL CHECK (target >= 0 AND target <= 100),
                \(Migrations.bookkeeping),
                UNIQUE (metric, school_year)
            );
            """)
    }
}

extension FacetStore {
    // MARK: targets

    /// The targets set for `year` (every year when nil), in metric order.
    public func metricTargets(year: String? = nil) throws -> [MetricTarget] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT metric, school_year, target FROM metric_targets WHERE (? IS NULL OR school_year = ?)",
                             arguments: [year, year]).compactMap { r in
                MetricID(rawValue: r["metric"]).map { MetricTarget(metric: $0, schoolYear: r["school_year"], value: r["target"]) }
            }.sorted { ($0.schoolYear, $0.metric) < ($1.schoolYear, $1.metric) }
        }
    }

    /// Sets (or replaces) the target of `metric` for `year`, audited; admins only.
    public func setMetricTarget(_ metric: MetricID, year: String, value: Double) throws {
        guard SelfAssessmentRules.isSchoolYear(year) else { throw StoreError.invalid("A school year is written like 2026-27.") }
        if let problem = MetricTarget.problem(value, for: metric) { throw StoreError.invalid(problem) }
        try write { w in
            if let row = try Row.fetchOne(w.db, sql: "SELECT id, version FROM metric_targets WHERE metric = ? AND school_year = ?",
                                          arguments: [metric.rawValue, year]) {
                _ = try w.update("metric_targets", id: row["id"], expectedVersion: row["version"], changes: ["target": value])
            } else {
                _ = try w.insert(into: "metric_targets", values: ["metric": metric.rawValue, "school_year": year, "target": value])
            }
        }
    }

    /// Targets as a list for the dashboard's targets screen.
    public func metricTargetList() -> PagedList {
        let labels = "CASE t.metric " + MetricID.allCases.map { "WHEN '\($0.rawValue)' THEN '\($0.label)'" }.joined(separator: " ") + " ELSE t.metric END"
        let order = "CASE t.metric " + MetricID.allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ") + " END"
        return PagedList(store: self, query: ListQuery(
            from: "metric_targets t",
            id: "t.id",
            columns: [
                .init("Year", display: "t.school_year", sortKeys: ["t.school_year"]),
                .init("Metric", display: labels, sortKeys: [order]),
                .init("Target", display: "CASE WHEN t.metric = '\(MetricID.selfAssessment.rawValue)' THEN printf('%.1f', t.target) ELSE printf('%d%%', CAST(round(t.target) AS INTEGER)) END",
                      sortKeys: ["t.target"]),
            ],
            searchable: ["t.school_year", "t.metric"]))
    }

    // MARK: the snapshot

    /// The first day of `year` as the school-years table gives it, else 1 July of its first year.
    func schoolYearStart(_ year: String) throws -> Day {
        if let stored = try read({ db in try String.fetchOne(db, sql: "SELECT starts FROM school_years WHERE name = ?", arguments: [year]) }),
           let day = Day(stored) { return day }
        let first = Int(year.prefix(4)) ?? 2000
        return Day(String(format: "%04d-07-01", first))!
    }

    /// Every figure of the dashboard, `facet metrics` and `facet report`, for the district
    /// (`schoolCode` nil) or one school, on `today` (`now` for family contacts' reply times).
    /// `year` (default: the school year of `today`) chooses the year-bound figures — SIP coverage,
    /// self-assessment, the survey's waves up to that year, the targets; the others are as of today.
    /// Each figure is read by the same store query its pane uses.
    public func metricsSnapshot(schoolCode: String? = nil, year: String? = nil, today: Day, now: Date) throws -> MetricsSnapshot {
        let year = year ?? SelfAssessmentRules.schoolYear(of: today)
        guard SelfAssessmentRules.isSchoolYear(year) else { throw StoreError.invalid("A school year is written like 2026-27.") }
        var scope = MetricsSnapshot.Scope.district
        var schoolID: Int64?
        if let schoolCode {
            guard let found = try school(code: schoolCode) else { throw StoreError.invalid("There is no school with the code \(schoolCode).") }
            scope = .init(kind: "school", code: found.code, name: found.name)
            schoolID = found.id
        }
        let contacts = try overdueContactCount(now: now, schoolID: schoolID)
        let renewals = try renewalCounts(today: today, schoolID: schoolID)
        return MetricsSnapshot(
            asOf: today, schoolYear: year, scope: scope,
            partnerships: try partnershipFigures(schoolID: schoolID, today: today, yearStart: schoolYearStart(year)),
            survey: try surveyFigures(schoolID: schoolID, year: year),
            training: .init(courses: try complianceReport(today: today, schoolCode: scope.code, bySchool: false).map {
                .init(code: $0.course.code, title: $0.course.title, current: $0.district.current, counted: $0.district.counted, inGrace: $0.district.inGrace)
            }),
            sipCoverage: try coverageFigures(schoolID: schoolID, year: year, today: today),
            selfAssessment: try selfAssessmentFigures(schoolID: schoolID, year: year),
            familyContacts: .init(open: contacts.open, overdue: contacts.overdue),
            renewals: .init(endingSoon: renewals.endingSoon, reviewOverdue: renewals.reviewOverdue),
            plan: try launchStepProgress(schoolYear: year, today: today).map(MetricsSnapshot.PlanStep.init),
            targets: try metricTargets(year: year))
    }

    /// SQL over `p` limiting partnerships to those serving a school (district-wide ones serve every
    /// school, as in the partnerships breakdown); "1" for the district.
    static func partnershipScopeSQL(schoolID: Int64?) -> String {
        guard let schoolID else { return "1" }
        return "(p.district_wide = 1 OR EXISTS (SELECT 1 FROM partnership_schools ps WHERE ps.partnership_id = p.id AND ps.school_id = \(schoolID)))"
    }

    /// Aligned of active now, and the same judged on the first day of the school year: the
    /// partnerships active then by their dates (started by then, not ended before it; still active
    /// or ended since), each criterion judged on that day.
    func partnershipFigures(schoolID: Int64?, today: Day, yearStart: Day) throws -> MetricsSnapshot.Partnerships {
        let scope = Self.partnershipScopeSQL(schoolID: schoolID)
        let alignedNow = try alignedSQL(today: today)
        let alignedThen = try alignedSQL(today: yearStart)
        let start = yearStart.description
        return try read { db in
            let now = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(\(alignedNow)), 0) AS a FROM partnerships p WHERE p.status = 'active' AND \(scope)")!
            let then = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, COALESCE(SUM(\(alignedThen)), 0) AS a FROM partnerships p
                WHERE (p.status = 'active' OR (p.status = 'ended' AND p.end_date >= '\(start)'))
                  AND (p.start_date IS NULL OR p.start_date <= '\(start)') AND (p.end_date IS NULL OR p.end_date >= '\(start)')
                  AND \(scope)
                """)!
            return .init(aligned: now["a"], active: now["n"], yearStartAligned: then["a"], yearStartActive: then["n"])
        }
    }

    /// The headline question of the first survey that has results: "overall" satisfaction when
    /// it asks it, else its first 5-point question. Figures come from `SurveyResults`, so a small
    /// group is suppressed exactly as on the results screen and in its export.
    func surveyFigures(schoolID: Int64?, year: String) throws -> MetricsSnapshot.Survey? {
        let surveys = try read { db in try Row.fetchAll(db, sql: "SELECT id, title FROM surveys ORDER BY id") }
        for survey in surveys {
            // Only the headline question's tallies are read; the survey's minimum and waves are the same.
            let code = try read { db in
                try String.fetchOne(db, sql: """
                    SELECT code FROM survey_questions WHERE survey_id = ? AND (code = 'overall' OR kind = 'scale-5')
                    ORDER BY code = 'overall' DESC, position, id LIMIT 1
                    """, arguments: [survey["id"]])
            }
            guard let code else { continue }
            let results = try surveyResults(surveyID: survey["id"], questionCode: code)
            let waves = results.waves.indices.filter { results.waves[$0].schoolYear <= year }
            guard let last = waves.last else { continue }
            let questions = results.waves[last].questions
            guard let headline = questions.first(where: { $0.code == code }) else { continue }
            var shownWaves: [MetricsSnapshot.SurveyWave] = []
            for w in waves {
                let wave = results.waves[w]
                if let schoolID, !wave.schools.contains(where: { $0.id == schoolID }) { continue }
                guard let q = results.question(headline.questionID, inWave: w) else { continue }
                let cell = results.cell(wave: w, question: q, school: schoolID)
                let responses = results.responses(wave: w, school: schoolID)
                shownWaves.append(.init(label: wave.label, schoolYear: wave.schoolYear, shown: cell.shown, percentFavourable: cell.percentFavourable,
                                        answers: cell.n, responses: responses?.count, invited: responses?.invited, responseRate: responses?.rate))
            }
            return .init(id: survey["id"], title: survey["title"], questionCode: headline.code, questionText: headline.text, minimumGroup: results.minimum, waves: shownWaves)
        }
        return nil
    }

    /// Schools with a strategy of the year for each standard (dropped ones do not count), from
    /// the Standards pane's coverage; the same for the year before, as a percent of pairs.
    func coverageFigures(schoolID: Int64?, year: String, today: Day) throws -> MetricsSnapshot.Coverage {
        func count(_ coverage: StrategyCoverage) -> (schools: Int, byStandard: [Int]) {
            let schools = coverage.schools.filter { schoolID == nil || $0.id == schoolID }
            return (schools.count, coverage.standards.map { st in schools.filter { coverage.covered[$0.id]?.contains(st.id) == true }.count })
        }
        let now = try strategyCoverage(year: year, today: today)
        let counted = count(now)
        var previous: Double?
        if let before = SelfAssessmentRules.previousYear(year) {
            let c = count(try strategyCoverage(year: before, today: today))
            previous = MetricsSnapshot.Coverage.percent(schools: c.schools, covered: c.byStandard)
        }
        return .init(schools: counted.schools,
                     standards: zip(now.standards, counted.byStandard).map { .init(code: $0.code, title: $0.title, schools: $1) },
                     previousYearPercent: previous)
    }

    /// The mean rating of each standard of the active framework in `year` (every rating of the
    /// scope's schools counts once), from the self-assessment grid's grouped sums.
    func selfAssessmentFigures(schoolID: Int64?, year: String) throws -> MetricsSnapshot.SelfAssessment {
        let grid = try assessmentGrid(year: year)
        let schools = grid.schools.filter { schoolID == nil || $0.id == schoolID }.map(\.id)
        let shown = Set(grid.standards.map(\.id))
        func total(_ cells: [Int64: [Int64: AssessmentCell]], standard: Int64?) -> AssessmentCell {
            var sum = AssessmentCell()
            for s in schools {
                for (st, cell) in cells[s] ?? [:] where standard.map({ $0 == st }) ?? shown.contains(st) {
                    sum.sum += cell.sum
                    sum.count += cell.count
                }
            }
            return sum
        }
        let standards = grid.standards.map { st in
            let cell = total(grid.cells, standard: st.id)
            return MetricsSnapshot.StandardAverage(code: st.code, title: st.title, average: cell.average, ratings: cell.count)
        }
        let rated = schools.filter { !(grid.cells[$0] ?? [:]).isEmpty }.count
        return .init(standards: standards, average: total(grid.cells, standard: nil).average,
                     previousYearAverage: total(grid.previous, standard: nil).average, schoolsRated: rated)
    }
}
