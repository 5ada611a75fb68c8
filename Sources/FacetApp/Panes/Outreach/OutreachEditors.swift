import FacetModel
import FacetStore
import TermUI

/// The forms of the outreach pane.
enum OutreachEditors {
    /// A count that may be left empty: empty is "not entered", which is not the same as 0.
    static func optionalCount(_ column: String, _ label: String) -> EditableColumn {
        EditableColumn(column: column, label: label,
                       makeField: { stored in
                           let f = TextField(label, value: stored.map { $0 == .null ? "" : $0.text } ?? "", maxLength: 7, placeholder: "not entered",
                                             validators: [{ $0.isEmpty || Int($0) != nil ? nil : "a whole number" }])
                           f.accepts = { $0.isNumber }
                           f.inputWidth = 12
                           return f
                       },
                       read: { f in Int64((f as! TextField).trimmedValue).map(StoredValue.integer) ?? .null },
                       display: { $0 == .null ? "—" : $0.text })
    }

    /// Counts by language ("Spanish 12, English 30"), checked as typed.
    static func languageCounts(_ column: String, _ label: String) -> EditableColumn {
        .text(column, label, maxLength: 200, validators: [{ text in
            if case .failure(let problem) = LanguageCounts.parse(text) { return problem.message }
            return nil
        }])
    }

    static func schoolYear(_ column: String, _ context: AppContext) -> EditableColumn {
        let year = context.outreachYear
        return EditableColumn(column: column, label: "School year",
                              makeField: { stored in
                                  TextField("School year", value: stored?.text ?? year, required: true, maxLength: 7,
                                            validators: [{ SelfAssessmentRules.isSchoolYear($0) ? nil : "as 2026-27" }])
                              },
                              read: { .text(($0 as! TextField).trimmedValue) }, display: { $0.text })
    }

    /// The schools this user may write records for; every school when none (a read-only view).
    static func schoolColumn(_ context: AppContext, entity: Entity) -> EditableColumn {
        let store = context.store
        let all = (try? store.schoolChoices()) ?? []
        let own = all.filter { store.permits(.create, table: entity.table, scope: .schools([$0.id])) }
        let schools = own.isEmpty ? all : own
        // With no school yet, the one choice says so (an empty choice has nothing to read back).
        return .choice("school_id", "School", options: schools.map { (.integer($0.id), "\($0.code) \($0.name)") },
                       emptyLabel: schools.isEmpty ? "No school yet" : nil)
    }

    /// Codes of a `Choice` kept as a comma-separated list, chosen from a multiple choice.
    static func codes<C: Choice>(_ column: String, _ label: String, _ type: C.Type) -> EditableColumn where C.AllCases: RandomAccessCollection, C.AllCases.Index == Int {
        let all = Array(C.allCases)
        return EditableColumn(column: column, label: label,
                              makeField: { stored in
                                  let chosen = Set((stored?.text ?? "").split(separator: ",").map(String.init))
                                  return MultiChoiceField(label, options: all.map(\.label), selected: Set(all.indices.filter { chosen.contains(all[$0].rawValue) }))
                              },
                              read: { .text(($0 as! MultiChoiceField).selected.sorted().map { all[$0].rawValue }.joined(separator: ",")) },
                              display: { s in s.text.split(separator: ",").compactMap { C(rawValue: String($0))?.label }.joined(separator: ", ") })
    }

    static func campaign(_ context: AppContext) -> RecordEditor {
        RecordEditor(entity: .campaigns, noun: "campaign", columns: [
            .text("title", "Campaign", required: true, maxLength: 160),
            schoolYear("school_year", context),
            .text("goal_label", "Goal is counted in", maxLength: 60),
            optionalCount("goal", "Goal"),
            .textArea("description", "What it is for", rows: 3),
        ], name: { $0["title"]?.text ?? "campaign" })
    }

    /// An event: where and when, what was offered, and attendance counted by language. Saved
    /// through the store's event rule, which counts the families and refuses unreadable counts.
    static func event(_ context: AppContext, campaignID: Int64?) -> RecordEditor {
        let store = context.store
        let campaigns = (try? store.campaigns()) ?? []
        let main = ((try? store.mainCampaign(year: context.outreachYear)) ?? nil)?.id
        let preferred = campaignID ?? main
        let ordered = campaigns.filter { $0.id == preferred } + campaigns.filter { $0.id != preferred }
        let columns: [EditableColumn] = [
            .choice("campaign_id", "Campaign", options: ordered.map { (.integer($0.id), "\($0.title) \($0.year)") },
                    emptyLabel: ordered.isEmpty ? "No campaign yet (an admin adds one: c, then n)" : nil),
            schoolColumn(context, entity: .outreachEvents),
            .choice("kind", "Kind", EventKind.self),
            .text("topic", "Topic", required: true, maxLength: 160),
            .date("held_on", "Date", required: true),
            .text("place", "Place", maxLength: 200),
            .text("languages", "Languages offered", maxLength: 200),
            .checkbox("interpretation", "Interpretation provided"),
            .checkbox("childcare", "Childcare provided"),
            languageCounts("attendance", "Families by language"),
            .textArea("materials", "Materials used", rows: 2),
        ]
        return RecordEditor(entity: .outreachEvents, noun: "event", columns: columns,
                            load: { store, id in try store.fetchRecord(.outreachEvents, id: id) },
                            save: { store, id, version, values, _ in
                                guard let campaign = values["campaign_id"]?.integerValue, let school = values["school_id"]?.integerValue else {
                                    throw StoreError.invalid("Choose a campaign and a school; an admin adds campaigns with c, n.")
                                }
                                guard let day = Day(values["held_on"]?.text ?? "") else { throw StoreError.invalid("The event needs its date.") }
                                var e = OutreachEvent(campaignID: campaign, schoolID: school, kind: EventKind(rawValue: values["kind"]?.text ?? "") ?? .workshop,
                                                      topic: values["topic"]?.text ?? "", heldOn: day)
                                e.place = values["place"]?.text ?? ""
                                e.languages = values["languages"]?.text ?? ""
                                e.interpretation = values["interpretation"]?.integerValue == 1
                                e.childcare = values["childcare"]?.integerValue == 1
                                e.attendance = values["attendance"]?.text ?? ""
                                e.materials = values["materials"]?.text ?? ""
                                return try store.saveEvent(e, id: id, expectedVersion: version)
                            },
                            crossChecks: { _, _ in [] },
                            name: { "\($0["topic"]?.text ?? "event") \($0["held_on"]?.text ?? "")" })
    }

    static func conference(_ context: AppContext) -> RecordEditor {
        RecordEditor(entity: .conferences, noun: "conference window", columns: [
            schoolColumn(context, entity: .conferences),
            schoolYear("school_year", context),
            .choice("term", "Window", ConferenceTerm.self),
            .text("grade", "Grade (empty: whole school)", maxLength: 10),
            codes("formats", "Formats offered", ConferenceFormat.self),
            languageCounts("interpreters", "Interpreters by language"),
            optionalCount("enrolled", "Families enrolled"),
            optionalCount("conferenced", "Families conferenced"),
            .textArea("notes", "Notes", rows: 2),
        ], crossChecks: { values, _ in
            guard let enrolled = values["enrolled"]?.integerValue, let conferenced = values["conferenced"]?.integerValue, conferenced > enrolled else { return [] }
            return [("conferenced", "more than the families enrolled")]
        }, name: { "\($0["term"]?.text ?? "") \($0["school_year"]?.text ?? "")" })
    }

    static func resource(_ context: AppContext) -> RecordEditor {
        let standards = (try? context.store.assessedStandards()) ?? []
        let index = Dictionary(uniqueKeysWithValues: standards.enumerated().map { ($0.element.id, $0.offset) })
        let standardsColumn = EditableColumn(
            column: "standard_ids", label: "Standards it supports",
            makeField: { stored in
                let ids = (stored?.text ?? "").split(separator: ",").compactMap { Int64($0) }
                return MultiChoiceField("Standards it supports", options: standards.map { "\($0.code) \($0.title)" },
                                        selected: Set(ids.compactMap { index[$0] }), visibleRows: min(6, max(1, standards.count)))
            },
            read: { .text(($0 as! MultiChoiceField).selected.map { standards[$0].id }.sorted().map(String.init).joined(separator: ",")) },
            display: { stored in
                let ids = Set(stored.text.split(separator: ",").compactMap { Int64($0) })
                return standards.filter { ids.contains($0.id) }.map(\.code).joined(separator: ", ")
            })
        let languages = EditableColumn(
            column: "languages", label: "Languages (comma-separated)",
            makeField: { TextField("Languages (comma-separated)", value: ($0?.text ?? "").replacingOccurrences(of: ",", with: ", "), maxLength: 200) },
            read: { .text(FamilyLanguages.list(($0 as! TextField).trimmedValue).joined(separator: ",")) },
            display: { $0.text.replacingOccurrences(of: ",", with: ", ") })
        return RecordEditor(entity: .toolkitResources, noun: "resource", columns: [
            .text("title", "Title", required: true, maxLength: 160),
            .choice("kind", "Kind", ResourceKind.self),
            standardsColumn,
            languages,
            .text("location", "Where to find it (URL or share path)", maxLength: 400),
            .text("grade_band", "Grade band", maxLength: 20),
            .text("reviewed_by", "Reviewed by", maxLength: 120),
            .date("reviewed_on", "Reviewed on"),
        ], name: { $0["title"]?.text ?? "resource" })
    }

    static func launchStep(_ context: AppContext) -> RecordEditor {
        RecordEditor(entity: .launchSteps, noun: "launch step", columns: [
            .text("title", "Launch step", required: true, maxLength: 200),
            schoolYear("school_year", context),
            WaveEditor.number("position", "Order", default: 7),
            .text("owner", "Owner", maxLength: 120),
            .choice("status", "Status", LaunchStepStatus.self),
            .choice("evidence", "Evidence Facet computes", LaunchEvidenceKind.self),
            .textArea("notes", "Notes", rows: 3),
        ], name: { $0["title"]?.text ?? "launch step" })
    }

    static func milestone(stepID: Int64) -> RecordEditor {
        RecordEditor(entity: .launchMilestones, noun: "milestone", columns: [
            .text("title", "Milestone", required: true, maxLength: 200),
            .date("due_on", "Due"),
            .date("done_on", "Done on"),
        ], derived: { _ in ["step_id": .integer(stepID)] }, name: { $0["title"]?.text ?? "milestone" })
    }
}
