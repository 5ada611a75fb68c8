import FacetModel
import FacetStore
import TermUI

/// Parent conferences per school and window; `p` compares participation with the same window a
/// year before (the new conference model against the old).
final class ConferencesList: ListController {
    static let context = "Conferences"
    let title = "Conferences"
    let parentTitle: String? = "Outreach"
    let noun = "conference window"
    let entity = Entity.conferences
    let editorEntity: Entity? = .conferences
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(7), .left), (.fixed(6), .left), (.fixed(12), .left), (.fixed(6), .right), (.fixed(8), .right), (.fixed(5), .right),
        (.flex(weight: 1, min: 12), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.conferenceList(today: context.today) }
    func makeEditor() -> RecordEditor? { OutreachEditors.conference(context) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.outreachParticipation, keys: [.char("p")], label: "participation", context: Self.context)]
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        guard action == .outreachParticipation else { return .none }
        return ParticipationView.open(context)
    }

    /// The participation `p` opens, read ahead on a background thread between keys: its first open
    /// reads every school's figures in two years and the feedback survey's results.
    func prepareAhead(_ list: ListScreen) -> Bool { ParticipationView.readAhead(context) }
}

/// Participation by school in the latest window with figures, beside the same window a year before.
enum ParticipationView {
    typealias Feedback = (question: String, district: ResultCell, bySchool: [Int64: ResultCell])
    typealias Participation = (window: (year: String, term: ConferenceTerm), rows: [ConferenceParticipation], feedback: Feedback?)

    static let key = "outreachParticipation"

    /// The latest window's rows in the order shown and its feedback, read once per change of the
    /// data (or ahead, `ConferencesList.prepareAhead`); nil when no window has been entered.
    static func read(_ context: AppContext) throws -> Participation? {
        let store = context.store
        return try context.keptOrRead(key) { try readFresh(store) }
    }

    /// Starts reading the participation on a background thread (once per change of the data).
    static func readAhead(_ context: AppContext) -> Bool { context.readAhead([readingAhead(context)]) }

    static func readingAhead(_ context: AppContext) -> AppContext.ReadAhead {
        let store = context.store
        return AppContext.ReadAhead(key) { try readFresh(store) }
    }

    /// Every school's figures in two years and the feedback survey's results: more than the
    /// moment between two keys on the largest district, so it is read ahead off the loop's thread.
    @Sendable static func readFresh(_ store: FacetStore) throws -> Participation? {
        guard let window = try store.conferenceWindows().first else { return nil }
        let rows = ordered(try store.conferenceParticipation(year: window.year, term: window.term))
        return (window, rows, (try? store.conferenceFeedback(year: window.year, term: window.term)) ?? nil)
    }

    /// The heading lines, then a line per school, paged: a frame formats only the schools on screen.
    static func view(_ read: Participation) -> (lines: [String], paged: TextScreen.PagedLines) {
        let rows = read.rows, feedback = read.feedback
        return (heading(rows, read.window, feedback: feedback), TextScreen.PagedLines(count: rows.count) { range in rows[range].map { line($0, feedback) } })
    }

    static func open(_ context: AppContext) -> Effect {
        do {
            guard let shown = try read(context) else { return .status("No conference window has been entered yet.") }
            let (lines, paged) = view(shown)
            return .push(TextScreen(title: "Participation — \(shown.window.term.label) \(shown.window.year)", lines: lines, paged: paged, context) {
                ((try? read(context)) ?? nil).map(view)
            })
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// The feedback column: percent favourable on the survey's first question, "supp." where the
    /// survey engine suppresses a small group, "—" without responses.
    static func feedbackText(_ cell: ResultCell?) -> String {
        guard let cell else { return "—" }
        guard cell.shown else { return "supp." }
        return cell.tally.n == 0 ? "—" : OutreachRules.percentText(cell.percentFavourable)
    }

    static func heading(_ rows: [ConferenceParticipation], _ window: (year: String, term: ConferenceTerm), feedback: Feedback?) -> [String] {
        let now = OutreachRules.combinedRate(rows.map(\.now)), before = OutreachRules.combinedRate(rows.map(\.yearBefore))
        let previous = SelfAssessmentRules.previousYear(window.year) ?? "the year before"
        let missing = rows.filter { $0.now.rate == nil }.count
        return [
            "\(window.term.label) \(window.year): \(OutreachRules.percentText(now.rate)) of families conferenced at \(now.reporting) schools reporting; "
                + "\(window.term.label.lowercased()) \(previous): \(OutreachRules.percentText(before.rate)) (\(change(OutreachRules.change(now.rate, before.rate))) points).",
            "\(missing) schools have not entered both figures; they count in neither rate.",
            feedback.map { "Feedback survey, favourable on “\($0.question)”: \(feedbackText($0.district)) (small groups suppressed)." }
                ?? "No feedback survey wave is tied to this window.",
            "",
            DisplayWidth.fit("School", to: 24) + "Conf.".leftPad(6) + "Enrolled".leftPad(9) + "Rate".leftPad(6) + "Before".leftPad(7) + "Change".leftPad(7) + "  Feedback",
        ]
    }

    static func change(_ d: Double?) -> String { d.map { ($0 >= 0 ? "+" : "") + "\(Int($0.rounded()))" } ?? "—" }

    /// Schools without a rate first, then the lowest rate; by code within.
    static func ordered(_ rows: [ConferenceParticipation]) -> [ConferenceParticipation] {
        rows.sorted { a, b in
            switch (a.now.rate, b.now.rate) {
            case (nil, nil): return a.code < b.code
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x != y ? x < y : a.code < b.code
            }
        }
    }

    static func line(_ r: ConferenceParticipation, _ feedback: Feedback?) -> String {
        // Within the box's width (72 at 80 columns), so the columns stay columns.
        DisplayWidth.fit("\(r.code) \(r.name)", to: 24) + (r.now.conferenced.map(String.init) ?? "—").leftPad(6)
            + (r.now.enrolled.map(String.init) ?? "—").leftPad(9) + OutreachRules.percentText(r.now.rate).leftPad(6)
            + OutreachRules.percentText(r.yearBefore.rate).leftPad(7) + change(r.change).leftPad(7)
            + feedbackText(feedback?.bySchool[r.schoolID]).leftPad(10)
    }

    /// Every line of the view, the schools' too (what the paged view shows, for tests).
    static func lines(_ rows: [ConferenceParticipation], _ window: (year: String, term: ConferenceTerm), feedback: Feedback? = nil) -> [String] {
        heading(rows, window, feedback: feedback) + ordered(rows).map { line($0, feedback) }
    }
}

/// The family toolkit: resources families use to lead their child's education; `g` shows the
/// standards × languages that have no resource yet.
final class ToolkitList: ListController {
    static let context = "Toolkit"
    let title = "Family toolkit"
    let parentTitle: String? = "Outreach"
    let noun = "resource"
    let entity = Entity.toolkitResources
    let editorEntity: Entity? = .toolkitResources
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 2, min: 24), .left), (.fixed(12), .left), (.fixed(6), .left), (.flex(weight: 1, min: 14), .left), (.fixed(6), .left),
        (.fixed(10), .left),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.toolkitList() }
    func makeEditor() -> RecordEditor? { OutreachEditors.resource(context) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.outreachGaps, keys: [.char("g")], label: "gaps", context: Self.context)]
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        guard action == .outreachGaps else { return .none }
        return GapView.open(context)
    }
}

/// Standard × language: which have a toolkit resource (■) and which have none (·), then the gaps in words.
enum GapView {
    static func open(_ context: AppContext) -> Effect {
        do {
            return .push(TextScreen(title: "Toolkit gaps", lines: lines(try context.store.toolkitGaps()), context) {
                (try? context.store.toolkitGaps()).map(lines)
            })
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    static func lines(_ g: (standards: [AssessmentGrid.Standard], languages: [String], gaps: [(standard: Int64, language: String)])) -> [String] {
        let missing = Dictionary(grouping: g.gaps, by: \.standard).mapValues { Set($0.map(\.language)) }
        var lines = ["\(g.gaps.count) standard × language pairs have no toolkit resource (· below).", "",
                     DisplayWidth.fit("Standard", to: 30) + g.languages.prefix(6).map { " " + DisplayWidth.fit($0, to: 6) }.joined()]
        for s in g.standards {
            // Six languages fit the box's width; the sentences below name every gap, the others' too.
            lines.append(DisplayWidth.fit("\(s.code) \(s.title)", to: 30)
                         + g.languages.prefix(6).map { DisplayWidth.fit((missing[s.id]?.contains($0) ?? false) ? "   ·" : "   ■", to: 7) }.joined())
        }
        lines.append("")
        for s in g.standards {
            guard let langs = missing[s.id] else { continue }
            lines.append("No resource for \(s.code) \(s.title) in " + g.languages.filter { langs.contains($0) }.joined(separator: ", ") + ".")
        }
        if g.gaps.isEmpty { lines.append("Every standard has a resource in every language.") }
        return lines
    }
}

/// The plan's launch steps of the year: Enter lists a step's milestones, `v` shows each step's
/// progress with its evidence (as the dashboard and `facet report` do).
final class LaunchStepsList: ListController {
    static let context = "Launch steps"
    let title = "Launch steps"
    let parentTitle: String? = "Outreach"
    let noun = "launch step"
    let entity = Entity.launchSteps
    let editorEntity: Entity? = .launchSteps
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(2), .right), (.flex(weight: 3, min: 30), .left), (.flex(weight: 1, min: 12), .left), (.fixed(11), .left), (.fixed(6), .right),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.launchStepList(year: context.outreachYear) }
    func makeEditor() -> RecordEditor? { OutreachEditors.launchStep(context) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.outreachProgress, keys: [.char("v")], label: "progress", context: Self.context),
         KeyBinding(.outreachMilestones, keys: [.char("e")], label: "edit step", context: Self.context, showInStatus: false)]
    }

    func requirement(for action: Action) -> Requirement? {
        action == .outreachMilestones ? Requirement(action: .update, entity: .launchSteps) : nil
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .outreachProgress: return ProgressView.open(context)
        case .outreachMilestones: return list.withSelection { list.edit(id: $0.id) }
        default: return .none
        }
    }

    /// The progress `v` opens, read ahead on a background thread between keys: its evidence reads
    /// partnerships (the policy over each), strategies, events and conferences.
    func prepareAhead(_ list: ListScreen) -> Bool { ProgressView.readAhead(context) }

    func headline(_ list: ListScreen) -> String? { "Launch steps \(context.outreachYear) — Enter: milestones, v: progress" }

    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        .push(ListScreen(MilestonesList(context, stepID: row.id, stepTitle: row.cells[1]), context))
    }
}

/// Each launch step's progress: status, milestones, the next one due and the evidence.
enum ProgressView {
    static func key(year: String, today: Day) -> String { "outreachProgress.\(year).\(today)" }

    /// Starts reading the progress on a background thread (once per change of the data).
    static func readAhead(_ context: AppContext) -> Bool { context.readAhead([readingAhead(context)]) }

    static func readingAhead(_ context: AppContext) -> AppContext.ReadAhead {
        let store = context.store, year = context.outreachYear, today = context.today
        return AppContext.ReadAhead(key(year: year, today: today)) { try store.launchStepProgress(schoolYear: year, today: today) }
    }

    static func open(_ context: AppContext) -> Effect {
        let year = context.outreachYear, today = context.today, store = context.store
        // The evidence reads partnerships, strategies, events and conferences: once per change of
        // the data, or ahead (`LaunchStepsList.prepareAhead`).
        let read = { () -> [String]? in
            (try? context.keptOrRead(key(year: year, today: today)) { try store.launchStepProgress(schoolYear: year, today: today) }).map(lines)
        }
        guard let shown = read() else { return .error("The launch steps could not be read.") }
        return .push(TextScreen(title: "Launch steps \(year) — progress", lines: shown, context, reload: read))
    }

    static func lines(_ steps: [LaunchStepProgress]) -> [String] {
        guard !steps.isEmpty else { return ["No launch steps for this year; an admin adds them with n on the launch steps."] }
        var lines: [String] = []
        for (i, s) in steps.enumerated() {
            lines.append("\(i + 1). \(s.title) — \(s.owner.isEmpty ? "no owner" : s.owner)")
            var status = "   \(s.status.label) · \(s.milestonesDone) of \(s.milestonesTotal) milestones done"
            if let next = s.nextMilestone {
                status += " · next: \(next.title)" + (next.due.map { " by \($0)" } ?? "") + (s.nextMilestoneOverdue ? " — overdue" : "")
            }
            lines.append(status)
            if let evidence = s.evidence {
                let bar = evidence.fraction.map { f in " " + String(repeating: "■", count: Int((f * 10).rounded())) + String(repeating: "·", count: 10 - Int((min(1, f) * 10).rounded())) } ?? ""
                lines.append("   Evidence: \(evidence.sentence)\(bar)")
            }
            lines.append("")
        }
        return lines
    }
}

/// A launch step's milestones: due dates, done dates, overdue ones flagged.
final class MilestonesList: ListController {
    let title = "Milestones"
    let parentTitle: String?
    let noun = "milestone"
    let entity = Entity.launchMilestones
    let editorEntity: Entity? = .launchMilestones
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(10), .left), (.flex(weight: 1, min: 30), .left), (.fixed(10), .left),
    ]
    let context: AppContext
    let stepID: Int64

    init(_ context: AppContext, stepID: Int64, stepTitle: String) {
        self.context = context
        self.stepID = stepID
        parentTitle = stepTitle
    }

    func makeList() -> PagedList { context.store.milestoneList(stepID: stepID, today: context.today) }
    func makeEditor() -> RecordEditor? { OutreachEditors.milestone(stepID: stepID) }
}
