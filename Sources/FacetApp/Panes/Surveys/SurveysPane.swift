import FacetModel
import FacetStore
import TermUI

/// Pane 4: the surveys families answer — instruments in their languages, waves, paper entry, and
/// results that never show a small group.
final class SurveysPane: Pane {
    let title = "Surveys"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen { ListScreen(SurveysList(context), context) }

    func editor(for entity: Entity) -> RecordEditor? {
        switch entity {
        case .surveys: return SurveysList.editor
        default: return nil
        }
    }
}

extension Action {
    static let surveyQuestions = Action("surveys.questions"), surveyWaves = Action("surveys.waves")
    static let surveyResults = Action("surveys.results"), surveyEdit = Action("surveys.edit")
    static let surveyTranslate = Action("surveys.translate"), surveyLanguages = Action("surveys.languages")
    static let waveOpenClose = Action("waves.openClose"), wavePaper = Action("waves.paper")
    static let waveSchools = Action("waves.schools"), waveResults = Action("waves.results")
}

/// The surveys: Enter shows a survey's questions, `w` its waves, `r` the results of its latest wave.
final class SurveysList: ListController {
    static let context = "Surveys"
    let title = "Surveys"
    let noun = "survey"
    let entity = Entity.surveys
    let editorEntity: Entity? = .surveys
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 3, min: 24), .left), (.flex(weight: 2, min: 14), .left), (.fixed(9), .right), (.fixed(5), .right), (.fixed(5), .right),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.surveyList() }
    func makeEditor() -> RecordEditor? { Self.editor }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.surveyWaves, keys: [.char("w")], label: "waves", context: c),
            KeyBinding(.surveyResults, keys: [.char("r")], label: "results", context: c),
            KeyBinding(.surveyEdit, keys: [.char("e")], label: "edit", context: c),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        action == .surveyEdit ? Requirement(action: .update, entity: .surveys) : nil
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .surveyWaves: return list.withSelection { .push(ListScreen(WavesList(context, surveyID: $0.id, title: $0.cells[0]), context)) }
        case .surveyResults: return list.withSelection { SurveyResultsScreen.open(surveyID: $0.id, waveID: nil, context) }
        case .surveyEdit: return list.withSelection { list.edit(id: $0.id) }
        default: return .none
        }
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        .push(ListScreen(QuestionsList(context, surveyID: row.id, title: row.cells[0]), context))
    }

    func headline(_ list: ListScreen) -> String? {
        "Surveys — Enter: questions and languages"
    }

    /// The selected survey's results (`r`) drawn unseen between keys: their first open reads the
    /// waves, the first screen of schools and the suppression facts.
    func prepareAhead(_ list: ListScreen) -> Bool {
        guard let id = list.selectedRow?.id else { return false }
        return context.drawUnseen("surveyResults.\(id)") { SurveyResultsScreen.open(surveyID: id, waveID: nil, context) }
    }

    /// A survey's settings: title, who answers, the smallest group results show, its languages.
    static var editor: RecordEditor {
        RecordEditor(entity: .surveys, noun: "survey", columns: [
            .text("title", "Title", required: true, maxLength: 120),
            .text("audience", "Audience", required: true, maxLength: 40),
            .checkbox("anonymous", "Anonymous", defaultOn: true),
            EditableColumn(column: "min_group_size", label: "Smallest group shown",
                           makeField: { stored in
                               let f = TextField("Smallest group shown", value: stored.map { $0.text } ?? "10", required: true, maxLength: 3,
                                                 validators: [{ Int($0).map { $0 >= 1 ? nil : "at least 1" } ?? "a whole number, e.g. 10" }])
                               f.accepts = { $0.isNumber }
                               f.inputWidth = 5
                               return f
                           },
                           read: { .integer(Int64(($0 as! TextField).trimmedValue) ?? 10) },
                           display: { $0.text }),
            .text("languages", "Languages (codes)", required: true, maxLength: 80, validators: [{ text in
                let codes = SurveyLanguages.parse(text)
                if codes.isEmpty { return "at least one language code, e.g. en,es" }
                let bad = codes.filter { !SurveyLanguages.isValidCode($0) }
                return bad.isEmpty ? nil : "not a language code: \(bad.joined(separator: ", ")) (two or three letters, e.g. so)"
            }]),
        ], derived: { values in
            ["languages": .text(SurveyLanguages.parse(values["languages"]?.text ?? "").joined(separator: ","))]
        }, name: { $0["title"]?.text ?? "survey" })
    }
}

/// A survey's questions, in order; the header says which languages are complete.
final class QuestionsList: ListController {
    static let context = "Questions"
    let title = "Questions"
    let parentTitle: String?
    let noun = "question"
    let entity = Entity.surveyQuestions
    let editorEntity: Entity? = .surveyQuestions
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(3), .right), (.fixed(13), .left), (.fixed(6), .left), (.flex(weight: 1, min: 30), .left), (.fixed(5), .left),
    ]
    let context: AppContext
    let surveyID: Int64

    init(_ context: AppContext, surveyID: Int64, title: String) {
        self.context = context
        self.surveyID = surveyID
        self.parentTitle = title
    }

    var store: FacetStore { context.store }
    func makeList() -> PagedList { store.questionList(surveyID: surveyID) }
    func makeEditor() -> RecordEditor? { QuestionEditor.editor(store: store, surveyID: surveyID) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.surveyLanguages, keys: [.char("l")], label: "languages", context: Self.context),
         KeyBinding(.surveyTranslate, keys: [.char("t")], label: "translate", context: Self.context)]
    }

    func requirement(for action: Action) -> Requirement? {
        action == .surveyTranslate ? Requirement(action: .update, entity: .surveys) : nil
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .surveyLanguages: return languages()
        case .surveyTranslate: return TranslationScreen.prompt(surveyID: surveyID, context)
        default: return .none
        }
    }

    func delete(_ row: TableRow, in list: ListScreen) -> Effect {
        if let reason = store.denial(.delete, .surveyQuestions) { return .error(reason) }
        guard let stored = try? store.fetchRecord(.surveyQuestions, id: row.id) else { return .refresh }
        let version = Int(stored["version"]?.integerValue ?? 0)
        return .push(DialogScreen(Dialog(title: "Delete question?", message: "Delete question \(row.cells[0]) (\(row.cells[1])) and its texts? Waves already opened keep their copy.",
                                         kind: .confirm, yesLabel: "Delete", noLabel: "Keep it"), context) { [store, context] answer in
            guard answer == .yes else { return .none }
            do {
                try store.deleteQuestion(id: row.id, expectedVersion: version)
                return .all([.refresh, .status("Deleted question \(row.cells[1]).")])
            } catch {
                return .push(DialogScreen.error(error, context))
            }
        })
    }

    func headline(_ list: ListScreen) -> String? {
        guard let instrument = try? store.instrument(surveyID: surveyID) else { return nil }
        return Self.languageSummary(instrument)
    }

    /// "Offered in English, Spanish · incomplete: hmn, so"
    static func languageSummary(_ instrument: SurveyInstrument) -> String {
        let complete = instrument.completeLanguages
        let incomplete = instrument.languages.filter { !complete.contains($0) }
        return (complete.isEmpty ? "Offered in no language yet" : "Offered in " + complete.map(SurveyLanguages.name).joined(separator: ", "))
            + (incomplete.isEmpty ? "" : " · incomplete: " + incomplete.joined(separator: ", "))
    }

    /// `l`: each language, complete or not, and what is missing.
    private func languages() -> Effect {
        do {
            guard let instrument = try store.instrument(surveyID: surveyID) else { return .refresh }
            var lines = ["A language is offered to families only when every text is there.", ""]
            for code in instrument.languages {
                let missing = instrument.missing(in: code)
                if missing.isEmpty {
                    lines.append("\(SurveyLanguages.name(code)) (\(code)): complete — offered")
                } else {
                    lines.append("\(SurveyLanguages.name(code)) (\(code)): incomplete, not offered — \(missing.count) of \(instrument.keys.count) texts missing:")
                    lines += missing.prefix(40).map { "    " + $0 }
                    if missing.count > 40 { lines.append("    … and \(missing.count - 40) more") }
                }
            }
            lines += ["", "t adds or completes a language; facet import translations --survey \(surveyID) FILE.csv does it from a file."]
            return .push(TextScreen(title: "Languages — \(instrument.title)", lines: lines, context))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }
}

/// A survey's waves: open and close them, enter paper forms, set the families invited, results.
final class WavesList: ListController {
    static let context = "Waves"
    let title = "Waves"
    let parentTitle: String?
    let noun = "wave"
    let entity = Entity.surveyWaves
    let editorEntity: Entity? = .surveyWaves
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.flex(weight: 1, min: 8), .left), (.fixed(8), .left), (.fixed(10), .left), (.fixed(10), .left), (.fixed(7), .left),
        (.fixed(7), .right), (.fixed(9), .right),
    ]
    let context: AppContext
    let surveyID: Int64

    init(_ context: AppContext, surveyID: Int64, title: String) {
        self.context = context
        self.surveyID = surveyID
        self.parentTitle = title
    }

    var store: FacetStore { context.store }
    func makeList() -> PagedList { store.waveList(surveyID: surveyID) }
    func makeEditor() -> RecordEditor? { WaveEditor.editor(store: store, surveyID: surveyID, today: context.today) }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        return [
            KeyBinding(.wavePaper, keys: [.char("p")], label: "paper entry", context: c),
            KeyBinding(.waveOpenClose, keys: [.char("o")], label: "open/close", context: c),
            KeyBinding(.waveResults, keys: [.char("r")], label: "results", context: c),
            KeyBinding(.waveSchools, keys: [.char("i")], label: "families invited", context: c, showInStatus: false),
            KeyBinding(.surveyEdit, keys: [.char("e")], label: "edit", context: c, showInStatus: false),
        ]
    }

    func requirement(for action: Action) -> Requirement? {
        switch action {
        case .waveOpenClose, .surveyEdit: return Requirement(action: .update, entity: .surveyWaves)
        case .wavePaper: return Requirement(action: .create, entity: .surveyResponses)
        default: return nil
        }
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .wavePaper: return list.withSelection { PaperEntry.start(waveID: $0.id, context) }
        case .waveOpenClose: return list.withSelection { openOrClose(waveID: $0.id) }
        case .waveResults: return list.withSelection { SurveyResultsScreen.open(surveyID: surveyID, waveID: $0.id, context) }
        case .waveSchools:
            return list.withSelection { .push(ListScreen(WaveSchoolsList(context, waveID: $0.id, title: "\($0.cells[0]) \($0.cells[1])"), context)) }
        case .surveyEdit: return list.withSelection { list.edit(id: $0.id) }
        default: return .none
        }
    }

    /// `o`: a planned or closed wave opens, an open one closes — after asking.
    private func openOrClose(waveID: Int64) -> Effect {
        guard let wave = try? store.wave(id: waveID) else { return .refresh }
        let opening = wave.status != .open
        let message = opening
            ? (wave.status == .planned
               ? "Open \(wave.label)? Its questions and texts are frozen now (later edits of the survey do not change this wave); families can answer in: \(wave.instrument.completeLanguages.map(SurveyLanguages.name).joined(separator: ", ").ifEmpty("no complete language yet"))."
               : "Reopen \(wave.label)? It takes responses again.")
            : "Close \(wave.label)? A closed wave takes no more responses."
        return .push(DialogScreen(Dialog(title: opening ? "Open the wave?" : "Close the wave?", message: message, kind: .confirm,
                                         yesLabel: opening ? "Open it" : "Close it", noLabel: "Not now"), context) { [store, context] answer in
            guard answer == .yes else { return .none }
            do {
                try store.setWaveStatus(waveID: waveID, expectedVersion: wave.version, to: opening ? .open : .closed)
                return .all([.refresh, .status(opening ? "\(wave.label) is open." : "\(wave.label) is closed.")])
            } catch StoreError.conflict {
                return .all([.refresh, .error("Someone changed this wave meanwhile; look again and retry.")])
            } catch {
                return .push(DialogScreen.error(error, context))
            }
        })
    }
}

/// `i` on a wave: its schools and the families invited or served at each (Enter edits the number).
final class WaveSchoolsList: ListController {
    let title = "Families invited"
    let parentTitle: String?
    let noun = "school"
    let entity = Entity.surveyWaveSchools
    let editorEntity: Entity? = nil
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(6), .left), (.flex(weight: 1, min: 30), .left), (.fixed(16), .right),
    ]
    let context: AppContext
    let waveID: Int64

    init(_ context: AppContext, waveID: Int64, title: String) {
        self.context = context
        self.waveID = waveID
        self.parentTitle = title
    }

    func makeList() -> PagedList { context.store.waveSchoolList(waveID: waveID) }
    func makeEditor() -> RecordEditor? {
        RecordEditor(entity: .surveyWaveSchools, noun: "school's families invited", columns: [WaveEditor.number("invited", "Families invited")],
                     name: { _ in "families invited" })
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect { list.edit(id: row.id) }
}
