import FacetModel
import FacetStore
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// The partnerships pane through keys at 80×24, on the small demo district, judged on 2026-11-30.
final class PartnershipsPaneTests: PaneTestCase {
    override var login: String { "coordinator1" }
    override var demoSeed: UInt64 { 4 }

    /// "Aligned 25% (69/278)" → (69, 278)
    func metric(_ app: FacetApplication) throws -> (Int, Int) {
        let header = screen(app)[1]
        let inside = try XCTUnwrap(header.split(separator: "(").dropFirst().first?.split(separator: ")").first, header)
        let parts = inside.split(separator: "/").compactMap { Int($0) }
        return (parts[0], parts[1])
    }

    func testHeaderShowsTheMetricAndRowsShowAlignment() throws {
        let app = makeApp()
        press(app, .char("2"))
        let lines = screen(app)
        XCTAssertTrue(lines[1].hasPrefix(" Aligned "), lines[1])
        let (aligned, active) = try metric(app)
        let expected = try store.alignmentMetric(today: today)
        XCTAssertEqual(aligned, expected.aligned)
        XCTAssertEqual(active, expected.active)
        XCTAssertTrue(lines[2].contains("Partner") && lines[2].contains("OK") && lines[2].contains("Reviewed"), lines[2])
        XCTAssertTrue(lines[3...22].contains { $0.contains("✓") } && lines[3...22].contains { $0.contains("✗") })
    }

    func testCreateAPartnershipWithANewPartnerReviewItAndSeeTheMetricChange() throws {
        let app = makeApp()
        press(app, .char("2"))
        let (aligned0, active0) = try metric(app)
        press(app, .char("n"))
        XCTAssertTrue(text(app).contains("New partnership"))
        type(app, "Zephyr Youth Collective")          // no such partner: offered as new
        XCTAssertTrue(text(app).contains("+ new partner “Zephyr Youth"), text(app))
        press(app, .tab)                                  // district-wide
        press(app, .char(" "))                            // yes
        press(app, .tab, .tab)                            // schools, then priority areas
        press(app, .char(" "))                            // the first area
        press(app, .tab, .right)                          // tier 1
        press(app, .tab, .right, .right)                  // status: proposed → in review → active
        press(app, .tab)
        type(app, "After-school robotics")
        press(app, .tab)
        type(app, "2026-09-01")
        press(app, .tab)
        type(app, "2026-08-01")                           // end before start
        press(app, .tab)
        type(app, "2026-08-15")
        press(app, .ctrl("s"))
        XCTAssertTrue(text(app).contains("ends before it starts"), text(app))
        XCTAssertTrue(text(app).contains("End date: ends before it starts"), "the notice names the field")
        press(app, .ctrl("u"))
        type(app, "2027-06-30")
        press(app, .ctrl("s"))
        XCTAssertTrue(screen(app)[23].contains("Saved partnership Zephyr Youth Collective"), screen(app)[23])
        let (aligned1, active1) = try metric(app)
        XCTAssertEqual(active1, active0 + 1)
        XCTAssertEqual(aligned1, aligned0, "not yet reviewed: not aligned")
        XCTAssertNotNil(try store.partner(namedLike: "zephyr youth collective"), "the partner was created with it")

        // Find it, open it: the criteria say what is missing.
        press(app, .char("/"))
        type(app, "Zephyr")
        press(app, .enter, .enter)
        let detail = text(app)
        XCTAssertTrue(detail.contains("✗ not aligned"), detail)
        XCTAssertTrue(detail.contains("Reviewed within the last 12 months — missing"), detail)
        XCTAssertTrue(detail.contains("district-wide"))

        // Review it: confirm both reviewer criteria.
        press(app, .char("r"))
        XCTAssertTrue(text(app).contains("Review — Zephyr Youth Collective"), text(app))
        XCTAssertTrue(text(app).contains("Saving stamps today (2026-11-30)"))
        for _ in 0..<6 { press(app, .char("y"), .tab) }
        press(app, .ctrl("s"))
        XCTAssertTrue(screen(app)[23].contains("Review saved"), screen(app)[23])
        let (aligned2, _) = try metric(app)
        XCTAssertEqual(aligned2, aligned0 + 1, "reviewed with everything confirmed: aligned")
        XCTAssertTrue(screen(app)[3].contains("✓") && screen(app)[3].contains("2026-11-30"), screen(app)[3])

        // Edit it: drop the tier; it falls out of alignment.
        press(app, .char("e"))
        for _ in 0..<4 { press(app, .tab) }
        press(app, .left)                                 // tier back to "not assigned"
        press(app, .ctrl("s"))
        let (aligned3, _) = try metric(app)
        XCTAssertEqual(aligned3, aligned0)
    }

    func testQuickFiltersNarrowTheListAndShowAsChips() throws {
        let app = makeApp()
        press(app, .char("2"), .char("f"))
        XCTAssertTrue(text(app).contains("Quick filter — partnerships"))
        press(app, .right, .right, .right)                // status: Active
        for _ in 0..<4 { press(app, .tab) }
        press(app, .char(" "))                            // not aligned only
        press(app, .ctrl("s"))
        let lines = screen(app)
        XCTAssertTrue(lines[1].contains("Filter: status:Active · not aligned"), lines[1])
        let metric = try store.alignmentMetric(today: today)
        XCTAssertTrue(lines[1].contains("of \(metric.active - metric.aligned) partnerships"), lines[1])
        for line in lines[3...22] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            XCTAssertTrue(line.contains("Active") && line.contains("✗"), line)
        }
        press(app, .char("F"))
        XCTAssertTrue(screen(app)[1].contains("450 partnerships"))
    }

    func testDeleteOffersToMarkEndedInstead() throws {
        let app = makeApp()
        press(app, .char("2"), .char("f"), .right, .right, .right, .ctrl("s"))  // active ones
        let before = screen(app)[1]
        press(app, .char("d"))
        XCTAssertTrue(text(app).contains("better marked ended"), text(app))
        press(app, .char("e"))
        XCTAssertTrue(screen(app)[23].contains("ended on 2026-11-30"), screen(app)[23])
        XCTAssertNotEqual(screen(app)[1], before, "it left the active filter")
        XCTAssertEqual(try store.counts()["partnerships"], 450, "nothing deleted")
        press(app, .char("d"), .char("d"))
        XCTAssertTrue(text(app).contains("for good"))
        press(app, .char("y"))
        XCTAssertEqual(try store.counts()["partnerships"], 449)
    }

    func testBreakdownAndCoverageGaps() throws {
        // A new priority area has no partnership yet: a gap at every school.
        try store.insertRecord(.priorityAreas, values: ["name": .text("Family literacy")])
        let app = makeApp()
        press(app, .char("2"), .char("b"))
        let t = text(app)
        XCTAssertTrue(t.contains("Alignment breakdown"))
        XCTAssertTrue(t.contains("By tier") && t.contains("By priority area"))
        // Scroll to the end, reading every screen on the way: the gaps are counted and listed.
        var seen = t
        for _ in 0..<120 { press(app, .down); seen += text(app) }
        let gaps = try store.coverageGaps()
        let activeSchools = try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schools WHERE active") ?? 0 }
        XCTAssertEqual(gaps.filter { $0.area == "Family literacy" }.count, activeSchools)
        XCTAssertTrue(seen.contains("Coverage gaps: \(gaps.count) school × priority area pairs"), seen)
        for gap in [gaps.first!, gaps.last!] {
            XCTAssertTrue(seen.contains("  \(gap.school) — \(gap.area)"), "\(gap) listed")
        }
    }

    func testPartnersListFlagsDuplicateNamesAndListsAPartnersPartnerships() throws {
        let app = makeApp()
        press(app, .char("2"), .char("p"))
        XCTAssertTrue(screen(app)[1].contains("Partnerships › Partners"), screen(app)[1])
        let firstPartner = try XCTUnwrap(store.partnerOptions(matching: "", limit: 1).first?.name)
        press(app, .char("n"))
        type(app, firstPartner.uppercased())
        press(app, .ctrl("s"))
        XCTAssertTrue(text(app).contains("duplicate of “\(firstPartner.prefix(12))"), text(app))
        press(app, .escape, .char("y"))
        press(app, .char("l"))
        let lines = screen(app)
        XCTAssertTrue(lines[1].contains("partner:\(firstPartner.prefix(12))"), lines[1])
        for line in lines[3...22] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            XCTAssertTrue(line.hasPrefix(String(firstPartner.prefix(10))), line)
        }
    }

    func testAdminEditsTheCriteriaAndTheMetricFollows() throws {
        let app = makeApp()
        press(app, .char("2"))
        let (aligned0, active) = try metric(app)
        press(app, .char("c"))
        XCTAssertTrue(screen(app)[1].contains("Policy criteria"), screen(app)[1])
        XCTAssertTrue(text(app).contains("Services match the school's needs"))
        press(app, .end, .enter)                          // the last criterion: services match needs
        XCTAssertTrue(text(app).contains("Edit criterion"), text(app))
        press(app, .tab, .tab, .char("n"), .ctrl("s"))   // no longer required
        press(app, .char("c"))                            // back to partnerships
        let (aligned1, active1) = try metric(app)
        XCTAssertEqual(active1, active)
        XCTAssertGreaterThan(aligned1, aligned0, "fewer required criteria: more aligned")
    }
}

extension PartnershipsPaneTests {
    func testDashboardCountsRenewals() throws {
        let app = makeApp()
        let renewals = try store.renewalCounts(today: today)
        press(app, .char("1"), .char("l"))
        let header = screen(app)[1]
        XCTAssertTrue(header.contains("\(renewals.endingSoon) ending"), header)
        XCTAssertTrue(header.contains("\(renewals.reviewOverdue) to review"), header)
    }
}

extension PartnershipsPaneTests {
    func testExportAndImportFromThePane() throws {
        let app = makeApp()
        let file = folder.appendingPathComponent("out.csv").path
        press(app, .char("2"), .char("E"))
        XCTAssertTrue(text(app).contains("Export partnerships to a CSV file"))
        press(app, .ctrl("u"))
        type(app, file)
        press(app, .enter)
        app.waitForBackgroundWork()  // the export runs off the key path
        XCTAssertTrue(app.statusMessage?.contains("Exported 450 partnerships") == true, app.statusMessage ?? "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))

        // A file with a bad row is refused, row by row, and nothing is written.
        let bad = folder.appendingPathComponent("bad.csv").path
        try "partner,schools,status,start_date\nNew Partner One,E101,active,2026-13-01\n".write(toFile: bad, atomically: true, encoding: .utf8)
        press(app, .char("I"))
        type(app, bad)
        press(app, .enter)
        app.waitForBackgroundWork()
        XCTAssertTrue(text(app).contains("Not imported: 1 problem"), text(app))
        XCTAssertTrue(text(app).contains("line 2"), text(app))
        press(app, .escape)
        XCTAssertEqual(try store.counts()["partnerships"], 450)

        // A good file: the dry run's summary is shown, then the import happens.
        let good = folder.appendingPathComponent("good.csv").path
        try "partner,schools,status\nNew Partner One,E101,proposed\n".write(toFile: good, atomically: true, encoding: .utf8)
        press(app, .char("I"))
        type(app, good)
        press(app, .enter)
        app.waitForBackgroundWork()
        XCTAssertTrue(text(app).contains("Import partnerships?"), text(app))
        press(app, .char("y"))
        app.waitForBackgroundWork()
        XCTAssertTrue(app.statusMessage?.contains("Imported") == true, app.statusMessage ?? "")
        XCTAssertEqual(try store.counts()["partnerships"], 451)
    }
}
