import GRDB

/// Migration v20-import-speed: what lets the HR import add 150,000 employees in seconds.
///
/// Each new employee fired three row triggers: the trigram search index (`employees_search`), the
/// schools' staff counts (`school_counts`) and the compliance counts (`pd_staff`, `pd_hires`, …).
/// Row by row that was three quarters of the import's time. A writer adding many rows at once now
/// puts the table's name in `bulk_writes` inside its transaction; the insert triggers do nothing for
/// that table while it is there, and the writer fills what they would have written, set-wise, for
/// the rows it added (`fillAfterBulkInsert`), then takes the name out — all before the commit, so a
/// crash or a refusal rolls the rows, the flag and the kept tables back together.
/// `bulkWritesLeft` (empty unless a writer forgot to take its name out) is checked by the tests.
enum ImportSpeedSchema {
    /// The condition every deferrable insert trigger on `employees` adds to its `WHEN`.
    static let employeesNotDeferred = "NOT EXISTS (SELECT 1 FROM bulk_writes WHERE source = 'employees')"

    /// The text `/` searches for one employee `e` with school `s` (LEFT JOINed), as the search
    /// index's triggers write it.
    static let employeeSearchBody = """
        e.number || ' ' || e.first_name || ' ' || e.last_name || ' ' || e.email || ' ' || e.role || ' ' || COALESCE(s.name, 'District office')
        """

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE bulk_writes (source TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;

            DROP TRIGGER employees_search_insert;
            CREATE TRIGGER employees_search_insert AFTER INSERT ON employees WHEN \(employeesNotDeferred) BEGIN
                INSERT INTO employees_search (rowid, body) VALUES (new.id, new.number || ' ' || new.first_name || ' ' || new.last_name || ' ' || new.email || ' ' || new.role || ' ' || COALESCE((SELECT name FROM schools WHERE id = new.school_id), 'District office'));
            END;

            DROP TRIGGER school_counts_employee_insert;
            CREATE TRIGGER school_counts_employee_insert AFTER INSERT ON employees
            WHEN new.active AND new.school_id IS NOT NULL AND \(employeesNotDeferred) BEGIN
                UPDATE school_counts SET active_staff = active_staff + 1 WHERE school_id = new.school_id;
            END;

            DROP TRIGGER pd_summary_employee_insert;
            CREATE TRIGGER pd_summary_employee_insert AFTER INSERT ON employees WHEN new.active AND \(employeesNotDeferred) BEGIN
                \(ComplianceSummarySchema.employee("new", sign: 1))
            END;
            """)
    }

    /// Starts a bulk insert into `employees` in the current transaction: its insert triggers
    /// stand aside until `endBulkInsert`.
    static func beginBulkInsert(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO bulk_writes (source) VALUES ('employees')")
    }

    /// Ends a bulk insert: writes, set-wise, what the insert triggers would have written for every
    /// employee with an id above `afterID` (the rows this transaction added), and lets the
    /// triggers work again.
    static func endBulkInsert(_ db: Database, afterID: Int64) throws {
        try db.execute(sql: "DELETE FROM bulk_writes WHERE source = 'employees'")
        try db.execute(sql: """
            INSERT INTO employees_search (rowid, body)
                SELECT e.id, \(employeeSearchBody) FROM employees e LEFT JOIN schools s ON s.id = e.school_id WHERE e.id > :after;
            UPDATE school_counts SET active_staff = active_staff + added.n
                FROM (SELECT school_id, COUNT(*) AS n FROM employees WHERE id > :after AND active AND school_id IS NOT NULL GROUP BY school_id) AS added
                WHERE school_counts.school_id = added.school_id;
            INSERT INTO pd_staff (role, school_id, n)
                SELECT role, COALESCE(school_id, 0), COUNT(*) FROM employees WHERE id > :after AND active GROUP BY 1, 2
                ON CONFLICT (role, school_id) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_staff_roles (role, n)
                SELECT role, COUNT(*) FROM employees WHERE id > :after AND active GROUP BY 1
                ON CONFLICT (role) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_hires (hire_day, role, school_id, n)
                SELECT hire_date, role, COALESCE(school_id, 0), COUNT(*) FROM employees
                WHERE id > :after AND active AND hire_date IS NOT NULL GROUP BY 1, 2, 3
                ON CONFLICT (hire_day, role, school_id) DO UPDATE SET n = n + excluded.n;
            -- A new employee has no completions unless some were left under an id a deleted
            -- employee had (pd_completions has no foreign key): the triggers counted those too.
            INSERT INTO pd_current_roles (course_id, role, completed_on, n)
                SELECT l.course_id, e.role, l.completed_on, COUNT(*) FROM pd_completions l JOIN employees e ON e.id = l.employee_id
                WHERE l.employee_id > :after AND e.active GROUP BY 1, 2, 3
                ON CONFLICT (course_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_schools (course_id, school_id, role, completed_on, n)
                SELECT l.course_id, COALESCE(e.school_id, 0), e.role, l.completed_on, COUNT(*) FROM pd_completions l
                JOIN employees e ON e.id = l.employee_id WHERE l.employee_id > :after AND e.active GROUP BY 1, 2, 3, 4
                ON CONFLICT (course_id, school_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_hires (course_id, hire_day, completed_on, role, school_id, n)
                SELECT l.course_id, e.hire_date, l.completed_on, e.role, COALESCE(e.school_id, 0), COUNT(*) FROM pd_completions l
                JOIN employees e ON e.id = l.employee_id WHERE l.employee_id > :after AND e.active AND e.hire_date IS NOT NULL
                GROUP BY 1, 2, 3, 4, 5
                ON CONFLICT (course_id, school_id, hire_day, completed_on, role) DO UPDATE SET n = n + excluded.n;
            """, arguments: ["after": afterID])
    }
}

extension FacetStore {
    /// Tables whose insert triggers are still standing aside: empty unless a bulk writer committed
    /// without finishing (it never should).
    public func bulkWritesLeft() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT source FROM bulk_writes") }
    }
}
