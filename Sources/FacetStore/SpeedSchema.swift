import GRDB

/// Migration v14-speed: what makes every key of every list answer within a frame on the largest
/// district. Indexes in the exact order each sortable column sorts by (its sort keys, then the id),
/// so a sort change, End or Home reads a few index entries instead of sorting the table; and the
/// schools' counts kept in `school_counts` by triggers in the same transaction as every write, so
/// the dashboard's list neither counts per school on each page nor sorts by a subquery.
enum SpeedSchema {
    static func migrate(_ db: Database) throws {
        try sessionSearch(db)
        try db.execute(sql: """
            CREATE INDEX employees_by_role_id ON employees(role, id);
            CREATE INDEX employees_by_hired ON employees(COALESCE(hire_date, ''), id);
            CREATE INDEX partnerships_by_tier ON partnerships(COALESCE(tier, 9), id);
            CREATE INDEX partnerships_by_reviewed ON partnerships(COALESCE(last_review, ''), id);
            CREATE INDEX partners_by_kind ON partners(kind, id);
            CREATE INDEX partners_by_contact ON partners(contact_name COLLATE NOCASE, id);
            CREATE INDEX pd_courses_by_title ON pd_courses(title COLLATE NOCASE, id);
            CREATE INDEX pd_sessions_by_place ON pd_sessions(place COLLATE NOCASE, id);
            CREATE INDEX pd_sessions_by_capacity ON pd_sessions(capacity, id);
            -- A school's or the district's written answers to one open question (Enter on a results
            -- cell) without reading every answer of every wave: only answers with text are indexed.
            CREATE INDEX survey_answers_texts ON survey_answers(wave_question_id, response_id) WHERE text IS NOT NULL;

            CREATE TABLE school_counts (
                school_id INTEGER PRIMARY KEY REFERENCES schools(id) ON DELETE CASCADE,
                active_partnerships INTEGER NOT NULL DEFAULT 0,
                active_staff INTEGER NOT NULL DEFAULT 0
            );
            CREATE TRIGGER school_counts_school_insert AFTER INSERT ON schools BEGIN
                INSERT INTO school_counts (school_id) VALUES (new.id);
            END;

            CREATE TRIGGER school_counts_employee_insert AFTER INSERT ON employees
            WHEN new.active AND new.school_id IS NOT NULL BEGIN
                UPDATE school_counts SET active_staff = active_staff + 1 WHERE school_id = new.school_id;
            END;
            CREATE TRIGGER school_counts_employee_delete AFTER DELETE ON employees
            WHEN old.active AND old.school_id IS NOT NULL BEGIN
                UPDATE school_counts SET active_staff = active_staff - 1 WHERE school_id = old.school_id;
            END;
            CREATE TRIGGER school_counts_employee_update AFTER UPDATE OF active, school_id ON employees BEGIN
                UPDATE school_counts SET active_staff = active_staff - 1 WHERE old.active AND school_id = old.school_id;
                UPDATE school_counts SET active_staff = active_staff + 1 WHERE new.active AND school_id = new.school_id;
            END;

            -- A partnership counts for each school it names while it is active. Its schools' rows
            -- come and go (the status is read from the partnership); a change of status moves all
            -- of its schools at once; a deleted partnership is taken off before its rows cascade
            -- away (they then find no partnership and change nothing).
            CREATE TRIGGER school_counts_link_insert AFTER INSERT ON partnership_schools BEGIN
                UPDATE school_counts SET active_partnerships = active_partnerships + 1
                WHERE school_id = new.school_id AND (SELECT status FROM partnerships WHERE id = new.partnership_id) = 'active';
            END;
            CREATE TRIGGER school_counts_link_delete AFTER DELETE ON partnership_schools BEGIN
                UPDATE school_counts SET active_partnerships = active_partnerships - 1
                WHERE school_id = old.school_id AND (SELECT status FROM partnerships WHERE id = old.partnership_id) = 'active';
            END;
            CREATE TRIGGER school_counts_link_update AFTER UPDATE ON partnership_schools BEGIN
                UPDATE school_counts SET active_partnerships = active_partnerships - 1
                WHERE school_id = old.school_id AND (SELECT status FROM partnerships WHERE id = old.partnership_id) = 'active';
                UPDATE school_counts SET active_partnerships = active_partnerships + 1
                WHERE school_id = new.school_id AND (SELECT status FROM partnerships WHERE id = new.partnership_id) = 'active';
            END;
            CREATE TRIGGER school_counts_partnership_status AFTER UPDATE OF status ON partnerships
            WHEN (old.status = 'active') != (new.status = 'active') BEGIN
                UPDATE school_counts SET active_partnerships = active_partnerships + CASE WHEN new.status = 'active' THEN 1 ELSE -1 END
                WHERE school_id IN (SELECT school_id FROM partnership_schools WHERE partnership_id = new.id);
            END;
            CREATE TRIGGER school_counts_partnership_delete BEFORE DELETE ON partnerships
            WHEN old.status = 'active' BEGIN
                UPDATE school_counts SET active_partnerships = active_partnerships - 1
                WHERE school_id IN (SELECT school_id FROM partnership_schools WHERE partnership_id = old.id);
            END;

            INSERT INTO school_counts (school_id, active_partnerships, active_staff)
            SELECT s.id,
                   (SELECT COUNT(*) FROM partnership_schools ps JOIN partnerships p ON p.id = ps.partnership_id
                    WHERE ps.school_id = s.id AND p.status = 'active'),
                   (SELECT COUNT(*) FROM employees e WHERE e.school_id = s.id AND e.active)
            FROM schools s;
            """)
    }

    /// A trigram index of what `/` searches in the sessions list (course code and title, place,
    /// facilitator, day), as the roster and the partnerships have: 50,000 sessions are not scanned
    /// with LIKE on every letter. A course's new code or title re-indexes its sessions.
    static func sessionSearch(_ db: Database) throws {
        try Migrations.createSearchIndex(db, name: "pd_sessions_search", source: "pd_sessions",
            body: "(SELECT code || ' ' || title FROM pd_courses WHERE id = new.course_id) || ' ' || new.place || ' ' || new.facilitator || ' ' || new.day",
            extra: """
            CREATE TRIGGER pd_sessions_search_course_changed AFTER UPDATE OF code, title ON pd_courses BEGIN
                DELETE FROM pd_sessions_search WHERE rowid IN (SELECT id FROM pd_sessions WHERE course_id = new.id);
                INSERT INTO pd_sessions_search (rowid, body)
                    SELECT ps.id, new.code || ' ' || new.title || ' ' || ps.place || ' ' || ps.facilitator || ' ' || ps.day
                    FROM pd_sessions ps WHERE ps.course_id = new.id;
            END;
            INSERT INTO pd_sessions_search (rowid, body)
                SELECT ps.id, c.code || ' ' || c.title || ' ' || ps.place || ' ' || ps.facilitator || ' ' || ps.day
                FROM pd_sessions ps JOIN pd_courses c ON c.id = ps.course_id;
            """)
    }

    /// The schools' counts worked out afresh, as `school_counts` should hold them (for tests and
    /// `facet doctor`-style checks).
    static let freshCountsSQL = """
        SELECT s.id,
               (SELECT COUNT(*) FROM partnership_schools ps JOIN partnerships p ON p.id = ps.partnership_id
                WHERE ps.school_id = s.id AND p.status = 'active'),
               (SELECT COUNT(*) FROM employees e WHERE e.school_id = s.id AND e.active)
        FROM schools s ORDER BY s.id
        """
}

extension FacetStore {
    /// Schools whose kept counts (`school_counts`) differ from a fresh count: empty when the
    /// triggers kept up with every write.
    public func schoolCountMismatches() throws -> [Int64] {
        try read { db in
            let fresh = try Row.fetchAll(db, sql: SpeedSchema.freshCountsSQL)
            var kept: [Int64: (Int, Int)] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT school_id, active_partnerships, active_staff FROM school_counts") {
                kept[r[0]] = (r[1], r[2])
            }
            return fresh.compactMap { r -> Int64? in
                let id: Int64 = r[0]
                guard let k = kept[id], k.0 == r[1] as Int, k.1 == r[2] as Int else { return id }
                return nil
            }
        }
    }
}
