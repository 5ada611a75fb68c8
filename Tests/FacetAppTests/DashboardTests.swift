import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// The dashboard on the demo district: tiles from the one snapshot, Enter to the filtered list,
/// choosing a school, targets in words, and the three outputs agreeing.
final class DashboardTests: XCTestCase {
    static let today = Day("2026-11-30")!
    var folder: URL!
    var path: String { folder.appendingPathComponent("facet.sqlite").path }
    var noon: Date { Date(timeIntervalSince1970: TimeInterval(Self.today.ordinal) * 86_400 + 43_200) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-dash-\(UUID().uuidString)")
        try DemoTemplate.copy(to: path, login: "tester", seed: 2026)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func app(login: String = "tester") throws -> FacetApplication {
        FacetApplication(store: try FacetStore(path: path, login: login), theme: .monochrome, today: Self.today)
    }

    func text(_ app: FacetApplication, width: Int = 80, height: Int = 24) -> String {
        app.render(size: Size(width: width, height: height)).lines.joined(separator: "\n")
    }

    func testTheDashboardShowsEveryFigureOfTheSnapshotAndTheReportAndMetricsAgree() throws {
        let app = try app()
        let screen = text(app, width: 132, height: 43)
        let snapshot = try app.store.metricsSnapshot(today: Self.today, now: noon)
        let dashboard = try XCTUnwrap(app.top as? DashboardScreen)
        XCTAssertEqual(dashboard.snapshot, snapshot, "the dashboard renders the store's snapshot")
        let json = try MetricsReport.json(snapshot)
        let decoded = try JSONDecoder().decode(MetricsSnapshot.self, from: Data(json.utf8))
        let html = MetricsReport.html(snapshot), markdown = MetricsReport.markdown(snapshot), csv = MetricsReport.csv(snapshot)
        for f in snapshot.figures {
            XCTAssertEqual(decoded[MetricID(rawValue: f.metric)!].value, f.value, f.metric)
            XCTAssertTrue(html.contains(">\(f.display)<"), "HTML holds \(f.label) \(f.display)")
            XCTAssertTrue(markdown.contains("| \(f.label) | \(f.display) |"), "Markdown holds \(f.label)")
            XCTAssertTrue(csv.contains(",\(f.metric),,"), "CSV holds \(f.metric)")
        }
        let p = snapshot.partnerships
        XCTAssertTrue(screen.contains("\(MetricUnit.percent.format(p.percent)) aligned · \(p.aligned) of \(p.active) active"), screen)
        XCTAssertTrue(screen.contains("\(snapshot.renewals.reviewOverdue) due for review · \(snapshot.renewals.endingSoon) ending"), screen)
        for course in snapshot.training.courses { XCTAssertTrue(screen.contains(course.code), "\(course.code) bar:\n\(screen)") }
        for wave in try XCTUnwrap(snapshot.survey).waves { XCTAssertTrue(screen.contains(wave.label), "\(wave.label):\n\(screen)") }
        // The plan's launch steps: the same steps in the snapshot's JSON, the report, the CSV and on the tile.
        XCTAssertEqual(snapshot.plan.count, 6, "the plan's six launch steps")
        XCTAssertEqual(decoded.plan, snapshot.plan)
        let progress = try app.store.launchStepProgress(schoolYear: snapshot.schoolYear, today: Self.today)
        XCTAssertEqual(snapshot.plan.map(\.title), progress.map(\.title), "the snapshot carries the store's launch-step progress")
        XCTAssertEqual(snapshot.plan.map(\.evidence), progress.map { $0.evidence?.sentence })
        for step in snapshot.plan {
            XCTAssertTrue(html.contains(MetricsReport.escape(step.title)), "HTML holds \(step.title)")
            XCTAssertTrue(markdown.contains("| \(step.title) |"), "Markdown holds \(step.title)")
            if let evidence = step.evidence {
                XCTAssertTrue(html.contains(MetricsReport.escape(evidence)), "HTML holds the evidence \(evidence)")
                XCTAssertTrue(markdown.contains(evidence), "Markdown holds the evidence \(evidence)")
            }
        }
        XCTAssertEqual(csv.components(separatedBy: ",launch-step,").count - 1, snapshot.plan.count, csv)
        let done = snapshot.plan.filter { $0.status == "done" }.count, underWay = snapshot.plan.filter { $0.status == "under-way" }.count
        XCTAssertTrue(screen.contains("\(done) done · \(underWay) under way · \(6 - done - underWay) not started"), screen)
    }

    func testEnterOnThePlanTileOpensEachStepsProgressInTheOutreachPane() throws {
        let app = try app()
        _ = text(app)
        // The plan's tile is the last: renewals is three rows down, the plan beside it.
        for _ in 0..<3 { app.handle(.key(.down)) }
        app.handle(.key(.right))
        let dashboard = text(app)
        XCTAssertTrue(dashboard.contains("The plan's launch steps"), dashboard)
        app.handle(.key(.enter))
        XCTAssertEqual(app.currentPane, 5, "on the outreach pane")
        let screen = text(app)
        XCTAssertTrue(screen.contains("progress"), screen)
        let steps = try app.store.launchStepProgress(schoolYear: "2026-27", today: Self.today)
        XCTAssertTrue(screen.contains(String(steps[0].title.prefix(30))), "the first step's progress:\n\(screen)")
    }

    func testTheHTMLReportParsesHoldsEveryMetricAndFetchesNothing() throws {
        let store = try FacetStore(path: path, login: "tester")
        try store.setMetricTarget(.partnershipsAligned, year: "2026-27", value: 90)
        let html = MetricsReport.html(try store.metricsSnapshot(today: Self.today, now: noon))
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("src="), "no outside resources")
        XCTAssertFalse(html.contains("href="), "no links to load")
        XCTAssertTrue(html.contains("<svg"))
        for metric in MetricID.allCases { XCTAssertTrue(html.contains(metric.label), metric.label) }
        XCTAssertTrue(html.contains("off track"), "the target's status in words")
        // Python's HTML parser walks it; every element opened is closed, in order (void ones aside).
        let file = folder.appendingPathComponent("report.html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        let checker = """
            import sys, html.parser
            VOID = {"meta", "br", "hr", "img", "input", "link", "rect", "line"}
            class P(html.parser.HTMLParser):
                def __init__(self):
                    super().__init__(); self.stack = []; self.errors = []
                def handle_starttag(self, tag, attrs):
                    if tag not in VOID: self.stack.append(tag)
                def handle_startendtag(self, tag, attrs): pass
                def handle_endtag(self, tag):
                    if tag in VOID: return
                    if not self.stack or self.stack[-1] != tag: self.errors.append("unexpected </%s> at %s" % (tag, self.getpos()))
                    else: self.stack.pop()
            p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
            if p.errors or p.stack: print(p.errors, p.stack); sys.exit(1)
            print("ok")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", checker, file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, said)
        XCTAssertEqual(said.trimmingCharacters(in: .whitespacesAndNewlines), "ok")
    }

    func testEnterOnTheAlignmentTileOpensThePartnershipsNotAlignedAndEnterOnRenewalsTheOverdueReviews() throws {
        let app = try app()
        _ = text(app)
        app.handle(.key(.enter))
        XCTAssertEqual(app.currentPane, 1, "on the partnerships pane")
        var screen = text(app)
        XCTAssertTrue(screen.contains("Filter: status:Active · not aligned"), screen)
        app.handle(.key(.char("1")))
        XCTAssertTrue(app.top is DashboardScreen)
        // The last tile: renewals (down three rows from the first tile at 80 columns: two tiles a row).
        for _ in 0..<3 { app.handle(.key(.down)) }
        app.handle(.key(.enter))
        screen = text(app)
        XCTAssertEqual(app.currentPane, 1)
        XCTAssertTrue(screen.contains("Filter: review overdue"), screen)
        // The shell's effect on its own: a pane that is not there is said, nothing moves.
        app.apply(.openInPane("Nowhere", .none))
        XCTAssertEqual(app.currentPane, 1)
        XCTAssertTrue(app.statusMessage?.contains("no Nowhere pane") == true)
    }

    /// The "not aligned" list the alignment tile opens takes its count from the kept metric (active
    /// less aligned) instead of judging every partnership again: the same count and rows as the list
    /// counted afresh, before and after a change of the data.
    func testTheNotAlignedListFromTheTileShowsTheCountAndRowsOfTheListCountedAfresh() throws {
        let app = try app()
        // The partnerships' header shows the metric: it is kept from then on until the data change.
        app.handle(.key(.char("2")))
        _ = text(app)
        app.handle(.key(.char("1")))
        _ = text(app)
        app.handle(.key(.enter))
        let screen = try XCTUnwrap(app.top as? ListScreen)
        var filter = PartnershipFilter()
        filter.status = .active
        filter.notAligned = true
        func assertSameAsFresh(_ message: String) throws {
            let fresh = app.store.partnershipList(filter: filter, today: Self.today)
            let n = try fresh.count()
            XCTAssertGreaterThan(n, 20, message)
            XCTAssertEqual(screen.rowCount, n, message)
            XCTAssertEqual(screen.rows(in: 0..<n).map(\.id), try fresh.rows(in: 0..<n).map(\.id), message)
            XCTAssertTrue(text(app).contains("1 of \(n) partnerships"), message)
        }
        _ = text(app)
        XCTAssertEqual(screen.list.queriesRun, 1, "the first page read, the count given")
        try assertSameAsFresh("opened from the tile")
        // One of them ends: the count follows.
        let ended = try XCTUnwrap(screen.rows(in: 0..<1).first?.id)
        let version = try XCTUnwrap(app.store.fetchRecord(table: "partnerships", id: ended)?["version"]?.integerValue)
        try app.store.updateRecord(.partnerships, id: ended, expectedVersion: Int(version), changes: ["status": .text("ended")])
        app.refreshAll()
        try assertSameAsFresh("after one ended, counted")
        _ = app.context.partnershipSummary  // as the partnerships' header reads it again
        screen.dataChanged()
        try assertSameAsFresh("after one ended, the count given")
        XCTAssertFalse(screen.rows(in: 0..<screen.rowCount).map(\.id).contains(ended))
    }

    func testACoordinatorStartsOnTheirSchoolAndAKeyChoosesDistrictOrSchool() throws {
        let admin = try FacetStore(path: path, login: "tester")
        try admin.addUser(login: "coord", displayName: "Coordinator", role: .coordinator, schoolCodes: ["E105", "E102"])
        let app = try app(login: "coord")
        var screen = text(app)
        XCTAssertTrue(screen.contains("E102 "), "the first of their schools:\n\(screen)")
        let dashboard = try XCTUnwrap(app.top as? DashboardScreen)
        XCTAssertEqual(dashboard.snapshot?.scope.code, "E102")
        app.handle(.key(.char("a")))
        screen = text(app)
        XCTAssertEqual(dashboard.snapshot?.scope.kind, "district")
        XCTAssertTrue(screen.split(separator: "\n")[1].contains("District · 2026-27"), screen)
        // s: the schools; Enter on the third shows that school's dashboard.
        app.handle(.key(.char("s")))
        XCTAssertTrue(app.top is ListScreen)
        app.handle(.key(.down)); app.handle(.key(.down)); app.handle(.key(.down))  // A401, E101, E102, E103
        app.handle(.key(.enter))
        _ = text(app)
        XCTAssertTrue(app.top === dashboard)
        XCTAssertEqual(dashboard.snapshot?.scope.code, "E103")
        XCTAssertEqual(dashboard.snapshot, try admin.metricsSnapshot(schoolCode: "E103", today: Self.today, now: noon).withContactsOf(dashboard.snapshot))
    }

    func testAnAdminSetsATargetAndTheTileSaysWhereItStandsInWords() throws {
        let app = try app()
        _ = text(app)
        app.handle(.key(.char("t")))
        XCTAssertTrue(text(app).contains("Targets"))
        app.handle(.key(.char("n")))
        XCTAssertTrue(app.top is FormScreen, "admins add a target")
        // Metric: the first (partnerships); year; target.
        app.handle(.key(.tab))
        for c in "2026-27" { app.handle(.key(.char(c))) }
        app.handle(.key(.tab))
        for c in "90" { app.handle(.key(.char(c))) }
        app.handle(.key(.ctrl("s")))
        app.waitForBackgroundWork()
        XCTAssertEqual(try app.store.metricTargets(year: "2026-27"), [MetricTarget(metric: .partnershipsAligned, schoolYear: "2026-27", value: 90)])
        app.handle(.key(.escape))
        XCTAssertTrue(app.top is DashboardScreen)
        let screen = text(app)
        let status = try XCTUnwrap(app.store.metricsSnapshot(today: Self.today, now: noon)[.partnershipsAligned].status)
        XCTAssertTrue(screen.contains("target 90% · \(status.label)"), screen)
        // A coordinator sees the targets but may not add one: refused where the key is dispatched.
        try FacetStore(path: path, login: "tester").addUser(login: "coord", displayName: "C", role: .coordinator, schoolCodes: ["E101"])
        let coordinator = try self.app(login: "coord")
        coordinator.handle(.key(.char("t")))
        coordinator.handle(.key(.char("n")))
        XCTAssertFalse(coordinator.top is FormScreen)
        XCTAssertNotNil(coordinator.statusMessage)
    }

    func testSuppressionHoldsOnTheDashboardAsInTheOutputs() throws {
        let store = try FacetStore(path: path, login: "tester")
        // A school whose latest wave is too small to show.
        var found: MetricsSnapshot?
        for code in (try store.schoolChoices()).map(\.code) {
            let s = try store.metricsSnapshot(schoolCode: code, today: Self.today, now: noon)
            if s.survey?.waves.last?.shown == false { found = s; break }
        }
        let small = try XCTUnwrap(found, "the demo has small schools")
        let app = try app()
        _ = text(app)
        app.handle(.key(.char("s")))
        app.handle(.key(.char("/")))
        for c in small.scope.code! { app.handle(.key(.char(c))) }
        app.handle(.key(.enter))
        app.handle(.key(.enter))
        let screen = text(app, width: 132, height: 43)
        XCTAssertTrue(screen.contains("* fewer than"), screen)
        XCTAssertTrue(MetricsReport.csv(small).contains("suppressed"))
        XCTAssertTrue(MetricsReport.html(small).contains("suppressed"))
        XCTAssertFalse(try MetricsReport.json(small).contains("\"percentFavourable\" : null"))
    }
}

extension MetricsSnapshot {
    /// The same snapshot with another's family-contact counts (which depend on who asks).
    func withContactsOf(_ other: MetricsSnapshot?) -> MetricsSnapshot {
        var copy = self
        if let other { copy.familyContacts = other.familyContacts }
        return copy
    }
}
