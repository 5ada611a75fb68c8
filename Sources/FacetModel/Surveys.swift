// Surveys families answer: the instrument (questions, their texts in each language), waves, and
// what a response may hold. Results and their suppression are in SurveyResults.swift.

/// What kind of answer a question takes.
public enum QuestionKind: String, Choice {
    case scale5 = "scale-5", yesNo = "yes-no", oneChoice = "one-choice", openText = "open-text"
    public var label: String {
        switch self {
        case .scale5: return "5-point scale"
        case .yesNo: return "Yes / no"
        case .oneChoice: return "One choice"
        case .openText: return "Open text"
        }
    }
    /// The short name in lists.
    public var short: String {
        switch self {
        case .scale5: return "scale"
        case .yesNo: return "yes/no"
        case .oneChoice: return "choice"
        case .openText: return "text"
        }
    }
}

/// How an answer is kept. A blank is no answer at all (nothing stored).
public enum Answer: Hashable, Sendable {
    /// 1–5 on a scale; `Answer.yes`/`Answer.no` for yes/no; 1…k for one of k choices.
    case value(Int)
    case dontKnow
    case text(String)

    public static let yes = 1, no = 0
    /// The stored code of "don't know" in tallies (never a valid value).
    public static let dontKnowCode = -1
    /// The stored code of an open-text answer in tallies.
    public static let textCode = -2

    public var code: Int {
        switch self {
        case .value(let v): return v
        case .dontKnow: return Answer.dontKnowCode
        case .text: return Answer.textCode
        }
    }
}

/// Where a response was given.
public enum ResponseChannel: String, Choice {
    case paper, kiosk, phone, web
    public var label: String { rawValue.capitalized }
}

/// A wave's state: planned (being set up), open (takes responses), closed (takes none).
public enum WaveStatus: String, Choice {
    case planned, open, closed
    public var label: String { rawValue.capitalized }
}

/// The languages a survey may be offered in, by code, with their names as families read them.
public enum SurveyLanguages {
    public static let names: [(code: String, name: String)] = [
        ("en", "English"), ("es", "Spanish"), ("hmn", "Hmong"), ("so", "Somali"), ("vi", "Vietnamese"),
        ("kar", "Karen"), ("ar", "Arabic"), ("zh", "Chinese"), ("fr", "French"), ("om", "Oromo"),
        ("am", "Amharic"), ("ru", "Russian"), ("ht", "Haitian Creole"), ("my", "Burmese"),
    ]

    public static func name(_ code: String) -> String { names.first { $0.code == code }?.name ?? code }

    /// A language code as typed: 2–3 lower-case letters, optionally "-" and a region.
    public static func isValidCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.count == 1 || (parts.count == 2 && (2...4).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    /// "en,es" → ["en", "es"], without blanks or repeats, in order.
    public static func parse(_ list: String) -> [String] {
        var seen = Set<String>()
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

/// One question of an instrument.
public struct SurveyQuestion: Hashable, Sendable {
    public var id: Int64?
    public var position: Int
    /// A short stable name ("welcome"), used by translation files and exports.
    public var code: String
    public var kind: QuestionKind
    /// For one-choice questions: how many options.
    public var choices: Int
    /// The answers that count as favourable (top two of five by default; "yes" for yes/no).
    public var favourable: Set<Int>
    public var allowsDontKnow: Bool
    /// The question's own texts by language, then item: "text", and "1"…"k" for a choice's options.
    public var texts: [String: [String: String]]
    public var version: Int

    public init(id: Int64? = nil, position: Int, code: String, kind: QuestionKind, choices: Int = 0,
                favourable: Set<Int>? = nil, allowsDontKnow: Bool = false, texts: [String: [String: String]] = [:], version: Int = 0) {
        self.id = id; self.position = position; self.code = code; self.kind = kind; self.choices = choices
        self.favourable = favourable ?? SurveyQuestion.defaultFavourable(kind)
        self.allowsDontKnow = allowsDontKnow; self.texts = texts; self.version = version
    }

    public static func defaultFavourable(_ kind: QuestionKind) -> Set<Int> {
        switch kind {
        case .scale5: return [4, 5]
        case .yesNo: return [Answer.yes]
        case .oneChoice, .openText: return []
        }
    }

    /// The answer values this question takes (nothing for open text).
    public var values: [Int] {
        switch kind {
        case .scale5: return [1, 2, 3, 4, 5]
        case .yesNo: return [Answer.yes, Answer.no]
        case .oneChoice: return Array(1...max(1, choices))
        case .openText: return []
        }
    }

    /// Whether an answer fits this question.
    public func accepts(_ answer: Answer) -> Bool {
        switch answer {
        case .dontKnow: return allowsDontKnow && kind != .openText
        case .value(let v): return values.contains(v)
        case .text(let t): return kind == .openText && !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    /// The items of its own this question needs in every language.
    public var ownItems: [String] {
        ["text"] + (kind == .oneChoice ? (1...max(1, choices)).map(String.init) : [])
    }

    /// "1–5" style list of favourable answers, as stored ("4,5").
    public var favourableList: String { favourable.sorted().map(String.init).joined(separator: ",") }

    public static func parseFavourable(_ text: String) -> Set<Int>? {
        var result = Set<Int>()
        for part in text.split(separator: ",") {
            guard let v = Validation.wholeNumber(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            result.insert(v)
        }
        return result
    }

    /// What is wrong with the question as a whole (favourable answers it cannot take, no options).
    public func problems() -> [String] {
        var result: [String] = []
        if code.isEmpty { result.append("a question needs a short code") }
        if kind == .oneChoice, !(2...9).contains(choices) { result.append("a one-choice question has 2 to 9 options") }
        let bad = favourable.subtracting(values)
        if !bad.isEmpty { result.append("favourable answers \(bad.sorted().map(String.init).joined(separator: ", ")) are not answers to this question") }
        return result
    }
}

/// A survey with its questions and every text: what a wave freezes when it opens.
public struct SurveyInstrument: Hashable, Sendable {
    public var surveyID: Int64
    public var title: String
    public var minGroupSize: Int
    public var languages: [String]
    public var questions: [SurveyQuestion]
    /// Labels shared by the survey's questions, by language then item: "scale.1"…"scale.5", "yes", "no", "dont-know".
    public var labels: [String: [String: String]]

    public init(surveyID: Int64, title: String, minGroupSize: Int, languages: [String], questions: [SurveyQuestion],
                labels: [String: [String: String]]) {
        self.surveyID = surveyID; self.title = title; self.minGroupSize = minGroupSize; self.languages = languages
        self.questions = questions.sorted { $0.position < $1.position }; self.labels = labels
    }

    /// The shared labels the questions need.
    public var sharedItems: [String] {
        var items: [String] = []
        if questions.contains(where: { $0.kind == .scale5 }) { items += (1...5).map { "scale.\($0)" } }
        if questions.contains(where: { $0.kind == .yesNo }) { items += ["yes", "no"] }
        if questions.contains(where: { $0.allowsDontKnow && $0.kind != .openText }) { items.append("dont-know") }
        return items
    }

    /// Every text the instrument needs in a language, as translation keys ("welcome", "contact.2",
    /// "scale.1", "yes", "dont-know"), in order.
    public var keys: [String] {
        sharedItems + questions.flatMap { q in q.ownItems.map { $0 == "text" ? q.code : "\(q.code).\($0)" } }
    }

    /// The text of a translation key in a language, or nil when missing.
    public func text(_ key: String, in language: String) -> String? {
        if sharedItems.contains(key) { return nonEmpty(labels[language]?[key]) }
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard let q = questions.first(where: { $0.code == parts[0] }) else { return nil }
        return nonEmpty(q.texts[language]?[parts.count == 2 ? parts[1] : "text"])
    }

    private func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return s
    }

    /// The keys with no text in `language`.
    public func missing(in language: String) -> [String] { keys.filter { text($0, in: language) == nil } }

    /// A language is offered to families only when every text is there.
    public func isComplete(_ language: String) -> Bool { !questions.isEmpty && missing(in: language).isEmpty }

    public var completeLanguages: [String] { languages.filter(isComplete) }

    /// The label of an answer to `question` in `language` (English when missing there).
    public func label(of answer: Answer, for question: SurveyQuestion, in language: String = "en") -> String {
        func pick(_ key: String) -> String { text(key, in: language) ?? text(key, in: "en") ?? key }
        switch answer {
        case .dontKnow: return pick("dont-know")
        case .text(let t): return t
        case .value(let v):
            switch question.kind {
            case .scale5: return "\(v) " + pick("scale.\(v)")
            case .yesNo: return pick(v == Answer.yes ? "yes" : "no")
            case .oneChoice: return "\(v) " + pick("\(question.code).\(v)")
            case .openText: return String(v)
            }
        }
    }
}

/// What the store is given to keep one response: nothing about the respondent, the day only.
public struct ResponseSubmission: Hashable, Sendable {
    public var waveID: Int64
    public var schoolID: Int64
    public var language: String
    public var channel: ResponseChannel
    public var day: Day
    /// Answers by question id (of the survey). A question left out is a blank.
    public var answers: [Int64: Answer]

    public init(waveID: Int64, schoolID: Int64, language: String, channel: ResponseChannel, day: Day, answers: [Int64: Answer]) {
        self.waveID = waveID; self.schoolID = schoolID; self.language = language; self.channel = channel
        self.day = day; self.answers = answers
    }
}
