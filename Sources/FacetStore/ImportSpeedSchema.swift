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

    /// Migration v22-pd-speed: the update triggers that keep the search index, the schools' staff
    /// counts and the compliance counts stand aside while `bulk_writes` names `employees`, as the
    /// insert triggers do since v20; `bulkUpdate` then adjusts those tables set-wise.
    static func migrateUpdates(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER employees_search_update;
            CREATE TRIGGER employees_search_update AFTER UPDATE ON employees WHEN \(employeesNotDeferred) BEGIN
                DELETE FROM employees_search WHERE rowid = old.id;
                INSERT INTO employees_search (rowid, body) VALUES (new.id, new.number || ' ' || new.first_name || ' ' || new.last_name || ' ' || new.email || ' ' || new.role || ' ' || COALESCE((SELECT name FROM schools WHERE id = new.school_id), 'District office'));
            END;

            DROP TRIGGER school_counts_employee_update;
            CREATE TRIGGER school_counts_employee_update AFTER UPDATE OF active, school_id ON employees
            WHEN \(employeesNotDeferred) BEGIN
                UPDATE school_counts SET active_staff = active_staff - 1 WHERE old.active AND school_id = old.school_id;
                UPDATE school_counts SET active_staff = active_staff + 1 WHERE new.active AND school_id = new.school_id;
            END;

            DROP TRIGGER pd_summary_employee_update;
            CREATE TRIGGER pd_summary_employee_update AFTER UPDATE OF active, role, school_id, hire_date ON employees
            WHEN (old.active IS NOT new.active OR old.role IS NOT new.role OR old.school_id IS NOT new.school_id
                  OR old.hire_date IS NOT new.hire_date) AND \(employeesNotDeferred) BEGIN
                \(ComplianceSummarySchema.employee("old", sign: -1))
                \(ComplianceSummarySchema.employee("new", sign: 1))
            END;
            """)
    }

    /// Changes many employees at once (the HR import's changed and missing staff), all or nothing
    /// within the caller's transaction: the new rows go to a temporary table, the kept tables lose
    /// what those employees counted for, one version-checked UPDATE writes them, the kept tables
    /// gain what they count for now, and each employee gets its audit row (before and after of
    /// the columns that changed, the new version), as `AuditedWriter.update` would have written.
    static func bulkUpdate(_ w: AuditedWriter, _ changes: [EmployeeImportPlan.Change]) throws {
        guard !changes.isEmpty else { return }
        let db = w.db
        try w.authorize(.update, table: "employees", scope: .district)
        try db.execute(sql: """
            CREATE TEMP TABLE employee_changes (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, first_name TEXT, last_name TEXT,
                                                email TEXT, school_id INTEGER, role TEXT, hire_date TEXT, active INTEGER,
                                                searched INTEGER NOT NULL, counted INTEGER NOT NULL)
            """)
        defer { try? db.execute(sql: "DROP TABLE temp.employee_changes") }
        let stage = try db.makeStatement(sql: "INSERT INTO temp.employee_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for c in changes {
            // Whether `/`'s text changes, and whether the counts do (an email or a hire date
            // alone leaves one of them as it was; a deactivation leaves the search text).
            let searched = c.after.keys.contains { searchedColumns.contains($0) }
            let counted = c.after.keys.contains { countedColumns.contains($0) }
            stage.setUncheckedArguments(StatementArguments([c.id.databaseValue, c.version.databaseValue] + c.values.map(\.databaseValue)
                                                           + [searched.databaseValue, counted.databaseValue]))
            try stage.execute()
        }
        // Version-checked: every row still at the version the plan read (the plan is read in this
        // transaction, so only a bug could make one differ).
        if let stale = try Row.fetchOne(db, sql: """
            SELECT c.id, c.version FROM temp.employee_changes c LEFT JOIN employees e ON e.id = c.id
            WHERE e.version IS NOT c.version LIMIT 1
            """) {
            let id: Int64 = stale["id"]
            let current = try AuditedWriter.fetchColumns(db, table: "employees", id: id)
            guard let current else { throw StoreError.notFound(entity: "employees", id: id) }
            throw StoreError.conflict(entity: "employees", id: id, expectedVersion: stale["version"], current: current)
        }
        try db.execute(sql: "INSERT INTO bulk_writes (source) VALUES ('employees')")
        let searched = "SELECT id FROM temp.employee_changes WHERE searched"
        let counted = "SELECT id FROM temp.employee_changes WHERE counted"
        try adjustKept(db, searched: searched, counted: counted, sign: -1)
        try db.execute(sql: """
            UPDATE employees SET first_name = c.first_name, last_name = c.last_name, email = c.email, school_id = c.school_id,
                role = c.role, hire_date = c.hire_date, active = c.active,
                version = employees.version + 1, updated_at = ?, updated_by = ?
            FROM temp.employee_changes c WHERE employees.id = c.id AND employees.version = c.version
            """, arguments: [w.at, w.login])
        guard db.changesCount == changes.count else {
            throw StoreError.invalid("Some employees changed while the import ran; nothing was imported.")
        }
        try adjustKept(db, searched: searched, counted: counted, sign: 1)
        try db.execute(sql: "DELETE FROM bulk_writes WHERE source = 'employees'")
        for c in changes {
            try w.appendAudit(entity: "employees", id: c.id, action: "update", before: c.before, after: c.after)
        }
    }

    /// The columns `/`'s text is made of, and those the kept counts depend on (`number` never
    /// changes in an import: it is how employees are matched).
    static let searchedColumns: Set<String> = ["first_name", "last_name", "email", "school_id", "role"]
    static let countedColumns: Set<String> = ["active", "role", "school_id", "hire_date"]

    /// Takes off (`sign` -1) or adds (+1) what employees count for — in the search index those
    /// whose ids `searched` selects, in the schools' staff counts and the compliance counts those
    /// `counted` selects — what their delete and insert triggers would do, set-wise. Counts that
    /// reach zero are removed, as the triggers remove them (a fresh computation has no zero rows).
    static func adjustKept(_ db: Database, searched: String, counted selection: String, sign: Int) throws {
        let n = sign < 0 ? "-COUNT(*)" : "COUNT(*)"
        let search = sign < 0
            ? "DELETE FROM employees_search WHERE rowid IN (\(searched));"
            : """
              INSERT INTO employees_search (rowid, body)
                  SELECT e.id, \(employeeSearchBody) FROM employees e LEFT JOIN schools s ON s.id = e.school_id WHERE e.id IN (\(searched));
              """
        try db.execute(sql: search)
        try db.execute(sql: """
            UPDATE school_counts SET active_staff = active_staff + d.n
                FROM (SELECT school_id, \(n) AS n FROM employees WHERE id IN (\(selection)) AND active AND school_id IS NOT NULL GROUP BY school_id) AS d
                WHERE school_counts.school_id = d.school_id;
            INSERT INTO pd_staff (role, school_id, n)
                SELECT role, COALESCE(school_id, 0), \(n) FROM employees WHERE id IN (\(selection)) AND active GROUP BY 1, 2
                ON CONFLICT (role, school_id) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_staff_roles (role, n)
                SELECT role, \(n) FROM employees WHERE id IN (\(selection)) AND active GROUP BY 1
                ON CONFLICT (role) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_hires (hire_day, role, school_id, n)
                SELECT hire_date, role, COALESCE(school_id, 0), \(n) FROM employees
                WHERE id IN (\(selection)) AND active AND hire_date IS NOT NULL GROUP BY 1, 2, 3
                ON CONFLICT (hire_day, role, school_id) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_roles (course_id, role, completed_on, n)
                SELECT l.course_id, e.role, l.completed_on, \(n) FROM employees e JOIN pd_completions l ON l.employee_id = e.id
                WHERE e.id IN (\(selection)) AND e.active GROUP BY 1, 2, 3
                ON CONFLICT (course_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_schools (course_id, school_id, role, completed_on, n)
                SELECT l.course_id, COALESCE(e.school_id, 0), e.role, l.completed_on, \(n) FROM employees e
                JOIN pd_completions l ON l.employee_id = e.id WHERE e.id IN (\(selection)) AND e.active GROUP BY 1, 2, 3, 4
                ON CONFLICT (course_id, school_id, role, completed_on) DO UPDATE SET n = n + excluded.n;
            INSERT INTO pd_current_hires (course_id, hire_day, completed_on, role, school_id, n)
                SELECT l.course_id, e.hire_date, l.completed_on, e.role, COALESCE(e.school_id, 0), \(n) FROM employees e
                JOIN pd_completions l ON l.employee_id = e.id WHERE e.id IN (\(selection)) AND e.active AND e.hire_date IS NOT NULL
                GROUP BY 1, 2, 3, 4, 5
                ON CONFLICT (course_id, school_id, hire_day, completed_on, role) DO UPDATE SET n = n + excluded.n;
            """)
        guard sign < 0 else { return }
        try db.execute(sql: """
            DELETE FROM pd_staff WHERE n = 0;
            DELETE FROM pd_staff_roles WHERE n = 0;
            DELETE FROM pd_hires WHERE n = 0;
            DELETE FROM pd_current_roles WHERE n = 0;
            DELETE FROM pd_current_schools WHERE n = 0;
            DELETE FROM pd_current_hires WHERE n = 0;
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
