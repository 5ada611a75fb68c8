import FacetModel
import GRDB

/// The v12 migration: campaigns and their family events, parent conferences, the family toolkit,
/// and the plan's launch steps with milestones. (The conference feedback survey is installed on
/// first use, `FacetStore.conferenceFeedbackSurveyID()`, so districts that do not use it never see it.)
///
/// The six launch steps are seeded here rather than by the demo: they are the district plan's own
/// steps, so a fresh database tracks them from the start (not started, no milestones yet).
enum OutreachSchema {
    static func migrate(_ db: Database) throws {
        let bookkeeping = Migrations.bookkeeping
        try db.execute(sql: """
            CREATE TABLE campaigns (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                school_year TEXT NOT NULL,
                goal_label TEXT NOT NULL DEFAULT 'families reached',
                goal INTEGER CHECK (goal IS NULL OR goal >= 0),
                description TEXT NOT NULL DEFAULT '',
                \(bookkeeping),
                UNIQUE (school_year, title)
            );

            -- attendance: families by language as written ("Spanish 12, English 30"); families: its
            -- total, NULL until attendance is entered (not counted is not the same as nobody came).
            CREATE TABLE outreach_events (
                id INTEGER PRIMARY KEY,
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
                school_id INTEGER NOT NULL REFERENCES schools(id),
                kind TEXT NOT NULL DEFAULT 'workshop' CHECK (kind IN ('workshop', 'information-night')),
                topic TEXT NOT NULL,
                held_on TEXT NOT NULL,
                place TEXT NOT NULL DEFAULT '',
                languages TEXT NOT NULL DEFAULT '',
                interpretation INTEGER NOT NULL DEFAULT 0 CHECK (interpretation IN (0, 1)),
                childcare INTEGER NOT NULL DEFAULT 0 CHECK (childcare IN (0, 1)),
                attendance TEXT NOT NULL DEFAULT '',
                families INTEGER CHECK (families IS NULL OR families >= 0),
                materials TEXT NOT NULL DEFAULT '',
                \(bookkeeping)
            );
            -- Covers reach by school: the grouped read never visits the table.
            CREATE INDEX outreach_events_reach ON outreach_events(campaign_id, school_id, families, held_on);
            CREATE INDEX outreach_events_by_school ON outreach_events(school_id);
            CREATE INDEX outreach_events_by_day ON outreach_events(held_on, id);

            -- One row per school, year, window and grade ('' = the whole school). formats: codes
            -- separated by commas; interpreters: by language as written ("Spanish 3, Hmong 1").
            CREATE TABLE conferences (
                id INTEGER PRIMARY KEY,
                school_id INTEGER NOT NULL REFERENCES schools(id),
                school_year TEXT NOT NULL,
                term TEXT NOT NULL CHECK (term IN ('fall', 'spring')),
                grade TEXT NOT NULL DEFAULT '',
                formats TEXT NOT NULL DEFAULT '',
                interpreters TEXT NOT NULL DEFAULT '',
                enrolled INTEGER CHECK (enrolled IS NULL OR enrolled >= 0),
                conferenced INTEGER CHECK (conferenced IS NULL OR conferenced >= 0),
                survey_wave_id INTEGER REFERENCES survey_waves(id),
                notes TEXT NOT NULL DEFAULT '',
                \(bookkeeping),
                UNIQUE (school_year, term, school_id, grade),
                CHECK (conferenced IS NULL OR enrolled IS NULL OR conferenced <= enrolled)
            );
            CREATE INDEX conferences_by_school ON conferences(school_id);

            -- standard_ids: ids separated by commas; languages: names separated by commas.
            CREATE TABLE toolkit_resources (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('guide', 'video', 'handout', 'workshop-kit')),
                standard_ids TEXT NOT NULL DEFAULT '',
                languages TEXT NOT NULL DEFAULT '',
                location TEXT NOT NULL DEFAULT '',
                grade_band TEXT NOT NULL DEFAULT '',
                reviewed_by TEXT NOT NULL DEFAULT '',
                reviewed_on TEXT,
                \(bookkeeping)
            );

            CREATE TABLE launch_steps (
                id INTEGER PRIMARY KEY,
                school_year TEXT NOT NULL,
                position INTEGER NOT NULL DEFAULT 1,
                title TEXT NOT NULL,
                owner TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'under-way', 'done')),
                evidence TEXT NOT NULL DEFAULT 'none' CHECK (evidence IN ('none', 'convenings', 'sip-strategies',
                    'partnerships-reviewed', 'campaign-reach', 'conference-participation')),
                notes TEXT NOT NULL DEFAULT '',
                \(bookkeeping)
            );
            CREATE INDEX launch_steps_by_year ON launch_steps(school_year, position);

            CREATE TABLE launch_milestones (
                id INTEGER PRIMARY KEY,
                step_id INTEGER NOT NULL REFERENCES launch_steps(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                due_on TEXT,
                done_on TEXT,
                \(bookkeeping)
            );
            CREATE INDEX launch_milestones_by_step ON launch_milestones(step_id, due_on);
            """)
        let at = Timestamp.now()
        for (i, step) in LaunchStepRules.planSteps.enumerated() {
            try db.execute(sql: """
                INSERT INTO launch_steps (school_year, position, title, owner, evidence, updated_at, updated_by)
                VALUES (?, ?, ?, 'FACE Department', ?, ?, 'facet')
                """, arguments: [LaunchStepRules.planYear, i + 1, step.title, step.evidence.rawValue, at])
        }
    }
}
