import FacetModel
import GRDB
import FacetStore
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// Between keys, the top screen reads ahead the view one of its keys opens when that view's first
/// open reads more than a frame allows: the survey results (`r` on the surveys) and the
/// self-assessment grid (`a` on the standards). The key then draws from memory — no read of the
/// database — and shows exactly what it shows without reading ahead; after a change of the data
/// it is read ahead again, fresh.
final class ReadAheadTests: PaneTestCase {

    /// What the loop does while no key waits: read ahead until the screen has nothing more to read.
    func readAhead(_ app: FacetApplication) {
        var calls = 0
        while app.prepareAhead() {
            calls += 1
            XCTAssertLessThan(calls, 20, "reading ahead ends")
            if calls >= 20 { return }
        }
    }

    /// `keys` typed on a new application without reading ahead: the screen they end on.
    func plainly(_ pane: String, _ key: String) -> String {
        let app = makeApp()
        type(app, pane)
        _ = screen(app)
        type(app, key)
        return text(app)
    }

    /// `readsAhead` false: the screen's own frame already read what the key shows (the events'
    /// header shows the reach's totals), and ahead of the key only what is worked out from it is done.
    func assertKeyDrawsFromMemory(pane: String, key: String, readsAhead: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        let expected = plainly(pane, key)
        let app = makeApp()
        type(app, pane)
        _ = screen(app)
        let beforeAhead = store.readsStarted
        readAhead(app)
        if readsAhead { XCTAssertGreaterThan(store.readsStarted, beforeAhead, "something was read ahead", file: file, line: line) }
        let before = store.readsStarted
        type(app, key)
        let shown = text(app)
        XCTAssertEqual(store.readsStarted, before, "`\(key)` and its frame read nothing: it was all read ahead", file: file, line: line)
        XCTAssertEqual(shown, expected, file: file, line: line)
        // Once read, reading ahead again reads nothing more.
        press(app, .escape)
        _ = screen(app)
        let again = store.readsStarted
        XCTAssertFalse(app.prepareAhead() && app.prepareAhead(), file: file, line: line)
        type(app, key)
        _ = screen(app)
        XCTAssertEqual(store.readsStarted, again, "the second open draws from memory too", file: file, line: line)
    }

    func testSurveyResultsOpenFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "4", key: "r")
    }

    func testTheSelfAssessmentGridOpensFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "3", key: "a")
    }

    func testTheSIPCoverageOpensFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "3", key: "c")
    }

    func testTheComplianceReportOpensFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "5", key: "p")
    }

    /// `s` on the compliance report (`5 p`): compliance by school — its courses, count and the
    /// schools on screen — read ahead from the report; opened again, it starts as a new one does.
    func testComplianceBySchoolOpensFromWhatWasReadAhead() throws {
        let expected = plainly("5p", "s")
        let app = makeApp()
        type(app, "5p")
        _ = screen(app)
        let beforeAhead = store.readsStarted
        readAhead(app)
        XCTAssertGreaterThan(store.readsStarted, beforeAhead, "something was read ahead")
        var before = store.readsStarted
        type(app, "s")
        XCTAssertEqual(text(app), expected)
        XCTAssertEqual(store.readsStarted, before, "`s` and its frame read nothing: it was all read ahead")
        // The report's key pops the report: Esc goes back to the employees; `p s` again reads nothing.
        press(app, .escape)
        _ = screen(app)
        readAhead(app)
        before = store.readsStarted
        type(app, "p")
        _ = screen(app)
        XCTAssertFalse(app.prepareAhead(), "nothing more to read ahead")
        type(app, "s")
        XCTAssertEqual(text(app), expected)
        XCTAssertEqual(store.readsStarted, before, "the second open draws from memory too")
        // Sorted the other way and filtered, then left: the next open starts unsorted and unfiltered.
        type(app, "S/ash")
        press(app, .enter)
        XCTAssertNotEqual(text(app), expected)
        press(app, .escape)
        XCTAssertTrue(text(app).contains("Percent current"), "Esc first clears the filter:\n\(text(app))")
        press(app, .escape)
        type(app, "ps")
        XCTAssertEqual(text(app), expected)
    }

    /// Staff moved to the district office by another user after compliance by school was read
    /// ahead: the next open shows them, read ahead again after the change.
    func testComplianceBySchoolReadAheadIsReadAgainAfterAChange() throws {
        let app = makeApp()
        type(app, "5p")
        _ = screen(app)
        readAhead(app)
        type(app, "s")
        let rows = screen(app)
        let header = try XCTUnwrap(rows.firstIndex { $0.contains("School") }, text(app))
        let officeBefore = rows[header + 1]
        XCTAssertTrue(officeBefore.contains("District office"), text(app))
        press(app, .escape)
        let other = try FacetStore(path: store.path, login: login)
        let staff = try other.read { try Row.fetchAll($0, sql: "SELECT id, version FROM employees WHERE active AND role = 'teacher' ORDER BY id LIMIT 6") }
        for e in staff {
            try other.write { w in try w.update("employees", id: e["id"], expectedVersion: e["version"], changes: ["school_id": nil]) }
        }
        XCTAssertTrue(app.checkForOutsideChanges())
        type(app, "p")
        _ = screen(app)
        readAhead(app)
        let reads = store.readsStarted
        type(app, "s")
        let officeAfter = screen(app)[header + 1]
        XCTAssertEqual(store.readsStarted, reads, "read ahead again after the change")
        XCTAssertNotEqual(officeAfter, officeBefore)
        let report = try store.complianceReport(today: today)
        for course in report {
            let office = try XCTUnwrap(course.bySchool.first { $0.label == "District office" })
            XCTAssertTrue(officeAfter.contains(String(format: "%5.1f%%", office.percent ?? -1)), "\(course.course.code): \(officeAfter)")
        }
    }

    func testTheCampaignReachOpensFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "6", key: "r", readsAhead: false)
    }

    func testTheReachOfTheSelectedCampaignOpensFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "6c", key: "r")
    }

    func testConferenceParticipationOpensFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "6f", key: "p")
    }

    func testLaunchStepProgressOpensFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "6l", key: "v")
    }

    /// The reach view pages its schools: the lines on screen, scrolled to the end, are those of the
    /// whole computation (`ReachView.lines`), in its order.
    func testTheReachScrolledToTheEndShowsTheLastSchoolsOfTheWholeComputation() throws {
        let app = makeApp()
        type(app, "6r")
        press(app, .end)
        let campaign = try XCTUnwrap(store.mainCampaign(year: "2026-27"))
        let all = ReachView.lines(try XCTUnwrap(store.campaignReach(campaignID: campaign.id, today: today)))
        let shown = screen(app)
        XCTAssertTrue(shown.contains { $0.contains(all[all.count - 1]) }, "the last school:\n\(text(app))")
        XCTAssertTrue(shown.contains { $0.contains(all[all.count - 2]) }, text(app))
        XCTAssertTrue(text(app).contains("of \(all.count)"), "the footer counts every line:\n\(text(app))")
    }

    /// Participation pages its schools too: scrolled to the end, the last lines of the whole computation.
    func testParticipationScrolledToTheEndShowsTheLastSchoolsOfTheWholeComputation() throws {
        let app = makeApp()
        type(app, "6fp")
        press(app, .end)
        let window = try XCTUnwrap(store.conferenceWindows().first)
        let all = ParticipationView.lines(try store.conferenceParticipation(year: window.year, term: window.term), window,
                                          feedback: try store.conferenceFeedback(year: window.year, term: window.term))
        let shown = screen(app)
        XCTAssertTrue(shown.contains { $0.contains(all[all.count - 1]) }, "the last school:\n\(text(app))")
        XCTAssertTrue(shown.contains { $0.contains(all[all.count - 2]) }, text(app))
        // The heading's sentences wider than the box (72 columns of text) take two rows, as they did unpaged.
        let rows = all.count + all.prefix(4).filter { DisplayWidth.of($0) > 72 }.count
        XCTAssertTrue(text(app).contains("of \(rows)"), "the footer counts every row:\n\(text(app))")
    }

    /// Attendance logged by another user after the reach was read ahead: the next open shows it.
    func testTheReachReadAheadIsReadAgainAfterAChange() throws {
        let app = makeApp()
        type(app, "6")
        _ = screen(app)
        readAhead(app)
        type(app, "r")
        XCTAssertTrue(text(app).contains("1,832 of 3,000 families reached"), text(app))
        press(app, .escape)
        let other = try FacetStore(path: store.path, login: login)
        let id = try XCTUnwrap(other.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM outreach_events WHERE families IS NULL AND held_on < '2026-11-30' ORDER BY held_on, id LIMIT 1")
        })
        var (event, version) = try XCTUnwrap(other.event(id: id))
        event.attendance = "English 20"
        try other.saveEvent(event, id: id, expectedVersion: version)
        XCTAssertTrue(app.checkForOutsideChanges())
        _ = screen(app)
        readAhead(app)
        let reads = store.readsStarted
        type(app, "r")
        let shown = text(app)
        XCTAssertEqual(store.readsStarted, reads, "read ahead again after the change")
        XCTAssertTrue(shown.contains("1,852 of 3,000 families reached"), shown)
    }

    /// With a loop, participation and progress (reads longer than the moment between two keys)
    /// are read ahead on a background thread: reading ahead returns at once, and once the read has
    /// finished the key reads nothing and shows what it shows plainly.
    func testParticipationAndProgressAreReadAheadOffTheLoopsThread() {
        for (pane, key) in [("6f", "p"), ("6l", "v")] {
            let expected = plainly(pane, key)
            let app = makeApp()
            app.context.computesInBackground = true
            type(app, pane)
            _ = screen(app)
            XCTAssertFalse(app.prepareAhead(), "one call starts the read; nothing is left to do on the loop's thread")
            app.context.waitForReadsAhead()
            let reads = store.readsStarted
            type(app, key)
            XCTAssertEqual(text(app), expected, pane + key)
            XCTAssertEqual(store.readsStarted, reads, "`\(key)` and its frame read nothing")
        }
    }

    /// From the events list (the pane's first screen), participation and progress — two keys
    /// away — are read ahead too: after `f` (or `l`), `p` (or `v`) reads nothing.
    func testTheEventsListReadsAheadTheViewsTwoKeysAway() {
        for (list, key) in [("f", "p"), ("l", "v")] {
            let expected = plainly("6" + list, key)
            let app = makeApp()
            app.context.computesInBackground = true
            type(app, "6")
            _ = screen(app)
            readAhead(app)
            app.context.waitForReadsAhead()
            type(app, list)
            _ = screen(app)
            let reads = store.readsStarted
            type(app, key)
            XCTAssertEqual(text(app), expected, list + key)
            XCTAssertEqual(store.readsStarted, reads, "`\(key)` and its frame read nothing")
        }
    }

    /// A key pressed while the read ahead is under way takes that read's result (waiting for it).
    func testAKeyPressedWhileTheReadAheadIsUnderWayShowsItsResult() {
        let expected = plainly("6f", "p")
        let app = makeApp()
        app.context.computesInBackground = true
        type(app, "6f")
        _ = screen(app)
        _ = app.prepareAhead()
        type(app, "p")
        XCTAssertEqual(text(app), expected)
    }

    /// The roster sorted by name (`5 s`): its whole order is read ahead on a background thread, and
    /// the filter's letters take it, so the matches are put in order without reading their rows
    /// (`PagedList.keepsOrder`). The screen is the one typed without reading ahead. Sorted by
    /// number (matches spread over the numbers), no order is read.
    func testTheRosterByNameReadsItsOrderAheadForTheFilter() throws {
        let surname = try XCTUnwrap(try store.read {
            try String.fetchOne($0, sql: "SELECT last_name FROM employees WHERE length(last_name) >= 5 GROUP BY last_name ORDER BY COUNT(*) DESC LIMIT 1")
        })
        let typed = "/" + surname.prefix(4).lowercased()
        let expected = plainly("5s", typed)
        let app = makeApp()
        app.context.computesInBackground = true
        type(app, "5")
        _ = screen(app)
        _ = app.prepareAhead()
        let roster = try XCTUnwrap(app.top as? ListScreen)
        XCTAssertNil(roster.list.orderToReadAhead, "by number: nothing to keep")
        type(app, "s")
        _ = screen(app)
        XCTAssertNotNil(roster.list.orderToReadAhead)
        readAhead(app)  // starts the order's read (and what the pane reads ahead); the order is not waited for
        type(app, typed)
        XCTAssertEqual(text(app), expected)
        XCTAssertTrue(roster.list.keepsOrder, "the letters took the order read ahead")
        XCTAssertNil(roster.list.orderToReadAhead)
    }

    /// Enter on a survey results cell (a school's, then the district's): the distribution was read
    /// ahead while the cell was selected, so the key reads nothing and shows what it shows plainly.
    func testASurveyResultsCellOpensFromWhatWasReadAhead() {
        for moves in [[Key.down, .down, .right], [.right, .right]] {
            let plain = makeApp()
            type(plain, "4r")
            for k in moves { press(plain, k) }
            press(plain, .enter)
            let expected = text(plain)
            XCTAssertTrue(expected.contains("n ") || expected.contains("Suppressed"), expected)

            let app = makeApp()
            type(app, "4r")
            for k in moves { press(app, k) }
            _ = screen(app)
            readAhead(app)
            let before = store.readsStarted
            press(app, .enter)
            let shown = text(app)
            XCTAssertEqual(store.readsStarted, before, "Enter and its frame read nothing")
            XCTAssertEqual(shown, expected)
        }
    }

    /// In the grid, the year before (`[`) is read ahead: its heading and the schools on screen.
    func testTheYearBeforeInTheGridIsReadAhead() {
        let expected = plainly("3a", "[")
        let app = makeApp()
        type(app, "3a")
        _ = screen(app)
        readAhead(app)
        let before = store.readsStarted
        type(app, "[")
        let shown = text(app)
        XCTAssertEqual(shown, expected)
        XCTAssertTrue(shown.contains("Self-assessment 2025-26"), shown)
        XCTAssertLessThanOrEqual(store.readsStarted - before, 1, "at most the selected school's place in that year's list")
    }

    /// A response recorded by another user after the results were read ahead: the next open shows
    /// it, because a change of the data drops what was read and the loop reads it ahead again.
    func testResultsReadAheadAreReadAgainAfterAChange() throws {
        let app = makeApp()
        type(app, "4")
        _ = screen(app)
        readAhead(app)
        type(app, "r")
        let before = screen(app)[1]
        press(app, .escape)
        // Another coordinator opens a winter wave at one school and enters twelve paper forms.
        let other = try FacetStore(path: store.path, login: login)
        let surveyID = try XCTUnwrap(other.surveyID(titled: ShippedSurvey.title))
        let school = try XCTUnwrap(other.schoolID(code: "E101"))
        let waveID = try other.createWave(surveyID: surveyID, name: "Winter", schoolYear: "2026-27", opens: today, closes: Day("2026-12-20")!,
                                          invited: [school: 40])
        try other.setWaveStatus(waveID: waveID, expectedVersion: 1, to: .open)
        let welcome = try XCTUnwrap(other.wave(id: waveID)).instrument.questions[0].id!
        for _ in 0..<12 {
            try other.submitResponse(ResponseSubmission(waveID: waveID, schoolID: school, language: "en", channel: .paper, day: today,
                                                        answers: [welcome: .value(5)]))
        }
        XCTAssertTrue(app.checkForOutsideChanges())
        _ = screen(app)
        readAhead(app)
        let reads = store.readsStarted
        type(app, "r")
        let after = screen(app)[1]
        XCTAssertEqual(store.readsStarted, reads, "read ahead again after the change")
        XCTAssertNotEqual(after, before)
        XCTAssertTrue(after.contains("Winter 2026-27 · 12 responses"), after)
    }
}

// MARK: the sessions (`t` on the employees), kept until the data change

extension ReadAheadTests {
    /// `t` on the employees: the sessions opened at the next one. Read ahead from the employees, the
    /// list (its count, the rows around the next session) and the next session are kept, so `t`
    /// and its frame read nothing, the first time and after Esc; a list left filtered and sorted
    /// opens again as a new one does.
    func testTheSessionsOpenFromWhatWasReadAhead() {
        assertKeyDrawsFromMemory(pane: "5", key: "t")
        let expected = plainly("5", "t")
        let app = makeApp()
        type(app, "5")
        _ = screen(app)
        readAhead(app)
        type(app, "t")
        XCTAssertEqual(text(app), expected)
        type(app, "S/lib")
        press(app, .enter)
        XCTAssertNotEqual(text(app), expected)
        press(app, .escape)  // clears the filter
        press(app, .escape)  // back to the employees
        XCTAssertFalse(text(app).contains("Sessions"), text(app))
        type(app, "t")
        XCTAssertEqual(text(app), expected, "opened again unsorted and unfiltered, at the next session")
    }

    /// A session added by another user after the sessions were read ahead: the next `t` shows it.
    func testTheSessionsReadAheadIsReadAgainAfterAChange() throws {
        let app = makeApp()
        type(app, "5")
        _ = screen(app)
        readAhead(app)
        type(app, "t")
        let countBefore = try XCTUnwrap(text(app).range(of: #"of [0-9,]+ sessions"#, options: .regularExpression).map { String(text(app)[$0]) })
        press(app, .escape)
        let other = try FacetStore(path: store.path, login: login)
        let course = try XCTUnwrap(try other.read { try Int64.fetchOne($0, sql: "SELECT id FROM pd_courses LIMIT 1") })
        try other.write { w in
            _ = try w.insert(into: "pd_sessions", values: ["course_id": course, "day": today.description, "time": "07:00", "place": "Room 1",
                                                           "facilitator": "A. Tester", "capacity": 10])
        }
        XCTAssertTrue(app.checkForOutsideChanges())
        _ = screen(app)
        readAhead(app)
        type(app, "t")
        let shown = text(app)
        XCTAssertNotEqual(shown.range(of: #"of [0-9,]+ sessions"#, options: .regularExpression).map { String(shown[$0]) }, countBefore)
        XCTAssertTrue(shown.contains("Room 1"), "the new session, today's first, is selected and shown:\n\(shown)")
    }
}
