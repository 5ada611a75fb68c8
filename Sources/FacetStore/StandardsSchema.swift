import FacetModel
import GRDB

/// The v11 migration: retiring standards and indicators, our descriptions and indicators for the
/// shipped framework, school self-assessments, SIP strategies, convenings and the service model.
enum StandardsSchema {
    static func migrate(_ db: Database) throws {
        let bookkeeping = Migrations.bookkeeping
        try db.execute(sql: """
            ALTER TABLE standards ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE indicators ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX standards_by_framework ON standards(framework_id, position);
            CREATE INDEX indicators_by_standard ON indicators(standard_id, position);

            -- One rating per school, school year and indicator. Ratings of retired indicators stay.
            CREATE TABLE self_assessments (
                id INTEGER PRIMARY KEY,
                school_id INTEGER NOT NULL REFERENCES schools(id),
                school_year TEXT NOT NULL,
                indicator_id INTEGER NOT NULL REFERENCES indicators(id),
                level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
                evidence TEXT NOT NULL DEFAULT '',
                \(bookkeeping),
                UNIQUE (school_year, school_id, indicator_id)
            );
            CREATE INDEX self_assessments_by_indicator ON self_assessments(indicator_id);
            -- Covers the grid's grouped read of a year: no row of the table itself is visited.
            CREATE INDEX self_assessments_grid ON self_assessments(school_year, school_id, indicator_id, level);

            -- standard_ids: the standards the strategy advances, as ids separated by commas ("3,5").
            CREATE TABLE sip_strategies (
                id INTEGER PRIMARY KEY,
                school_id INTEGER NOT NULL REFERENCES schools(id),
                school_year TEXT NOT NULL,
                title TEXT NOT NULL,
                standard_ids TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                owner TEXT NOT NULL DEFAULT '',
                grade_levels TEXT NOT NULL DEFAULT '',
                start_date TEXT,
                due_date TEXT,
                status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in-progress', 'done', 'dropped')),
                evaluation TEXT NOT NULL DEFAULT '',
                evidence TEXT NOT NULL DEFAULT '',
                \(bookkeeping),
                CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date)
            );
            CREATE INDEX sip_strategies_by_year ON sip_strategies(school_year, school_id);
            CREATE INDEX sip_strategies_by_school ON sip_strategies(school_id);

            -- A meeting of a representative group; school_id NULL for a district-wide group.
            CREATE TABLE convenings (
                id INTEGER PRIMARY KEY,
                school_id INTEGER REFERENCES schools(id),
                group_name TEXT NOT NULL,
                held_on TEXT NOT NULL,
                place TEXT NOT NULL DEFAULT '',
                languages TEXT NOT NULL DEFAULT '',
                parents INTEGER NOT NULL DEFAULT 0 CHECK (parents >= 0),
                community INTEGER NOT NULL DEFAULT 0 CHECK (community >= 0),
                staff INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
                students INTEGER NOT NULL DEFAULT 0 CHECK (students >= 0),
                topics TEXT NOT NULL DEFAULT '',
                outcomes TEXT NOT NULL DEFAULT '',
                follow_ups TEXT NOT NULL DEFAULT '',
                \(bookkeeping)
            );
            CREATE INDEX convenings_by_group ON convenings(group_name, held_on);

            CREATE TABLE service_model (
                id INTEGER PRIMARY KEY,
                tier INTEGER NOT NULL CHECK (tier IN (1, 2, 3)),
                position INTEGER NOT NULL,
                service TEXT NOT NULL,
                \(bookkeeping)
            );
            """)
        let at = Timestamp.now()
        // The shipped framework: our descriptions, and our four indicators per standard in place of
        // the two shipped before — only where the district has not changed them.
        let rows = try Row.fetchAll(db, sql: """
            SELECT st.id, st.code FROM standards st JOIN frameworks f ON f.id = st.framework_id WHERE f.name = ?
            """, arguments: [NationalPTAStandards.frameworkName])
        for row in rows {
            let id: Int64 = row["id"], code: String = row["code"]
            if let description = NationalPTAStandards.descriptions[code] {
                try db.execute(sql: "UPDATE standards SET description = ? WHERE id = ? AND description = '' AND updated_by = 'facet'",
                               arguments: [description, id])
            }
            for (i, text) in (NationalPTAStandards.indicators[code] ?? []).enumerated() {
                let indicatorCode = "\(code).\(i + 1)"
                try db.execute(sql: "UPDATE indicators SET text = ? WHERE standard_id = ? AND code = ? AND updated_by = 'facet' AND version = 1",
                               arguments: [text, id, indicatorCode])
                try db.execute(sql: """
                    INSERT OR IGNORE INTO indicators (standard_id, code, text, position, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, ?, 'facet')
                    """, arguments: [id, indicatorCode, text, i + 1, at])
            }
        }
        var positions: [Int: Int] = [:]
        for entry in ServiceModel.shipped {
            positions[entry.tier, default: 0] += 1
            try db.execute(sql: "INSERT INTO service_model (tier, position, service, updated_at, updated_by) VALUES (?, ?, ?, ?, 'facet')",
                           arguments: [entry.tier, positions[entry.tier]!, entry.service, at])
        }
    }

    /// The "v15-convening-follow-ups" migration: a convening's follow-ups become records (what,
    /// owner, due day, done), and the lines kept as text until now are moved into them ("what —
    /// owner, due" as the form asked; a line that does not read so is kept whole as the what).
    /// The old text column stays as it was, unshown, so the audit log still agrees with it.
    static func migrateFollowUps(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE convening_follow_ups (
                id INTEGER PRIMARY KEY,
                convening_id INTEGER NOT NULL REFERENCES convenings(id) ON DELETE CASCADE,
                what TEXT NOT NULL CHECK (length(what) > 0),
                owner TEXT NOT NULL DEFAULT '',
                due_on TEXT,
                done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
                \(Migrations.bookkeeping)
            );
            CREATE INDEX convening_follow_ups_by_convening ON convening_follow_ups(convening_id, due_on);
            CREATE INDEX convening_follow_ups_open ON convening_follow_ups(done, due_on);
            """)
        let at = Timestamp.now()
        for row in try Row.fetchAll(db, sql: "SELECT id, follow_ups FROM convenings WHERE follow_ups != '' ORDER BY id") {
            let text: String = row["follow_ups"]
            for line in text.components(separatedBy: .newlines) {
                guard let item = FollowUpRules.parse(line: line) else { continue }
                try db.execute(sql: """
                    INSERT INTO convening_follow_ups (convening_id, what, owner, due_on, done, version, updated_at, updated_by)
                    VALUES (?, ?, ?, ?, 0, 1, ?, 'facet')
                    """, arguments: [row["id"] as Int64, String(item.what.prefix(FollowUpRules.whatLimit)),
                                     String(item.owner.prefix(FollowUpRules.ownerLimit)), item.due?.description, at])
            }
        }
    }
}
