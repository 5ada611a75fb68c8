import FacetModel
import FacetStore
import TermUI

extension Action {
    static let trainingEdit = Action("training.edit"), trainingOverdue = Action("training.overdue")
    static let trainingGrace = Action("training.grace"), trainingCompliance = Action("training.compliance")
    static let trainingCheckIn = Action("training.checkIn"), trainingRegister = Action("training.register")
    static let trainingCancel = Action("training.cancel"), trainingComplete = Action("training.complete")
    static let trainingAttended = Action("training.attended"), trainingNoShow = Action("training.noShow")
}

/// `c` in the PD Rosters pane: the courses; `o` who is overdue on one, `g` the new-hire grace period.
final class CoursesList: ListController {
    static let context = "Courses"
    let title = "Courses"
    let parentTitle: String? = "PD Rosters"
    let noun = "course"
    let entity = Entity.pdCourses
    let editorEntity: Entity? = .pdCourses
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(7), .left), (.flex(weight: 3, min: 22), .left), (.fixed(17), .left), (.fixed(5), .right), (.fixed(7), .left),
        (.flex(weight: 2, min: 10), .left),
    ]
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.courseList() }
    func makeEditor() -> RecordEditor? { TrainingEditors.course() }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.trainingOverdue, keys: [.char("o")], label: "overdue", context: c),
            KeyBinding(.trainingCompliance, keys: [.char("p")], label: "compliance", context: c),
            KeyBinding(.trainingGrace, keys: [.char("g")], label: "grace period", context: c),
            KeyBinding(.back, keys: [.char("c")], label: "back to employees", context: c, showInStatus: false),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        action == .trainingGrace ? Requirement(action: .update, entity: .pdSettings) : nil
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        let store = context.store
        switch action {
        case .back: return .pop
        case .trainingOverdue, .trainingCompliance:
            return list.withSelection { row in
                guard let course = (try? store.courses())?.first(where: { $0.id == row.id }) else { return .status("That course no longer exists.") }
                guard !course.requiredRoles.isEmpty else { return .status("\(course.code) is an elective: no one is required to take it.") }
                if action == .trainingCompliance { return ComplianceReport.run(context, courseCode: course.code) }
                return .push(ListScreen(OverdueList(context, course: course), context))
            }
        case .trainingGrace:
            let editor = TrainingEditors.settings()
            do {
                guard let stored = try editor.load(store, 1) else { return .status("The settings are missing; run facet doctor.") }
                let session = EditSession(editor: editor, recordID: 1, stored: stored)
                session.form.notice = "New hires are neither current nor overdue for this many days after their hire date."
                session.form.noticeIsError = false
                return .push(FormScreen(session, context))
            } catch {
                return .push(DialogScreen.error(error, context))
            }
        default: return .none
        }
    }

    func delete(_ row: TableRow, in list: ListScreen) -> Effect {
        guard let stored = try? context.store.fetchRecord(.pdCourses, id: row.id) else { return .status("That course no longer exists.") }
        let version = Int(stored["version"]?.integerValue ?? 0)
        let store = context.store
        return .push(DialogScreen(Dialog(title: "Delete course?", message: "Delete \(row.cells[0]) \(row.cells[1])? Only a course no session used can go.",
                                         kind: .confirm, yesLabel: "Delete", noLabel: "Keep it"), context) { answer in
            guard answer == .yes else { return .none }
            do {
                try store.deleteCourse(id: row.id, expectedVersion: version)
                return .all([.refresh, .status("Deleted \(row.cells[0]).")])
            } catch {
                return .error(String(describing: error))
            }
        })
    }
}

/// `t`: sessions by day, opening at the next one; Enter opens its roster, `i` checks people in.
final class SessionsList: ListController {
    static let context = "Sessions"
    let title = "Sessions"
    let parentTitle: String? = "PD Rosters"
    let noun = "session"
    let entity = Entity.pdSessions
    let editorEntity: Entity? = .pdSessions
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(16), .left), (.fixed(6), .left), (.flex(weight: 3, min: 16), .left), (.flex(weight: 2, min: 12), .left),
        (.fixed(7), .right), (.fixed(4), .right),
    ]
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    /// The sessions, with the next one (today or later) selected. The next session and the list
    /// (its count, and the rows around that session) are kept until the data change, so `t` read
    /// ahead from the employees (`EmployeesList.prepareAhead`) draws from memory, and so does every
    /// `t` after it: before, the unseen draw only warmed SQLite's cache and each `t` counted 50,000
    /// sessions' positions again (8–18 ms on the large district).
    static func show(_ context: AppContext) -> Effect {
        let screen = ListScreen(SessionsList(context), context)
        let today = context.today
        if let next = context.cached("sessions.next.\(today)", { try? context.store.firstSession(onOrAfter: today) }) {
            screen.select(id: next)
        }
        return .push(screen)
    }

    func makeList() -> PagedList {
        let store = context.store, today = context.today
        let list = context.cached("sessions.list.\(today)") { store.sessionList(today: today) }
        // Opened again, it starts as a new one does: the last one's filter and sort undone (its
        // count and rows stay kept when they were not changed).
        list.setFilter("")
        list.setSort(column: 0, ascending: true)
        return list
    }
    func makeEditor() -> RecordEditor? { TrainingEditors.session(store: context.store) }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.trainingCheckIn, keys: [.char("i")], label: "check in", context: c),
            KeyBinding(.trainingEdit, keys: [.char("e")], label: "edit", context: c),
            KeyBinding(.back, keys: [.char("t")], label: "back to employees", context: c, showInStatus: false),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        switch action {
        case .trainingCheckIn: return Requirement(action: .update, entity: .pdEnrollments)
        case .trainingEdit: return Requirement(action: .update, entity: .pdSessions)
        default: return nil
        }
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .back: return .pop
        case .trainingEdit: return list.withSelection { list.edit(id: $0.id) }
        case .trainingCheckIn: return list.withSelection { CheckInScreen.open(sessionID: $0.id, context) }
        default: return .none
        }
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect { .push(ListScreen(RosterList(context, sessionID: row.id), context)) }

    func delete(_ row: TableRow, in list: ListScreen) -> Effect {
        guard let stored = try? context.store.fetchRecord(.pdSessions, id: row.id) else { return .status("That session no longer exists.") }
        if let reason = context.store.denial(.delete, .pdSessions, record: row.id) { return .error(reason) }
        let version = Int(stored["version"]?.integerValue ?? 0)
        let store = context.store
        return .push(DialogScreen(Dialog(title: "Delete session?", message: "Delete the \(row.cells[1]) session of \(row.cells[0])? Only a session with no one on its roster can go.",
                                         kind: .confirm, yesLabel: "Delete", noLabel: "Keep it"), context) { answer in
            guard answer == .yes else { return .none }
            do {
                try store.deleteSession(id: row.id, expectedVersion: version)
                return .all([.refresh, .status("Deleted the session.")])
            } catch {
                return .error(String(describing: error))
            }
        })
    }
}

/// Enter on a session: its roster. `a` registers someone (a seat, or the waiting list when full),
/// `x` cancels (the waiting list moves up), `i` checks people in at the door, `C` marks completion.
final class RosterList: ListController {
    static let context = "Roster"
    let title = "Roster"
    let parentTitle: String? = "Sessions"
    let noun = "registration"
    let entity = Entity.pdEnrollments
    let editorEntity: Entity? = nil
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 2, min: 18), .left), (.fixed(8), .left), (.flex(weight: 2, min: 14), .left), (.fixed(13), .left), (.fixed(19), .left),
    ]
    let sessionID: Int64
    private let context: AppContext

    init(_ context: AppContext, sessionID: Int64) {
        self.context = context
        self.sessionID = sessionID
    }

    var store: FacetStore { context.store }
    func makeList() -> PagedList { store.rosterList(sessionID: sessionID) }
    func makeEditor() -> RecordEditor? { nil }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.trainingRegister, keys: [.char("a")], label: "register", context: c),
            KeyBinding(.trainingCancel, keys: [.char("x")], label: "cancel", context: c),
            KeyBinding(.trainingCheckIn, keys: [.char("i")], label: "check in", context: c),
            KeyBinding(.trainingAttended, keys: [.char("m")], label: "mark attended", context: c, showInStatus: false),
            KeyBinding(.trainingNoShow, keys: [.char("N")], label: "mark no-show", context: c, showInStatus: false),
            KeyBinding(.trainingComplete, keys: [.char("C")], label: "completed", context: c),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        switch action {
        case .trainingRegister: return Requirement(action: .create, entity: .pdEnrollments)
        case .trainingCancel, .trainingCheckIn, .trainingAttended, .trainingNoShow, .trainingComplete:
            return Requirement(action: .update, entity: .pdEnrollments)
        default: return nil
        }
    }

    func headline(_ list: ListScreen) -> String? {
        guard let s = (try? store.session(id: sessionID)) ?? nil else { return "Roster" }
        return "\(s.courseCode) \(s.day) · \(s.seatsTaken)/\(s.capacity) seats · \(s.waiting) waiting · \(s.checkedIn) in"
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .trainingRegister:
            let session = EditSession(editor: TrainingEditors.registration(sessionID: sessionID, store: store), recordID: nil, stored: nil)
            if let s = (try? store.session(id: sessionID)) ?? nil {
                session.form.title = "Register for \(s.courseCode) on \(s.day)"
                session.form.notice = s.seatsTaken < s.capacity && s.waiting == 0
                    ? "\(s.capacity - s.seatsTaken) seats left. Type part of a name or number."
                    : "The session is full: new registrations go on the waiting list."
                session.form.noticeIsError = false
            }
            return .push(list.formScreen(session))
        case .trainingCancel:
            return list.withSelection { row in
                guard let stored = (try? store.fetchRecord(.pdEnrollments, id: row.id)) ?? nil else { return .status("That registration no longer exists.") }
                let version = Int(stored["version"]?.integerValue ?? 0)
                return .push(DialogScreen(Dialog(title: "Cancel registration?", message: "Cancel \(row.cells[0])'s place? The first person waiting moves up.",
                                                 kind: .confirm, yesLabel: "Cancel it", noLabel: "Keep it"), context) { [store] answer in
                    guard answer == .yes else { return .none }
                    do {
                        let moved = try store.cancelEnrollment(id: row.id, expectedVersion: version)
                        return .all([.refresh, .status("Cancelled \(row.cells[0])." + (moved.isEmpty ? "" : " Moved up from the waiting list: \(moved.joined(separator: ", "))."))])
                    } catch {
                        return .error(String(describing: error))
                    }
                })
            }
        case .trainingAttended, .trainingNoShow:
            return list.withSelection { row in
                do {
                    guard let stored = try store.fetchRecord(.pdEnrollments, id: row.id) else { return .status("That registration no longer exists.") }
                    try store.setEnrollmentStatus(id: row.id, expectedVersion: Int(stored["version"]?.integerValue ?? 0),
                                                  to: action == .trainingAttended ? .attended : .noShow)
                    return .all([.refresh, .status("\(row.cells[0]): \(action == .trainingAttended ? "attended" : "no-show").")])
                } catch {
                    return .error(String(describing: error))
                }
            }
        case .trainingCheckIn: return CheckInScreen.open(sessionID: sessionID, context)
        case .trainingComplete: return completion()
        default: return .none
        }
    }

    /// `C`: everyone who attended completed the session, with the hours asked (the course's by default).
    private func completion() -> Effect {
        guard let s = (try? store.session(id: sessionID)) ?? nil else { return .status("That session no longer exists.") }
        let form = Form(title: "Completed \(s.courseCode) on \(s.day)",
                        fields: [TextField("Hours each", value: String(format: "%.1f", s.hours), required: true, maxLength: 6,
                                           validators: [{ Double($0).map { $0 > 0 && $0 <= 100 } == true ? nil : "hours, e.g. 1.5" }])])
        form.notice = "Everyone marked attended is marked completed on \(s.day)."
        form.noticeIsError = false
        let store = self.store, sessionID = self.sessionID
        return .push(PromptScreen(form, context) { raw, _ in
            do {
                let n = try store.markCompleted(sessionID: sessionID, hours: Double(raw) ?? s.hours)
                return .all([.pop, .refresh, .status(n == 0 ? "No one is marked attended yet." : "Marked \(n) completed, \(raw) hours each.")])
            } catch {
                return .all([.pop, .error(String(describing: error))])
            }
        })
    }
}

/// `o` on a course: who is overdue on it and since when.
final class OverdueList: ListController {
    let title: String
    let parentTitle: String? = "Courses"
    let noun = "overdue employee"
    let entity = Entity.employees
    let editorEntity: Entity? = nil
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 2, min: 18), .left), (.flex(weight: 2, min: 16), .left), (.fixed(13), .left), (.fixed(10), .left), (.fixed(10), .left),
    ]
    let course: Course
    private let context: AppContext
    private let grace: Int

    init(_ context: AppContext, course: Course) {
        self.context = context
        self.course = course
        self.title = "Overdue \(course.code)"
        grace = (try? context.store.graceDays()) ?? Compliance.defaultGraceDays
    }

    func makeList() -> PagedList { context.store.overdueList(course: course, today: context.today, graceDays: grace) }
    func makeEditor() -> RecordEditor? { nil }
    func headline(_ list: ListScreen) -> String? { "Overdue on \(course.code) (\(course.renewalText))" }
    func open(_ row: TableRow, in list: ListScreen) -> Effect { EmployeesList(context).detail(id: row.id, in: list) }
}

/// `s` on the compliance view: each school's percent current on each required course (or on the
/// one course, with its counts), read for the schools on screen only.
final class ComplianceBySchoolList: ListController {
    let title = "Compliance by school"
    let parentTitle: String? = "Employees"
    let noun = "school"
    let entity = Entity.schools
    let editorEntity: Entity? = nil
    private let context: AppContext
    private let courseCode: String?
    private var courseCount = 0

    init(_ context: AppContext, courseCode: String?) {
        self.context = context
        self.courseCode = courseCode
    }

    var columnLayout: [(width: TableColumn.Width, alignment: Alignment)] {
        [(.flex(weight: 1, min: 24), .left)] + Array(repeating: (courseCode == nil ? .fixed(7) : .fixed(22), .right), count: courseCount)
    }

    /// The courses and the list, kept until the data change: reading ahead from the compliance
    /// report (`ComplianceReport.run`) fills the list's count and the rows on screen, so the list
    /// opened by `s` — and opened again after Esc — reads nothing.
    private final class Kept {
        let courseCount: Int
        let list: PagedList
        init(courseCount: Int, list: PagedList) { self.courseCount = courseCount; self.list = list }
    }

    func makeList() -> PagedList {
        let store = context.store
        let today = context.today
        let courseCode = self.courseCode
        let kept = context.cached("complianceBySchoolList.\(courseCode ?? "every course").\(today)") { () -> Kept in
            let courses = ((try? store.courses()) ?? []).filter {
                !$0.requiredRoles.isEmpty && (courseCode == nil || $0.code.lowercased() == courseCode!.lowercased())
            }
            let list = store.complianceBySchoolList(today: today, courses: courses,
                                                    graceDays: (try? store.graceDays()) ?? Compliance.defaultGraceDays)
            // Each row is sixteen sums (four per course): the first frame reads the rows on screen
            // only, and a few beyond are read between keys.
            list.padding = 4
            list.firstPadding = 0
            return Kept(courseCount: courses.count, list: list)
        }
        courseCount = kept.courseCount
        // A list opened again starts as a new one does (the last one's filter and sort undone;
        // its count and rows stay kept when they were not changed).
        kept.list.setFilter("")
        kept.list.setSort(column: 0, ascending: true)
        return kept.list
    }
    func makeEditor() -> RecordEditor? { nil }
    func headline(_ list: ListScreen) -> String? {
        "Percent current, \(context.today)\(courseCode.map { ", \($0)" } ?? "")"
    }
    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        guard row.id != 0 else {
            return .status("District office staff count on this row and in the district and role figures.")
        }
        return ComplianceReport.school(context, id: row.id, courseCode: courseCode)
    }
}
