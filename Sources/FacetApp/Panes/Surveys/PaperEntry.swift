import FacetModel
import FacetStore
import TermUI

/// Entering a stack of paper forms: first the school, language and day the stack is from, then one
/// key per answer with automatic advance, and Ctrl-S to keep the form and start the next.
enum PaperEntry {
    /// `p` on a wave: the stack's school, language, day and channel.
    static func start(waveID: Int64, _ context: AppContext) -> Effect {
        let store = context.store
        guard let wave = try? store.wave(id: waveID) else { return .refresh }
        guard wave.status == .open else {
            return .error(wave.status == .planned ? "\(wave.label) has not opened yet: o opens it." : "\(wave.label) is closed and takes no more responses.")
        }
        let schools = wave.schools.filter { store.permits(.create, table: Entity.surveyResponses.table, scope: .schools([$0.id])) }
        guard !schools.isEmpty else { return .error("None of this wave's schools is one you record responses for.") }
        let school = ChoiceField("School", options: schools.map { "\($0.code) \($0.name)" }, selected: 0)
        let language = ChoiceField("Language of the forms", options: wave.languages.map(SurveyLanguages.name), selected: 0)
        let channels: [ResponseChannel] = [.paper, .phone]
        let channel = ChoiceField("Given on", options: channels.map(\.label), selected: 0)
        let today = context.today
        let initialDay = min(max(today, wave.opens), wave.closes)
        let day = DayInput.field("Day given", value: initialDay, required: true)
        let form = Form(title: "Paper forms — \(wave.label)", fields: [school, language, channel, day])
        form.notice = "The day only, never the time; nothing about who answered is kept."
        form.noticeIsError = false
        return .push(ClosureFormScreen(form: form, context) { [form] in
            guard let d = Day(day.trimmedValue) else { return .none }
            guard d >= wave.opens, d <= wave.closes else {
                form.notice = "\(d) is outside the wave (\(wave.opens) to \(wave.closes))."
                form.noticeIsError = true
                return .none
            }
            let s = schools[school.selected ?? 0]
            return .replace(PaperEntryScreen(wave: wave, school: (s.id, "\(s.code) \(s.name)"), language: wave.languages[language.selected ?? 0],
                                             channel: channels[channel.selected ?? 0], day: d, context))
        })
    }
}

/// One paper form at a time: 1–5 (or 1–9 for a choice), y/n, d for don't know, 0 for blank; each
/// key answers and moves on. Backspace goes back, Ctrl-S keeps the form and starts the next one,
/// Ctrl-Z takes back the last form saved in this sitting.
final class PaperEntryScreen: BoundScreen {
    enum Act: Hashable, Sendable { case save, back, next, previous, done, undo }
    let wave: SurveyWave
    let school: (id: Int64, label: String)
    let language: String
    let channel: ResponseChannel
    let day: Day
    private let context: AppContext
    private(set) var answers: [Int64: Answer] = [:]
    private(set) var current = 0
    private(set) var savedCount = 0
    /// The responses saved in this sitting, last one last. Held here only: responses are anonymous,
    /// so once this screen is gone nothing can find them again.
    private(set) var savedIDs: [Int64] = []
    private var questions: [SurveyQuestion] { wave.instrument.questions }

    static let context = "Paper entry"
    let bindings = BindingTable<Act>([
        KeyBinding(.save, keys: [.ctrl("s")], label: "save, next form", context: PaperEntryScreen.context),
        KeyBinding(.back, keys: [.backspace], label: "back", context: PaperEntryScreen.context),
        KeyBinding(.next, keys: [.down, .tab, .enter], label: "next question", context: PaperEntryScreen.context, showInStatus: false),
        KeyBinding(.previous, keys: [.up, .backTab], label: "previous question", context: PaperEntryScreen.context, showInStatus: false),
        KeyBinding(.undo, keys: [.ctrl("z")], label: "take back the last saved form", context: PaperEntryScreen.context, showInStatus: false),
        KeyBinding(.done, keys: [.escape], label: "done", context: PaperEntryScreen.context),
    ])

    init(wave: SurveyWave, school: (id: Int64, label: String), language: String, channel: ResponseChannel, day: Day, _ context: AppContext) {
        self.wave = wave; self.school = school; self.language = language; self.channel = channel; self.day = day
        self.context = context
    }

    var isOverlay: Bool { false }
    var helpTitle: String { "Paper entry — \(wave.label)" }

    /// Asked of the store before every save too: a coordinator records for their own schools.
    func denial(of action: Act) -> String? {
        switch action {
        case .save: return context.store.denial(.create, .surveyResponses)
        case .undo: return context.store.denial(.delete, .surveyResponses)
        default: return nil
        }
    }

    var statusHints: [Hint] {
        let q = questions.indices.contains(current) ? questions[current] : nil
        var keys: [Hint] = []
        switch q?.kind {
        case .scale5?: keys.append(("1–5", "answer"))
        case .yesNo?: keys.append(("y/n", "answer"))
        case .oneChoice?: keys.append(("1–\(q!.choices)", "answer"))
        case .openText?: keys.append(("type", "the answer"))
        case nil: break
        }
        if q?.allowsDontKnow == true { keys.append(("d", "don't know")) }
        if q?.kind != .openText { keys.append(("0", "blank")) }
        let undo: [Hint] = savedIDs.isEmpty || denial(of: .undo) != nil ? [] : [("Ctrl-Z", "undo form \(savedCount)")]
        return keys + bindings.statusHints(in: activeContexts) { self.denial(of: $0) == nil } + undo
    }

    func perform(_ action: Act) -> Effect {
        switch action {
        case .save: return save()
        case .undo: return confirmUndo()
        case .done:
            return answers.isEmpty ? .pop : .push(DialogScreen(Dialog(title: "Leave paper entry?", message: "This form has answers that are not saved.",
                                                                     kind: .confirm, yesLabel: "Leave without saving", noLabel: "Keep entering"), context) { answer in
                answer == .yes ? .pop : .none
            })
        case .back:
            if let q = currentQuestion, q.kind == .openText, case .text(var t)? = answers[q.id!], !t.isEmpty {
                t.removeLast()
                answers[q.id!] = t.isEmpty ? nil : .text(t)
            } else {
                current = max(0, current - 1)
            }
        case .next: current = min(questions.count - 1, current + 1)
        case .previous: current = max(0, current - 1)
        }
        return .none
    }

    private var currentQuestion: SurveyQuestion? { questions.indices.contains(current) ? questions[current] : nil }

    func handleUnbound(_ key: Key) -> Effect? {
        guard let q = currentQuestion, case .char(let c) = key, let id = q.id else { return nil }
        if q.kind == .openText {
            if case .text(let t)? = answers[id] { answers[id] = .text(t + String(c)) } else if c != " " { answers[id] = .text(String(c)) }
            return Effect.none
        }
        var answer: Answer?
        switch c {
        case "0": answers[id] = nil; advance(); return Effect.none
        case "d", "D": answer = .dontKnow
        case "y", "Y": answer = q.kind == .yesNo ? .value(Answer.yes) : nil
        case "n", "N": answer = q.kind == .yesNo ? .value(Answer.no) : nil
        default: answer = c.wholeNumberValue.map { .value($0) }
        }
        guard let answer, q.accepts(answer) else {
            return .error("Question \(q.position) takes \(expected(q)).")
        }
        answers[id] = answer
        advance()
        return Effect.none
    }

    private func expected(_ q: SurveyQuestion) -> String {
        var parts: [String]
        switch q.kind {
        case .scale5: parts = ["1–5"]
        case .yesNo: parts = ["y or n"]
        case .oneChoice: parts = ["1–\(q.choices)"]
        case .openText: parts = ["text"]
        }
        if q.allowsDontKnow { parts.append("d (don't know)") }
        return (parts + ["0 (blank)"]).joined(separator: ", ")
    }

    private func advance() { current = min(questions.count - 1, current + 1) }

    private func save() -> Effect {
        let submission = ResponseSubmission(waveID: wave.id, schoolID: school.id, language: language, channel: channel, day: day, answers: answers)
        do {
            savedIDs.append(try context.store.submitResponse(submission))
            savedCount += 1
            answers = [:]
            current = 0
            return .all([.refresh, .status("Form \(savedCount) saved. Next form.")])
        } catch StoreError.busy {
            return .error("Database busy — another user is saving. Ctrl-S tries again; this form is kept.")
        } catch {
            return .error(String(describing: error))
        }
    }

    /// Ctrl-Z: the last form saved in this sitting is deleted with its answers, after a confirm.
    private func confirmUndo() -> Effect {
        guard let id = savedIDs.last else { return .status("No form saved in this sitting is left to take back.") }
        let number = savedCount
        let dialog = Dialog(title: "Take back form \(number)?",
                            message: "Form \(number), the last saved here, is deleted with its answers and the count of \(school.label) goes down by one. The form on screen stays.",
                            kind: .confirm, yesLabel: "Delete form \(number)", noLabel: "Keep it")
        return .push(DialogScreen(dialog, context) { [weak self] answer in
            guard answer == .yes, let self else { return .none }
            do {
                try self.context.store.deleteResponse(id: id)
                self.savedIDs.removeLast()
                self.savedCount -= 1
                return .all([.refresh, .status("Form \(number) taken back.")])
            } catch StoreError.busy {
                return .error("Database busy — another user is saving. Ctrl-Z tries again.")
            } catch {
                return .error(String(describing: error))
            }
        })
    }

    func render(in area: Rect, on surface: inout Surface, focused: Bool) {
        let theme = context.theme
        let total = (try? context.store.responseCount(waveID: wave.id, schoolID: school.id)) ?? 0
        surface.write(DisplayWidth.truncate("Paper forms — \(wave.label) · \(school.label)", to: area.width - 2), x: area.x + 1, y: area.y, style: theme[.title])
        surface.write("\(SurveyLanguages.name(language)) · \(channel.label) · \(day) · entered now: \(savedCount) · at this school in the wave: \(total)",
                      x: area.x + 1, y: area.y + 1, style: theme[.muted], clip: area)
        let answerWidth = 26
        let textWidth = area.width - answerWidth - 8
        let top = max(0, current - (area.height - 5))
        for (row, i) in questions.indices.dropFirst(top).prefix(area.height - 4).enumerated() {
            let q = questions[i]
            let y = area.y + 3 + row
            let selected = i == current
            let text = q.texts[language]?["text"] ?? q.texts["en"]?["text"] ?? q.code
            let answer = answers[q.id!].map { wave.instrument.label(of: $0, for: q, in: language) } ?? (selected ? "_" : "·")
            let line = (selected ? "▶" : " ") + String(q.position).leftPad(3) + "  " + DisplayWidth.fit(text, to: textWidth) + "  "
                + DisplayWidth.fit(answer, to: answerWidth)
            surface.write(line, x: area.x + 1, y: y, style: selected && focused ? theme[.selection] : theme[.text], clip: area)
        }
    }
}
