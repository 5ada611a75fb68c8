import FacetModel
import FacetStore
import TermUI

/// A question of a survey: its place, kind, what counts as favourable, and its text (and a
/// choice's options, separated by "|") in each of the survey's languages.
enum QuestionEditor {
    static func editor(store: FacetStore, surveyID: Int64) -> RecordEditor {
        let instrument = (try? store.instrument(surveyID: surveyID)) ?? nil
        let languages = instrument?.languages ?? ["en"]
        var columns: [EditableColumn] = [
            WaveEditor.number("position", "Order", default: (instrument?.questions.map(\.position).max() ?? 0) + 1),
            .text("code", "Code", required: true, maxLength: 24, validators: [{ code in
                code.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) ? nil : "lower-case letters, digits and “-”, e.g. follow-up"
            }]),
            .choice("kind", "Kind", QuestionKind.self),
            WaveEditor.number("choices", "Options (one choice)"),
            .text("favourable", "Favourable answers", maxLength: 20, validators: [{ SurveyQuestion.parseFavourable($0) == nil ? "answer numbers separated by commas, e.g. 4,5" : nil }]),
            .checkbox("dont_know", "Offers “don't know”"),
        ]
        for code in languages {
            columns.append(.text("text.\(code)", "Question (\(SurveyLanguages.name(code)))", maxLength: 300))
            columns.append(.text("options.\(code)", "Options (\(SurveyLanguages.name(code)))", maxLength: 400))
        }
        func question(_ v: [String: StoredValue], id: Int64?, version: Int) -> SurveyQuestion {
            let kind = QuestionKind(rawValue: v["kind"]?.text ?? "") ?? .scale5
            let favourableText = v["favourable"]?.text ?? ""
            return SurveyQuestion(id: id, position: Int(v["position"]?.integerValue ?? 1), code: v["code"]?.text ?? "", kind: kind,
                                  choices: Int(v["choices"]?.integerValue ?? 0),
                                  favourable: favourableText.isEmpty ? nil : SurveyQuestion.parseFavourable(favourableText),
                                  allowsDontKnow: v["dont_know"]?.integerValue == 1, version: version)
        }
        return RecordEditor(
            entity: .surveyQuestions, noun: "question", columns: columns,
            load: { store, id in
                guard let instrument = try store.instrument(surveyID: surveyID), let q = instrument.questions.first(where: { $0.id == id }) else { return nil }
                var values: [String: StoredValue] = [
                    "position": .integer(Int64(q.position)), "code": .text(q.code), "kind": .text(q.kind.rawValue),
                    "choices": .integer(Int64(q.choices)), "favourable": .text(q.favourableList), "dont_know": .integer(q.allowsDontKnow ? 1 : 0),
                    "version": .integer(Int64(q.version)),
                ]
                for code in instrument.languages {
                    values["text.\(code)"] = .text(q.texts[code]?["text"] ?? "")
                    values["options.\(code)"] = .text(q.kind == .oneChoice ? (1...max(1, q.choices)).map { q.texts[code]?[String($0)] ?? "" }.joined(separator: " | ") : "")
                }
                return values
            },
            save: { store, id, version, values, _ in
                let q = question(values, id: id, version: version)
                var texts: [String: [String: String]] = [:]
                for code in languages {
                    texts[code, default: [:]]["text"] = values["text.\(code)"]?.text ?? ""
                    if q.kind == .oneChoice {
                        let options = (values["options.\(code)"]?.text ?? "").split(separator: "|", omittingEmptySubsequences: false)
                            .map { $0.trimmingCharacters(in: .whitespaces) }
                        for i in 1...max(1, q.choices) { texts[code]![String(i)] = i <= options.count ? options[i - 1] : "" }
                    }
                }
                return try store.saveQuestion(q, surveyID: surveyID, texts: texts)
            },
            crossChecks: { v, id in
                question(v, id: id, version: 0).problems().map { problem in
                    (column: problem.contains("option") ? "choices" : (problem.contains("code") ? "code" : "favourable"), message: problem)
                }
            },
            name: { $0["code"]?.text ?? "question" })
    }
}

/// A wave: its name, school year, window, and the schools taking part.
enum WaveEditor {
    static let names = ["Fall", "Winter", "Spring", "Summer"]

    /// A whole number ≥ 0, stored as an integer.
    static func number(_ column: String, _ label: String, default initial: Int? = nil) -> EditableColumn {
        EditableColumn(column: column, label: label,
                       makeField: { stored in
                           let f = TextField(label, value: stored.map { $0 == .null ? "" : $0.text } ?? initial.map(String.init) ?? "", maxLength: 7,
                                             validators: [{ $0.isEmpty || Int($0) != nil ? nil : "a whole number" }])
                           f.accepts = { $0.isNumber }
                           f.inputWidth = 8
                           return f
                       },
                       read: { .integer(Int64(($0 as! TextField).trimmedValue) ?? 0) },
                       display: { $0.text })
    }

    static func editor(store: FacetStore, surveyID: Int64, today: Day) -> RecordEditor {
        let schools = (try? store.schoolOptions()) ?? []
        let schoolIndex = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($0.element.id, $0.offset) })
        let schoolsColumn = EditableColumn(
            column: "schools", label: "Schools taking part",
            makeField: { stored in
                // A new wave starts with every school.
                let selected = stored == nil ? Set(schools.indices) : Set(PartnershipEditor.ids(stored).compactMap { schoolIndex[$0] })
                return MultiChoiceField("Schools taking part", options: schools.map(\.name), selected: selected, minimum: 1, visibleRows: 5)
            },
            read: { PartnershipEditor.idList(Set(($0 as! MultiChoiceField).selected.map { schools[$0].id })) },
            display: { "\(PartnershipEditor.ids($0).count) schools" })
        let year = today.month >= 7 ? today.year : today.year - 1
        let yearColumn = EditableColumn(
            column: "school_year", label: "School year",
            makeField: { stored in
                TextField("School year", value: stored?.text ?? SchoolYear.name(startingIn: year), required: true, maxLength: 7, validators: [{ text in
                    let parts = text.split(separator: "-")
                    guard parts.count == 2, let a = Int(parts[0]), parts[0].count == 4, let b = Int(parts[1]), b == (a + 1) % 100 else {
                        return "as 2026-27"
                    }
                    return nil
                }])
            },
            read: { .text(($0 as! TextField).trimmedValue) }, display: { $0.text })
        return RecordEditor(
            entity: .surveyWaves, noun: "wave",
            columns: [
                .choice("name", "Wave", options: names.map { (.text($0), $0) }),
                yearColumn,
                .date("opens", "Opens", required: true),
                .date("closes", "Closes", required: true),
                schoolsColumn,
                number("invited", "Families per school"),
            ],
            load: { store, id in
                guard let wave = try store.wave(id: id) else { return nil }
                return ["name": .text(wave.name), "school_year": .text(wave.schoolYear), "opens": .text(wave.opens.description),
                        "closes": .text(wave.closes.description), "schools": PartnershipEditor.idList(Set(wave.schools.map(\.id))),
                        "invited": .integer(0), "version": .integer(Int64(wave.version))]
            },
            save: { store, id, version, v, _ in
                let opens = Day(v["opens"]?.text ?? "") ?? today, closes = Day(v["closes"]?.text ?? "") ?? today
                let ids = PartnershipEditor.ids(v["schools"])
                let invited = Int(v["invited"]?.integerValue ?? 0)
                if let id {
                    try store.updateWave(id: id, expectedVersion: version, name: v["name"]?.text ?? "Fall", schoolYear: v["school_year"]?.text ?? "",
                                         opens: opens, closes: closes, schoolIDs: ids, defaultInvited: invited)
                    return id
                }
                return try store.createWave(surveyID: surveyID, name: v["name"]?.text ?? "Fall", schoolYear: v["school_year"]?.text ?? "",
                                            opens: opens, closes: closes, invited: Dictionary(uniqueKeysWithValues: ids.map { ($0, invited) }))
            },
            crossChecks: { v, _ in
                guard let o = Day(v["opens"]?.text ?? ""), let c = Day(v["closes"]?.text ?? ""), c < o else { return [] }
                return [("closes", "closes before it opens")]
            },
            name: { "\($0["name"]?.text ?? "") \($0["school_year"]?.text ?? "")" })
    }
}

/// `t` on a survey's questions: every text of the survey in one language, with the English beside
/// each; saving adds the language to the survey. It is offered to families once nothing is missing.
final class TranslationScreen: ClosureFormScreen {
    private let surveyID: Int64
    private let language: String
    private let fields: [(key: String, field: TextField)]

    static func prompt(surveyID: Int64, _ context: AppContext) -> Effect {
        let field = TextField("Language code", required: true, maxLength: 10, placeholder: "e.g. so for Somali",
                              validators: [{ SurveyLanguages.isValidCode($0.lowercased()) ? nil : "two or three letters, e.g. so, hmn, vi" }])
        let form = Form(title: "Add or complete a language", fields: [field])
        form.notice = SurveyLanguages.names.map { "\($0.code) \($0.name)" }.prefix(8).joined(separator: " · ")
        form.noticeIsError = false
        return .push(PromptScreen(form, context) { raw, _ in
            do {
                guard let instrument = try context.store.instrument(surveyID: surveyID) else { return .pop }
                return .replace(TranslationScreen(instrument: instrument, language: raw.lowercased(), context))
            } catch {
                return .replace(DialogScreen.error(error, context))
            }
        })
    }

    init(instrument: SurveyInstrument, language: String, _ context: AppContext) {
        self.surveyID = instrument.surveyID
        self.language = language
        var formFields: [FormField] = []
        var fields: [(String, TextField)] = []
        for key in instrument.keys {
            formFields.append(NoteField(key, text: "English: " + (instrument.text(key, in: "en") ?? "—")))
            let field = TextField("  \(SurveyLanguages.name(language))", value: instrument.text(key, in: language) ?? "", maxLength: 300)
            fields.append((key, field))
            formFields.append(field)
        }
        self.fields = fields
        let form = Form(title: "\(SurveyLanguages.name(language)) — \(instrument.title)", fields: formFields)
        form.focus = formFields.count > 1 ? 1 : 0
        let missing = instrument.missing(in: language).count
        form.notice = missing == 0 ? "Complete: offered to families." : "\(missing) of \(instrument.keys.count) texts missing: not offered until complete."
        form.noticeIsError = false
        // As tall as the window: a survey has many texts.
        super.init(form: form, context, width: 78, height: { _ in Int.max })
    }

    /// Ctrl-S keeps every text in this language; the language is offered once none is missing.
    override func save() -> Effect {
        do {
            try context.store.saveTranslation(surveyID: surveyID, language: language,
                                              texts: Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.field.trimmedValue) }))
            let instrument = try context.store.instrument(surveyID: surveyID)
            let missing = instrument?.missing(in: language).count ?? 0
            return .all([.pop, .refresh, .status(missing == 0 ? "\(SurveyLanguages.name(language)) is complete and offered to families."
                                                : "\(SurveyLanguages.name(language)) saved; \(missing) texts still missing, so it is not offered yet.")])
        } catch {
            form.notice = String(describing: error)
            form.noticeIsError = true
            return .none
        }
    }
}
