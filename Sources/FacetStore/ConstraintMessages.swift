import GRDB

/// Sentences for the schema's constraints (Migrations.swift): what was refused and what to do.
/// SQLite's own text ("CHECK constraint failed: end_date IS NULL OR …") never reaches a user; a
/// constraint not listed here still becomes a plain sentence naming the rule.
enum ConstraintMessages {
    static func sentence(code: ResultCode, message: String) -> String {
        switch code {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return unique(detail(message, after: "UNIQUE constraint failed: "))
        case .SQLITE_CONSTRAINT_NOTNULL:
            return notNull(detail(message, after: "NOT NULL constraint failed: "))
        case .SQLITE_CONSTRAINT_CHECK:
            return check(detail(message, after: "CHECK constraint failed: "))
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return foreignKey
        case .SQLITE_CONSTRAINT_TRIGGER where message.hasPrefix("audit_log is append-only"):
            return "The audit log is append-only: its entries cannot be changed or removed; nothing was saved."
        default:
            return unknown(message)
        }
    }

    /// SQLite does not say which reference failed; `FacetStore.deleteRecord` says more for deletes.
    static let foreignKey = "The change refers to a record that does not exist (it may have just been deleted), "
        + "or removes one that other records still use; nothing was saved."

    static func unknown(_ rule: String) -> String {
        "The change breaks a rule of the database (\(Quoted.safe(rule))); nothing was saved."
    }

    static func detail(_ message: String, after prefix: String) -> String {
        message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }

    /// What a record of each table is called in a sentence.
    static let nouns: [String: String] = [
        "schools": "school", "priority_areas": "priority area", "school_years": "school year", "partners": "partner",
        "partnerships": "partnership", "partnership_schools": "partnership's school", "partnership_priority_areas":
        "partnership's priority area", "frameworks": "framework", "standards": "standard", "indicators": "indicator",
        "surveys": "survey", "employees": "employee", "users": "user", "user_schools": "user's school",
        "policy_criteria": "policy criterion", "partnership_confirmations": "confirmation", "drafts": "draft",
        "audit_log": "audit entry", "self_assessments": "self-assessment rating", "sip_strategies": "SIP strategy",
        "convenings": "convening", "service_model": "service of the tier model", "metric_targets": "target",
    ]

    static func noun(_ table: String) -> String { nouns[table] ?? table.replacingOccurrences(of: "_", with: " ") }

    /// "schools.code" → ("schools", "code").
    static func split(_ qualified: Substring) -> (table: String, column: String) {
        let parts = qualified.trimmingCharacters(in: .whitespaces).split(separator: ".", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : ("", parts.first ?? "")
    }

    static func unique(_ columns: String) -> String {
        switch columns {
        case "schools.code": return "Another school already has this code; give this one a different code."
        case "priority_areas.name": return "There is already a priority area with this name; use it, or choose another name."
        case "school_years.name": return "There is already a school year with this name; choose another name."
        case "partners.name_folded":
            return "There is already a partner with this name (ignoring case and accents); use that partner, or choose another name."
        case "self_assessments.school_year, self_assessments.school_id, self_assessments.indicator_id":
            return "This school already has a rating of this indicator for this year; change that rating instead."
        case "metric_targets.metric, metric_targets.school_year":
            return "This metric already has a target for this school year; change that target instead."
        case "frameworks.name": return "There is already a framework with this name; choose another name."
        case "standards.framework_id, standards.code": return "This framework already has a standard with this code; choose another code."
        case "indicators.standard_id, indicators.code": return "This standard already has an indicator with this code; choose another code."
        case "surveys.title": return "There is already a survey with this title; choose another title."
        case "employees.number": return "Another employee already has this employee number; check the number."
        case "users.login": return "This login is already a Facet user; change their role or schools instead of adding them again."
        case "policy_criteria.code": return "Another policy criterion already has this code; choose another code."
        case "partnership_schools.partnership_id, partnership_schools.school_id":
            return "The partnership already lists this school; nothing was saved."
        case "partnership_priority_areas.partnership_id, partnership_priority_areas.priority_area_id":
            return "The partnership already lists this priority area; nothing was saved."
        case "partnership_confirmations.partnership_id, partnership_confirmations.criterion_id":
            return "This criterion is already confirmed for the partnership; nothing was saved."
        case "user_schools.user_id, user_schools.school_id": return "The user already works for this school; nothing was saved."
        default:
            let parts = columns.split(separator: ",").map(split)
            if parts.count == 1, parts[0].column == "id" {
                return "A \(noun(parts[0].table)) with this id already exists; nothing was saved."
            }
            let names = parts.map { $0.column.replacingOccurrences(of: "_", with: " ") }.joined(separator: " and ")
            let table = parts.first.flatMap { nouns[$0.table] } ?? "record"
            return "Another \(table) already has this \(names); it must be unique. Change it and save again."
        }
    }

    static func notNull(_ qualified: String) -> String {
        let (table, column) = split(Substring(qualified))
        guard !table.isEmpty else { return unknown("NOT NULL constraint failed: \(qualified)") }
        let field = column.hasSuffix("_id") ? String(column.dropLast(3)) : column
        return "The \(noun(table)) needs a \(field.replacingOccurrences(of: "_", with: " ")); fill it in and save again."
    }

    /// SQLite names an unnamed CHECK by its expression; each of the schema's is recognised by its core.
    static func check(_ rule: String) -> String {
        let known: [(String, String)] = [
            ("end_date >= start_date", "The end date is before the start date; change one of them."),
            ("ends >= starts", "The school year ends before it starts; change one of its dates."),
            ("tier IN", "The tier must be 1, 2 or 3, or left empty."),
            ("level IN", "The school level must be elementary, middle, high or other."),
            ("min_group_size >= 1", "The smallest group a survey reports on must be at least 1 person."),
            ("role IN", "The role must be admin, coordinator, front-office or viewer."),
            ("rule IN", "The criterion's rule must be serves-priority-area, tier-assigned, agreement-on-file, "
                + "reviewed-12-months, or none (confirmed by a reviewer)."),
            ("level BETWEEN 1 AND 4", "A rating is 1 Unsatisfactory, 2 Basic, 3 Proficient or 4 Distinguished."),
            ("due_date >= start_date", "The due date is before the start date; change one of them."),
            ("status IN ('planned'", "The status must be planned, in progress, done or dropped."),
            ("action IN", "The audit log does not know this kind of change; nothing was saved."),
        ]
        for (core, sentence) in known where rule.contains(core) { return sentence }
        return unknown(rule)
    }

    // MARK: deletes

    /// What still uses a record, by table: how to count it, what it is called (one, many).
    static let dependents: [String: (counts: [(sql: String, one: String, many: String)], advice: String)] = [
        "schools": ([("SELECT COUNT(*) FROM partnership_schools WHERE school_id = ?", "partnership", "partnerships"),
                     ("SELECT COUNT(*) FROM employees WHERE school_id = ?", "staff member", "staff")],
                    "mark it inactive instead of deleting it"),
        "partners": ([("SELECT COUNT(*) FROM partnerships WHERE partner_id = ?", "partnership", "partnerships")],
                     "end its partnerships instead, or move them to another partner before deleting it"),
        "priority_areas": ([("SELECT COUNT(*) FROM partnership_priority_areas WHERE priority_area_id = ?", "partnership", "partnerships")],
                           "retire it instead of deleting it"),
        "frameworks": ([("SELECT COUNT(*) FROM standards WHERE framework_id = ?", "standard", "standards")],
                       "delete its standards first, or mark the framework not adopted"),
        "standards": ([("SELECT COUNT(*) FROM indicators WHERE standard_id = ?", "indicator", "indicators")],
                      "retire it instead: it stays on old records"),
        "indicators": ([("SELECT COUNT(*) FROM self_assessments WHERE indicator_id = ?", "rating", "ratings")],
                       "retire it instead: its ratings stay on old records"),
        "employees": ([("SELECT COUNT(*) FROM pd_enrollments WHERE employee_id = ?", "training record", "training records")],
                      "mark the employee inactive instead: their PD history stays"),
        "pd_courses": ([("SELECT COUNT(*) FROM pd_sessions WHERE course_id = ?", "session", "sessions")],
                       "delete its sessions first, or keep the course as a record of what was taught"),
        "pd_sessions": ([("SELECT COUNT(*) FROM pd_enrollments WHERE session_id = ?", "registration", "registrations")],
                        "cancel its registrations first, or keep the session as a record of what happened"),
    ]

    /// "This school still has 12 partnerships and 71 staff; mark it inactive instead of deleting it."
    /// Nil when nothing is found to name (the generic sentence is used then).
    static func stillInUse(_ db: Database, table: String, id: Int64) throws -> String? {
        guard let entry = dependents[table] else { return nil }
        var parts: [String] = []
        for count in entry.counts {
            let n = try Int.fetchOne(db, sql: count.sql, arguments: [id]) ?? 0
            if n > 0 { parts.append("\(n) \(n == 1 ? count.one : count.many)") }
        }
        guard !parts.isEmpty else { return nil }
        return "This \(noun(table)) still has \(parts.joined(separator: " and ")); \(entry.advice)."
    }
}
