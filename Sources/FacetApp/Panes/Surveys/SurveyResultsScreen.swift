import FacetModel
import FacetStore
import TermUI

/// Results of a survey: a school × question grid for one wave (percent favourable, or n for open
/// text), and a question × wave view of one school or the district with the change and a trend.
/// Figures come from `KeptSurveyResults`: the kept sums of the schools on screen and the
/// suppression's indexed facts, read when drawn — the same figures and suppression as
/// `SurveyResults`, which the exports compute from every tally. A hidden figure shows as "*", a
/// group with no answers as "·".
final class SurveyResultsScreen: BoundScreen {
    enum Act: Hashable, Sendable { case up, down, left, right, pageUp, pageDown, open, previousWave, nextWave, toggleView, close, export }
    let surveyID: Int64
    let title: String
    private(set) var results: KeptSurveyResults
    private(set) var wave: Int
    /// 0 is the district, then the wave's schools in order.
    private(set) var row = 0
    private(set) var column = 0
    private(set) var byWave = false
    private var top = 0
    private let context: AppContext

    static let context = "Results"
    /// Written answers shown for a group at most: a school's all, a large district's first few
    /// hundred (they are in random order) — reading tens of thousands would not fit in a frame.
    static let writtenAnswersShown = 500
    let bindings = BindingTable<Act>([
        KeyBinding(.up, keys: [.up, .char("k")], label: "move", context: SurveyResultsScreen.context, displayKeys: "↑↓←→"),
        KeyBinding(.down, keys: [.down, .char("j")], label: "move down", context: SurveyResultsScreen.context, showInStatus: false),
        KeyBinding(.left, keys: [.left, .char("h")], label: "move left", context: SurveyResultsScreen.context, showInStatus: false),
        KeyBinding(.right, keys: [.right, .char("l")], label: "move right", context: SurveyResultsScreen.context, showInStatus: false),
        KeyBinding(.pageUp, keys: [.pageUp], label: "page up", context: SurveyResultsScreen.context, showInStatus: false),
        KeyBinding(.pageDown, keys: [.pageDown, .char(" ")], label: "page down", context: SurveyResultsScreen.context, showInStatus: false),
        KeyBinding(.open, keys: [.enter], label: "distribution", context: SurveyResultsScreen.context),
        KeyBinding(.previousWave, keys: [.char("[")], label: "wave", context: SurveyResultsScreen.context, displayKeys: "[ ]"),
        KeyBinding(.nextWave, keys: [.char("]")], label: "next wave", context: SurveyResultsScreen.context, showInStatus: false),
        KeyBinding(.toggleView, keys: [.char("v")], label: "by wave / by school", context: SurveyResultsScreen.context),
        KeyBinding(.export, keys: [.char("x")], label: "export CSV", context: SurveyResultsScreen.context),
        KeyBinding(.close, keys: [.escape], label: "back", context: SurveyResultsScreen.context),
    ])

    /// The results of a survey on `waveID` (nil: its latest wave that opened). Only the waves and
    /// their questions are read here; figures are read as they are drawn, within the frame.
    static func open(surveyID: Int64, waveID: Int64?, _ context: AppContext) -> Effect {
        do {
            return show(try load(surveyID: surveyID, context), surveyID: surveyID, waveID: waveID, context)
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    private static func show(_ results: KeptSurveyResults, surveyID: Int64, waveID: Int64?, _ context: AppContext) -> Effect {
        guard !results.waves.isEmpty else { return .status("No wave of this survey has opened yet: no results.") }
        let index = waveID.flatMap { id in results.waves.firstIndex { $0.waveID == id } }
        if waveID != nil, index == nil { return .status("This wave has not opened yet: no results.") }
        let title: String = context.cached("surveyTitle.\(surveyID)") { (try? context.store.instrument(surveyID: surveyID))??.title ?? "Survey" }
        return .push(SurveyResultsScreen(surveyID: surveyID, title: title, results: results, wave: index ?? results.waves.count - 1, context))
    }

    /// The survey's results, kept until the data change (with what was read of them: reopening
    /// draws from memory).
    static func load(surveyID: Int64, _ context: AppContext) throws -> KeptSurveyResults {
        if let kept: KeptSurveyResults = context.cached("surveyResults.\(surveyID)", { try? context.store.keptSurveyResults(surveyID: surveyID) }) {
            return kept
        }
        return try context.store.keptSurveyResults(surveyID: surveyID)
    }

    init(surveyID: Int64, title: String, results: KeptSurveyResults, wave: Int, _ context: AppContext) {
        self.surveyID = surveyID
        self.title = title
        self.results = results
        self.wave = wave
        self.context = context
    }

    var isOverlay: Bool { false }
    var passesGlobalKeys: Bool { true }
    var helpTitle: String { "Results — \(title)" }

    var current: KeptSurveyResults.Wave { results.waves[wave] }
    var questions: [WaveTallies.Question] { current.questions }
    var schoolCount: Int { results.schoolCount(wave: wave) }
    /// The school of the selected row, nil for the district.
    var selectedSchool: WaveTallies.School? { row == 0 ? nil : results.school(wave: wave, at: row - 1) }

    func dataChanged() {
        guard let fresh = try? Self.load(surveyID: surveyID, context), !fresh.waves.isEmpty else { return }
        let id = current.waveID
        results = fresh
        wave = fresh.waves.firstIndex { $0.waveID == id } ?? fresh.waves.count - 1
        row = min(row, schoolCount)
        column = min(column, max(0, questions.count - 1))
    }

    func perform(_ action: Act) -> Effect {
        let rows = byWave ? questions.count : schoolCount + 1
        let page = max(1, context.visibleRows - 4)
        switch action {
        case .close: return .pop
        case .up: if byWave { column = max(0, column - 1) } else { row = max(0, row - 1) }
        case .down: if byWave { column = min(rows - 1, column + 1) } else { row = min(rows - 1, row + 1) }
        case .pageUp: if byWave { column = max(0, column - page) } else { row = max(0, row - page) }
        case .pageDown: if byWave { column = min(rows - 1, column + page) } else { row = min(rows - 1, row + page) }
        case .left: if byWave { wave = max(0, wave - 1) } else { column = max(0, column - 1) }
        case .right: if byWave { wave = min(results.waves.count - 1, wave + 1) } else { column = min(questions.count - 1, column + 1) }
        case .previousWave, .nextWave: return moveWave(action == .nextWave ? 1 : -1)
        case .toggleView: byWave.toggle()
        case .open: return distribution()
        case .export: return SurveyFiles.exportResultsPrompt(waveID: current.waveID, label: current.label, context)
        }
        return .none
    }

    /// Keeps the same school and question when another wave has them.
    private func moveWave(_ delta: Int) -> Effect {
        let target = wave + delta
        guard results.waves.indices.contains(target) else { return .status(delta > 0 ? "This is the latest wave." : "This is the first wave.") }
        let schoolID = selectedSchool?.id, questionID = questions.indices.contains(column) ? questions[column].questionID : nil
        wave = target
        row = schoolID.flatMap { id in results.schoolIndex(wave: wave, schoolID: id).map { $0 + 1 } } ?? 0
        column = questionID.flatMap { id in questions.firstIndex { $0.questionID == id } } ?? min(column, max(0, questions.count - 1))
        return .status("\(current.label)")
    }

    // MARK: figures

    /// The figure a grid cell shows: percent favourable (n for open text, n for a choice with
    /// nothing favourable), "*" when suppressed, "·" when no one answered.
    func figure(_ q: WaveTallies.Question, school: Int64?, wave w: Int? = nil) -> String {
        let cell = results.cell(wave: w ?? wave, question: q, school: school)
        guard cell.shown, let n = cell.n else { return "*" }
        if n == 0 { return "·" }
        if let pct = cell.percentFavourable { return "\(Int(pct.rounded()))%" }
        return n < 1000 ? "n\(n)" : "n\(n / 1000)k"
    }

    /// One line about the selected cell: n, rate, favourable, mean, change, trend.
    func detailLine() -> String {
        guard questions.indices.contains(column) else { return "This wave has no questions." }
        let q = questions[column]
        let school = selectedSchool
        let name = school.map { "\($0.code)" } ?? "District"
        let cell = results.cell(wave: wave, question: q, school: school?.id)
        var parts = ["\(name) · Q\(q.position) \(q.code)"]
        if !cell.shown {
            parts.append("suppressed (fewer than \(results.minimum), or would reveal a small group)")
        } else {
            parts.append("n \(cell.n ?? 0)")
            if let p = cell.percentFavourable { parts.append("\(Int(p.rounded()))% fav.") }
            if let m = cell.mean { parts.append(String(format: "mean %.2f", m)) }
            if let c = results.change(questionID: q.questionID, school: school?.id, wave: wave) {
                parts.append((c >= 0 ? "+" : "") + "\(Int(c.rounded())) pts")
            }
        }
        if let r = results.responses(wave: wave, school: school?.id), let rate = r.rate {
            parts.append(String(format: "rate %.0f%%", rate))
        }
        parts.append("trend " + SurveyResults.sparkline(results.trend(questionID: q.questionID, school: school?.id)))
        return parts.joined(separator: " · ")
    }

    /// Enter: how the selected group answered, or why it is not shown.
    private func distribution() -> Effect {
        guard questions.indices.contains(column) else { return .none }
        let q = questions[column]
        return .push(TextScreen(title: "Q\(q.position) \(q.code)", lines: distributionLines(q, school: selectedSchool), context))
    }

    /// Between keys: the selected cell's distribution (Enter), so the key draws from memory.
    func prepareAhead() -> Bool {
        guard questions.indices.contains(column) else { return false }
        _ = distributionLines(questions[column], school: selectedSchool)
        return false
    }

    /// The lines of a cell's distribution, kept until the data change: its tallies (or written
    /// answers) and the wave's instrument for the answers' labels are read once.
    private func distributionLines(_ q: WaveTallies.Question, school: WaveTallies.School?) -> [String] {
        let waveID = current.waveID
        return context.cached("surveyDistribution.\(waveID).\(q.waveQuestionID).\(school?.id ?? 0)") {
            distributionLinesRead(q, school: school)
        }
    }

    private func distributionLinesRead(_ q: WaveTallies.Question, school: WaveTallies.School?) -> [String] {
        let who = school.map { "\($0.code) \($0.name)" } ?? "District"
        let cell = results.cell(wave: wave, question: q, school: school?.id)
        var lines = [q.text, "\(who) · \(current.label)", ""]
        if !cell.shown {
            lines.append("Suppressed: fewer than \(results.minimum) answers here, or showing it would let")
            lines.append("a small group be worked out from the other figures.")
        } else if cell.n == 0 {
            lines.append("No answers.")
        } else if q.kind == .openText {
            let n = cell.n ?? 0
            lines.append("\(n) written answers (shown only for groups of at least \(results.minimum)):")
            let texts = (try? context.store.openTextAnswers(results: results, wave: wave, question: q, school: school?.id,
                                                            limit: Self.writtenAnswersShown)) ?? []
            lines += texts.map { "  “\($0)”" }
            if n > texts.count {
                lines.append("")
                lines.append("… and \(n - texts.count) more (for an admin, facet export responses gives them all).")
            }
        } else if let tally = results.distribution(wave: wave, question: q, school: school?.id) {
            let valid = q.values.reduce(0) { $0 + (tally.counts[$1] ?? 0) }
            lines.append("n \(tally.n)" + (cell.percentFavourable.map { String(format: " · %.0f%% favourable", $0) } ?? "")
                         + (cell.mean.map { String(format: " · mean %.2f", $0) } ?? ""))
            lines.append("")
            let waveID = current.waveID
            let instrument: SurveyInstrument? = context.cached("waveInstrument.\(waveID)") { try? context.store.waveInstrument(id: waveID) }
            let question = instrument?.questions.first { $0.id == q.questionID }
            for v in q.values.reversed() {
                let count = tally.counts[v] ?? 0
                let share = valid > 0 ? Double(count) / Double(valid) : 0
                let label = question.flatMap { qq in instrument?.label(of: .value(v), for: qq) } ?? String(v)
                let mark = q.favourable.contains(v) ? "+" : " "
                lines.append("\(mark) " + DisplayWidth.fit(label, to: 30) + String(count).leftPad(6) + String(format: "%5.0f%% ", share * 100)
                             + String(repeating: "█", count: Int((share * 24).rounded())))
            }
            lines.append("  " + DisplayWidth.fit("Don't know (not in the percent)", to: 30) + String(tally.dontKnow).leftPad(6))
        }
        return lines
    }

    // MARK: drawing

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let responses = results.responses(wave: wave, school: nil)
        let head = "\(title) · \(current.label)" + (responses.map { r in
            " · \(r.count.grouped) responses" + (r.rate.map { String(format: " (%.0f%% of %@ invited)", $0, r.invited.grouped) } ?? "")
        } ?? " · responses suppressed")
        surface.write(DisplayWidth.truncate(head, to: area.width - 2), x: area.x + 1, y: area.y, style: theme[.title])
        surface.write(DisplayWidth.truncate(detailLine(), to: area.width - 2), x: area.x + 1, y: area.y + 1, style: theme[.accent])
        let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 3)
        if byWave { renderByWave(in: body, on: &surface, focused: focused) } else { renderGrid(in: body, on: &surface, focused: focused) }
        surface.write(DisplayWidth.truncate("% favourable · n answers · * hidden: under \(results.minimum), or would reveal one · ‘·’ none",
                                            to: area.width - 2),
                      x: area.x + 1, y: area.maxY - 1, style: theme[.muted])
    }

    private func renderGrid(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let cellWidth = 5
        let nameWidth = max(12, area.width - 2 - 6 - cellWidth * min(questions.count, (area.width - 20) / cellWidth))
        let shownColumns = max(1, (area.width - 2 - nameWidth - 6) / cellWidth)
        let firstColumn = max(0, column - shownColumns + 1)
        var header = DisplayWidth.fit("School", to: nameWidth) + "  Resp"
        for q in questions.dropFirst(firstColumn).prefix(shownColumns) { header += ("Q\(q.position)").leftPad(cellWidth) }
        surface.write(header, x: area.x + 1, y: area.y, style: theme[.header], clip: area)
        let visible = area.height - 1
        if row < top { top = row }
        if row >= top + visible { top = row - visible + 1 }
        let count = schoolCount
        // The rows on screen, their figures read at once.
        let onScreen = (top..<min(count + 1, top + max(0, visible))).map { $0 == 0 ? nil : results.school(wave: wave, at: $0 - 1) }
        results.prefetch(wave: wave, schools: onScreen.compactMap { $0?.id })
        for (line, school) in onScreen.enumerated() {
            let r = top + line
            let y = area.y + 1 + line
            let name = school.map { "\($0.code) \($0.name)" } ?? "District"
            let resp = results.responses(wave: wave, school: school?.id).map { String($0.count) } ?? "*"
            surface.write(DisplayWidth.fit(name, to: nameWidth) + resp.leftPad(6), x: area.x + 1, y: y,
                          style: r == 0 ? theme[.title] : theme[.text], clip: area)
            var x = area.x + 1 + nameWidth + 6
            for (c, q) in questions.enumerated().dropFirst(firstColumn).prefix(shownColumns) {
                let text = figure(q, school: school?.id).leftPad(cellWidth)
                let selected = r == row && c == column
                surface.write(text, x: x, y: y, style: selected && focused ? theme[.selection] : (text.hasSuffix("*") ? theme[.muted] : theme[.text]), clip: area)
                x += cellWidth
            }
        }
    }

    private func renderByWave(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let school = selectedSchool
        let waveWidth = 10
        let tail = 14
        let shownWaves = max(1, min(results.waves.count, (area.width - 30 - tail) / waveWidth))
        // The waves up to the one chosen, as many as fit.
        let firstWave = max(0, min(results.waves.count - shownWaves, wave - shownWaves + 1))
        let textWidth = area.width - 2 - shownWaves * waveWidth - tail
        var header = DisplayWidth.fit("Q  " + (school.map { "\($0.code) \($0.name)" } ?? "District"), to: textWidth)
        for w in firstWave..<(firstWave + shownWaves) {
            let label = "\(results.waves[w].name.prefix(3)) \(results.waves[w].schoolYear.suffix(5))"
            header += label.leftPad(waveWidth)
        }
        header += "  change".leftPad(8) + "trend".leftPad(6)
        surface.write(header, x: area.x + 1, y: area.y, style: theme[.header], clip: area)
        for (i, q) in questions.enumerated().prefix(area.height - 1) {
            let y = area.y + 1 + i
            var line = DisplayWidth.fit("\(q.position)".leftPad(2) + " " + q.text, to: textWidth)
            for w in firstWave..<(firstWave + shownWaves) {
                let same = results.question(q.questionID, inWave: w)
                let inWave = school.map { results.takesPart(wave: w, schoolID: $0.id) } ?? true
                line += (same.map { inWave ? figure($0, school: school?.id, wave: w) : "—" } ?? "—").leftPad(waveWidth)
            }
            let change = results.change(questionID: q.questionID, school: school?.id, wave: wave).map { ($0 >= 0 ? "+" : "") + "\(Int($0.rounded()))" } ?? "—"
            line += change.leftPad(8) + "  " + SurveyResults.sparkline(results.trend(questionID: q.questionID, school: school?.id))
            surface.write(line, x: area.x + 1, y: y, style: i == column && focused ? theme[.selection] : theme[.text], clip: area)
        }
    }
}
