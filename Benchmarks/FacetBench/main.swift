// facet-bench: the queries behind each pane and the in-process cost of a key (handle + render into
// a Surface, no terminal), on a given database. Prints JSON; Benchmarks/run.py adds it to its report.
// `facet-bench --db Benchmarks/.data/large.sqlite [--iterations 200]`
import FacetApp
import FacetModel
import FacetStore
import Foundation
import TermUI

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

guard let path = argument("--db") else {
    FileHandle.standardError.write(Data("usage: facet-bench --db FILE [--iterations N] [--only GROUP] [--first KEYS [--read-ahead]]\n".utf8))
    exit(2)
}
let iterations = Int(argument("--iterations") ?? "200") ?? 200
/// `--only pd` (compliance, sessions, roster, check-in), `--only import` (the HR import),
/// `--only filters` (typing `/` on the lists and sorts of issue #11) or `--only panes` (the rest;
/// `--only sip` the SIP strategies list's keys alone): one group of cases, for a quicker run.
let only = argument("--only")
func wanted(_ group: String) -> Bool { only == nil || only == group }
let today = Day("2026-11-30")!

/// Median and p99 in milliseconds of running `body` `n` times.
func measure(_ n: Int, _ body: (Int) throws -> Void) rethrows -> [String: Double] {
    var samples: [Double] = []
    samples.reserveCapacity(n)
    for i in 0..<n {
        let start = DispatchTime.now().uptimeNanoseconds
        try body(i)
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return summary(samples)
}

/// As `measure`, timing only `step`, after an untimed `setup` each time (a fresh application).
func measure<T>(_ n: Int, setup: () throws -> T, _ step: (T) throws -> Void) rethrows -> [String: Double] {
    var samples: [Double] = []
    for _ in 0..<n {
        let value = try setup()
        let start = DispatchTime.now().uptimeNanoseconds
        try step(value)
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return summary(samples)
}

func summary(_ unsorted: [Double]) -> [String: Double] {
    let samples = unsorted.sorted()
    func at(_ q: Double) -> Double { samples[min(samples.count - 1, Int((Double(samples.count - 1) * q).rounded()))] }
    return ["median_ms": (at(0.5) * 1000).rounded() / 1000, "p99_ms": (at(0.99) * 1000).rounded() / 1000,
            "max_ms": ((samples.last ?? 0) * 1000).rounded() / 1000, "n": Double(samples.count)]
}

/// `--first "4 r"`: where the first press of a view in a session spends its time. The keys before the
/// last are pressed untimed; the last is timed three ways, each on a new application: first in this
/// process (nothing of Swift's or SQLite's warmed by it yet), again on the same store (the code and
/// the connection's page cache warm, nothing kept by the application), and on a new store (the code
/// warm, a new connection). Prints JSON and exits.
func keys(from spec: String) -> [Key] {
    spec.split(separator: " ").map { token -> Key in
        switch token {
        case "Enter": return .enter
        case "Esc": return .escape
        case "PgDn": return .pageDown
        case "PgUp": return .pageUp
        case "Down": return .down
        case "Up": return .up
        case "End": return .end
        case "Home": return .home
        case "Space": return .char(" ")
        default: return .char(token.first!)
        }
    }
}
if let spec = argument("--first") {
    let keys = keys(from: spec)
    let readingAhead = CommandLine.arguments.contains("--read-ahead")
    let size = Size(width: 80, height: 24)
    func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
    /// This thread's CPU time in ms: what the key cost, whatever else the machine was doing.
    func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }
    func lastKey(on store: FacetStore) -> [String: Double] {
        let start = DispatchTime.now().uptimeNanoseconds
        let a = FacetApplication(store: store, theme: .fallback, offerDemoWhenEmpty: false, today: today)
        _ = a.render(size: size)
        for key in keys.dropLast() { a.handle(.key(key)); _ = a.render(size: size) }
        let before = milliseconds(since: start)
        // The dashboard fills its tiles in the background: let that finish, as a user's first
        // minutes would, so the key is timed alone.
        Thread.sleep(forTimeInterval: 2)
        _ = a.render(size: size)
        let aheadStart = DispatchTime.now().uptimeNanoseconds
        if readingAhead { while a.prepareAhead() {} }
        let ahead = milliseconds(since: aheadStart)
        let lastStart = DispatchTime.now().uptimeNanoseconds, cpuStart = threadCPU()
        a.handle(.key(keys.last!))
        _ = a.render(size: size)
        return ["keys_before_ms": before, "read_ahead_ms": ahead, "last_key_ms": milliseconds(since: lastStart), "last_key_cpu_ms": threadCPU() - cpuStart]
    }
    do {
        let openStart = DispatchTime.now().uptimeNanoseconds
        let store = try FacetStore(path: path)
        let open = milliseconds(since: openStart)
        let first = lastKey(on: store)
        let again = lastKey(on: store)
        let other = try FacetStore(path: path)
        let newConnection = lastKey(on: other)
        let result: [String: Any] = ["keys": spec, "store_open_ms": open,
            "first_in_process": first, "same_store_new_app": again, "new_store_new_app": newConnection]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("facet-bench: \(error)\n".utf8))
        exit(1)
    }
}

do {
    let store = try FacetStore(path: path)
    var queries: [String: [String: Double]] = [:]
    let few = max(5, iterations / 20)
    let size = Size(width: 80, height: 24)
    var keys: [String: [String: Double]] = [:]
    func app() -> FacetApplication { FacetApplication(store: store, theme: .fallback, offerDemoWhenEmpty: false, today: today) }
    if wanted("panes") {
    queries["partnership_metric"] = try measure(few) { _ in _ = try store.alignmentMetric(today: today) }
    queries["partnership_breakdown"] = try measure(few) { _ in _ = try store.alignmentBreakdown(today: today) }
    queries["coverage_gaps"] = try measure(few) { _ in _ = try store.coverageGaps() }
    queries["renewal_counts"] = try measure(few) { _ in _ = try store.renewalCounts(today: today) }
    // An export imported straight back: every row parsed and checked against the database, nothing
    // written (it changes nothing). Needs a login that is a user of the database.
    if store.currentUser != nil {
        let exported = try store.exportPartnershipsCSV()
        queries["import_exported_partnerships"] = try measure(3) { _ in _ = try store.importPartnerships(csv: exported, dryRun: false) }
    }

    // In-process key handling and rendering, as the terminal loop does it.
    let opening = try measure(few) { _ in
        let a = app()
        a.handle(.key(.char("2")))
        _ = a.render(size: size)
    }
    keys["open_partnerships_pane"] = opening

    for (name, pane) in [("partnerships", "2"), ("roster", "5")] {
        let a = app()
        a.handle(.key(.char(Character(pane))))
        _ = a.render(size: size)
        keys["\(name)_move"] = measure(iterations) { _ in a.handle(.key(.down)); _ = a.render(size: size) }
        keys["\(name)_page"] = measure(iterations) { _ in a.handle(.key(.pageDown)); _ = a.render(size: size) }
        keys["\(name)_end_home"] = measure(max(10, iterations / 10)) { i in a.handle(.key(i % 2 == 0 ? .end : .home)); _ = a.render(size: size) }
        let word = name == "roster" ? "nguyen" : "youth"
        keys["\(name)_filter_typing"] = measure(max(12, iterations / 10)) { i in
            let k = i % (word.count + 1)
            a.handle(.key(k == word.count ? .escape : (k == 0 ? .char("/") : .char(Array(word)[k - 1]))))
            if k == 0 { a.handle(.key(.char(Array(word)[0]))) }
            _ = a.render(size: size)
        }
        a.handle(.key(.escape))
    }
    }
    if wanted("pd") {
    // PD rosters: the compliance report, the sessions, a roster, and the check-in search as each
    // letter is typed (1,000,000 enrollments on the large district). "_from_employees" is the
    // report computed afresh from every employee, as before v18; the others read the kept counts.
    queries["compliance_report_from_employees"] = try measure(3) { _ in _ = try store.complianceReportFromEmployees(today: today) }
    queries["compliance_report"] = try measure(few) { _ in _ = try store.complianceReport(today: today) }
    // The kept counts give the same figures as the fresh computation (1: yes).
    func sortedSchools(_ r: [CourseCompliance]) -> [CourseCompliance] {
        r.map { var c = $0; c.bySchool.sort { ($0.label, $0.counted, $0.current) < ($1.label, $1.counted, $1.current) }; return c }
    }
    queries["compliance_kept_equals_fresh"] = ["value": sortedSchools(try store.complianceReport(today: today))
        == sortedSchools(try store.complianceReportFromEmployees(today: today)) ? 1 : 0]
    queries["compliance_district"] = try measure(iterations / 4) { _ in _ = try store.complianceReport(today: today, bySchool: false) }
    // The sessions list's reads when `t` opens it at today's session: count, position, the page.
    queries["sessions_open_at_today"] = try measure(few * 2) { _ in
        let list = store.sessionList(today: today)
        _ = try list.count()
        if let next = try store.firstSession(onOrAfter: today), let at = try list.position(of: next) {
            _ = try list.rows(in: at..<(at + 22))
        }
    }
    // The check-in search for a surname's first letters on a store opened for it (SQLite's cache
    // empty, as after other work has taken its pages): what each letter reads, not what it finds
    // cached from the letter before. Those whose surname begins with the letters come from the name
    // index (a dozen rows); the search index's way read a row for each of up to 500 matches.
    if let session = try store.firstSession(onOrAfter: today) {
        let typed = ["kow", "kowal", "was", "washing", "ber", "xio", "whiteb", "fitzg"]
        var typedNext = 0
        queries["checkin_search_fresh_store"] = try measure(typed.count * 3, setup: { () -> FacetStore in
            let fresh = try FacetStore(path: path)
            _ = try fresh.session(id: session)  // the schema read, untimed
            return fresh
        }) { fresh in
            _ = try fresh.checkInMatches(sessionID: session, text: typed[typedNext % typed.count], limit: 10)
            typedNext += 1
        }
    }
    let someSchool = try store.schoolChoices().first?.code
    queries["compliance_one_school"] = try measure(iterations / 4) { _ in _ = try store.complianceReport(today: today, schoolCode: someSchool) }
    // The dashboard's snapshot (every tile, `facet metrics`, `facet report`): district and one school.
    queries["metrics_snapshot_district"] = try measure(max(3, few / 4)) { _ in _ = try store.metricsSnapshot(today: today, now: Date()) }
    let firstSchool = try store.schoolChoices().first?.code
    queries["metrics_snapshot_school"] = try measure(max(3, few / 4)) { _ in _ = try store.metricsSnapshot(schoolCode: firstSchool, today: today, now: Date()) }
    do {
        let a = app()
        a.handle(.key(.char("5")))
        keys["open_sessions"] = measure(few) { _ in a.handle(.key(.char("t"))); _ = a.render(size: size); a.handle(.key(.escape)) }
        a.handle(.key(.char("t")))
        keys["open_roster"] = measure(few) { _ in a.handle(.key(.enter)); _ = a.render(size: size); a.handle(.key(.escape)) }
        a.handle(.key(.enter))
        keys["roster_move"] = measure(iterations) { _ in a.handle(.key(.down)); _ = a.render(size: size) }
        a.handle(.key(.escape))
        a.handle(.key(.char("i")))
        let word = Array("nguyen")
        keys["checkin_typing"] = measure(max(12, iterations / 10)) { i in
            let k = i % (word.count + 1)
            a.handle(.key(k == word.count ? .ctrl("u") : .char(word[k])))
            _ = a.render(size: size)
        }
    }
    do {
        // `p`: the compliance view (district and by role), read on each press; `s`: by school.
        let a = app()
        a.handle(.key(.char("5")))
        _ = a.render(size: size)
        keys["open_compliance"] = measure(few * 2) { _ in a.handle(.key(.char("p"))); _ = a.render(size: size); a.handle(.key(.escape)) }
        keys["open_compliance_by_school"] = measure(few * 2) { _ in
            a.handle(.key(.char("p"))); a.handle(.key(.char("s"))); _ = a.render(size: size); a.handle(.key(.escape))
        }
        a.handle(.key(.char("p")))
        a.handle(.key(.char("s")))
        keys["compliance_by_school_move"] = measure(iterations) { _ in a.handle(.key(.down)); _ = a.render(size: size) }
        keys["compliance_by_school_page"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 8 < 6 ? .pageDown : .home)); _ = a.render(size: size) }
    }
    }
    // The HR import, on a copy: the whole staff again (nothing changes), then as many new employees.
    var imports: [String: [String: Double]] = [:]
    if wanted("import") {
    let copy = NSTemporaryDirectory() + "facet-bench-import-\(UUID().uuidString).sqlite"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
    try store.backup(to: copy)
    let scratch = try FacetStore(path: copy)
    let staff = try scratch.exportEmployeesCSV()
    imports["hr_import_dry_run"] = try measure(1) { _ in _ = try scratch.importEmployees(csv: staff, dryRun: true) }
    imports["hr_import_unchanged"] = try measure(1) { _ in _ = try scratch.importEmployees(csv: staff, dryRun: false) }
    let newcomers = staff.replacingOccurrences(of: "\r\nE", with: "\r\nN")
    imports["hr_import_all_new"] = try measure(1) { _ in _ = try scratch.importEmployees(csv: newcomers, dryRun: false) }
    }
    if wanted("panes") {

    let switching = app()
    keys["switch_pane"] = measure(iterations) { i in switching.handle(.key(.char(Character(String(i % 5 + 1))))); _ = switching.render(size: size) }

    // Survey results. "survey_results" is the full computation (every school × question × wave
    // read from the tallies, suppression applied) that exports use and that the screen did on its
    // first open before v19; the screen now reads the kept summaries of what it shows
    // ("survey_results_kept_screen": the waves, then a screenful's figures and the suppression facts).
    if let surveyID = try store.surveyID(titled: ShippedSurvey.title) {
        queries["survey_results"] = try measure(few) { _ in _ = try store.surveyResults(surveyID: surveyID) }
        queries["survey_results_kept_screen"] = try measure(few) { _ in
            let kept = try store.keptSurveyResults(surveyID: surveyID)
            let w = kept.waves.count - 1
            let shown = (0..<min(20, kept.schoolCount(wave: w))).map { kept.school(wave: w, at: $0).id }
            kept.prefetch(wave: w, schools: shown)
            for school in [nil] + shown.map(Optional.init) {
                _ = kept.responses(wave: w, school: school)
                for q in kept.waves[w].questions { _ = kept.cell(wave: w, question: q, school: school) }
            }
        }
        // `r` and `w` the first time after a change of the data: a fresh application each time, nothing kept.
        func surveysPane() -> FacetApplication {
            let a = app()
            a.handle(.key(.char("4")))
            _ = a.render(size: size)
            return a
        }
        keys["open_survey_results_first"] = measure(few, setup: surveysPane) { a in a.handle(.key(.char("r"))); _ = a.render(size: size) }
        keys["open_waves_first"] = measure(few, setup: surveysPane) { a in a.handle(.key(.char("w"))); _ = a.render(size: size) }
        keys["survey_results_wave_first"] = measure(few, setup: { () -> FacetApplication in
            let a = surveysPane()
            a.handle(.key(.char("r")))
            _ = a.render(size: size)
            return a
        }) { a in a.handle(.key(.char("["))); _ = a.render(size: size) }
        let a = app()
        a.handle(.key(.char("4")))
        keys["open_waves"] = measure(few) { _ in a.handle(.key(.char("w"))); _ = a.render(size: size); a.handle(.key(.escape)) }
        keys["open_survey_results"] = measure(few) { _ in a.handle(.key(.char("r"))); _ = a.render(size: size); a.handle(.key(.escape)) }
        a.handle(.key(.char("r")))
        keys["survey_results_move"] = measure(iterations) { i in a.handle(.key(i % 8 < 4 ? .down : .right)); _ = a.render(size: size) }
        keys["survey_results_page"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 8 < 6 ? .pageDown : .pageUp)); _ = a.render(size: size) }
        keys["survey_results_wave"] = measure(max(10, iterations / 10)) { i in a.handle(.key(.char(i % 2 == 0 ? "[" : "]"))); _ = a.render(size: size) }
        keys["survey_results_view"] = measure(max(10, iterations / 10)) { _ in a.handle(.key(.char("v"))); _ = a.render(size: size) }
        keys["survey_distribution"] = measure(max(10, iterations / 10)) { _ in a.handle(.key(.enter)); _ = a.render(size: size); a.handle(.key(.escape)) }
        a.handle(.key(.char("v")))
        a.handle(.key(.char("v")))
        for _ in 0..<2_000 { a.handle(.key(.up)) }
        keys["survey_distribution_district"] = measure(max(10, iterations / 10)) { _ in
            a.handle(.key(.enter)); _ = a.render(size: size); a.handle(.key(.escape))
        }
    }

    // The self-assessment grid: the rows on screen and their kept sums (assessment_sums), read as
    // they come into view, then its keys. The "_from_ratings" and
    // "_from_strategies" cases are the same figures computed afresh, as before v17.
    queries["assessment_grid"] = try measure(few) { _ in _ = try store.assessmentGrid(year: "2026-27") }
    queries["assessment_grid_from_ratings"] = try measure(few) { _ in _ = try store.assessmentGridFromRatings(year: "2026-27") }
    queries["sip_coverage"] = try measure(few) { _ in _ = try store.strategyCoverage(year: "2026-27", today: today) }
    queries["sip_coverage_from_strategies"] = try measure(few) { _ in _ = try store.strategyCoverageFromStrategies(year: "2026-27", today: today) }
    // What the grid and the coverage read now: the header's aggregates and the first screen's rows.
    queries["assessment_grid_pages"] = try measure(few) { _ in _ = try store.assessmentGridPages(year: "2026-27").rows(in: 0..<18) }
    queries["sip_coverage_pages"] = try measure(few) { _ in _ = try store.strategyCoveragePages(year: "2026-27", today: today).rows(in: 0..<18) }
    queries["sip_headline"] = try measure(few) { _ in _ = try store.strategyHeadline(year: "2026-27", today: today) }
    do {
        // `c` on the standards list: the SIP coverage of every school, read on each press.
        let a = app()
        a.handle(.key(.char("3")))
        keys["open_sip_coverage"] = measure(few) { _ in
            a.handle(.key(.char("c")))
            _ = a.render(size: size)
            a.handle(.key(.escape))
        }
    }
    do {
        keys["open_assessment_grid"] = measure(few) { _ in
            let a = app()
            a.handle(.key(.char("3")))
            a.handle(.key(.char("a")))
            _ = a.render(size: size)
        }
        let a = app()
        a.handle(.key(.char("3")))
        a.handle(.key(.char("a")))
        keys["assessment_grid_move"] = measure(iterations) { i in a.handle(.key(i % 4 < 2 ? .down : (i % 4 == 2 ? .right : .left))); _ = a.render(size: size) }
        keys["assessment_grid_page"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 2 == 0 ? .pageDown : .pageUp)); _ = a.render(size: size) }
        keys["assessment_grid_year"] = measure(max(10, iterations / 10)) { i in a.handle(.key(.char(i % 2 == 0 ? "[" : "]"))); _ = a.render(size: size) }
        keys["assessment_grid_end_home"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 2 == 0 ? .end : .home)); _ = a.render(size: size) }
    }
    do {
        // The keys alone, each on an application that has read nothing of the grid yet: `a` on the
        // standards pane, and `[` (a year not yet read) in a grid just opened.
        func standardsShown() -> FacetApplication {
            let a = app()
            a.handle(.key(.char("3")))
            _ = a.render(size: size)
            return a
        }
        var fresh = (0..<few).map { _ in standardsShown() }
        keys["assessment_grid_open_key"] = measure(few) { i in fresh[i].handle(.key(.char("a"))); _ = fresh[i].render(size: size) }
        keys["assessment_grid_year_unread"] = measure(few) { i in fresh[i].handle(.key(.char("["))); _ = fresh[i].render(size: size) }
        fresh = (0..<few).map { _ in standardsShown() }
        keys["sip_coverage_open_key"] = measure(few) { i in fresh[i].handle(.key(.char("c"))); _ = fresh[i].render(size: size) }
        // In the coverage: moves, pages, End and Home.
        let a = fresh[0]
        keys["sip_coverage_move"] = measure(iterations) { i in a.handle(.key(i % 4 == 3 ? .up : .down)); _ = a.render(size: size) }
        keys["sip_coverage_page"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 3 == 2 ? .pageUp : .pageDown)); _ = a.render(size: size) }
        keys["sip_coverage_end_home"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 2 == 0 ? .end : .home)); _ = a.render(size: size) }
    }

    // Outreach: the campaign's reach by school (10,000 events on the large district), conference
    // participation beside the year before, the toolkit's gaps and the launch steps with evidence.
    if let campaign = try store.mainCampaign(year: "2026-27") {
        queries["campaign_reach"] = try measure(few) { _ in _ = try store.campaignReach(campaignID: campaign.id, today: today) }
    }
    queries["conference_participation"] = try measure(few) { _ in _ = try store.conferenceParticipation(year: "2026-27", term: .fall) }
    queries["toolkit_gaps"] = try measure(few) { _ in _ = try store.toolkitGaps() }
    queries["launch_step_progress"] = try measure(few) { _ in _ = try store.launchStepProgress(schoolYear: "2026-27", today: today) }
    do {
        let a = app()
        a.handle(.key(.char("6")))
        _ = a.render(size: size)
        keys["outreach_open_pane"] = measure(few) { _ in
            let b = app()
            b.handle(.key(.char("6")))
            _ = b.render(size: size)
        }
        keys["outreach_move"] = measure(iterations) { i in a.handle(.key(i % 2 == 0 ? .down : .up)); _ = a.render(size: size) }
        keys["outreach_page"] = measure(max(10, iterations / 4)) { _ in a.handle(.key(.pageDown)); _ = a.render(size: size) }
        // The reach view reads the campaign afresh each time it opens.
        keys["outreach_open_reach"] = measure(few) { _ in a.handle(.key(.char("r"))); _ = a.render(size: size); a.handle(.key(.escape)) }
        a.handle(.key(.char("t")))
        keys["outreach_open_gaps"] = measure(few) { _ in a.handle(.key(.char("g"))); _ = a.render(size: size); a.handle(.key(.escape)) }
        a.handle(.key(.escape))
        a.handle(.key(.char("f")))
        keys["outreach_open_participation"] = measure(few) { _ in a.handle(.key(.char("p"))); _ = a.render(size: size); a.handle(.key(.escape)) }
        a.handle(.key(.escape))
        a.handle(.key(.char("l")))
        keys["outreach_open_progress"] = measure(few) { _ in a.handle(.key(.char("v"))); _ = a.render(size: size); a.handle(.key(.escape)) }
    }

    }

    // `/` typed letter by letter and Esc, on the lists and sort orders where run.py's sweep found
    // keys over a frame (issue #11): each letter is one key (handle + render), the first and second
    // letters apart (they cannot use the trigram index), then Esc. Also the dashboard's schools, the
    // first PgDn after opening them, and Enter on the dashboard's first tile, each on a fresh application.
    if wanted("filters") {
        let words = max(5, iterations / 20)
        for (name, into, sorts, word) in [("roster_by_number", "5", 0, "kowalski"), ("roster_by_name", "5", 1, "kowalski"),
                                          ("roster_by_role", "5", 2, "kowalski"),
                                          ("partnerships_by_partner", "2", 0, "library"), ("partnerships_by_tier", "2", 1, "library"),
                                          ("sessions_by_when", "5t", 0, "library"), ("sessions_by_title", "5t", 2, "library"),
                                          ("schools_by_code", "1l", 0, "lake")] {
            let a = app()
            for c in into { a.handle(.key(.char(c))) }
            for _ in 0..<sorts { a.handle(.key(.char("s"))) }
            _ = a.render(size: size)
            var first: [Double] = [], second: [Double] = [], rest: [Double] = [], esc: [Double] = []
            func timed(_ key: Key) -> Double {
                let start = DispatchTime.now().uptimeNanoseconds
                a.handle(.key(key))
                _ = a.render(size: size)
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            }
            for _ in 0..<words {
                a.handle(.key(.char("/")))
                for (i, c) in word.enumerated() {
                    let ms = timed(.char(c))
                    if i == 0 { first.append(ms) } else if i == 1 { second.append(ms) } else { rest.append(ms) }
                }
                esc.append(timed(.escape))
            }
            keys["\(name)_filter_letter_1"] = summary(first)
            keys["\(name)_filter_letter_2"] = summary(second)
            keys["\(name)_filter_letters_3_on"] = summary(rest)
            keys["\(name)_filter_esc"] = summary(esc)
        }
        // The sessions list's reads for one word, apart: the count (which reads the matching ids)
        // and the first page (which walks the order keeping them), each on a fresh list.
        for word in ["lib", "library"] {
            queries["sessions_filter_\(word)_count"] = try measure(words, setup: { () -> PagedList in
                let list = store.sessionList(today: today)
                list.setFilter(word)
                return list
            }) { list in _ = try list.count() }
            queries["sessions_filter_\(word)_first_page"] = try measure(words, setup: { () -> PagedList in
                let list = store.sessionList(today: today)
                list.setFilter(word)
                _ = try list.count()
                return list
            }) { list in _ = try list.rows(in: 0..<22) }
        }
        keys["schools_first_page_down"] = measure(words, setup: { () -> FacetApplication in
            let a = app()
            a.handle(.key(.char("1")))
            a.handle(.key(.char("l")))
            _ = a.render(size: size)
            for _ in 0..<3 { a.handle(.key(.down)); _ = a.render(size: size) }
            return a
        }) { a in a.handle(.key(.pageDown)); _ = a.render(size: size) }
        // Enter on the alignment tile: the partnerships not aligned. "_metric_kept": the partnerships
        // pane was shown first (its header keeps the metric, which gives the list's count), as in
        // run.py's sweep; "_nothing_kept": a fresh application on the dashboard alone (counted).
        for (label, first) in [("dashboard_enter_first_tile_metric_kept", "2"), ("dashboard_enter_first_tile_nothing_kept", "1")] {
            keys[label] = measure(words, setup: { () -> FacetApplication in
                let a = app()
                a.handle(.key(.char(Character(first))))
                _ = a.render(size: size)
                a.handle(.key(.char("1")))
                _ = a.render(size: size)
                return a
            }) { a in a.handle(.key(.enter)); _ = a.render(size: size) }
        }
    }

    if wanted("panes") || only == "sip" {
        // The SIP strategies list sorted by its standards (sort 4, "Std."): `s` into that sort,
        // PgDn, End and Home, `S` both ways, the letters of a filter word and Esc clearing it.
        func strategiesShown() -> FacetApplication {
            let a = app()
            a.handle(.key(.char("3")))
            a.handle(.key(.char("p")))
            _ = a.render(size: size)
            return a
        }
        let a = strategiesShown()
        keys["sip_strategies_open"] = measure(few) { _ in
            a.handle(.key(.escape))
            a.handle(.key(.char("p")))
            _ = a.render(size: size)
        }
        var fresh = (0..<few).map { _ -> FacetApplication in
            let b = strategiesShown()
            for _ in 0..<2 { b.handle(.key(.char("s"))) }
            _ = b.render(size: size)
            return b
        }
        keys["sip_strategies_std_sort_key"] = measure(few) { i in fresh[i].handle(.key(.char("s"))); _ = fresh[i].render(size: size) }
        fresh = []
        for _ in 0..<3 { a.handle(.key(.char("s"))) }
        _ = a.render(size: size)
        keys["sip_strategies_std_page"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 8 < 6 ? .pageDown : .pageUp)); _ = a.render(size: size) }
        keys["sip_strategies_std_end_home"] = measure(max(10, iterations / 4)) { i in a.handle(.key(i % 2 == 0 ? .end : .home)); _ = a.render(size: size) }
        keys["sip_strategies_std_reverse"] = measure(max(10, iterations / 10)) { _ in a.handle(.key(.char("S"))); _ = a.render(size: size) }
        // Each letter timed alone; `/` (and Esc clearing the last word) before the first, untimed.
        let word = Array("family")
        var typed = 0
        keys["sip_strategies_std_filter_letter"] = measure(max(12, iterations / 5), setup: { () -> Character in
            let k = typed % word.count
            typed += 1
            if k == 0 { a.handle(.key(.escape)); a.handle(.key(.char("/"))); _ = a.render(size: size) }
            return word[k]
        }) { letter in a.handle(.key(.char(letter))); _ = a.render(size: size) }
        keys["sip_strategies_std_filter_clear"] = measure(max(5, iterations / 20), setup: {
            a.handle(.key(.escape))
            a.handle(.key(.char("/")))
            a.handle(.key(.char("f")))
            _ = a.render(size: size)
        }) { _ in a.handle(.key(.escape)); _ = a.render(size: size) }
    }

    let counts = try store.counts()
    let result: [String: Any] = [
        "district": ["schools": counts["schools"] ?? 0, "partnerships": counts["partnerships"] ?? 0, "employees": counts["employees"] ?? 0],
        "queries": queries, "in_process_keys": keys, "imports": imports,
    ]
    let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("facet-bench: \(error)\n".utf8))
    exit(1)
}
