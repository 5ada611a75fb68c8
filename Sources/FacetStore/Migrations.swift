import FacetModel
import GRDB

/// The schema, one migration at a time. A migration that has shipped is never edited: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-foundation") { db in try foundation(db) }
        m.registerMigration("v2-users") { db in try users(db) }
        m.registerMigration("v3-drafts") { db in
            // A form's unsaved input, kept when a session ends mid-edit (an SSH drop). Personal scratch,
            // not a district record: not audited, and removed once reopened.
            try db.execute(sql: """
                CREATE TABLE drafts (
                    id INTEGER PRIMARY KEY,
                    login TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    record_id INTEGER,
                    version INTEGER NOT NULL,
                    field_values TEXT NOT NULL,
                    original_values TEXT NOT NULL,
                    saved_at TEXT NOT NULL
                );
                CREATE INDEX drafts_by_login ON drafts(login);
                """)
        }
        m.registerMigration("v4-partnership-policy") { db in try partnershipPolicy(db) }
        m.registerMigration("v5-employee-search") { db in try employeeSearch(db) }
        m.registerMigration("v6-partnership-search") { db in try partnershipSearch(db) }
        m.registerMigration("v7-audit-chain") { db in try AuditChain.migrate(db) }
        m.registerMigration("v8-surveys") { db in try SurveySchema.migrate(db) }
        m.registerMigration("v9-pd-rosters") { db in try TrainingSchema.migrate(db) }
        m.registerMigration("v10-kiosk") { db in try KioskSchema.migrate(db) }
        m.registerMigration("v11-standards") { db in try StandardsSchema.migrate(db) }
        m.registerMigration("v12-outreach") { db in try OutreachSchema.migrate(db) }
        m.registerMigration("v13-targets") { db in try TargetsSchema.migrate(db) }
        m.registerMigration("v14-speed") { db in try SpeedSchema.migrate(db) }
        m.registerMigration("v15-convening-follow-ups") { db in try StandardsSchema.migrateFollowUps(db) }
        m.registerMigration("v16-kiosk-pin-attempts") { db in try KioskSchema.migratePinAttempts(db) }
        m.registerMigration("v17-standards-summary") { db in try StandardsSummarySchema.migrate(db) }
        m.registerMigration("v18-pd-speed") { db in try ComplianceSummarySchema.migrate(db) }
        m.registerMigration("v19-survey-summary") { db in try SurveySummarySchema.migrate(db) }
        // Immediate foreign-key checks: it changes no reference, and the deferred default checks
        // every foreign key of the whole database after the migration (a minute on the largest).
        m.registerMigration("v20-import-speed", foreignKeyChecks: .immediate) { db in try ImportSpeedSchema.migrate(db) }
        // It only adds a table, indexes and triggers: foreign keys checked as it goes, not by a scan
        // of every table afterwards (3.5 s on the large district).
        m.registerMigration("v21-sip-sort", foreignKeyChecks: .immediate) { db in try StrategySortSchema.migrate(db) }
        // Triggers only: the employees' update triggers stand aside during a bulk update.
        m.registerMigration("v22-pd-speed", foreignKeyChecks: .immediate) { db in try ImportSpeedSchema.migrateUpdates(db) }
        return m
    }

    /// Columns every editable table carries: optimistic locking and who changed it last.
    static let bookkeeping = """
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
        """

    private static func foundation(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                login TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id INTEGER,
                action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'import', 'restore')),
                before TEXT,
                after TEXT
            );
            CREATE INDEX audit_log_by_record ON audit_log(entity, entity_id, id);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be removed'); END;

            CREATE TABLE schools (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE COLLATE NOCASE,
                name TEXT NOT NULL,
                level TEXT NOT NULL CHECK (level IN ('elementary', 'middle', 'high', 'other')),
                active INTEGER NOT NULL DEFAULT 1,
                \(bookkeeping)
            );
            CREATE INDEX schools_by_name ON schools(name COLLATE NOCASE, id);

            CREATE TABLE priority_areas (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                retired INTEGER NOT NULL DEFAULT 0,
                \(bookkeeping)
            );

            CREATE TABLE school_years (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                starts TEXT NOT NULL,
                ends TEXT NOT NULL CHECK (ends >= starts),
                \(bookkeeping)
            );

            CREATE TABLE partners (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                name_folded TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                contact_name TEXT NOT NULL DEFAULT '',
                contact_email TEXT NOT NULL DEFAULT '',
                contact_phone TEXT NOT NULL DEFAULT '',
                website TEXT NOT NULL DEFAULT '',
                address TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                \(bookkeeping)
            );
            CREATE INDEX partners_by_name ON partners(name COLLATE NOCASE, id);

            CREATE TABLE partnerships (
                id INTEGER PRIMARY KEY,
                partner_id INTEGER NOT NULL REFERENCES partners(id),
                district_wide INTEGER NOT NULL DEFAULT 0,
                tier INTEGER CHECK (tier IN (1, 2, 3)),
                status TEXT NOT NULL,
                services TEXT NOT NULL DEFAULT '',
                start_date TEXT,
                end_date TEXT,
                agreement_signed TEXT,
                data_sharing INTEGER NOT NULL DEFAULT 0,
                background_checks INTEGER NOT NULL DEFAULT 0,
                outcome_measures TEXT NOT NULL DEFAULT '',
                last_review TEXT,
                reviewer TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                \(bookkeeping),
                CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
            );
            CREATE INDEX partnerships_by_partner ON partnerships(partner_id);
            CREATE INDEX partnerships_by_status ON partnerships(status);

            CREATE TABLE partnership_schools (
                partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
                school_id INTEGER NOT NULL REFERENCES schools(id),
                PRIMARY KEY (partnership_id, school_id)
            ) WITHOUT ROWID;
            CREATE INDEX partnership_schools_by_school ON partnership_schools(school_id, partnership_id);

            CREATE TABLE partnership_priority_areas (
                partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
                priority_area_id INTEGER NOT NULL REFERENCES priority_areas(id),
                PRIMARY KEY (partnership_id, priority_area_id)
            ) WITHOUT ROWID;

            CREATE TABLE frameworks (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                adopted INTEGER NOT NULL DEFAULT 0,
                \(bookkeeping)
            );
            CREATE TABLE standards (
                id INTEGER PRIMARY KEY,
                framework_id INTEGER NOT NULL REFERENCES frameworks(id),
                code TEXT NOT NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                position INTEGER NOT NULL,
                \(bookkeeping),
                UNIQUE (framework_id, code)
            );
            CREATE TABLE indicators (
                id INTEGER PRIMARY KEY,
                standard_id INTEGER NOT NULL REFERENCES standards(id),
                code TEXT NOT NULL,
                text TEXT NOT NULL,
                position INTEGER NOT NULL,
                \(bookkeeping),
                UNIQUE (standard_id, code)
            );

            CREATE TABLE surveys (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL UNIQUE,
                audience TEXT NOT NULL DEFAULT 'families',
                anonymous INTEGER NOT NULL DEFAULT 1,
                min_group_size INTEGER NOT NULL DEFAULT 10 CHECK (min_group_size >= 1),
                languages TEXT NOT NULL DEFAULT 'en',
                \(bookkeeping)
            );

            CREATE TABLE employees (
                id INTEGER PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                email TEXT NOT NULL DEFAULT '',
                school_id INTEGER REFERENCES schools(id),
                role TEXT NOT NULL,
                hire_date TEXT,
                active INTEGER NOT NULL DEFAULT 1,
                \(bookkeeping)
            );
            CREATE INDEX employees_by_name ON employees(last_name COLLATE NOCASE, first_name COLLATE NOCASE, id);
            CREATE INDEX employees_by_school ON employees(school_id);
            """)
        try seedShippedData(db)
    }

    private static func users(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                login TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'front-office', 'viewer')),
                \(bookkeeping)
            );
            CREATE TABLE user_schools (
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
                PRIMARY KEY (user_id, school_id)
            ) WITHOUT ROWID;
            """)
    }

    private static func partnershipPolicy(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE policy_criteria (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                text TEXT NOT NULL,
                rule TEXT CHECK (rule IN ('serves-priority-area', 'tier-assigned', 'agreement-on-file', 'reviewed-12-months')),
                required INTEGER NOT NULL DEFAULT 1,
                active INTEGER NOT NULL DEFAULT 1,
                position INTEGER NOT NULL,
                \(bookkeeping)
            );
            CREATE TABLE partnership_confirmations (
                partnership_id INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
                criterion_id INTEGER NOT NULL REFERENCES policy_criteria(id) ON DELETE CASCADE,
                confirmed_by TEXT NOT NULL,
                confirmed_at TEXT NOT NULL,
                PRIMARY KEY (partnership_id, criterion_id)
            ) WITHOUT ROWID;
            CREATE INDEX partnership_priority_areas_by_area ON partnership_priority_areas(priority_area_id, partnership_id);
            CREATE INDEX partnerships_by_end_date ON partnerships(end_date);
            CREATE INDEX partnerships_by_last_review ON partnerships(last_review);
            """)
        let at = Timestamp.now()
        for (position, c) in PolicyCriterion.shipped.enumerated() {
            try db.execute(sql: """
                INSERT INTO policy_criteria (code, text, rule, position, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 'facet')
                """, arguments: [c.code, c.text, c.rule?.rawValue, position + 1, at])
        }
    }

    /// A trigram FTS5 table `name` holding, for each row of `source`, the text `/` searches
    /// (`body`, an expression over `new.*`), kept in step by insert, update and delete triggers.
    /// `extra` adds what re-indexes rows when a table they draw text from changes, and fills it.
    static func createSearchIndex(_ db: Database, name: String, source: String, body: String, extra: String) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE \(name) USING fts5(body, tokenize = 'trigram');
            CREATE TRIGGER \(name)_insert AFTER INSERT ON \(source) BEGIN
                INSERT INTO \(name) (rowid, body) VALUES (new.id, \(body));
            END;
            CREATE TRIGGER \(name)_update AFTER UPDATE ON \(source) BEGIN
                DELETE FROM \(name) WHERE rowid = old.id;
                INSERT INTO \(name) (rowid, body) VALUES (new.id, \(body));
            END;
            CREATE TRIGGER \(name)_delete AFTER DELETE ON \(source) BEGIN
                DELETE FROM \(name) WHERE rowid = old.id;
            END;
            \(extra)
            """)
    }

    /// A trigram full-text index of what `/` searches in the roster, so a filter over 150,000
    /// employees is an index lookup rather than a scan. Kept in step by triggers, including when a
    /// school is renamed (its name is part of each of its employees' text).
    private static func employeeSearch(_ db: Database) throws {
        let own = "e.number || ' ' || e.first_name || ' ' || e.last_name || ' ' || e.email || ' ' || e.role"
        try createSearchIndex(db, name: "employees_search", source: "employees",
            body: "new.number || ' ' || new.first_name || ' ' || new.last_name || ' ' || new.email || ' ' || new.role || ' ' || COALESCE((SELECT name FROM schools WHERE id = new.school_id), 'District office')",
            extra: """
            CREATE TRIGGER employees_search_school_renamed AFTER UPDATE OF name ON schools BEGIN
                DELETE FROM employees_search WHERE rowid IN (SELECT id FROM employees WHERE school_id = new.id);
                INSERT INTO employees_search (rowid, body)
                    SELECT e.id, \(own) || ' ' || new.name FROM employees e WHERE e.school_id = new.id;
            END;
            INSERT INTO employees_search (rowid, body)
                SELECT e.id, \(own) || ' ' || COALESCE(s.name, 'District office')
                FROM employees e LEFT JOIN schools s ON s.id = e.school_id;
            """)
    }

    /// The same kind of index for the partnerships list: partner name and contact, services, notes.
    /// A partner's rename or new contact re-indexes its partnerships.
    private static func partnershipSearch(_ db: Database) throws {
        try createSearchIndex(db, name: "partnerships_search", source: "partnerships",
            body: "(SELECT name || ' ' || contact_name FROM partners WHERE id = new.partner_id) || ' ' || new.services || ' ' || new.notes",
            extra: """
            CREATE TRIGGER partnerships_search_partner_changed AFTER UPDATE OF name, contact_name ON partners BEGIN
                DELETE FROM partnerships_search WHERE rowid IN (SELECT id FROM partnerships WHERE partner_id = new.id);
                INSERT INTO partnerships_search (rowid, body)
                    SELECT p.id, new.name || ' ' || new.contact_name || ' ' || p.services || ' ' || p.notes
                    FROM partnerships p WHERE p.partner_id = new.id;
            END;
            INSERT INTO partnerships_search (rowid, body)
                SELECT p.id, pr.name || ' ' || pr.contact_name || ' ' || p.services || ' ' || p.notes
                FROM partnerships p JOIN partners pr ON pr.id = p.partner_id;
            """)
    }

    /// What every district starts with: the plan's three priority areas and the National PTA standards.
    private static func seedShippedData(_ db: Database) throws {
        let at = Timestamp.now()
        for name in PriorityArea.shipped {
            try db.execute(sql: "INSERT INTO priority_areas (name, updated_at, updated_by) VALUES (?, ?, 'facet')",
                           arguments: [name, at])
        }
        try db.execute(sql: "INSERT INTO frameworks (name, adopted, updated_at, updated_by) VALUES (?, 1, ?, 'facet')",
                       arguments: [NationalPTAStandards.frameworkName, at])
        let frameworkID = db.lastInsertedRowID
        for (position, standard) in NationalPTAStandards.standards.enumerated() {
            try db.execute(sql: """
                INSERT INTO standards (framework_id, code, title, position, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, 'facet')
                """, arguments: [frameworkID, standard.code, standard.title, position + 1, at])
            let standardID = db.lastInsertedRowID
            for (i, text) in standard.indicators.enumerated() {
                try db.execute(sql: """
                    INSERT INTO indicators (standard_id, code, text, position, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?, 'facet')
                    """, arguments: [standardID, "\(standard.code).\(i + 1)", text, i + 1, at])
            }
        }
    }
}
