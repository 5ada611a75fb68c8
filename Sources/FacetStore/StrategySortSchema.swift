import GRDB

/// Migration v21-sip-sort: the SIP strategies list's "Std." column (the codes of the standards a
/// strategy advances, "1 3") kept in `sip_strategy_codes`, one row per strategy, by triggers in the
/// same transaction as every write, with an index in the column's sort order. Before, the column was
/// a subquery per row (the codes matched with `instr` over `standard_ids`), so every page, End, `S`
/// and filter letter in that sort worked it out for every strategy and sorted them all (PgDn 47 ms
/// on the large district).
///
/// A side table rather than a column of `sip_strategies`: a standard's new code changes the text of
/// many strategies, which must neither bump their versions nor make them differ from their last audit
/// row (`facet doctor` compares records with it, and the audit takes every column of the record).
///
/// The text is exactly what the list showed: the codes of every standard whose id the strategy names,
/// retired ones too ("retiring keeps it on old records"), in position order (ties by id), separated
/// by a space; "—" when it names none.
enum StrategySortSchema {
    /// The codes text of the `standard_ids` value `ids` (an SQL expression).
    static func codes(of ids: String) -> String {
        """
        COALESCE((SELECT group_concat(code, ' ') FROM (SELECT st.code FROM standards st
          WHERE instr(',' || \(ids) || ',', ',' || st.id || ',') > 0 ORDER BY st.position, st.id)), '—')
        """
    }

    /// Strategies whose `standard_ids` name the standard `id` (an SQL expression).
    private static func naming(_ id: String) -> String {
        "SELECT ss.id FROM sip_strategies ss WHERE instr(',' || ss.standard_ids || ',', ',' || \(id) || ',') > 0"
    }

    /// Recomputes the text of the strategies that name the standard `id`.
    private static func refresh(naming id: String) -> String {
        """
        UPDATE sip_strategy_codes SET codes = \(codes(of: "(SELECT standard_ids FROM sip_strategies WHERE id = strategy_id)"))
        WHERE strategy_id IN (\(naming(id)));
        """
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sip_strategy_codes (
                strategy_id INTEGER PRIMARY KEY,
                codes TEXT NOT NULL
            );
            -- The list's sort by standards: the codes, then the strategy (the list's id).
            CREATE INDEX sip_strategy_codes_by_codes ON sip_strategy_codes(codes, strategy_id);
            -- And its other sorts, each in its keys' order then the id, as the other lists have
            -- (v14-speed): End or `S` reads a few entries, not a sort of every year's strategies.
            CREATE INDEX sip_strategies_by_year_id ON sip_strategies(school_year, id);
            CREATE INDEX sip_strategies_by_title ON sip_strategies(title COLLATE NOCASE, id);
            CREATE INDEX sip_strategies_by_status ON sip_strategies(status, id);
            CREATE INDEX sip_strategies_by_due ON sip_strategies(COALESCE(due_date, ''), id);

            CREATE TRIGGER sip_strategy_codes_insert AFTER INSERT ON sip_strategies BEGIN
                INSERT INTO sip_strategy_codes (strategy_id, codes) VALUES (new.id, \(codes(of: "new.standard_ids")));
            END;
            CREATE TRIGGER sip_strategy_codes_update AFTER UPDATE OF standard_ids ON sip_strategies BEGIN
                UPDATE sip_strategy_codes SET codes = \(codes(of: "new.standard_ids")) WHERE strategy_id = new.id;
            END;
            CREATE TRIGGER sip_strategy_codes_delete AFTER DELETE ON sip_strategies BEGIN
                DELETE FROM sip_strategy_codes WHERE strategy_id = old.id;
            END;

            -- A standard's new code or place in the order changes the text of the strategies that
            -- name it; a standard added or removed changes which ids a strategy's text finds.
            -- Retiring one changes nothing: its code stays on the strategies that name it.
            CREATE TRIGGER sip_strategy_codes_standard_changed AFTER UPDATE OF id, code, position ON standards
            WHEN old.id IS NOT new.id OR old.code IS NOT new.code OR old.position IS NOT new.position BEGIN
                \(refresh(naming: "old.id"))
                \(refresh(naming: "new.id"))
            END;
            CREATE TRIGGER sip_strategy_codes_standard_insert AFTER INSERT ON standards BEGIN
                \(refresh(naming: "new.id"))
            END;
            CREATE TRIGGER sip_strategy_codes_standard_delete AFTER DELETE ON standards BEGIN
                \(refresh(naming: "old.id"))
            END;

            INSERT INTO sip_strategy_codes (strategy_id, codes) \(freshCodesSQL);
            """)
    }

    /// Every strategy's codes text worked out afresh, as `sip_strategy_codes` should hold it.
    static let freshCodesSQL = "SELECT ss.id, \(codes(of: "ss.standard_ids")) FROM sip_strategies ss"
}

extension FacetStore {
    /// Strategies whose kept codes text (`sip_strategy_codes`) differs from a fresh computation, or
    /// is missing or left over, as "id|codes": empty when the triggers kept up with every write.
    public func strategyCodesMismatches() throws -> [String] {
        try read { db in
            func rows(_ sql: String) throws -> Set<String> {
                Set(try Row.fetchAll(db, sql: sql).map { "\($0[0] as Int64)|\($0[1] as String)" })
            }
            let kept = try rows("SELECT strategy_id, codes FROM sip_strategy_codes")
            let fresh = try rows(StrategySortSchema.freshCodesSQL)
            return kept.symmetricDifference(fresh).sorted()
        }
    }
}
