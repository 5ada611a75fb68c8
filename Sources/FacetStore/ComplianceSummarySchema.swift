import FacetModel
import GRDB

/// Migration v18-pd-speed: what lets the compliance figures answer within a frame on the largest
/// district (150,000 employees, 1,000,000 enrollments). Whether someone is current depends on
/// today, so no per-employee status is kept; instead, counts of active employees *by day* are kept
/// by triggers in the same transaction as every write, and a day's figures are indexed range sums:
///
/// - `pd_staff`: active employees per role and school (0: the district office); `pd_staff_roles`
///   the same per role alone (the district's figures read 7 rows, not 12,600).
/// - `pd_hires`: active employees with a hire date, per hire day, role and school (the grace
///   period is "hired after today − grace days": a range).
/// - `pd_current_roles`: active employees per course, role and day of their last completion of it
///   (current is "last completion in (today − renewal, today]": a range) — the district and by role.
/// - `pd_current_schools`: the same per school, read for one school at a time.
/// - `pd_current_hires`: the same per hire day, to take the current ones out of those in grace.
///
/// Every role is counted, required or not, so changing a course's roles or renewal, or the grace
/// days, changes no kept row: the read picks the roles and the ranges. A row whose count falls to 0
/// is removed. `complianceReportFromEmployees` keeps the old fresh computation, which
/// `ComplianceSummaryTests` compares against after each kind of write.
enum ComplianceSummarySchema {
    /// The kept tables and, for each, the fresh computation it must equal (key columns, then `n`).
    static let tables: [(name: String, fresh: String)] = [
        ("pd_staff", """
            SELECT role, COALESCE(school_id, 0), COUNT(*) FROM employees WHERE active GROUP BY 1, 2
            """),
        ("pd_staff_roles", """
            SELECT role, COUNT(*) FROM employees WHERE active GROUP BY 1
            """),
        ("pd_hires", """
            SELECT hire_date, role, COALESCE(school_id, 0), COUNT(*) FROM employees
            WHERE active AND hire_date IS NOT NULL GROUP BY 1, 2, 3
            """),
        ("pd_current_roles", """
            SELECT l.course_id, e.role, l.completed_on, COUNT(*) FROM pd_completions l JOIN employees e ON e.id = l.employee_id
            WHERE e.active GROUP BY 1, 2, 3
            """),
        ("pd_current_schools", """
            SELECT l.course_id, COALESCE(e.school_id, 0), e.role, l.completed_on, COUNT(*) FROM pd_completions l
            JOIN employees e ON e.id = l.employee_id WHERE e.active GROUP BY 1, 2, 3, 4
            """),
        ("pd_current_hires", """
            SELECT l.course_id, e.hire_date, l.completed_on, e.role, COALESCE(e.school_id, 0), COUNT(*) FROM pd_completions l
            JOIN employees e ON e.id = l.employee_id WHERE e.active AND e.hire_date IS NOT NULL GROUP BY 1, 2, 3, 4, 5
            """),
    ]

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE pd_staff (
                role TEXT NOT NULL, school_id INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (role, school_id)
            ) WITHOUT ROWID;
            CREATE INDEX pd_staff_by_school ON pd_staff(school_id, role);
            CREATE TABLE pd_staff_roles (role TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE pd_hires (
                hire_day TEXT NOT NULL, role TEXT NOT NULL, school_id INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (hire_day, role, school_id)
            ) WITHOUT ROWID;
            CREATE INDEX pd_hires_by_school ON pd_hires(school_id, hire_day);
            CREATE TABLE pd_current_roles (
                course_id INTEGER NOT NULL, role TEXT NOT NULL, completed_on TEXT NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (course_id, role, completed_on)
            ) WITHOUT ROWID;
            CREATE TABLE pd_current_schools (
                course_id INTEGER NOT NULL, school_id INTEGER NOT NULL, role TEXT NOT NULL, completed_on TEXT NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (course_id, school_id, role, completed_on)
            ) WITHOUT ROWID;
            CREATE TABLE pd_current_hires (
                course_id INTEGER NOT NULL, hire_day TEXT NOT NULL, completed_on TEXT NOT NULL, role TEXT NOT NULL,
                school_id INTEGER NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (course_id, school_id, hire_day, completed_on, role)
            ) WITHOUT ROWID;
            CREATE INDEX pd_current_hires_by_day ON pd_current_hires(course_id, hire_day, completed_on, role, n);
            """)
        for (name, fresh) in tables {
            try db.execute(sql: "INSERT INTO \(name) \(fresh)")
        }
        try db.execute(sql: """
            CREATE TRIGGER pd_summary_employee_insert AFTER INSERT ON employees WHEN new.active BEGIN
                \(employee("new", sign: 1))
            END;
            CREATE TRIGGER pd_summary_employee_delete AFTER DELETE ON employees WHEN old.active BEGIN
                \(employee("old", sign: -1))
            END;
            CREATE TRIGGER pd_summary_employee_update AFTER UPDATE OF active, role, school_id, hire_date ON employees
            WHEN old.active IS NOT new.active OR old.role IS NOT new.role OR old.school_id IS NOT new.school_id
                 OR old.hire_date IS NOT new.hire_date BEGIN
                \(employee("old", sign: -1))
                \(employee("new", sign: 1))
            END;
            CREATE TRIGGER pd_summary_completion_insert AFTER INSERT ON pd_completions BEGIN
                \(completion("new", sign: 1))
            END;
            CREATE TRIGGER pd_summary_completion_delete AFTER DELETE ON pd_completions BEGIN
                \(completion("old", sign: -1))
            END;
            CREATE TRIGGER pd_summary_completion_update AFTER UPDATE ON pd_completions BEGIN
                \(completion("old", sign: -1))
                \(completion("new", sign: 1))
            END;
            """)
    }

    /// Adds (`sign` 1) or takes away (-1) one employee row (`x`: new or old) and their completions,
    /// when the row is active; removes rows that fall to 0.
    static func employee(_ x: String, sign: Int) -> String {
        let school = "COALESCE(\(x).school_id, 0)"
        var sql = """
            INSERT INTO pd_staff (role, school_id, n) SELECT \(x).role, \(school), \(sign) WHERE \(x).active
                ON CONFLICT (role, school_id) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_staff_roles (role, n) SELECT \(x).role, \(sign) WHERE \(x).active
                ON CONFLICT (role) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_hires (hire_day, role, school_id, n) SELECT \(x).hire_date, \(x).role, \(school), \(sign)
                WHERE \(x).active AND \(x).hire_date IS NOT NULL
                ON CONFLICT (hire_day, role, school_id) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_roles (course_id, role, completed_on, n)
                SELECT l.course_id, \(x).role, l.completed_on, \(sign) FROM pd_completions l WHERE \(x).active AND l.employee_id = \(x).id
                ON CONFLICT (course_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_schools (course_id, school_id, role, completed_on, n)
                SELECT l.course_id, \(school), \(x).role, l.completed_on, \(sign) FROM pd_completions l WHERE \(x).active AND l.employee_id = \(x).id
                ON CONFLICT (course_id, school_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_hires (course_id, hire_day, completed_on, role, school_id, n)
                SELECT l.course_id, \(x).hire_date, l.completed_on, \(x).role, \(school), \(sign) FROM pd_completions l
                WHERE \(x).active AND \(x).hire_date IS NOT NULL AND l.employee_id = \(x).id
                ON CONFLICT (course_id, school_id, hire_day, completed_on, role) DO UPDATE SET n = n + excluded.n;
            """
        if sign < 0 {
            sql += """

                DELETE FROM pd_staff WHERE n = 0 AND role = \(x).role AND school_id = \(school);
                DELETE FROM pd_staff_roles WHERE n = 0 AND role = \(x).role;
                DELETE FROM pd_hires WHERE n = 0 AND hire_day = \(x).hire_date AND role = \(x).role AND school_id = \(school);
                DELETE FROM pd_current_roles WHERE n = 0 AND role = \(x).role
                    AND (course_id, completed_on) IN (SELECT course_id, completed_on FROM pd_completions WHERE employee_id = \(x).id);
                DELETE FROM pd_current_schools WHERE n = 0 AND school_id = \(school) AND role = \(x).role
                    AND (course_id, completed_on) IN (SELECT course_id, completed_on FROM pd_completions WHERE employee_id = \(x).id);
                DELETE FROM pd_current_hires WHERE n = 0 AND hire_day = \(x).hire_date AND role = \(x).role AND school_id = \(school)
                    AND (course_id, completed_on) IN (SELECT course_id, completed_on FROM pd_completions WHERE employee_id = \(x).id);
                """
        }
        return sql
    }

    /// Adds or takes away one last completion (`x`: a pd_completions row) of an active employee.
    private static func completion(_ x: String, sign: Int) -> String {
        var sql = """
            INSERT INTO pd_current_roles (course_id, role, completed_on, n)
                SELECT \(x).course_id, e.role, \(x).completed_on, \(sign) FROM employees e WHERE e.id = \(x).employee_id AND e.active
                ON CONFLICT (course_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_schools (course_id, school_id, role, completed_on, n)
                SELECT \(x).course_id, COALESCE(e.school_id, 0), e.role, \(x).completed_on, \(sign) FROM employees e
                WHERE e.id = \(x).employee_id AND e.active
                ON CONFLICT (course_id, school_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_hires (course_id, hire_day, completed_on, role, school_id, n)
                SELECT \(x).course_id, e.hire_date, \(x).completed_on, e.role, COALESCE(e.school_id, 0), \(sign) FROM employees e
                WHERE e.id = \(x).employee_id AND e.active AND e.hire_date IS NOT NULL
                ON CONFLICT (course_id, school_id, hire_day, completed_on, role) DO UPDATE SET n = n + excluded.n;
            """
        if sign < 0 {
            sql += """

                DELETE FROM pd_current_roles WHERE n = 0 AND course_id = \(x).course_id AND completed_on = \(x).completed_on
                    AND role = (SELECT role FROM employees WHERE id = \(x).employee_id);
                DELETE FROM pd_current_schools WHERE n = 0 AND course_id = \(x).course_id AND completed_on = \(x).completed_on
                    AND (school_id, role) = (SELECT COALESCE(school_id, 0), role FROM employees WHERE id = \(x).employee_id);
                DELETE FROM pd_current_hires WHERE n = 0 AND course_id = \(x).course_id AND completed_on = \(x).completed_on
                    AND (hire_day, role, school_id) = (SELECT hire_date, role, COALESCE(school_id, 0) FROM employees WHERE id = \(x).employee_id);
                """
        }
        return sql
    }
}

extension FacetStore {
    /// The kept compliance counts that differ from a fresh count, as "table: row" lines: empty
    /// when the triggers kept up with every write.
    public func complianceSummaryMismatches() throws -> [String] {
        try read { db in
            var found: [String] = []
            for (name, fresh) in ComplianceSummarySchema.tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM (\(fresh)) EXCEPT SELECT * FROM \(name)") {
                    found.append("\(name) lacks \(row)")
                }
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(name) EXCEPT SELECT * FROM (\(fresh))") {
                    found.append("\(name) has \(row)")
                }
            }
            return found
        }
    }
}
