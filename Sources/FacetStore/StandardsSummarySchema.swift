import GRDB

/// Migration v17-standards-summary: what lets the self-assessment grid and the SIP coverage open
/// within a frame on the largest district (1,800 schools, 3 years of ratings). Both read small
/// summaries kept by triggers in the same transaction as every write, instead of grouping every
/// rating (129,000) or matching every strategy against every standard on each open.
///
/// - `assessment_sums`: per school year, school and standard, the sum and count of the ratings of
///   that standard's indicators — every indicator, retired ones too, as the grid always counted
///   them (a retired indicator's ratings stay; a retired standard is only not shown). A row whose
///   count falls to 0 is removed, so a school that rated nothing has no row, as before.
/// - `sip_coverage`: per school year, school and standard, how many strategies that are not
///   dropped name the standard in `standard_ids` (matched exactly as the coverage query matched).
enum StandardsSummarySchema {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE assessment_sums (
                school_year TEXT NOT NULL,
                school_id INTEGER NOT NULL,
                standard_id INTEGER NOT NULL,
                total INTEGER NOT NULL,
                n INTEGER NOT NULL,
                PRIMARY KEY (school_year, school_id, standard_id)
            ) WITHOUT ROWID;

            CREATE TRIGGER assessment_sums_insert AFTER INSERT ON self_assessments BEGIN
                INSERT INTO assessment_sums (school_year, school_id, standard_id, total, n)
                VALUES (new.school_year, new.school_id, (SELECT standard_id FROM indicators WHERE id = new.indicator_id), new.level, 1)
                ON CONFLICT (school_year, school_id, standard_id) DO UPDATE SET total = total + excluded.total, n = n + 1;
            END;
            CREATE TRIGGER assessment_sums_delete AFTER DELETE ON self_assessments BEGIN
                UPDATE assessment_sums SET total = total - old.level, n = n - 1
                WHERE school_year = old.school_year AND school_id = old.school_id
                  AND standard_id = (SELECT standard_id FROM indicators WHERE id = old.indicator_id);
                DELETE FROM assessment_sums WHERE n <= 0 AND school_year = old.school_year AND school_id = old.school_id;
            END;
            CREATE TRIGGER assessment_sums_update AFTER UPDATE OF school_year, school_id, indicator_id, level ON self_assessments BEGIN
                UPDATE assessment_sums SET total = total - old.level, n = n - 1
                WHERE school_year = old.school_year AND school_id = old.school_id
                  AND standard_id = (SELECT standard_id FROM indicators WHERE id = old.indicator_id);
                DELETE FROM assessment_sums WHERE n <= 0 AND school_year = old.school_year AND school_id = old.school_id;
                INSERT INTO assessment_sums (school_year, school_id, standard_id, total, n)
                VALUES (new.school_year, new.school_id, (SELECT standard_id FROM indicators WHERE id = new.indicator_id), new.level, 1)
                ON CONFLICT (school_year, school_id, standard_id) DO UPDATE SET total = total + excluded.total, n = n + 1;
            END;
            -- An indicator moved to another standard takes its ratings with it.
            CREATE TRIGGER assessment_sums_indicator_moved AFTER UPDATE OF standard_id ON indicators
            WHEN old.standard_id IS NOT new.standard_id BEGIN
                DELETE FROM assessment_sums WHERE standard_id IN (old.standard_id, new.standard_id);
                INSERT INTO assessment_sums (school_year, school_id, standard_id, total, n)
                SELECT sa.school_year, sa.school_id, i.standard_id, SUM(sa.level), COUNT(*)
                FROM self_assessments sa JOIN indicators i ON i.id = sa.indicator_id
                WHERE i.standard_id IN (old.standard_id, new.standard_id)
                GROUP BY sa.school_year, sa.school_id, i.standard_id;
            END;

            INSERT INTO assessment_sums (school_year, school_id, standard_id, total, n)
            \(freshSumsSQL);

            CREATE TABLE sip_coverage (
                school_year TEXT NOT NULL,
                school_id INTEGER NOT NULL,
                standard_id INTEGER NOT NULL,
                strategies INTEGER NOT NULL,
                PRIMARY KEY (school_year, school_id, standard_id)
            ) WITHOUT ROWID;

            CREATE TRIGGER sip_coverage_insert AFTER INSERT ON sip_strategies WHEN new.status != 'dropped' BEGIN
                INSERT INTO sip_coverage (school_year, school_id, standard_id, strategies)
                SELECT new.school_year, new.school_id, st.id, 1 FROM standards st
                WHERE instr(',' || new.standard_ids || ',', ',' || st.id || ',') > 0
                ON CONFLICT (school_year, school_id, standard_id) DO UPDATE SET strategies = strategies + 1;
            END;
            CREATE TRIGGER sip_coverage_delete AFTER DELETE ON sip_strategies WHEN old.status != 'dropped' BEGIN
                UPDATE sip_coverage SET strategies = strategies - 1
                WHERE school_year = old.school_year AND school_id = old.school_id
                  AND instr(',' || old.standard_ids || ',', ',' || standard_id || ',') > 0;
                DELETE FROM sip_coverage WHERE strategies <= 0 AND school_year = old.school_year AND school_id = old.school_id;
            END;
            CREATE TRIGGER sip_coverage_update AFTER UPDATE OF school_year, school_id, standard_ids, status ON sip_strategies BEGIN
                UPDATE sip_coverage SET strategies = strategies - 1
                WHERE old.status != 'dropped' AND school_year = old.school_year AND school_id = old.school_id
                  AND instr(',' || old.standard_ids || ',', ',' || standard_id || ',') > 0;
                DELETE FROM sip_coverage WHERE strategies <= 0 AND school_year = old.school_year AND school_id = old.school_id;
                INSERT INTO sip_coverage (school_year, school_id, standard_id, strategies)
                SELECT new.school_year, new.school_id, st.id, 1 FROM standards st
                WHERE new.status != 'dropped' AND instr(',' || new.standard_ids || ',', ',' || st.id || ',') > 0
                ON CONFLICT (school_year, school_id, standard_id) DO UPDATE SET strategies = strategies + 1;
            END;
            -- The coverage matches ids against the standards that exist: a standard added or
            -- removed later changes which strategies it matches.
            CREATE TRIGGER sip_coverage_standard_insert AFTER INSERT ON standards BEGIN
                INSERT INTO sip_coverage (school_year, school_id, standard_id, strategies)
                SELECT ss.school_year, ss.school_id, new.id, COUNT(*) FROM sip_strategies ss
                WHERE ss.status != 'dropped' AND instr(',' || ss.standard_ids || ',', ',' || new.id || ',') > 0
                GROUP BY ss.school_year, ss.school_id;
            END;
            CREATE TRIGGER sip_coverage_standard_delete AFTER DELETE ON standards BEGIN
                DELETE FROM sip_coverage WHERE standard_id = old.id;
            END;

            INSERT INTO sip_coverage (school_year, school_id, standard_id, strategies)
            \(freshCoverageSQL);

            -- The coverage's plans and overdue counts of a year read from the index alone.
            CREATE INDEX sip_strategies_plans ON sip_strategies(school_year, school_id, status, due_date);
            """)
    }

    /// The ratings' sums and counts worked out afresh, as `assessment_sums` should hold them.
    static let freshSumsSQL = """
        SELECT sa.school_year, sa.school_id, i.standard_id, SUM(sa.level), COUNT(*)
        FROM self_assessments sa JOIN indicators i ON i.id = sa.indicator_id
        GROUP BY sa.school_year, sa.school_id, i.standard_id
        """

    /// The strategies' coverage worked out afresh, as `sip_coverage` should hold it.
    static let freshCoverageSQL = """
        SELECT ss.school_year, ss.school_id, st.id, COUNT(*) FROM sip_strategies ss
        JOIN standards st ON instr(',' || ss.standard_ids || ',', ',' || st.id || ',') > 0
        WHERE ss.status != 'dropped'
        GROUP BY ss.school_year, ss.school_id, st.id
        """
}

extension FacetStore {
    /// Rows where the kept summaries (`assessment_sums`, `sip_coverage`) differ from a fresh
    /// computation from the ratings and strategies, as "table: row": empty when the triggers kept
    /// up with every write.
    public func standardsSummaryMismatches() throws -> [String] {
        try read { db in
            func rows(_ sql: String) throws -> Set<String> {
                Set(try Row.fetchAll(db, sql: sql).map { r in (0..<r.count).map { "\(r[$0] as DatabaseValue)" }.joined(separator: "|") })
            }
            var result: [String] = []
            let sums = try rows("SELECT school_year, school_id, standard_id, total, n FROM assessment_sums")
            let freshSums = try rows(StandardsSummarySchema.freshSumsSQL)
            result += sums.symmetricDifference(freshSums).sorted().map { "assessment_sums: \($0)" }
            let coverage = try rows("SELECT school_year, school_id, standard_id, strategies FROM sip_coverage")
            let freshCoverage = try rows(StandardsSummarySchema.freshCoverageSQL)
            result += coverage.symmetricDifference(freshCoverage).sorted().map { "sip_coverage: \($0)" }
            return result
        }
    }
}
