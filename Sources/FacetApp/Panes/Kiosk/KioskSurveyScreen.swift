import FacetModel
import FacetStore
import Foundation
import TermUI

/// The family survey at the lobby terminal, the kiosk's first screen: choose a language, one
/// question per screen (arrows and Enter, or the number keys), Back to change an answer, a review,
/// Submit. A submission is one anonymous response written in one transaction; after it, or after
/// the idle timeout, everything is cleared and the welcome returns. Nothing is written before
/// Submit, so a half-done survey is never half-saved.
final class KioskSurveyScreen: BoundScreen {
    enum Mode: Equatable { case welcome, question(Int), review }

    static let welcomeContext = "Kiosk welcome", questionContext = "Kiosk question", reviewContext = "Kiosk review"
    static let up = Action("kiosk.up"), down = Action("kiosk.down"), choose = Action("kiosk.choose")
    static let back = Action("kiosk.back"), erase = Action("kiosk.erase"), staff = Action("kiosk.staff")

    let bindings = BindingTable<Action>([
        KeyBinding(up, keys: [.up], label: "choose", context: welcomeContext, displayKeys: "↑↓"),
        KeyBinding(down, keys: [.down], label: "next choice", context: welcomeContext, showInStatus: false),
        KeyBinding(choose, keys: [.enter], label: "start", context: welcomeContext),
        KeyBinding(staff, keys: [.char("s")], label: "staff", context: welcomeContext),
        KeyBinding(up, keys: [.up], label: "choose", context: questionContext, displayKeys: "↑↓"),
        KeyBinding(down, keys: [.down], label: "next choice", context: questionContext, showInStatus: false),
        KeyBinding(choose, keys: [.enter], label: "next", context: questionContext),
        KeyBinding(back, keys: [.left], label: "back", context: questionContext),
        KeyBinding(erase, keys: [.backspace], label: "erase a letter, else back", context: questionContext, showInStatus: false),
        KeyBinding(up, keys: [.up], label: "choose", context: reviewContext, displayKeys: "↑↓"),
        KeyBinding(down, keys: [.down], label: "next choice", context: reviewContext, showInStatus: false),
        KeyBinding(choose, keys: [.enter], label: "change or submit", context: reviewContext),
        KeyBinding(back, keys: [.left, .backspace], label: "back", context: reviewContext, displayKeys: "←"),
    ])

    let session: KioskSession
    private var context: AppContext { session.context }
    private(set) var wave: SurveyWave?
    private(set) var mode: Mode = .welcome
    private(set) var language = "en"
    private(set) var answers: [Int64: Answer] = [:]
    private(set) var cursor = 0
    /// Shown on the welcome after a submission, in the family's language, until the next key.
    private(set) var thanks: (title: String, detail: String)?
    private var returnToReview = false
    private var problem: String?

    init(_ session: KioskSession) {
        self.session = session
        session.resetSurvey = { [unowned self] in self.reset(thanks: nil) }
        loadWave()
    }

    var isOverlay: Bool { false }
    var passesGlobalKeys: Bool { false }
    var helpTitle: String { "Family survey" }
    var activeContexts: [String] {
        switch mode {
        case .welcome: return [Self.welcomeContext]
        case .question: return [Self.questionContext]
        case .review: return [Self.reviewContext]
        }
    }

    /// Submit writes a response: asked of the policy for this school before it is offered.
    func denial(of action: Action) -> String? {
        guard action == Self.choose, mode == .review, cursor == questions.count else { return nil }
        return session.denial(.create, .surveyResponses)
    }

    private var words: KioskWords { KioskWords.words(language) }
    private var questions: [SurveyQuestion] { wave?.instrument.questions ?? [] }
    var languages: [String] { wave?.languages ?? [] }

    /// The family's words for the status line: the same bindings, in their language. On the
    /// welcome, before a language is chosen, each hint is given in every language offered.
    var statusHints: [Hint] {
        let w = words
        // A language the kiosk does not speak falls back to English words: said once.
        let offered = (languages.isEmpty ? ["en"] : languages).map(KioskWords.words)
        func everyLanguage(_ word: (KioskWords) -> String) -> String { uniqued(offered.map(word)).joined(separator: "/") }
        let openText: Bool = { if case .question(let i) = mode { return questions[i].kind == .openText } else { return false } }()
        return bindings.statusHints(in: activeContexts) { self.denial(of: $0) == nil }.compactMap { hint -> Hint? in
            switch (hint.label, mode) {
            case ("choose", .welcome): return (hint.keys, everyLanguage(\.choose))
            case ("start", _): return (hint.keys, everyLanguage(\.start))
            case ("staff", _): return (hint.keys, everyLanguage(\.staff))
            // An open question has nothing to move between.
            case ("choose", _): return openText ? nil : (hint.keys, w.choose)
            case ("next", _): return (hint.keys, w.next)
            case ("back", _): return (hint.keys, w.back)
            case ("change or submit", _): return (hint.keys, "\(w.change) · \(w.submit.lowercased())")
            default: return hint
            }
        }
    }

    private func loadWave() {
        do {
            wave = try context.store.openWaveID(schoolID: session.school.id, on: context.today).flatMap { try context.store.wave(id: $0) }
            problem = nil
        } catch {
            wave = nil
            problem = String(describing: error)
        }
    }

    /// Back to the welcome with nothing kept: the answers are dropped, not saved.
    func reset(thanks: (title: String, detail: String)?) {
        mode = .welcome
        answers = [:]
        cursor = 0
        language = "en"
        returnToReview = false
        self.thanks = thanks
        loadWave()
    }

    func dataChanged() { if mode == .welcome { loadWave() } }

    func tick() -> Effect? {
        let busy = mode != .welcome || thanks != nil || cursor != 0
        guard busy, session.isIdle else { return nil }
        reset(thanks: nil)
        session.touch()
        return Effect.none
    }

    // MARK: the options of a question

    enum Option: Equatable { case answer(Answer), skip }

    func options(for q: SurveyQuestion) -> [Option] {
        var list: [Option]
        switch q.kind {
        case .scale5: list = (1...5).map { .answer(.value($0)) }
        case .yesNo: list = [.answer(.value(Answer.yes)), .answer(.value(Answer.no))]
        case .oneChoice: list = (1...max(1, q.choices)).map { .answer(.value($0)) }
        case .openText: return []
        }
        if q.allowsDontKnow { list.append(.answer(.dontKnow)) }
        return list + [.skip]
    }

    private func label(_ option: Option, _ q: SurveyQuestion) -> String {
        switch option {
        case .skip: return words.skip
        case .answer(let a):
            guard let instrument = wave?.instrument else { return "" }
            let text = instrument.label(of: a, for: q, in: language)
            // The scale's and choices' labels start with their number; the list numbers them already.
            if case .value(let v) = a, q.kind != .yesNo, text.hasPrefix("\(v) ") { return String(text.dropFirst("\(v) ".count)) }
            return text
        }
    }

    private func answerText(_ q: SurveyQuestion) -> String {
        guard let id = q.id, let a = answers[id], let instrument = wave?.instrument else { return words.notAnswered }
        return instrument.label(of: a, for: q, in: language)
    }

    // MARK: keys

    func perform(_ action: Action) -> Effect {
        session.touch()
        thanks = nil
        switch (action, mode) {
        case (Self.staff, _): return KioskStaff.askForPIN(session, then: { [session] in .push(StaffMenuScreen(session)) })
        case (Self.up, _): cursor = max(0, cursor - 1)
        case (Self.down, _): cursor = min(max(0, rowCount - 1), cursor + 1)
        case (Self.choose, .welcome): return start(at: cursor)
        case (Self.choose, .question(let i)): return chooseInQuestion(i, option: cursor)
        case (Self.choose, .review):
            if cursor < questions.count { returnToReview = true; show(question: cursor) } else { return submit() }
        case (Self.erase, .question(let i)):
            if questions[i].kind == .openText, let id = questions[i].id, case .text(var t)? = answers[id], !t.isEmpty {
                // In a typed answer Backspace deletes the last letter first.
                t.removeLast()
                answers[id] = t.isEmpty ? nil : .text(t)
                return .none
            }
            if i == 0 { reset(thanks: nil) } else { show(question: i - 1) }
        case (Self.back, .question(let i)):
            if i == 0 { reset(thanks: nil) } else { show(question: i - 1) }
        case (Self.back, .review): show(question: questions.count - 1)
        default: break
        }
        return .none
    }

    /// Rows the cursor moves over now.
    private var rowCount: Int {
        switch mode {
        case .welcome: return languages.count
        case .question(let i): return options(for: questions[i]).count
        case .review: return questions.count + 1
        }
    }

    private func start(at index: Int) -> Effect {
        guard wave != nil, languages.indices.contains(index), !questions.isEmpty else { return .none }
        language = languages[index]
        answers = [:]
        show(question: 0)
        return .none
    }

    private func show(question i: Int) {
        mode = .question(i)
        let q = questions[i]
        if let id = q.id, let a = answers[id], let at = options(for: q).firstIndex(of: .answer(a)) { cursor = at } else { cursor = 0 }
    }

    private func advance(from i: Int) {
        if returnToReview || i + 1 >= questions.count {
            returnToReview = false
            mode = .review
            cursor = questions.count  // on Submit
        } else {
            show(question: i + 1)
        }
    }

    private func chooseInQuestion(_ i: Int, option: Int) -> Effect {
        let q = questions[i]
        if q.kind != .openText {
            let opts = options(for: q)
            guard opts.indices.contains(option), let id = q.id else { return .none }
            switch opts[option] {
            case .skip: answers[id] = nil
            case .answer(let a): answers[id] = a
            }
        }
        advance(from: i)
        return .none
    }

    /// Typed text and the number keys. Everything else (Esc, F-keys, Ctrl keys, Tab) does nothing.
    func handleUnbound(_ key: Key) -> Effect? {
        session.touch()
        guard case .char(let c) = key else { return Effect.none }
        switch mode {
        case .welcome:
            thanks = nil
            if let n = c.wholeNumberValue, n >= 1, n <= languages.count { return start(at: n - 1) }
        case .question(let i):
            let q = questions[i]
            if q.kind == .openText {
                guard let id = q.id else { return Effect.none }
                var text: String
                if case .text(let t)? = answers[id] { text = t } else { text = "" }
                // Taken literally, up to the length any free text may have; control characters
                // (a C1 code from a paste) are not text.
                guard text.count < FieldLimits.freeText, !(text.isEmpty && c == " "),
                      !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return Effect.none }
                text.append(c)
                answers[id] = .text(text)
            } else if let n = c.wholeNumberValue, n >= 1, n <= options(for: q).count {
                cursor = n - 1
                return chooseInQuestion(i, option: n - 1)
            }
        case .review: break
        }
        return Effect.none
    }

    private func submit() -> Effect {
        guard let wave else { return .none }
        if let reason = session.denial(.create, .surveyResponses) { return .error(reason) }
        let submission = ResponseSubmission(waveID: wave.id, schoolID: session.school.id, language: language, channel: .kiosk,
                                            day: context.today, answers: answers)
        do {
            try context.store.submitResponse(submission)
            let w = words
            reset(thanks: (w.thankYou, w.received))
            return .refresh
        } catch StoreError.busy {
            return .error(words.busy)
        } catch {
            return .error(String(describing: error))
        }
    }

    // MARK: drawing

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        surface.fill(area, style: theme[.text])
        // At 80×24 the whole body; in a larger window a centred block, wide enough for long
        // questions and answers on one line, with the choices spaced out.
        let width = max(10, min(area.width - 4, 100))
        let height = max(1, area.height <= 30 ? area.height - 1 : max(28, area.height * 3 / 4))
        let inner = Rect(x: area.x + (area.width - width) / 2, y: area.y + 1 + max(0, area.height - 1 - height) / 2, width: width, height: height)
        switch mode {
        case .welcome: renderWelcome(in: inner, on: &surface)
        case .question(let i): renderQuestion(i, in: inner, on: &surface)
        case .review: renderReview(in: inner, on: &surface)
        }
    }

    private func line(_ text: String, _ y: inout Int, in rect: Rect, _ role: ThemeRole, on surface: inout Surface, indent: Int = 0) {
        guard y < rect.maxY else { return }
        surface.write(DisplayWidth.truncate(text, to: rect.width - indent), x: rect.x + indent, y: y, style: context.theme[role], clip: rect)
        y += 1
    }

    private func renderWelcome(in rect: Rect, on surface: inout Surface) {
        var y = rect.y
        let offered = languages.isEmpty ? ["en", "es", "hmn"] : languages
        let titles = offered.map { KioskWords.words($0).familySurvey }
        line(uniqued(titles).joined(separator: " · "), &y, in: rect, .title, on: &surface)
        line(session.school.name, &y, in: rect, .accent, on: &surface)
        y += 1
        if let problem {
            line(problem, &y, in: rect, .error, on: &surface)
            return
        }
        guard wave != nil, !languages.isEmpty else {
            // No open wave: a polite word in every language the kiosk speaks.
            for (_, w) in KioskWords.all {
                line(w.noSurvey, &y, in: rect, .text, on: &surface)
                line(w.noSurveyDetail, &y, in: rect, .muted, on: &surface, indent: 2)
                y += 1
            }
            return
        }
        for text in uniqued(offered.map { KioskWords.words($0).chooseLanguage }) {
            line(text, &y, in: rect, .text, on: &surface)
        }
        y += 1
        for (i, code) in languages.enumerated() {
            let selected = i == cursor
            let row = (selected ? "▶ " : "  ") + "\(i + 1)  " + KioskWords.nativeName(code)
            surface.write(row, x: rect.x + 3, y: y, style: context.theme[selected ? .selection : .text], clip: rect)
            y += 2
        }
        if let thanks, y + 2 < rect.maxY {
            y = max(y, rect.maxY - 3)
            line(thanks.title, &y, in: rect, .success, on: &surface)
            line(thanks.detail, &y, in: rect, .success, on: &surface)
        }
    }

    private func uniqued(_ texts: [String]) -> [String] {
        var seen = Set<String>()
        return texts.filter { seen.insert($0).inserted }
    }

    private func renderQuestion(_ i: Int, in rect: Rect, on surface: inout Surface) {
        let q = questions[i]
        var y = rect.y
        line(words.question(i + 1, of: questions.count) + "   ·   " + KioskWords.nativeName(language), &y, in: rect, .muted, on: &surface)
        y += 1
        let text = q.texts[language]?["text"] ?? q.texts["en"]?["text"] ?? q.code
        for part in Dialog.wrap(text, width: rect.width).prefix(4) { line(part, &y, in: rect, .title, on: &surface) }
        y += 1
        if q.kind == .openText {
            line(words.typeAnswer, &y, in: rect, .muted, on: &surface)
            y += 1
            var typed = ""
            if let id = q.id, case .text(let t)? = answers[id] { typed = t }
            // The end of a long answer stays in view, a few lines of it.
            let width = max(1, rect.width - 4)
            let rows = max(1, rect.maxY - y - 1)
            let tail = Array((typed + "▏").suffix(width * rows))
            for start in stride(from: 0, to: tail.count, by: width) {
                line(String(tail[start..<min(tail.count, start + width)]), &y, in: rect, .inputFocused, on: &surface, indent: 2)
            }
            return
        }
        let opts = options(for: q)
        let spacing = rect.maxY - y >= opts.count * 2 ? 2 : 1
        for (n, option) in opts.enumerated() {
            guard y < rect.maxY else { break }
            let selected = n == cursor
            let row = (selected ? "▶ " : "  ") + "\(n + 1)  " + label(option, q)
            surface.write(DisplayWidth.truncate(row, to: rect.width - 3), x: rect.x + 3, y: y, style: context.theme[selected ? .selection : .text], clip: rect)
            y += spacing
        }
    }

    private func renderReview(in rect: Rect, on surface: inout Surface) {
        var y = rect.y
        line(words.review, &y, in: rect, .title, on: &surface)
        y += 1
        let answerWidth = min(30, rect.width / 3)
        let shown = max(1, rect.maxY - y - 2)
        let top = max(0, min(cursor, questions.count) - shown + 1)
        for (i, q) in questions.enumerated().dropFirst(top).prefix(shown) {
            let selected = i == cursor
            let text = q.texts[language]?["text"] ?? q.texts["en"]?["text"] ?? q.code
            let row = (selected ? "▶" : " ") + String(i + 1).leftPad(3) + "  " + DisplayWidth.fit(text, to: rect.width - answerWidth - 8) + "  "
                + DisplayWidth.fit(answerText(q), to: answerWidth)
            surface.write(row, x: rect.x, y: y, style: context.theme[selected ? .selection : .text], clip: rect)
            y += 1
        }
        y = max(y + 1, min(rect.maxY - 1, y + 1))
        let selected = cursor == questions.count
        surface.write((selected ? "▶ " : "  ") + words.submit, x: rect.x + 4, y: min(y, rect.maxY - 1),
                      style: context.theme[selected ? .selection : .accent], clip: rect)
    }
}
