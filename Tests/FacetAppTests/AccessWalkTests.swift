import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import GRDB
import TermUI
import XCTest
@testable import FacetApp

/// Hidden is not forbidden: for every pane, every list in it and every role, what the status line
/// and help offer is exactly what the store permits, and pressing the key of an action that is not
/// offered changes nothing — no screen opens and nothing is written.
final class AccessWalkTests: XCTestCase {
    static let today = Day("2026-11-30")!
    var folder: URL!
    var path: String { folder.appendingPathComponent("facet.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-walk-\(UUID().uuidString)")
        let admin = try DemoTemplate.store(path: path, login: "admin1", seed: 5)
        try admin.addUser(login: "coord", displayName: "Coordinator", role: .coordinator, schoolCodes: ["E101", "E102"])
        try admin.addUser(login: "unassigned", displayName: "No schools", role: .coordinator, schoolCodes: [])
        try admin.addUser(login: "reader", displayName: "Reader", role: .viewer, schoolCodes: [])
        try admin.addUser(login: "lobby", displayName: "Front desk", role: .frontOffice, schoolCodes: ["E101"])
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func auditRows(_ store: FacetStore) throws -> Int {
        try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
    }

    /// Checks one screen's bindings against `expected` (nil: no write needed, always offered).
    func walk<S: BoundScreen>(_ app: FacetApplication, _ screen: S, role: String, expected: (Action) -> Bool?) throws where S.BoundAction == Action {
        let hints = screen.statusHints.map { "\($0.keys) \($0.label)" }
        let helpRows = screen.helpSections.flatMap(\.rows).map { "\($0.keys) \($0.label)" }
        let drawn = app.render(size: Size(width: 200, height: 24)).lines[23]
        for binding in screen.bindings.bindings where binding.context != ListScreen.filteringContext {
            let permitted = expected(binding.action) ?? true
            let where_ = "\(role) on \(screen.helpTitle), \(binding.keyNames) \(binding.label)"
            XCTAssertEqual(helpRows.contains("\(binding.keyNames) \(binding.label)"), permitted, "help: \(where_)")
            if binding.showInStatus {
                let hint = "\(binding.shortKeyName) \(binding.label)"
                XCTAssertEqual(hints.contains(hint), permitted, "status hints: \(where_)")
                if !permitted { XCTAssertFalse(drawn.contains(hint), "status line drawn: \(where_): \(drawn)") }
            }
            guard !permitted else { continue }
            // The key of an action not offered: refused where keys are dispatched, nothing changes.
            let depth = app.stack.count
            let audit = try auditRows(app.store)
            app.handle(.key(binding.keys[0]))
            XCTAssertEqual(app.stack.count, depth, "no screen opened: \(where_)")
            XCTAssertEqual(try auditRows(app.store), audit, "nothing written: \(where_)")
            XCTAssertNotNil(app.statusMessage, "the status line says why: \(where_)")
        }
    }

    func testWhatEachRoleIsOfferedIsExactlyWhatTheStorePermits() throws {
        for login in ["admin1", "coord", "unassigned", "reader", "lobby"] {
            let store = try FacetStore(path: path, login: login)
            let app = FacetApplication(store: store, theme: .monochrome, today: Self.today)
            func permits(_ a: WriteAction, _ e: Entity) -> Bool { store.permits(a, e) }
            for index in app.panes.indices {
                app.handle(.key(.char(Character(String(index + 1)))))
                if let dashboard = app.top as? DashboardScreen {
                    // The dashboard only reads; its schools list and targets are lists like any other.
                    try walk(app, dashboard, role: login) { _ in nil }
                    for key in ["l", "t"] {
                        app.handle(.key(.char(Character(key))))
                        let pushed = try XCTUnwrap(app.top as? ListScreen, "\(login): \(key)")
                        try walk(app, pushed, role: login) { action in
                            switch action {
                            case .new: return permits(.create, pushed.controller.editorEntity!)
                            case .delete: return permits(.delete, pushed.controller.editorEntity!)
                            default: return nil
                            }
                        }
                        app.handle(.key(.escape))
                    }
                    XCTAssertTrue(app.top === dashboard, "\(login): back on the dashboard")
                    continue
                }
                let list = try XCTUnwrap(app.top as? ListScreen)
                func listExpectations(_ list: ListScreen) -> (Action) -> Bool? {
                    { action in
                        switch action {
                        case .new: return permits(.create, list.controller.editorEntity!)
                        case .delete: return permits(list.controller.deleteAction, list.controller.editorEntity!)
                        case .edit, .review: return permits(.update, .partnerships)
                        case .importCSV: return permits(.create, .partnerships)
                        case .rostersEdit: return permits(.update, .employees)
                        case .rostersImport: return store.currentUser?.role == .admin  // HR imports are the admin's
                        case .trainingGrace: return store.currentUser?.role == .admin
                        case .trainingEdit: return permits(.update, .pdSessions)
                        case .trainingRegister: return permits(.create, .pdEnrollments)
                        case .trainingCheckIn, .trainingCancel, .trainingAttended, .trainingNoShow, .trainingComplete:
                            return permits(.update, .pdEnrollments)
                        case .surveyEdit: return permits(.update, list.controller is WavesList ? .surveyWaves : .surveys)
                        case .surveyTranslate: return permits(.update, .surveys)
                        case .waveOpenClose: return permits(.update, .surveyWaves)
                        case .wavePaper: return permits(.create, .surveyResponses)
                        case .closeContact: return permits(.update, .familyContacts)
                        case .standardsEdit: return permits(.update, list.controller is StrategiesList ? .sipStrategies : .standards)
                        case .standardsRate: return permits(.create, .selfAssessments)
                        case .frameworkAdopt: return permits(.update, .frameworks)
                        case .outreachMilestones: return permits(.update, .launchSteps)
                        default: return nil
                        }
                    }
                }
                try walk(app, list, role: login, expected: listExpectations(list))
                if list.controller is EmployeesList {
                    // Courses; sessions and, from a session, its roster and the check-in screen.
                    app.handle(.key(.char("c")))
                    let courses = try XCTUnwrap(app.top as? ListScreen)
                    try walk(app, courses, role: login, expected: listExpectations(courses))
                    app.handle(.key(.escape))
                    app.handle(.key(.char("t")))
                    let sessions = try XCTUnwrap(app.top as? ListScreen)
                    try walk(app, sessions, role: login, expected: listExpectations(sessions))
                    app.handle(.key(.enter))
                    let roster = try XCTUnwrap(app.top as? ListScreen)
                    XCTAssertTrue(roster.controller is RosterList)
                    try walk(app, roster, role: login, expected: listExpectations(roster))
                    if permits(.update, .pdEnrollments) {
                        app.handle(.key(.char("i")))
                        let checkIn = try XCTUnwrap(app.top as? CheckInScreen, "\(login): i opens the check-in")
                        try walk(app, checkIn, role: login) { $0 == CheckInScreen.checkIn ? permits(.update, .pdEnrollments) : nil }
                        app.handle(.key(.escape))
                    }
                    app.handle(.key(.escape))
                    app.handle(.key(.escape))
                    XCTAssertTrue(app.top === list, "\(login): back on the employees")
                    continue
                }
                if list.controller is SurveysList {
                    // A survey's questions, its waves, and a wave's schools.
                    for keys in [[Key.enter], [.char("w")], [.char("w"), .char("i")]] {
                        for key in keys { app.handle(.key(key)) }
                        let pushed = try XCTUnwrap(app.top as? ListScreen, "\(keys)")
                        try walk(app, pushed, role: login, expected: listExpectations(pushed))
                        for _ in keys { app.handle(.key(.escape)) }
                    }
                    XCTAssertTrue(app.top === list)
                    continue
                }
                if list.controller is StandardsList {
                    // A standard's indicators, the frameworks, SIP strategies, convenings, the service model.
                    for key in [Key.enter, .char("f"), .char("p"), .char("m"), .char("t")] {
                        app.handle(.key(key))
                        let pushed = try XCTUnwrap(app.top as? ListScreen, "\(login): \(key)")
                        try walk(app, pushed, role: login, expected: listExpectations(pushed))
                        if pushed.controller is ConveningsList {
                            // A convening's follow-ups.
                            app.handle(.key(.char("f")))
                            let followUps = try XCTUnwrap(app.top as? ListScreen, "\(login): f on a convening")
                            XCTAssertTrue(followUps.controller is FollowUpsList)
                            try walk(app, followUps, role: login, expected: listExpectations(followUps))
                            app.handle(.key(.escape))
                        }
                        app.handle(.key(.escape))
                    }
                    // The self-assessment grid: rating is offered to those who may rate.
                    app.handle(.key(.char("a")))
                    let grid = try XCTUnwrap(app.top as? AssessmentGridScreen, "\(login): a opens the grid")
                    try walk(app, grid, role: login) { $0 == .standardsRate ? permits(.create, .selfAssessments) : nil }
                    app.handle(.key(.escape))
                    XCTAssertTrue(app.top === list, "\(login): back on the standards")
                    continue
                }
                if list.controller is EventsList {
                    // Campaigns (and a campaign's events), conferences, the toolkit, launch steps and a step's milestones.
                    for keys in [[Key.char("c")], [.char("c"), .enter], [.char("f")], [.char("t")], [.char("l")], [.char("l"), .enter]] {
                        for key in keys { app.handle(.key(key)) }
                        let pushed = try XCTUnwrap(app.top as? ListScreen, "\(login): \(keys)")
                        try walk(app, pushed, role: login, expected: listExpectations(pushed))
                        for _ in keys { app.handle(.key(.escape)) }
                    }
                    XCTAssertTrue(app.top === list, "\(login): back on the events")
                    continue
                }
                guard list.controller is PartnershipsList else { continue }
                // The lists opened from the partnerships pane, and a partnership's detail.
                for key in ["p", "c", "l"] {
                    app.handle(.key(.char(Character(key))))
                    let pushed = try XCTUnwrap(app.top as? ListScreen)
                    try walk(app, pushed, role: login, expected: listExpectations(pushed))
                    app.handle(.key(.escape))
                }
                app.handle(.key(.enter))
                let detail = try XCTUnwrap(app.top as? TextScreen)
                try walk(app, detail, role: login) { action in
                    switch action {
                    case .edit, .review: return permits(.update, .partnerships)
                    case .delete: return permits(.delete, .partnerships)
                    default: return nil
                    }
                }
                app.handle(.key(.escape))
            }
        }
    }

    func testAViewerPressingWriteKeysChangesNothingAndIsToldWhy() throws {
        let store = try FacetStore(path: path, login: "reader")
        let app = FacetApplication(store: store, theme: .monochrome, today: Self.today)
        let before = try auditRows(store)
        for (pane, keys) in [("1l", "nd"), ("1t", "nd"), ("2", "nderI"), ("5", "nd")] {
            for key in pane { app.handle(.key(.char(key))) }
            let depth = app.stack.count
            for key in keys {
                app.handle(.key(.char(key)))
                XCTAssertEqual(app.stack.count, depth, "\(key) opened nothing on pane \(pane)")
                XCTAssertTrue(app.statusMessage?.contains("viewer") == true, "\(key): \(app.statusMessage ?? "no message")")
            }
            if depth > 1 { app.handle(.key(.escape)) }
        }
        XCTAssertEqual(try auditRows(store), before)
    }

    func testADatabaseOpenedReadOnlyOffersNoWriteKeysAndSaysWhy() throws {
        let store = try FacetStore(path: path, login: "admin1", mode: .readOnly)
        let app = FacetApplication(store: store, theme: .monochrome, today: Self.today)
        var lines = app.render(size: Size(width: 80, height: 24)).lines
        XCTAssertTrue(lines[23].contains("Read-only"), lines[23])
        app.handle(.key(.char("2")))
        lines = app.render(size: Size(width: 80, height: 24)).lines
        for hint in ["n new", "e edit", "r review", "d delete"] { XCTAssertFalse(lines[23].contains(hint), lines[23]) }
        app.handle(.key(.char("e")))
        XCTAssertEqual(app.stack.count, 1)
        XCTAssertTrue(app.statusMessage?.contains("read-only") == true, app.statusMessage ?? "")
        app.handle(.key(.enter))
        XCTAssertTrue(app.top is TextScreen, "Enter shows the partnership, read-only")
    }
}
