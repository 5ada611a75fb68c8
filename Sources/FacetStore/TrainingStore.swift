import FacetModel
import GRDB

// Professional development: courses, sessions, rosters with a waiting list, check-in at the door,
// completions, and who is current. Every write goes through the audited writer.

enum TrainingSchema {
    /// The "v9-pd-rosters" migration.
    static func migrate(_ db: Database) throws {
        let statuses = EnrollmentStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE pd_courses (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE COLLATE NOCASE,
                title TEXT NOT NULL,
                topic TEXT NOT NULL,
                hours REAL NOT NULL DEFAULT 1 CHECK (hours > 0),
                required_roles TEXT NOT NULL DEFAULT '',
                renewal_months INTEGER CHECK (renewal_months IS NULL OR renewal_months > 0),
                \(Migrations.bookkeeping)
            );
            CREATE TABLE pd_sessions (
                id INTEGER PRIMARY KEY,
                course_id INTEGER NOT NULL REFERENCES pd_courses(id),
                day TEXT NOT NULL,
                time TEXT NOT NULL DEFAULT '',
                place TEXT NOT NULL DEFAULT '',
                facilitator TEXT NOT NULL DEFAULT '',
                capacity INTEGER NOT NULL CHECK (capacity >= 1),
                \(Migrations.bookkeeping)
            );
            CREATE INDEX pd_sessions_by_day ON pd_sessions(day, time, id);
            CREATE INDEX pd_sessions_by_course ON pd_sessions(course_id, day);
            CREATE TABLE pd_enrollments (
                id INTEGER PRIMARY KEY,
                session_id INTEGER NOT NULL REFERENCES pd_sessions(id),
                employee_id INTEGER NOT NULL REFERENCES employees(id),
                status TEXT NOT NULL CHECK (status IN (\(statuses))),
                queue_position INTEGER,
                walk_in INTEGER NOT NULL DEFAULT 0,
                completed_on TEXT,
                hours REAL,
                \(Migrations.bookkeeping),
                UNIQUE (session_id, employee_id)
            );
            CREATE INDEX pd_enrollments_by_session_status ON pd_enrollments(session_id, status);
            CREATE INDEX pd_enrollments_by_employee ON pd_enrollments(employee_id);

            -- A summary kept by triggers: each employee's last completion of each course, so that who
            -- is current is one indexed lookup per employee rather than a search of every enrollment.
            CREATE TABLE pd_completions (
                employee_id INTEGER NOT NULL,
                course_id INTEGER NOT NULL,
                completed_on TEXT NOT NULL,
                PRIMARY KEY (employee_id, course_id)
            ) WITHOUT ROWID;
            CREATE INDEX pd_completions_by_course ON pd_completions(course_id, completed_on);

            CREATE TABLE pd_settings (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                grace_days INTEGER NOT NULL CHECK (grace_days >= 0),
                \(Migrations.bookkeeping)
            );
            CREATE INDEX employees_by_role ON employees(role, active);
            """)
        // Recompute one (employee, course) pair of the summary from the enrollments.
        func recompute(_ employee: String, _ course: String) -> String {
            """
            DELETE FROM pd_completions WHERE employee_id = \(employee) AND course_id = \(course);
            INSERT INTO pd_completions (employee_id, course_id, completed_on)
                SELECT en.employee_id, s.course_id, MAX(en.completed_on) FROM pd_enrollments en
                JOIN pd_sessions s ON s.id = en.session_id
                WHERE en.employee_id = \(employee) AND s.course_id = \(course)
                  AND en.status = 'completed' AND en.completed_on IS NOT NULL
                GROUP BY en.employee_id, s.course_id;
            """
        }
        let newCourse = "(SELECT course_id FROM pd_sessions WHERE id = new.session_id)"
        let oldCourse = "(SELECT course_id FROM pd_sessions WHERE id = old.session_id)"
        try db.execute(sql: """
            CREATE TRIGGER pd_completions_insert AFTER INSERT ON pd_enrollments
            WHEN new.status = 'completed' AND new.completed_on IS NOT NULL BEGIN
                INSERT INTO pd_completions (employee_id, course_id, completed_on)
                    VALUES (new.employee_id, \(newCourse), new.completed_on)
                    ON CONFLICT (employee_id, course_id) DO UPDATE SET completed_on = MAX(completed_on, excluded.completed_on);
            END;
            CREATE TRIGGER pd_completions_update AFTER UPDATE OF status, completed_on, employee_id, session_id ON pd_enrollments BEGIN
                \(recompute("old.employee_id", oldCourse))
                \(recompute("new.employee_id", newCourse))
            END;
            CREATE TRIGGER pd_completions_delete AFTER DELETE ON pd_enrollments BEGIN
                \(recompute("old.employee_id", oldCourse))
            END;
            CREATE TRIGGER pd_completions_session_course AFTER UPDATE OF course_id ON pd_sessions BEGIN
                DELETE FROM pd_completions WHERE course_id IN (old.course_id, new.course_id)
                    AND employee_id IN (SELECT employee_id FROM pd_enrollments WHERE session_id = new.id);
                INSERT INTO pd_completions (employee_id, course_id, completed_on)
                    SELECT en.employee_id, s.course_id, MAX(en.completed_on) FROM pd_enrollments en
                    JOIN pd_sessions s ON s.id = en.session_id
                    WHERE s.course_id IN (old.course_id, new.course_id) AND en.status = 'completed' AND en.completed_on IS NOT NULL
                      AND en.employee_id IN (SELECT employee_id FROM pd_enrollments WHERE session_id = new.id)
                    GROUP BY en.employee_id, s.course_id;
            END;
            """)
        try db.execute(sql: "INSERT INTO pd_settings (id, grace_days, updated_at, updated_by) VALUES (1, ?, ?, 'facet')",
                       arguments: [Compliance.defaultGraceDays, Timestamp.now()])
    }
}

/// A session as the roster and check-in show it.
public struct SessionInfo: Sendable, Equatable {
    public var id: Int64
    public var courseID: Int64
    public var courseCode: String
    public var courseTitle: String
    public var hours: Double
    public var day: Day
    public var time: String
    public var place: String
    public var facilitator: String
    public var capacity: Int
    /// Seats held (registered, attended, no-show, completed), waiting, and checked in (attended or completed).
    public var seatsTaken: Int
    public var waiting: Int
    public var checkedIn: Int
    public var walkIns: Int

    /// "FE101 Family engagement foundations · 2026-12-03 15:30 · Central Library"
    public var title: String {
        "\(courseCode) \(courseTitle) · \(day)\(time.isEmpty ? "" : " \(time)")\(place.isEmpty ? "" : " · \(place)")"
    }
}

/// One person found by the check-in search.
public struct CheckInMatch: Sendable, Equatable {
    public var employeeID: Int64
    public var number: String
    public var name: String
    public var school: String
    /// Their enrollment in this session, if any.
    public var status: EnrollmentStatus?
}

/// What Enter at the door did.
public enum CheckInOutcome: Sendable, Equatable {
    case checkedIn(name: String)
    case walkIn(name: String)
    case already(name: String)
}

/// One line of an employee's professional-development history.
public struct TrainingRecord: Sendable, Equatable {
    public var day: Day
    public var courseCode: String
    public var courseTitle: String
    public var status: EnrollmentStatus
    public var hours: Double?
    public var completedOn: Day?
}

/// The compliance of one required course, by school and by role.
public struct CourseCompliance: Sendable, Equatable {
    public var course: Course
    public var district: Compliance.Tally
    public var bySchool: [Compliance.Tally]
    public var byRole: [Compliance.Tally]
}

/// One overdue employee on one course.
public struct OverdueEmployee: Sendable, Equatable {
    public var number: String
    public var name: String
    public var school: String
    public var role: String
    public var dueSince: Day?
    public var lastCompletion: Day?
}

extension FacetStore {
    // MARK: reading

    static func course(_ row: Row) -> Course {
        Course(id: row["id"], code: row["code"], title: row["title"], topic: CourseTopic(rawValue: row["topic"]) ?? .other,
               hours: row["hours"], requiredRoles: Course.roles(stored: row["required_roles"]), renewalMonths: row["renewal_months"])
    }

    /// Every course, by code.
    public func courses() throws -> [Course] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pd_courses ORDER BY code COLLATE NOCASE").map(Self.course)
        }
    }

    /// The grace period for new hires, in days, as the admin set it.
    public func graceDays() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT grace_days FROM pd_settings WHERE id = 1") ?? Compliance.defaultGraceDays }
    }

    public func session(id: Int64) throws -> SessionInfo? {
        try read { db in try Self.session(db, id: id) }
    }

    static func session(_ db: Database, id: Int64) throws -> SessionInfo? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT s.id, s.course_id, c.code, c.title, c.hours, s.day, s.time, s.place, s.facilitator, s.capacity,
                (SELECT COUNT(*) FROM pd_enrollments en WHERE en.session_id = s.id AND en.status IN ('registered', 'attended', 'no-show', 'completed')) AS taken,
                (SELECT COUNT(*) FROM pd_enrollments en WHERE en.session_id = s.id AND en.status = 'waitlisted') AS waiting,
                (SELECT COUNT(*) FROM pd_enrollments en WHERE en.session_id = s.id AND en.status IN ('attended', 'completed')) AS present,
                (SELECT COUNT(*) FROM pd_enrollments en WHERE en.session_id = s.id AND en.walk_in AND en.status IN ('attended', 'completed')) AS walk_ins
            FROM pd_sessions s JOIN pd_courses c ON c.id = s.course_id WHERE s.id = ?
            """, arguments: [id]) else { return nil }
        return SessionInfo(id: row["id"], courseID: row["course_id"], courseCode: row["code"], courseTitle: row["title"],
                           hours: row["hours"], day: Day(row["day"] as String) ?? Day(ordinal: 0), time: row["time"],
                           place: row["place"], facilitator: row["facilitator"], capacity: row["capacity"],
                           seatsTaken: row["taken"], waiting: row["waiting"], checkedIn: row["present"], walkIns: row["walk_ins"])
    }

    /// The first session on or after `day` (the sessions list opens there).
    public func firstSession(onOrAfter day: Day) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM pd_sessions WHERE day >= ? ORDER BY day, time, id LIMIT 1", arguments: [day.description])
        }
    }

    /// Sessions as choices: "FE101 · 2026-12-03 15:30".
    public func courseOptions() throws -> [(id: Int64, name: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, code, title FROM pd_courses ORDER BY code COLLATE NOCASE").map { row in
                (row["id"], "\(row["code"] as String) \(row["title"] as String)")
            }
        }
    }

    /// An employee's sessions, newest first.
    public func trainingHistory(employeeID: Int64) throws -> [TrainingRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.day, c.code, c.title, en.status, en.hours, en.completed_on FROM pd_enrollments en
                JOIN pd_sessions s ON s.id = en.session_id JOIN pd_courses c ON c.id = s.course_id
                WHERE en.employee_id = ? ORDER BY s.day DESC, s.time DESC, en.id DESC
                """, arguments: [employeeID]).map { row in
                TrainingRecord(day: Day(row["day"] as String) ?? Day(ordinal: 0), courseCode: row["code"], courseTitle: row["title"],
                               status: EnrollmentStatus(rawValue: row["status"]) ?? .registered, hours: row["hours"],
                               completedOn: (row["completed_on"] as String?).flatMap(Day.init))
            }
        }
    }

    /// An employee's standing on every required course.
    public func complianceOf(employeeID: Int64, today: Day) throws -> [(course: Course, status: ComplianceStatus)] {
        let grace = try graceDays()
        let all = try courses()
        return try read { db in
            guard let e = try Row.fetchOne(db, sql: "SELECT role, active, hire_date FROM employees WHERE id = ?", arguments: [employeeID]) else { return [] }
            let role = EmployeeRole(rawValue: e["role"]) ?? .other
            var last: [Int64: Day] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT course_id, completed_on FROM pd_completions WHERE employee_id = ?", arguments: [employeeID]) {
                last[row["course_id"]] = Day(row["completed_on"] as String)
            }
            return all.filter { !$0.requiredRoles.isEmpty }.map { c in
                (c, Compliance.status(course: c, role: role, active: e["active"], hireDate: (e["hire_date"] as String?).flatMap(Day.init),
                                      lastCompletion: last[c.id!], today: today, graceDays: grace))
            }
        }
    }

    // MARK: lists

    /// Courses: code, title, topic, hours, renewal and who must take it.
    public func courseList() -> PagedList {
        let roles = "CASE WHEN c.required_roles = '' THEN 'elective' ELSE replace(replace(replace(replace(replace(replace(c.required_roles, 'front-office', 'front office'), 'support-staff', 'support'), 'administrator', 'admin'), 'paraeducator', 'para'), 'counselor', 'counsel'), ',', ', ') END"
        return PagedList(store: self, query: ListQuery(
            from: "pd_courses c", id: "c.id",
            columns: [
                .init("Code", display: "c.code", sortKeys: ["c.code COLLATE NOCASE"]),
                .init("Course", display: "c.title", sortKeys: ["c.title COLLATE NOCASE"]),
                .init("Topic", display: choiceLabel("c.topic", CourseTopic.self), sortKeys: ["c.topic"]),
                .init("Hours", display: "printf('%.1f', c.hours)", sortKeys: ["c.hours"]),
                .init("Renewal", display: "CASE WHEN c.renewal_months IS NULL THEN 'once' ELSE c.renewal_months || ' mo' END",
                      sortKeys: ["COALESCE(c.renewal_months, 100000)"]),
                .init("Required of", display: roles, sortKeys: ["c.required_roles"]),
            ],
            searchable: ["c.code", "c.title", "c.topic"]))
    }

    /// Sessions by day: course, place, seats taken of capacity, the waiting list. Past ones muted.
    public func sessionList(today: Day) -> PagedList {
        let taken = "(SELECT COUNT(*) FROM pd_enrollments en WHERE en.session_id = ps.id AND en.status IN ('registered', 'attended', 'no-show', 'completed'))"
        let waiting = "(SELECT COUNT(*) FROM pd_enrollments en WHERE en.session_id = ps.id AND en.status = 'waitlisted')"
        let todayText = today.description.replacingOccurrences(of: "'", with: "")
        return PagedList(store: self, query: ListQuery(
            from: "pd_sessions ps JOIN pd_courses c ON c.id = ps.course_id", id: "ps.id",
            columns: [
                .init("When", display: "ps.day || ' ' || ps.time", sortKeys: ["ps.day", "ps.time"]),
                .init("Course", display: "c.code", sortKeys: ["c.code COLLATE NOCASE", "ps.day"]),
                .init("Title", display: "c.title", sortKeys: ["c.title COLLATE NOCASE", "c.id", "ps.day"]),
                .init("Place", display: "ps.place", sortKeys: ["ps.place COLLATE NOCASE"]),
                .init("Seats", display: "\(taken) || '/' || ps.capacity", sortKeys: ["ps.capacity"]),
                .init("Wait", display: waiting, unsorted: ()),
            ],
            searchable: ["c.code", "c.title", "ps.place", "ps.facilitator", "ps.day"],
            flag: "CASE WHEN ps.day < '\(todayText)' THEN 'muted' END",
            fullText: "pd_sessions_search", base: ("pd_sessions ps", "ps")))
    }

    /// One session's roster: each person, their school and role, and where they stand (the waiting
    /// list with each person's place in it).
    public func rosterList(sessionID: Int64) -> PagedList {
        let order = "CASE en.status WHEN 'completed' THEN 1 WHEN 'attended' THEN 2 WHEN 'registered' THEN 3 WHEN 'no-show' THEN 4 WHEN 'waitlisted' THEN 5 ELSE 6 END"
        let status = "CASE en.status WHEN 'waitlisted' THEN 'Waiting ' || (SELECT COUNT(*) FROM pd_enrollments w WHERE w.session_id = en.session_id AND w.status = 'waitlisted' AND w.queue_position <= en.queue_position) ELSE \(choiceLabel("en.status", EnrollmentStatus.self)) END || CASE WHEN en.walk_in THEN ' (walk-in)' ELSE '' END"
        let list = PagedList(store: self, query: ListQuery(
            from: "pd_enrollments en JOIN employees e ON e.id = en.employee_id LEFT JOIN schools s ON s.id = e.school_id",
            id: "en.id",
            columns: [
                .init("Name", display: "e.last_name || ', ' || e.first_name", sortKeys: ["e.last_name COLLATE NOCASE", "e.first_name COLLATE NOCASE"]),
                .init("Number", display: "e.number"),
                .init("School", display: "COALESCE(s.name, 'District office')", sortKeys: ["COALESCE(s.name, '') COLLATE NOCASE"]),
                .init("Role", display: choiceLabel("e.role", EmployeeRole.self), sortKeys: ["e.role"]),
                .init("Status", display: status, sortKeys: [order, "COALESCE(en.queue_position, 0)"]),
            ],
            searchable: ["e.number", "e.last_name", "e.first_name", "COALESCE(s.name, 'District office')", "en.status"],
            condition: "en.session_id = \(sessionID)",
            flag: "CASE en.status WHEN 'cancelled' THEN 'muted' WHEN 'waitlisted' THEN 'muted' WHEN 'no-show' THEN 'warning' END"))
        return list
    }

    /// Active employees who must take `course` and are overdue on `today`, with the day each fell due.
    public func overdueList(course: Course, today: Day, graceDays: Int) -> PagedList {
        let (condition, dueSQL) = overdueSQL(course: course, today: today, graceDays: graceDays)
        return PagedList(store: self, query: ListQuery(
            from: "employees e LEFT JOIN schools s ON s.id = e.school_id LEFT JOIN pd_completions l ON l.employee_id = e.id AND l.course_id = \(course.id ?? 0)",
            id: "e.id",
            columns: [
                .init("Name", display: "e.last_name || ', ' || e.first_name", sortKeys: ["e.last_name COLLATE NOCASE", "e.first_name COLLATE NOCASE"]),
                .init("School", display: "COALESCE(s.name, 'District office')", sortKeys: ["COALESCE(s.name, '') COLLATE NOCASE"]),
                .init("Role", display: choiceLabel("e.role", EmployeeRole.self), sortKeys: ["e.role"]),
                .init("Last done", display: "COALESCE(l.completed_on, 'never')", sortKeys: ["COALESCE(l.completed_on, '')"]),
                .init("Due since", display: dueSQL, sortKeys: [dueSQL]),
            ],
            searchable: ["e.number", "e.last_name", "e.first_name", "COALESCE(s.name, 'District office')"],
            condition: condition,
            fullText: "employees_search"))
    }

    /// Compliance by school: each school, and for each of `courses` (those some role must take) the
    /// percent current — with the counts when there is one course. Read from the kept counts for
    /// the rows on screen only (a page of schools); sorted by name only, since no index orders
    /// schools by a percent worked out for today.
    public func complianceBySchoolList(today: Day, courses: [Course], graceDays grace: Int) -> PagedList {
        let hiredAfter = Compliance.hiredAfter(today: today, graceDays: grace).description
        let columns: [ListQuery.Column] = courses.map { course in
            let roles = course.requiredRoles.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
            var window = "completed_on <= '\(today)'"
            if let cutoff = Compliance.currentAfter(today: today, renewalMonths: course.renewalMonths) {
                window += " AND completed_on > '\(cutoff)'"
            }
            let id = course.id ?? 0
            let current = "(SELECT COALESCE(SUM(n), 0) FROM pd_current_schools WHERE course_id = \(id) AND school_id = s.id AND role IN (\(roles)) AND \(window))"
            // Staff, less those in grace: hired after the cutoff and not current.
            let counted = """
                ((SELECT COALESCE(SUM(n), 0) FROM pd_staff WHERE school_id = s.id AND role IN (\(roles)))
                 - (SELECT COALESCE(SUM(n), 0) FROM pd_hires WHERE school_id = s.id AND hire_day > '\(hiredAfter)' AND role IN (\(roles)))
                 + (SELECT COALESCE(SUM(n), 0) FROM pd_current_hires WHERE course_id = \(id) AND hire_day > '\(hiredAfter)' AND \(window)
                    AND school_id = s.id AND role IN (\(roles))))
                """
            // Each sum once per row: the figures in a subquery, the text from them.
            let text = courses.count == 1 ? "printf('%5.1f%%  %d / %d', 100.0 * c / k, c, k)" : "printf('%5.1f%%', 100.0 * c / k)"
            let shown = "(SELECT CASE WHEN k = 0 THEN '—' ELSE \(text) END FROM (SELECT \(counted) AS k, \(current) AS c))"
            return .init(course.code, display: shown, unsorted: ())
        }
        // The district office (id 0 in the kept counts) is a row of its own, first: its staff are
        // in the district's and the roles' figures, and a list of schools alone would leave them
        // out of sight. First rather than by name, so it is found in one place (Home).
        return PagedList(store: self, query: ListQuery(
            from: "(SELECT id, name, code, active FROM schools UNION ALL SELECT 0, 'District office', 'district', 1) s", id: "s.id",
            columns: [.init("School", display: "CASE WHEN s.id = 0 THEN s.name ELSE s.name || ' (' || s.code || ')' END",
                            sortKeys: ["s.id <> 0", "s.name COLLATE NOCASE"])] + columns,
            searchable: ["s.code", "s.name"],
            flag: "CASE WHEN s.active THEN NULL ELSE 'muted' END"))
    }

    /// The overdue condition (over `e` and `l`, the last completion) and the due-since expression.
    /// Mirrors `Compliance.status`: active, role required, not current, and past the grace period.
    func overdueSQL(course: Course, today: Day, graceDays: Int) -> (condition: String, due: String) {
        let roles = course.requiredRoles.isEmpty ? "''" : course.requiredRoles.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        let hiredAfter = Compliance.hiredAfter(today: today, graceDays: graceDays).description
        var notCurrent = "l.completed_on IS NULL OR l.completed_on > '\(today)'"
        if let cutoff = Compliance.currentAfter(today: today, renewalMonths: course.renewalMonths) {
            notCurrent += " OR l.completed_on <= '\(cutoff)'"
        }
        let condition = "e.active AND e.role IN (\(roles)) AND (\(notCurrent)) AND (e.hire_date IS NULL OR e.hire_date <= '\(hiredAfter)')"
        let graceEnd = "date(e.hire_date, '+\(max(0, graceDays)) days')"
        let expiry = course.renewalMonths.map { "date(l.completed_on, '+\($0) months')" } ?? "NULL"
        let due = "COALESCE(CASE WHEN \(expiry) IS NULL THEN \(graceEnd) ELSE MAX(\(expiry), COALESCE(\(graceEnd), '')) END, 'always')"
        return (condition, due)
    }

    // MARK: compliance

    /// Courses some role must take, or the one with `courseCode` (an error when it is not one).
    func requiredCourses(_ courseCode: String?) throws -> [Course] {
        var courses = try courses().filter { !$0.requiredRoles.isEmpty }
        if let courseCode {
            courses = courses.filter { $0.code.lowercased() == courseCode.lowercased() }
            if courses.isEmpty { throw StoreError.invalid("No required course has the code \(courseCode).") }
        }
        return courses
    }

    /// For each course that some role must take (or the one with `courseCode`): the percent of
    /// active employees who are current, for the district (or the school with `schoolCode`), by
    /// role and — unless `bySchool` is false — by school, with counts. Read as range sums of the
    /// counts kept by day (`ComplianceSummarySchema`): staff, less those in grace (hired after
    /// today − grace days and not current), current (last completion in the renewal window).
    public func complianceReport(today: Day, courseCode: String? = nil, schoolCode: String? = nil,
                                 bySchool: Bool = true) throws -> [CourseCompliance] {
        let grace = try graceDays()
        let courses = try requiredCourses(courseCode)
        var askedSchool: Int64?
        if let schoolCode {
            guard let id = try schoolID(code: schoolCode) else { throw StoreError.invalid("No school has the code \(schoolCode).") }
            askedSchool = id
        }
        // Per school when asked, or when one school is asked for (its figures are its by-school line).
        let perSchool = bySchool || askedSchool != nil
        // Names for the by-school lines: every school's, or the one asked for.
        let schoolNames: [Int64: String] = !perSchool ? [:] : askedSchool == nil
            ? Dictionary(uniqueKeysWithValues: try schoolOptions())
            : try read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name, code FROM schools WHERE id = ?", arguments: [askedSchool]).map {
                    ($0["id"] as Int64, "\($0["name"] as String) (\($0["code"] as String))")
                })
            }
        let hiredAfter = Compliance.hiredAfter(today: today, graceDays: grace).description
        let school = perSchool ? "school_id" : "0"
        let onlySchool = askedSchool.map { " AND school_id = \($0)" } ?? ""
        struct Key: Hashable { var school: Int64; var role: String }
        func sums(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> [Key: Int] {
            var found: [Key: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) { found[Key(school: row[0], role: row[1])] = row[2] }
            return found
        }
        return try read { db in
            let staff = try sums(db, perSchool ? "SELECT school_id, role, SUM(n) FROM pd_staff WHERE 1\(onlySchool) GROUP BY 1, 2"
                                               : "SELECT 0, role, n FROM pd_staff_roles", [])
            let hires = try sums(db, "SELECT \(school), role, SUM(n) FROM pd_hires WHERE hire_day > ?\(onlySchool) GROUP BY 1, 2", [hiredAfter])
            return try courses.map { course in
                let roles = course.requiredRoles.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
                var window = "completed_on <= '\(today)'"
                if let cutoff = Compliance.currentAfter(today: today, renewalMonths: course.renewalMonths) {
                    window += " AND completed_on > '\(cutoff)'"
                }
                let current = try sums(db, perSchool
                    ? "SELECT school_id, role, SUM(n) FROM pd_current_schools WHERE course_id = ?\(onlySchool) AND role IN (\(roles)) AND \(window) GROUP BY 1, 2"
                    : "SELECT 0, role, SUM(n) FROM pd_current_roles WHERE course_id = ? AND role IN (\(roles)) AND \(window) GROUP BY 2",
                    [course.id])
                let currentHires = try sums(db, """
                    SELECT \(school), role, SUM(n) FROM pd_current_hires WHERE course_id = ? AND hire_day > ? AND \(window)
                    AND role IN (\(roles))\(onlySchool) GROUP BY 1, 2
                    """, [course.id, hiredAfter])
                var district = Compliance.Tally(label: "District")
                var bySchool: [Int64: Compliance.Tally] = [:], byRole: [String: Compliance.Tally] = [:]
                for (key, n) in staff where course.requiredRoles.contains(where: { $0.rawValue == key.role }) {
                    let inGrace = (hires[key] ?? 0) - (currentHires[key] ?? 0)
                    let tally = Compliance.Tally(label: "", counted: n - inGrace, current: current[key] ?? 0, inGrace: inGrace)
                    district = district + tally
                    if perSchool {
                        bySchool[key.school] = (bySchool[key.school] ?? Compliance.Tally(label: key.school == 0 ? "District office" : schoolNames[key.school] ?? "#\(key.school)")) + tally
                    }
                    byRole[key.role] = (byRole[key.role] ?? Compliance.Tally(label: EmployeeRole(rawValue: key.role)?.label ?? key.role)) + tally
                }
                return CourseCompliance(course: course, district: district,
                                        bySchool: bySchool.values.sorted { $0.label.lowercased() < $1.label.lowercased() },
                                        byRole: byRole.values.sorted { $0.label < $1.label })
            }
        }
    }

    /// `complianceReport` computed afresh: one grouped query per course over every employee and the
    /// last-completion summary (1.5–2.6 s on the large district). Kept to check the kept counts
    /// against (`ComplianceSummaryTests`) and to measure them (facet-bench).
    public func complianceReportFromEmployees(today: Day, courseCode: String? = nil, schoolCode: String? = nil) throws -> [CourseCompliance] {
        let grace = try graceDays()
        let courses = try requiredCourses(courseCode)
        var schoolFilter = ""
        if let schoolCode {
            guard let id = try schoolID(code: schoolCode) else { throw StoreError.invalid("No school has the code \(schoolCode).") }
            schoolFilter = " AND e.school_id = \(id)"
        }
        let schoolNames: [Int64: String] = Dictionary(uniqueKeysWithValues: try schoolOptions())
        return try read { db in
            try courses.map { course in
                let roles = course.requiredRoles.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
                let hiredAfter = Compliance.hiredAfter(today: today, graceDays: grace).description
                var current = "l.completed_on IS NOT NULL AND l.completed_on <= '\(today)'"
                if let cutoff = Compliance.currentAfter(today: today, renewalMonths: course.renewalMonths) {
                    current += " AND l.completed_on > '\(cutoff)'"
                }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT x.school_id AS school, x.role AS role, SUM(x.cur) AS current, SUM(NOT x.cur AND x.grace) AS grace, COUNT(*) AS staff
                    FROM (SELECT e.school_id, e.role, (\(current)) AS cur,
                                 (e.hire_date IS NOT NULL AND e.hire_date > '\(hiredAfter)') AS grace
                          FROM employees e LEFT JOIN pd_completions l ON l.employee_id = e.id AND l.course_id = ?
                          WHERE e.active AND e.role IN (\(roles))\(schoolFilter)) x
                    GROUP BY 1, 2
                    """,
                    arguments: [course.id])
                var district = Compliance.Tally(label: "District")
                var bySchool: [Int64: Compliance.Tally] = [:], byRole: [String: Compliance.Tally] = [:]
                for row in rows {
                    let staff: Int = row["staff"], cur: Int = row["current"], grace: Int = row["grace"]
                    let tally = Compliance.Tally(label: "", counted: staff - grace, current: cur, inGrace: grace)
                    let school: Int64 = (row["school"] as Int64?) ?? 0
                    let role: String = row["role"]
                    district = district + tally
                    bySchool[school] = (bySchool[school] ?? Compliance.Tally(label: school == 0 ? "District office" : schoolNames[school] ?? "#\(school)")) + tally
                    byRole[role] = (byRole[role] ?? Compliance.Tally(label: EmployeeRole(rawValue: role)?.label ?? role)) + tally
                }
                return CourseCompliance(course: course, district: district,
                                        bySchool: bySchool.values.sorted { $0.label.lowercased() < $1.label.lowercased() },
                                        byRole: byRole.values.sorted { $0.label < $1.label })
            }
        }
    }

    /// Everyone overdue on `course` (optionally at one school), by name, for exports.
    public func overdueEmployees(course: Course, today: Day, schoolCode: String? = nil) throws -> [OverdueEmployee] {
        let grace = try graceDays()
        let (condition, due) = overdueSQL(course: course, today: today, graceDays: grace)
        var school = ""
        if let schoolCode {
            guard let id = try schoolID(code: schoolCode) else { throw StoreError.invalid("No school has the code \(schoolCode).") }
            school = " AND e.school_id = \(id)"
        }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.number, e.last_name || ', ' || e.first_name AS name, COALESCE(s.name, 'District office') AS school, e.role,
                       \(due) AS due, l.completed_on FROM employees e LEFT JOIN schools s ON s.id = e.school_id
                LEFT JOIN pd_completions l ON l.employee_id = e.id AND l.course_id = ?
                WHERE \(condition)\(school) ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE, e.id
                """, arguments: [course.id]).map { row in
                OverdueEmployee(number: row["number"], name: row["name"], school: row["school"],
                                role: EmployeeRole(rawValue: row["role"])?.label ?? row["role"],
                                dueSince: Day(row["due"] as String), lastCompletion: (row["completed_on"] as String?).flatMap(Day.init))
            }
        }
    }

    // MARK: writing

    /// Registers an employee for a session: a seat while there is one (and no one waits), else the
    /// waiting list. A cancelled registration is renewed. Returns the enrollment and its status.
    @discardableResult
    public func register(sessionID: Int64, employeeID: Int64) throws -> (id: Int64, status: EnrollmentStatus) {
        try write { w in
            guard let session = try Self.session(w.db, id: sessionID) else { throw StoreError.notFound(entity: "pd_sessions", id: sessionID) }
            let status = SessionSeats.statusForNewRegistration(seatsTaken: session.seatsTaken, capacity: session.capacity, waiting: session.waiting)
            let queue: Int64? = status == .waitlisted ? try Self.nextQueuePosition(w.db, sessionID: sessionID) : nil
            if let existing = try Row.fetchOne(w.db, sql: "SELECT id, status, version FROM pd_enrollments WHERE session_id = ? AND employee_id = ?",
                                               arguments: [sessionID, employeeID]) {
                let current = EnrollmentStatus(rawValue: existing["status"]) ?? .registered
                guard current == .cancelled else {
                    throw StoreError.invalid("\(try Self.employeeName(w.db, employeeID)) is already on this roster (\(current.label.lowercased())).")
                }
                let id: Int64 = existing["id"]
                try w.update("pd_enrollments", id: id, expectedVersion: existing["version"],
                             changes: ["status": status.rawValue, "queue_position": queue, "walk_in": 0])
                return (id, status)
            }
            let id = try w.insert(into: "pd_enrollments", values: [
                "session_id": sessionID, "employee_id": employeeID, "status": status.rawValue, "queue_position": queue,
            ])
            return (id, status)
        }
    }

    static func nextQueuePosition(_ db: Database, sessionID: Int64) throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT MAX(queue_position) FROM pd_enrollments WHERE session_id = ?", arguments: [sessionID]) ?? 0) + 1
    }

    static func employeeName(_ db: Database, _ id: Int64) throws -> String {
        try String.fetchOne(db, sql: "SELECT first_name || ' ' || last_name FROM employees WHERE id = ?", arguments: [id]) ?? "#\(id)"
    }

    /// Cancels a registration (or a place on the waiting list); the head of the waiting list moves
    /// up into any seat that frees. Returns the names of those who moved up.
    @discardableResult
    public func cancelEnrollment(id: Int64, expectedVersion: Int) throws -> [String] {
        try write { w in
            guard let row = try Row.fetchOne(w.db, sql: "SELECT session_id, status FROM pd_enrollments WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(entity: "pd_enrollments", id: id)
            }
            let status = EnrollmentStatus(rawValue: row["status"]) ?? .registered
            guard status == .registered || status == .waitlisted else {
                throw StoreError.invalid("Only a registration or a place on the waiting list can be cancelled; this one is \(status.label.lowercased()).")
            }
            try w.update("pd_enrollments", id: id, expectedVersion: expectedVersion, changes: ["status": EnrollmentStatus.cancelled.rawValue, "queue_position": nil])
            return try Self.moveUpWaitingList(w, sessionID: row["session_id"])
        }
    }

    /// Fills free seats from the head of the waiting list (after a cancellation or a larger capacity).
    static func moveUpWaitingList(_ w: AuditedWriter, sessionID: Int64) throws -> [String] {
        guard let session = try session(w.db, id: sessionID) else { return [] }
        let n = SessionSeats.movingUp(seatsTaken: session.seatsTaken, capacity: session.capacity, waiting: session.waiting)
        guard n > 0 else { return [] }
        var names: [String] = []
        for row in try Row.fetchAll(w.db, sql: """
            SELECT en.id, en.version, e.first_name || ' ' || e.last_name AS name FROM pd_enrollments en JOIN employees e ON e.id = en.employee_id
            WHERE en.session_id = ? AND en.status = 'waitlisted' ORDER BY en.queue_position, en.id LIMIT ?
            """, arguments: [sessionID, n]) {
            try w.update("pd_enrollments", id: row["id"], expectedVersion: row["version"],
                         changes: ["status": EnrollmentStatus.registered.rawValue, "queue_position": nil])
            names.append(row["name"])
        }
        return names
    }

    /// Saves a session (new when `id` is nil) and moves the waiting list up if the capacity grew.
    public func saveSession(id: Int64?, expectedVersion: Int, values: [String: StoredValue]) throws -> Int64 {
        try write { w in
            if let id {
                try w.update("pd_sessions", id: id, expectedVersion: expectedVersion, changes: values.mapValues { $0 })
                _ = try Self.moveUpWaitingList(w, sessionID: id)
                return id
            }
            return try w.insert(into: "pd_sessions", values: values.mapValues { $0 })
        }
    }

    /// Deletes a session that has no one on its roster (a session people took stays, as their record).
    public func deleteSession(id: Int64, expectedVersion: Int) throws {
        try write { w in
            let n = try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM pd_enrollments WHERE session_id = ?", arguments: [id]) ?? 0
            if n > 0 {
                throw StoreError.invalid("This session has \(n) \(n == 1 ? "person" : "people") on its roster; cancel their registrations first. A session people attended stays as their record.")
            }
            try w.delete(from: "pd_sessions", id: id, expectedVersion: expectedVersion)
        }
    }

    /// Deletes a course no session uses.
    public func deleteCourse(id: Int64, expectedVersion: Int) throws {
        try write { w in
            let n = try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM pd_sessions WHERE course_id = ?", arguments: [id]) ?? 0
            if n > 0 { throw StoreError.invalid("This course has \(n) session\(n == 1 ? "" : "s"); it stays as the record of who took it.") }
            try w.delete(from: "pd_courses", id: id, expectedVersion: expectedVersion)
        }
    }

    /// People to check in: for one or two letters, the session's roster by name or number; for more,
    /// anyone, the session's registrations first, then those whose surname begins with the first
    /// word, then anyone whose name or number holds every word (the trigram index). At most `limit`.
    public func checkInMatches(sessionID: Int64, text: String, limit: Int = 8) throws -> [CheckInMatch] {
        let words = text.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        return try read { db in
            var results: [CheckInMatch] = []
            var seen = Set<Int64>()
            func add(_ rows: [Row]) {
                for row in rows where results.count < limit {
                    let id: Int64 = row["id"]
                    guard seen.insert(id).inserted else { continue }
                    results.append(CheckInMatch(employeeID: id, number: row["number"], name: row["name"], school: row["school"],
                                                status: (row["status"] as String?).flatMap(EnrollmentStatus.init(rawValue:))))
                }
            }
            let select = """
                SELECT e.id, e.number, e.last_name || ', ' || e.first_name AS name, COALESCE(s.name, 'District office') AS school, en.status
                FROM employees e LEFT JOIN schools s ON s.id = e.school_id
                LEFT JOIN pd_enrollments en ON en.employee_id = e.id AND en.session_id = ?
                """
            // The roster itself: small, scanned.
            var rosterConditions: [String] = []
            var args: [DatabaseValueConvertible] = [sessionID, sessionID]
            for word in words {
                rosterConditions.append("(e.last_name LIKE ? OR e.first_name LIKE ? OR e.number LIKE ?)")
                let pattern = "%" + word.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                args += [pattern, pattern, pattern]
            }
            add(try Row.fetchAll(db, sql: select + " WHERE e.id IN (SELECT employee_id FROM pd_enrollments WHERE session_id = ?) AND "
                                 + rosterConditions.joined(separator: " AND ")
                                 + " ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE LIMIT \(limit)",
                                 arguments: StatementArguments(args)))
            // Walk-ins: the whole district, once every word has three letters. First those whose
            // surname begins with the first word, in name order from the name index, stopping at the
            // limit: a dozen rows read. Then, when they are fewer, anyone whose name or number holds
            // every word, through the search index — which reads each of up to 500 matches' rows
            // (470 table pages for "kow"; 27–110 ms a letter when they are not in the OS page cache,
            // as in a long session).
            let indexed = words.filter { $0.count >= 3 }
            if results.count < limit, !indexed.isEmpty, indexed.count == words.count {
                add(try surnamesBeginning(with: words, db: db, sessionID: sessionID, limit: limit - results.count, skipping: seen))
            }
            if results.count < limit, !indexed.isEmpty, indexed.count == words.count {
                let match = indexed.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
                // The index also holds schools and emails: keep those whose name or number has every word.
                var nameArgs: [DatabaseValueConvertible] = [sessionID, match]
                for i in 0..<words.count { nameArgs += Array(args[(2 + 3 * i)..<(5 + 3 * i)]) }
                add(try Row.fetchAll(db, sql: select + " WHERE e.id IN (SELECT rowid FROM employees_search WHERE employees_search MATCH ? LIMIT 500) AND e.active AND "
                                     + rosterConditions.joined(separator: " AND ")
                                     + " ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE LIMIT \(limit)",
                                     arguments: StatementArguments(nameArgs)))
            }
            return results
        }
    }

    /// Active employees whose surname begins with `words[0]` (ASCII letters in any case, as LIKE
    /// and the name index's NOCASE compare) and whose name or number holds every word, in name
    /// order. The name index is walked from the prefix; at most `scanned` rows are looked at, so
    /// a second word that few of a common surname's people have cannot make it read them all.
    private func surnamesBeginning(with words: [String], db: Database, sessionID: Int64, limit: Int, skipping seen: Set<Int64>,
                                   scanned: Int = 100) throws -> [Row] {
        let prefix = words[0].replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
        guard !prefix.isEmpty, limit > 0 else { return [] }
        // Every surname beginning with the prefix sorts from it to it followed by the largest character.
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.number, e.last_name || ', ' || e.first_name AS name, COALESCE(s.name, 'District office') AS school, en.status,
                   e.last_name, e.first_name, e.active
            FROM employees e LEFT JOIN schools s ON s.id = e.school_id
            LEFT JOIN pd_enrollments en ON en.employee_id = e.id AND en.session_id = ?
            WHERE e.last_name COLLATE NOCASE >= ? AND e.last_name COLLATE NOCASE < ?
            ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE, e.id
            """, arguments: [sessionID, prefix, prefix + "\u{10FFFF}"])
        var found: [Row] = []
        var looked = 0
        while looked < scanned, found.count < limit, let row = try cursor.next() {
            looked += 1
            let last: String = row["last_name"], first: String = row["first_name"], number: String = row["number"]
            guard row["active"] as Bool, !seen.contains(row["id"]), Self.asciiCaseInsensitivelyBegins(last, with: prefix) else { continue }
            guard words.allSatisfy({ w in [last, first, number].contains { Self.asciiCaseInsensitivelyContains($0, w) } }) else { continue }
            found.append(row.copy())
        }
        return found
    }

    /// SQLite's LIKE and NOCASE fold the ASCII letters only; so do these.
    private static func asciiFolded(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    static func asciiCaseInsensitivelyBegins(_ text: String, with prefix: String) -> Bool {
        asciiFolded(text).starts(with: asciiFolded(prefix))
    }

    static func asciiCaseInsensitivelyContains(_ text: String, _ word: String) -> Bool {
        let haystack = asciiFolded(text), needle = asciiFolded(word.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: ""))
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        return false
    }

    /// Enter at the door: a registered (or waiting) person is marked attended; anyone else is added
    /// on the spot as a walk-in, attended.
    @discardableResult
    public func checkIn(sessionID: Int64, employeeID: Int64) throws -> CheckInOutcome {
        try write { w in
            let name = try Self.employeeName(w.db, employeeID)
            if let row = try Row.fetchOne(w.db, sql: "SELECT id, status, version FROM pd_enrollments WHERE session_id = ? AND employee_id = ?",
                                          arguments: [sessionID, employeeID]) {
                let status = EnrollmentStatus(rawValue: row["status"]) ?? .registered
                switch status {
                case .attended, .completed: return .already(name: name)
                case .registered, .noShow:
                    try w.update("pd_enrollments", id: row["id"], expectedVersion: row["version"], changes: ["status": EnrollmentStatus.attended.rawValue])
                    return .checkedIn(name: name)
                case .waitlisted, .cancelled:
                    try w.update("pd_enrollments", id: row["id"], expectedVersion: row["version"],
                                 changes: ["status": EnrollmentStatus.attended.rawValue, "queue_position": nil, "walk_in": 1])
                    return .walkIn(name: name)
                }
            }
            try w.insert(into: "pd_enrollments", values: [
                "session_id": sessionID, "employee_id": employeeID, "status": EnrollmentStatus.attended.rawValue, "walk_in": 1,
            ])
            return .walkIn(name: name)
        }
    }

    /// Marks everyone who attended the session as having completed it, with `hours` each, on the
    /// session's day. Returns how many.
    @discardableResult
    public func markCompleted(sessionID: Int64, hours: Double) throws -> Int {
        guard hours > 0 else { throw StoreError.invalid("Hours must be more than 0.") }
        return try write { w in
            guard let session = try Self.session(w.db, id: sessionID) else { throw StoreError.notFound(entity: "pd_sessions", id: sessionID) }
            let rows = try Row.fetchAll(w.db, sql: "SELECT id, version FROM pd_enrollments WHERE session_id = ? AND status = 'attended'", arguments: [sessionID])
            for row in rows {
                try w.update("pd_enrollments", id: row["id"], expectedVersion: row["version"], changes: [
                    "status": EnrollmentStatus.completed.rawValue, "hours": hours, "completed_on": session.day.description,
                ])
            }
            return rows.count
        }
    }

    /// Sets one enrollment's status by hand (attended, no-show, registered again).
    public func setEnrollmentStatus(id: Int64, expectedVersion: Int, to status: EnrollmentStatus) throws {
        try write { w in
            var changes: [String: (any DatabaseValueConvertible)?] = ["status": status.rawValue]
            if status != .completed { changes["completed_on"] = nil; changes["hours"] = nil }
            try w.update("pd_enrollments", id: id, expectedVersion: expectedVersion, changes: changes)
        }
    }

    // MARK: exports

    /// A session's sign-in sheet: as CSV, or as text ready to print with a line to sign.
    public func exportRoster(sessionID: Int64, csv: Bool) throws -> String {
        guard let s = try session(id: sessionID) else { throw StoreError.invalid("There is no session \(sessionID).") }
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.number, e.last_name, e.first_name, COALESCE(s.name, 'District office') AS school, e.role, en.status, en.queue_position, en.walk_in
                FROM pd_enrollments en JOIN employees e ON e.id = en.employee_id LEFT JOIN schools s ON s.id = e.school_id
                WHERE en.session_id = ? AND en.status != 'cancelled'
                ORDER BY en.status = 'waitlisted', en.queue_position, e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE
                """, arguments: [sessionID])
        }
        func status(_ row: Row) -> String { EnrollmentStatus(rawValue: row["status"])?.label ?? row["status"] }
        if csv {
            var records = [["session", "course", "day", "time", "place", "number", "last_name", "first_name", "school", "role", "status"]]
            for row in rows {
                records.append([String(s.id), s.courseCode, s.day.description, s.time, s.place, row["number"], row["last_name"], row["first_name"],
                                row["school"], EmployeeRole(rawValue: row["role"])?.label ?? row["role"], status(row)])
            }
            return CSV.write(records)
        }
        func fit(_ text: String, _ width: Int) -> String {
            text.count > width ? String(text.prefix(width - 1)) + "…" : text + String(repeating: " ", count: width - text.count)
        }
        var lines = ["Sign-in sheet — \(s.courseCode) \(s.courseTitle)",
                     "\(s.day)\(s.time.isEmpty ? "" : " \(s.time)")\(s.place.isEmpty ? "" : " · \(s.place)")\(s.facilitator.isEmpty ? "" : " · facilitator \(s.facilitator)")",
                     "\(s.seatsTaken) of \(s.capacity) seats · \(s.waiting) waiting · \(String(format: "%.1f", s.hours)) hours", "",
                     fit("#", 4) + fit("Name", 28) + fit("Number", 9) + fit("School", 24) + "Signature",
                     String(repeating: "-", count: 96)]
        var n = 0
        for row in rows where (row["status"] as String) != EnrollmentStatus.waitlisted.rawValue {
            n += 1
            lines.append(fit(String(n), 4) + fit("\(row["last_name"] as String), \(row["first_name"] as String)", 28) + fit(row["number"], 9)
                         + fit(row["school"], 23) + " _______________________________")
        }
        for _ in 0..<5 {
            n += 1
            lines.append(fit(String(n), 4) + fit("(walk-in) ______________________", 61) + "_______________________________")
        }
        let waiting = rows.filter { ($0["status"] as String) == EnrollmentStatus.waitlisted.rawValue }
        if !waiting.isEmpty {
            lines += ["", "Waiting list"]
            for (i, row) in waiting.enumerated() {
                lines.append("  \(i + 1). \(row["last_name"] as String), \(row["first_name"] as String) (\(row["number"] as String))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// SQL that shows a stored choice by its label.
func choiceLabel<C: Choice>(_ column: String, _ type: C.Type) -> String {
    "CASE \(column) " + C.allCases.map { "WHEN '\($0.rawValue)' THEN '\($0.label.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: " ")
        + " ELSE \(column) END"
}
