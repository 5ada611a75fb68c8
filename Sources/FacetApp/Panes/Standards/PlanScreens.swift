import FacetModel
import FacetStore
import TermUI

/// SIP strategies: every school's family-engagement strategies, overdue ones flagged; `c` shows
/// the coverage of the year (schools with no strategy first).
final class StrategiesList: ListController {
    static let context = "SIP strategies"
    let title = "SIP strategies"
    let parentTitle: String? = "Standards"
    let noun = "strategy"
    let nounPlural = "strategies"
    let entity = Entity.sipStrategies
    let editorEntity: Entity? = .sipStrategies
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(7), .left), (.fixed(7), .left), (.flex(weight: 1, min: 24), .left), (.fixed(6), .left), (.fixed(11), .left), (.fixed(12), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.strategyList(year: nil, today: context.today) }
    func makeEditor() -> RecordEditor? { Self.editor(context) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.standardsCoverage, keys: [.char("c")], label: "coverage", context: Self.context),
         KeyBinding(.standardsEdit, keys: [.char("e")], label: "edit", context: Self.context, showInStatus: false)]
    }

    func requirement(for action: Action) -> Requirement? {
        action == .standardsEdit ? Requirement(action: .update, entity: .sipStrategies) : nil
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .standardsCoverage: return CoverageView.open(year: SelfAssessmentRules.schoolYear(of: context.today), context)
        case .standardsEdit: return list.withSelection { list.edit(id: $0.id) }
        default: return .none
        }
    }

    func headline(_ list: ListScreen) -> String? {
        // Read once per change of the data, not on every frame.
        let line = context.cached("sipHeadline") { () -> String in
            let year = SelfAssessmentRules.schoolYear(of: context.today)
            guard let counts = try? context.store.strategyHeadline(year: year, today: context.today) else { return "" }
            return "SIP strategies \(year) · \(counts.schoolsWithNone) schools with none · \(counts.overdue) overdue"
        }
        return line.isEmpty ? nil : line
    }

    /// A strategy: school, year, title, the standards it advances, who, for whom, when, status,
    /// how it will be evaluated and the evidence so far.
    static func editor(_ context: AppContext) -> RecordEditor {
        let store = context.store
        let all = (try? store.schoolChoices()) ?? []
        // The schools this user plans for; every school when that is none (a read-only view).
        let own = all.filter { store.permits(.create, table: Entity.sipStrategies.table, scope: .schools([$0.id])) }
        let schools = own.isEmpty ? all : own
        let standards = (try? store.assessedStandards()) ?? []
        let standardIndex = Dictionary(uniqueKeysWithValues: standards.enumerated().map { ($0.element.id, $0.offset) })
        let year = SelfAssessmentRules.schoolYear(of: context.today)
        let standardsColumn = EditableColumn(
            column: "standard_ids", label: "Standards it advances",
            makeField: { stored in
                let ids = (stored?.text ?? "").split(separator: ",").compactMap { Int64($0) }
                return MultiChoiceField("Standards it advances", options: standards.map { "\($0.code) \($0.title)" },
                                        selected: Set(ids.compactMap { standardIndex[$0] }), minimum: 1, visibleRows: min(6, max(1, standards.count)))
            },
            read: { .text(($0 as! MultiChoiceField).selected.map { standards[$0].id }.sorted().map(String.init).joined(separator: ",")) },
            display: { stored in
                let ids = Set(stored.text.split(separator: ",").compactMap { Int64($0) })
                return standards.filter { ids.contains($0.id) }.map(\.code).joined(separator: ", ")
            })
        let yearColumn = EditableColumn(
            column: "school_year", label: "School year",
            makeField: { stored in
                TextField("School year", value: stored?.text ?? year, required: true, maxLength: 7,
                          validators: [{ text in SelfAssessmentRules.isSchoolYear(text) ? nil : "as 2026-27" }])
            },
            read: { .text(($0 as! TextField).trimmedValue) }, display: { $0.text })
        return RecordEditor(entity: .sipStrategies, noun: "strategy", columns: [
            .choice("school_id", "School", options: schools.map { (.integer($0.id), "\($0.code) \($0.name)") }),
            yearColumn,
            .text("title", "Strategy", required: true, maxLength: 160),
            standardsColumn,
            .textArea("description", "Description", rows: 2),
            .text("owner", "Owner", maxLength: 80),
            .text("grade_levels", "Grade levels", maxLength: 20),
            .date("start_date", "Starts"),
            .date("due_date", "Due"),
            .choice("status", "Status", StrategyStatus.self),
            .text("evaluation", "How it is evaluated", maxLength: 400),
            .textArea("evidence", "Evidence", rows: 2),
        ], crossChecks: { values, _ in
            guard let start = Day(values["start_date"]?.text ?? ""), let due = Day(values["due_date"]?.text ?? ""), due < start else { return [] }
            return [("due_date", "before the start")]
        }, name: { $0["title"]?.text ?? "strategy" })
    }
}

/// Coverage of a school year: for each school, the standards its strategies advance (dropped ones
/// do not count); schools with fewest standards covered first, none at all first of all. Only the
/// schools on screen are read (`StrategyCoveragePages`), so it opens within a frame on the largest
/// district.
enum CoverageView {
    static func open(year: String, _ context: AppContext) -> Effect {
        do {
            let (lines, paged) = try read(year: year, context)
            return .push(TextScreen(title: "SIP coverage \(year)", lines: lines, paged: paged, context) {
                try? read(year: year, context)
            })
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// The heading lines, then the column header and the schools' lines, paged and laid out for
    /// the box's width (`CoverageLayout`).
    static func read(year: String, _ context: AppContext) throws -> (lines: [String], paged: TextScreen.PagedLines) {
        let pages = try context.store.strategyCoveragePages(year: year, today: context.today)
        let paged = TextScreen.PagedLines(count: { width in
            let layout = CoverageLayout(standards: pages.standards, width: width)
            return layout.header.count + pages.schoolCount * layout.rowsPerSchool
        }, lines: { range, width in
            let layout = CoverageLayout(standards: pages.standards, width: width)
            return layout.rows(range) { schools in ((try? pages.rows(in: schools)) ?? []) }
        })
        return (heading(standards: pages.standards, none: pages.withNone, schools: pages.schoolCount), paged)
    }

    static func heading(standards: [AssessmentGrid.Standard], none: Int, schools: Int) -> [String] {
        ["\(none) of \(schools) schools have no strategy for any standard yet.",
         "Standards: " + standards.map { "\($0.code) \($0.title)" }.joined(separator: " · "), ""]
    }

    /// Every line from the coverage computed whole, laid out for `width` (what the paged view must
    /// show, for tests; 73 is the text width of the box in an 80-column window).
    static func lines(_ coverage: StrategyCoverage, width: Int = 73) -> [String] {
        let none = coverage.schools.filter { (coverage.covered[$0.id] ?? []).isEmpty }.count
        let layout = CoverageLayout(standards: coverage.standards, width: width)
        return heading(standards: coverage.standards, none: none, schools: coverage.schools.count) + layout.header + coverage.ordered.flatMap { school in
            layout.lines(CoverageRow(school: school, covered: coverage.covered[school.id] ?? [], strategies: coverage.strategies[school.id] ?? 0,
                                     overdue: coverage.overdue[school.id] ?? 0))
        }
    }
}

/// How a school's coverage line fits a width of text. One line a school — its code and name, a mark
/// per standard, its plans and overdue ones — with the name narrowed as far as `narrowest` when the
/// framework has many standards; past that (more than 14 standards in 80 columns), the marks
/// go on rows of their own under the school's line, as many as they need, so none is cut off.
struct CoverageLayout {
    static let widest = 30, narrowest = 22
    /// Plans (6), overdue (9) and "  none" (6) after the marks.
    static let figures = 21
    /// The indent of the marks' own rows.
    static let indent = 4

    let standards: [AssessmentGrid.Standard]
    let schoolWidth: Int
    /// How many marks a row of their own holds; nil when they are on the school's line.
    let marksPerRow: Int?

    init(standards: [AssessmentGrid.Standard], width: Int) {
        self.standards = standards
        let room = width - 1 - 2 * standards.count - Self.figures
        if room >= Self.narrowest {
            schoolWidth = min(Self.widest, room)
            marksPerRow = nil
        } else {
            schoolWidth = max(8, min(Self.widest, width - Self.figures))
            marksPerRow = max(1, (width - Self.indent) / 2)
        }
    }

    /// The standards in the rows of their own (one chunk a row), or one chunk when on the school's line.
    private var chunks: [ArraySlice<AssessmentGrid.Standard>] {
        guard let per = marksPerRow, !standards.isEmpty else { return [standards[...]] }
        return stride(from: 0, to: standards.count, by: per).map { standards[$0..<min(standards.count, $0 + per)] }
    }

    var rowsPerSchool: Int { marksPerRow == nil ? 1 : 1 + chunks.count }

    /// The column header: "School", the standards' codes over their marks, "Plans", "Overdue".
    var header: [String] {
        let school = DisplayWidth.fit("School", to: schoolWidth)
        guard marksPerRow != nil else {
            let codes = Self.codeRows(standards[...])
            return [school + " " + codes[0] + "  Plans  Overdue"] + codes.dropFirst().map { String(repeating: " ", count: schoolWidth + 1) + $0 }
        }
        return [school + " Plans  Overdue"] + chunks.flatMap { Self.codeRows($0).map { String(repeating: " ", count: Self.indent) + $0 } }
    }

    /// The codes over the marks, two columns a standard: one row when every code is one character,
    /// else two with alternate codes on each ("1   3 …" over "  2   4 …"), so "10" and "11" do
    /// not run together.
    static func codeRows(_ standards: ArraySlice<AssessmentGrid.Standard>) -> [String] {
        let codes = standards.map(\.code)
        if codes.allSatisfy({ DisplayWidth.of($0) <= 1 }) { return [codes.map { DisplayWidth.fit($0, to: 2) }.joined()] }
        let width = 2 * codes.count
        return [0, 1].map { parity in
            var row = ""
            for (i, code) in codes.enumerated() where i % 2 == parity {
                row += String(repeating: " ", count: 2 * i - DisplayWidth.of(row)) + DisplayWidth.fit(code, to: min(4, width - 2 * i))
            }
            return row + String(repeating: " ", count: max(0, width - DisplayWidth.of(row)))
        }
    }

    /// A school's rows.
    func lines(_ row: CoverageRow) -> [String] {
        let marks = chunks.map { $0.map { row.covered.contains($0.id) ? "■ " : "· " }.joined() }
        let figures = String(row.strategies).leftPad(6) + (row.overdue > 0 ? "\(row.overdue) !".leftPad(9) : "".leftPad(9))
            + (row.covered.isEmpty ? "  none" : "")
        let school = DisplayWidth.fit("\(row.school.code) \(row.school.name)", to: schoolWidth)
        guard marksPerRow != nil else { return [school + " " + marks[0] + figures] }
        return [school + figures] + marks.map { String(repeating: " ", count: Self.indent) + $0 }
    }

    /// The rows at `range` among the header's and then every school's, reading only the schools
    /// those rows belong to (`schools(range)` gives the schools at those positions in order).
    func rows(_ range: Range<Int>, schools: (Range<Int>) -> [CoverageRow]) -> [String] {
        let head = header
        var result = Array(head[min(range.lowerBound, head.count)..<min(range.upperBound, head.count)])
        let lo = max(0, range.lowerBound - head.count), hi = range.upperBound - head.count
        guard lo < hi else { return result }
        let per = rowsPerSchool
        let first = lo / per, last = (hi - 1) / per
        let read = schools(first..<(last + 1)).flatMap(lines)
        let skip = lo - first * per
        result += read.dropFirst(skip).prefix(hi - lo)
        return result
    }
}

/// Convenings of representative groups of families and community members, with their follow-ups
/// (open ones counted, overdue ones flagged); `f` opens the selected convening's follow-ups, `g`
/// sums up each group.
final class ConveningsList: ListController {
    static let context = "Convenings"
    let title = "Convenings"
    let parentTitle: String? = "Standards"
    let noun = "convening"
    let entity = Entity.convenings
    let editorEntity: Entity? = .convenings
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(10), .left), (.flex(weight: 2, min: 24), .left), (.fixed(8), .left), (.fixed(7), .right), (.flex(weight: 1, min: 18), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.conveningList(today: context.today) }
    func makeEditor() -> RecordEditor? { Self.editor(context) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.conveningFollowUps, keys: [.char("f")], label: "follow-ups", context: Self.context),
         KeyBinding(.conveningSummary, keys: [.char("g")], label: "by group", context: Self.context)]
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .conveningFollowUps:
            return list.withSelection { row in .push(ListScreen(FollowUpsList(context, conveningID: row.id), context)) }
        case .conveningSummary:
            do {
                return .push(TextScreen(title: "Convenings by group", lines: Self.summaryLines(try context.store.conveningSummary(today: context.today)), context))
            } catch {
                return .push(DialogScreen.error(error, context))
            }
        default: return .none
        }
    }

    /// Each group: its meetings and attendance, then its open follow-ups and each overdue one.
    static func summaryLines(_ groups: [ConveningGroupSummary]) -> [String] {
        var lines: [String] = []
        for g in groups {
            let top = Double(max(1, g.attendance.max() ?? 1))
            let trend = SurveyResults.sparkline(g.attendance.map { Double($0) * 100 / top as Double? })
            lines.append(g.group)
            lines.append("    \(g.meetings) meeting\(g.meetings == 1 ? "" : "s"), \(g.first) to \(g.last) · attendance "
                         + g.attendance.map(String.init).joined(separator: ", ") + " · " + trend)
            let overdue = g.overdue.isEmpty ? "" : ", \(g.overdue.count) overdue !"
            lines.append("    follow-ups: \(g.open) open" + overdue)
            for item in g.overdue {
                lines.append("      ! due \(item.due): \(item.what)" + (item.owner.isEmpty ? "" : " — \(item.owner)"))
            }
        }
        return lines.isEmpty ? ["No convening has been recorded yet."] : lines
    }

    static func editor(_ context: AppContext) -> RecordEditor {
        let store = context.store
        let schools = (try? store.schoolChoices()) ?? []
        func count(_ column: String, _ label: String) -> EditableColumn { WaveEditor.number(column, label, default: 0) }
        let topics = EditableColumn(
            column: "topics", label: "Topics",
            makeField: { stored in
                let codes = Set((stored?.text ?? "").split(separator: ",").map(String.init))
                return MultiChoiceField("Topics", options: ConveningTopic.allCases.map(\.label),
                                        selected: Set(ConveningTopic.allCases.indices.filter { codes.contains(ConveningTopic.allCases[$0].rawValue) }))
            },
            read: { .text(($0 as! MultiChoiceField).selected.sorted().map { ConveningTopic.allCases[$0].rawValue }.joined(separator: ",")) },
            display: { $0.text.replacingOccurrences(of: ",", with: ", ") })
        return RecordEditor(entity: .convenings, noun: "convening", columns: [
            .text("group_name", "Group", required: true, maxLength: 120),
            .choice("school_id", "School", options: schools.map { (.integer($0.id), "\($0.code) \($0.name)") }, emptyLabel: "District-wide"),
            .date("held_on", "Date", required: true),
            .text("place", "Place", maxLength: 120),
            .text("languages", "Languages interpreted", maxLength: 120),
            count("parents", "Parents, guardians"),
            count("community", "Community members"),
            count("staff", "Staff"),
            count("students", "Students"),
            topics,
            .textArea("outcomes", "Outcomes", rows: 2),
        ], name: { "\($0["group_name"]?.text ?? "") \($0["held_on"]?.text ?? "")" })
    }
}

/// A convening's follow-ups: what, who, by when, done. Overdue ones (not done, due day passed) are
/// flagged; `n` adds one, `Enter` edits (and marks it done), `d` deletes, `h` its history.
final class FollowUpsList: ListController {
    let title = "Follow-ups"
    let parentTitle: String?
    let noun = "follow-up"
    let entity = Entity.conveningFollowUps
    let editorEntity: Entity? = .conveningFollowUps
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(12), .left), (.flex(weight: 3, min: 30), .left), (.flex(weight: 1, min: 14), .left), (.fixed(8), .left),
    ]
    let context: AppContext
    let conveningID: Int64

    init(_ context: AppContext, conveningID: Int64) {
        self.context = context
        self.conveningID = conveningID
        parentTitle = ((try? context.store.conveningName(id: conveningID)) ?? nil) ?? "Convening"
    }

    func makeList() -> PagedList { context.store.followUpList(conveningID: conveningID, today: context.today) }

    func makeEditor() -> RecordEditor? {
        let conveningID = self.conveningID
        return RecordEditor(entity: .conveningFollowUps, noun: "follow-up", columns: [
            .text("what", "Follow-up", required: true, maxLength: FollowUpRules.whatLimit),
            .text("owner", "Owner", maxLength: FollowUpRules.ownerLimit),
            .date("due_on", "Due"),
            .checkbox("done", "Done"),
        ], derived: { _ in ["convening_id": .integer(conveningID)] },
        name: { $0["what"]?.text ?? "follow-up" })
    }
}

/// The differentiated service model: which services each tier receives; an admin edits it.
final class ServiceModelList: ListController {
    let title = "Service model"
    let parentTitle: String? = "Standards"
    let noun = "service"
    let entity = Entity.serviceModel
    let editorEntity: Entity? = .serviceModel
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [(.fixed(12), .left), (.flex(weight: 1, min: 40), .left)]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.serviceModelList() }
    func makeEditor() -> RecordEditor? { Self.editor }

    func headline(_ list: ListScreen) -> String? { "Service model — what each tier of partnership receives" }

    static var editor: RecordEditor {
        RecordEditor(entity: .serviceModel, noun: "service", columns: [
            .choice("tier", "Tier", options: Tier.allCases.map { (.integer(Int64($0.rawValue)), $0.label) }),
            WaveEditor.number("position", "Order", default: 9),
            .text("service", "Service", required: true, maxLength: 200),
        ], name: { $0["service"]?.text ?? "service" })
    }
}
