import FacetModel
import FacetStore
import TermUI

/// The self-assessment grid: schools down, the active framework's standards across, each cell the
/// school's average level as a shaded block with the number; the school's overall average and its
/// change from the year before. A school that rated nothing says so across its row. Only the rows
/// on screen are read (`AssessmentGridPages`: the schools paged in code order, their kept sums),
/// so it opens, scrolls and changes year within a frame on the largest district; what was read is
/// kept in the context until the data change.
final class AssessmentGridScreen: BoundScreen {
    private(set) var pages: AssessmentGridPages
    private(set) var row = 0
    private(set) var column = 0
    /// The first row on screen.
    private(set) var top = 0
    private let context: AppContext

    static let context = "Self-assessment"
    static let up = Action("grid.up"), down = Action("grid.down"), left = Action("grid.left"), right = Action("grid.right")
    static let pageUp = Action("grid.pageUp"), pageDown = Action("grid.pageDown"), first = Action("grid.first"), last = Action("grid.last")
    static let openCell = Action("grid.open"), previousYear = Action("grid.previousYear"), nextYear = Action("grid.nextYear")
    static let close = Action("grid.close")

    let bindings: BindingTable<Action> = {
        let c = AssessmentGridScreen.context
        return BindingTable([
            KeyBinding(AssessmentGridScreen.up, keys: [.up, .char("k")], label: "move", context: c, displayKeys: "↑↓←→"),
            KeyBinding(AssessmentGridScreen.down, keys: [.down, .char("j")], label: "move down", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.left, keys: [.left, .char("h")], label: "move left", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.right, keys: [.right, .char("l")], label: "move right", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.pageUp, keys: [.pageUp], label: "page up", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.pageDown, keys: [.pageDown, .char(" ")], label: "page down", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.first, keys: [.home, .char("g")], label: "first school", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.last, keys: [.end, .char("G")], label: "last school", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.openCell, keys: [.enter], label: "ratings", context: c),
            KeyBinding(.standardsRate, keys: [.char("r")], label: "rate", context: c),
            KeyBinding(AssessmentGridScreen.previousYear, keys: [.char("[")], label: "year", context: c, displayKeys: "[ ]"),
            KeyBinding(AssessmentGridScreen.nextYear, keys: [.char("]")], label: "next year", context: c, showInStatus: false),
            KeyBinding(AssessmentGridScreen.close, keys: [.escape], label: "back", context: c),
        ])
    }()

    static func open(_ context: AppContext) -> Effect {
        // Reading the grid's first page is a few small queries: it opens directly, with no progress screen.
        let year = SelfAssessmentRules.schoolYear(of: context.today)
        do {
            return .push(AssessmentGridScreen(pages: try load(year: year, context), context))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    static func load(year: String, _ context: AppContext) throws -> AssessmentGridPages {
        // A Result, not an optional: the memo keeps a value of the type asked for.
        try context.cached("assessmentGridPages.\(year)") { Result { try context.store.assessmentGridPages(year: year) } }.get()
    }

    init(pages: AssessmentGridPages, _ context: AppContext) {
        self.pages = pages
        self.context = context
    }

    var isOverlay: Bool { false }
    var passesGlobalKeys: Bool { true }
    var helpTitle: String { "Self-assessment \(pages.year)" }

    var year: String { pages.year }
    var selectedRow: AssessmentGridRow? { try? pages.row(at: row) }
    var selectedSchool: AssessmentGrid.School? { selectedRow?.school }
    var selectedStandard: AssessmentGrid.Standard? { pages.standards.indices.contains(column) ? pages.standards[column] : nil }

    func denial(of action: Action) -> String? {
        action == .standardsRate ? context.store.denial(.create, .selfAssessments) : nil
    }

    func dataChanged() {
        guard let fresh = try? Self.load(year: pages.year, context) else { return }
        let schoolID = selectedSchool?.id
        pages = fresh
        select(schoolID, else: min(row, max(0, pages.schoolCount - 1)))
        column = min(column, max(0, pages.standards.count - 1))
    }

    /// Selects the school (found by its position in code order), or row `fallback` when it is not shown.
    private func select(_ schoolID: Int64?, else fallback: Int) {
        row = schoolID.flatMap { try? pages.position(of: $0) } ?? fallback
    }

    func perform(_ action: Action) -> Effect {
        let count = pages.schoolCount
        let page = max(1, context.visibleRows - 3)
        switch action {
        case Self.close: return .pop
        case Self.up: row = max(0, row - 1)
        case Self.down: row = min(max(0, count - 1), row + 1)
        case Self.pageUp: row = max(0, row - page)
        case Self.pageDown: row = min(max(0, count - 1), row + page)
        case Self.first: row = 0
        case Self.last: row = max(0, count - 1)
        case Self.left: column = max(0, column - 1)
        case Self.right: column = min(max(0, pages.standards.count - 1), column + 1)
        case Self.previousYear, Self.nextYear: return moveYear(action == Self.nextYear ? 1 : -1)
        case Self.openCell: return ratings()
        case .standardsRate: return rate()
        default: break
        }
        return .none
    }

    /// The school year `delta` years from the shown one, when the grid offers it: between the
    /// earliest and latest years with ratings, today's year always included.
    private func year(_ delta: Int) -> String? {
        guard let start = Int(pages.year.prefix(4)) else { return nil }
        let target = SchoolYear.name(startingIn: start + delta)
        let current = SelfAssessmentRules.schoolYear(of: context.today)
        guard target <= max(current, pages.years.last ?? current), target >= min(current, pages.years.first ?? current) else { return nil }
        return target
    }

    private func moveYear(_ delta: Int) -> Effect {
        guard let target = year(delta) else {
            return .status(delta > 0 ? "No later year has ratings." : "No earlier year has ratings.")
        }
        do {
            let schoolID = selectedSchool?.id
            pages = try Self.load(year: target, context)
            select(schoolID, else: 0)
            return .status("Self-assessment \(target)")
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// Between keys: the rows the next moves show (a move then reads nothing), then the year
    /// before's grid (`[`) — its heading and the schools on screen — so the key draws from memory.
    /// Reading a year is kept per change of the data (`load`).
    func prepareAhead() -> Bool {
        if (try? pages.keepAhead(of: top..<(top + context.visibleRows))) == true { return true }
        guard let target = year(-1), let before = try? Self.load(year: target, context) else { return false }
        _ = try? before.rows(in: top..<(top + context.visibleRows))
        return false
    }

    /// `r`: the rating form of the selected school, from the selected standard.
    private func rate() -> Effect {
        guard let school = selectedSchool else { return .status("No school to rate.") }
        return RatingScreen.open(school: school, year: pages.year, from: selectedStandard?.id, context)
    }

    /// Enter: the school's ratings of the selected standard, with the evidence.
    private func ratings() -> Effect {
        guard let school = selectedSchool, let standard = selectedStandard else { return .none }
        let store = context.store, year = pages.year
        func lines() -> [String] {
            let indicators = (try? store.indicators(standardID: standard.id)) ?? []
            let ratings = (try? store.ratings(schoolID: school.id, year: year)) ?? [:]
            let cell = AssessmentCell(sum: indicators.compactMap { ratings[$0.id]?.level }.reduce(0, +),
                                      count: indicators.filter { ratings[$0.id] != nil }.count)
            var text = ["\(school.code) \(school.name) · \(year)",
                         "Standard \(standard.code) \(standard.title): " + (cell.average.map { _ in "\(cell.display) average of \(cell.count) ratings" } ?? "not rated"), ""]
            for i in indicators where !i.retired || ratings[i.id] != nil {
                let r = ratings[i.id]
                let level = r.flatMap { AssessmentLevel(rawValue: $0.level) }.map { "\($0.rawValue) \($0.label)" } ?? "· not rated"
                text.append("\(i.code) \(i.text)\(i.retired ? " (retired)" : "")")
                text.append("      \(level)" + (r.map { $0.evidence.isEmpty ? "" : " — evidence: \($0.evidence)" } ?? ""))
            }
            return text
        }
        let rate = TextScreen.RecordAction(
            binding: KeyBinding(.standardsRate, keys: [.char("r")], label: "rate", context: TextScreen.context),
            denial: { store.denial(.create, .selfAssessments) },
            perform: { [context] in RatingScreen.open(school: school, year: year, from: standard.id, context) })
        return .push(TextScreen(title: "Ratings — \(school.code) · standard \(standard.code)", lines: lines(), context, actions: [rate], reload: { lines() }))
    }

    // MARK: drawing

    static let cellWidth = 7

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let unrated = pages.unrated
        var head = "Self-assessment \(pages.year) · \(pages.schoolCount.grouped) schools"
        head += unrated == 0 ? " · all rated" : " · \(unrated.grouped) not rated yet"
        surface.write(DisplayWidth.truncate(head, to: area.width - 2), x: area.x + 1, y: area.y, style: theme[.title])
        surface.write(DisplayWidth.truncate(detailLine(), to: area.width - 2), x: area.x + 1, y: area.y + 1, style: theme[.accent])
        let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 3)
        renderGrid(in: body, on: &surface, focused: focused)
        surface.write(DisplayWidth.truncate("Average level 1–4: ░ under 1.75 ▒ under 2.5 ▓ under 3.25 █ higher · ‘·’ not rated · Chg: since \(SelfAssessmentRules.previousYear(pages.year) ?? "")",
                                            to: area.width - 2),
                      x: area.x + 1, y: area.maxY - 1, style: theme[.muted])
    }

    /// The selected cell in words.
    func detailLine() -> String {
        guard let selected = selectedRow else { return "No active school." }
        var parts = ["\(selected.school.code)"]
        if let standard = selectedStandard {
            let cell = selected.cell(standard: standard.id)
            parts.append("\(standard.code) \(standard.title)")
            parts.append(cell.average.map { AssessmentCell.number($0) + " from \(cell.count) rating\(cell.count == 1 ? "" : "s")" } ?? "not rated")
        }
        parts.append(selected.overall.average.map { "overall " + AssessmentCell.number($0) } ?? "no ratings for \(pages.year)")
        if let change = selected.change { parts.append(SelfAssessmentRules.changeText(change) + " since last year") }
        return parts.joined(separator: " · ")
    }

    private func renderGrid(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let standards = pages.standards
        let w = Self.cellWidth
        let tail = w + 6
        let shown = max(1, min(standards.count, (area.width - 2 - 20 - tail) / w))
        let firstColumn = max(0, column - shown + 1)
        let nameWidth = area.width - 2 - shown * w - tail
        var header = DisplayWidth.fit("School", to: nameWidth)
        for s in standards.dropFirst(firstColumn).prefix(shown) { header += ("Std " + s.code).leftPad(w) }
        header += "All".leftPad(w) + "Chg".leftPad(6)
        surface.write(header, x: area.x + 1, y: area.y, style: theme[.header], clip: area)
        let visible = max(1, area.height - 1)
        if row < top { top = row }
        if row >= top + visible { top = row - visible + 1 }
        // Only the rows on screen are read.
        let rows = (try? pages.rows(in: top..<(top + visible))) ?? []
        for (line, gridRow) in rows.enumerated() {
            let r = top + line
            let school = gridRow.school
            let y = area.y + 1 + line
            let overall = gridRow.overall
            surface.write(DisplayWidth.fit("\(school.code) \(school.name)", to: nameWidth), x: area.x + 1, y: y,
                          style: r == row ? theme[.accent] : theme[.text], clip: area)
            var x = area.x + 1 + nameWidth
            if overall.count == 0 {
                let text = DisplayWidth.fit("  — no self-assessment for \(pages.year) —", to: shown * w + w)
                surface.write(text, x: x, y: y, style: r == row && focused ? theme[.selection] : theme[.muted], clip: area)
                x += shown * w + w
            } else {
                for (c, s) in standards.enumerated().dropFirst(firstColumn).prefix(shown) {
                    let text = gridRow.cell(standard: s.id).display.leftPad(w)
                    let selected = r == row && c == column
                    surface.write(text, x: x, y: y, style: selected && focused ? theme[.selection] : theme[.text], clip: area)
                    x += w
                }
                surface.write(overall.display.leftPad(w), x: x, y: y, style: theme[.title], clip: area)
                x += w
            }
            surface.write(SelfAssessmentRules.changeText(gridRow.change).leftPad(6), x: x, y: y, style: theme[.text], clip: area)
        }
    }
}

/// Rating one school's indicators for one year, indicator by indicator: 1–4 rate and move on,
/// 0 clears, `e` writes the evidence notes, Ctrl-S saves them all in one audited transaction.
final class RatingScreen: BoundScreen {
    let school: AssessmentGrid.School
    let year: String
    let indicators: [IndicatorInfo]
    private(set) var stored: [Int64: StoredRating]
    private(set) var levels: [Int64: Int]
    private(set) var evidence: [Int64: String]
    private(set) var current = 0
    private let context: AppContext

    static let context = "Rating"
    static let save = Action("rating.save"), next = Action("rating.next"), previous = Action("rating.previous")
    static let notes = Action("rating.notes"), done = Action("rating.done")
    let bindings: BindingTable<Action> = {
        let c = RatingScreen.context
        return BindingTable([
            KeyBinding(RatingScreen.save, keys: [.ctrl("s")], label: "save", context: c),
            KeyBinding(RatingScreen.notes, keys: [.char("e")], label: "evidence", context: c),
            KeyBinding(RatingScreen.next, keys: [.down, .tab, .enter], label: "next indicator", context: c, showInStatus: false),
            KeyBinding(RatingScreen.previous, keys: [.up, .backTab, .backspace], label: "previous indicator", context: c, showInStatus: false),
            KeyBinding(RatingScreen.done, keys: [.escape], label: "done", context: c),
        ])
    }()

    /// `r` on the standards list: choose a school (one this user rates) and the year.
    static func chooseSchool(_ context: AppContext) -> Effect {
        let store = context.store
        let schools = ((try? store.schoolChoices()) ?? []).filter {
            store.permits(.create, table: Entity.selfAssessments.table, scope: .schools([$0.id]))
        }
        guard !schools.isEmpty else { return .error("None of the schools is one you rate.") }
        let schoolField = ChoiceField("School", options: schools.map { "\($0.code) \($0.name)" }, selected: 0)
        let yearField = TextField("School year", value: SelfAssessmentRules.schoolYear(of: context.today), required: true, maxLength: 7,
                                  validators: [{ SelfAssessmentRules.isSchoolYear($0) ? nil : "as 2026-27" }])
        let form = Form(title: "Rate a school", fields: [schoolField, yearField])
        return .push(ClosureFormScreen(form: form, context) {
            let school = schools[schoolField.selected ?? 0]
            guard SelfAssessmentRules.isSchoolYear(yearField.trimmedValue) else { return .none }
            return .all([.pop, open(school: school, year: yearField.trimmedValue, from: nil, context)])
        })
    }

    static func open(school: AssessmentGrid.School, year: String, from standardID: Int64?, _ context: AppContext) -> Effect {
        let store = context.store
        if let reason = AccessPolicy.denial(user: store.currentUser, action: .create, entity: .selfAssessments, scope: .schools([school.id])) {
            return .error(reason)
        }
        if let reason = store.readOnlyReason { return .error("This database is open read-only: \(reason).") }
        do {
            let indicators = try store.ratedIndicators()
            guard !indicators.isEmpty else { return .error("The active framework has no indicators in use to rate.") }
            let screen = RatingScreen(school: school, year: year, indicators: indicators, stored: try store.ratings(schoolID: school.id, year: year), context)
            if let standardID, let i = indicators.firstIndex(where: { $0.standardID == standardID }) { screen.current = i }
            return .push(screen)
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    init(school: AssessmentGrid.School, year: String, indicators: [IndicatorInfo], stored: [Int64: StoredRating], _ context: AppContext) {
        self.school = school
        self.year = year
        self.indicators = indicators
        self.stored = stored
        self.levels = stored.mapValues(\.level)
        self.evidence = stored.mapValues(\.evidence)
        self.context = context
    }

    var isOverlay: Bool { false }
    var helpTitle: String { "Rating — \(school.code) \(year)" }

    var changes: [RatingChange] {
        indicators.compactMap { i in
            let s = stored[i.id], level = levels[i.id], notes = evidence[i.id] ?? ""
            guard s?.level != level || (s?.evidence ?? "") != notes else { return nil }
            if s == nil && level == nil { return nil }
            return RatingChange(indicatorID: i.id, stored: s, level: level, evidence: notes)
        }
    }

    func denial(of action: Action) -> String? {
        action == Self.save ? context.store.denial(.create, .selfAssessments) : nil
    }

    var statusHints: [Hint] {
        var hints: [Hint] = [("1–4", "rate"), ("0", "clear")]
        hints += bindings.statusHints(in: activeContexts) { self.denial(of: $0) == nil }
        return hints
    }

    func perform(_ action: Action) -> Effect {
        switch action {
        case Self.save: return saveRatings()
        case Self.next: current = min(indicators.count - 1, current + 1)
        case Self.previous: current = max(0, current - 1)
        case Self.notes: return editNotes()
        case Self.done:
            return changes.isEmpty ? .pop : .push(DialogScreen(Dialog(title: "Leave without saving?", message: "\(changes.count) rating changes are not saved.",
                                                                     kind: .confirm, yesLabel: "Leave without saving", noLabel: "Keep rating"), context) { answer in
                answer == .yes ? .pop : .none
            })
        default: break
        }
        return .none
    }

    func handleUnbound(_ key: Key) -> Effect? {
        guard case .char(let c) = key, let digit = c.wholeNumberValue, indicators.indices.contains(current) else { return nil }
        let id = indicators[current].id
        switch digit {
        case 0: levels[id] = nil
        case 1...4: levels[id] = digit
        default: return .error("Rate 1 Unsatisfactory, 2 Basic, 3 Proficient or 4 Distinguished; 0 clears.")
        }
        current = min(indicators.count - 1, current + 1)
        return Effect.none
    }

    private func editNotes() -> Effect {
        guard indicators.indices.contains(current) else { return .none }
        let indicator = indicators[current]
        let field = TextField("Evidence", value: evidence[indicator.id] ?? "", maxLength: FieldLimits.freeText)
        let form = Form(title: "Evidence — \(indicator.code)", fields: [field])
        return .push(PromptScreen(form, context) { [self] text, _ in
            evidence[indicator.id] = text
            return .pop
        })
    }

    private func saveRatings() -> Effect {
        let changes = self.changes
        guard !changes.isEmpty else { return .all([.pop, .status("Nothing changed.")]) }
        do {
            let n = try context.store.saveRatings(schoolID: school.id, year: year, changes: changes)
            return .all([.pop, .refresh, .status("Saved \(n) rating\(n == 1 ? "" : "s") of \(school.code) for \(year).")])
        } catch StoreError.conflict {
            return .error("Someone changed these ratings meanwhile; Esc, then open the form again to see theirs.")
        } catch StoreError.busy {
            return .error("Database busy — another user is saving. Ctrl-S tries again; your ratings are kept.")
        } catch {
            return .error(String(describing: error))
        }
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        surface.write(DisplayWidth.truncate("Self-assessment — \(school.code) \(school.name) · \(year)", to: area.width - 2),
                      x: area.x + 1, y: area.y, style: theme[.title])
        let rated = indicators.filter { levels[$0.id] != nil }.count
        surface.write(DisplayWidth.truncate("\(rated) of \(indicators.count) indicators rated · \(changes.count) changes not saved · 1 Unsatisfactory 2 Basic 3 Proficient 4 Distinguished",
                                            to: area.width - 2), x: area.x + 1, y: area.y + 1, style: theme[.muted])
        let levelWidth = 18
        let textWidth = area.width - levelWidth - 10
        let visible = area.height - 3
        let top = max(0, min(current - visible / 2, indicators.count - visible))
        for (line, i) in indicators.indices.dropFirst(top).prefix(visible).enumerated() {
            let indicator = indicators[i]
            let selected = i == current
            let level = levels[indicator.id].flatMap { AssessmentLevel(rawValue: $0) }.map { "\($0.rawValue) \($0.label)" } ?? (selected ? "_" : "·")
            let notes = (evidence[indicator.id] ?? "").isEmpty ? " " : "✎"
            let text = (selected ? "▶" : " ") + indicator.code.leftPad(4) + "  " + DisplayWidth.fit(indicator.text, to: textWidth) + " "
                + DisplayWidth.fit(level, to: levelWidth) + notes
            surface.write(text, x: area.x + 1, y: area.y + 3 + line, style: selected && focused ? theme[.selection] : theme[.text], clip: area)
        }
    }
}
