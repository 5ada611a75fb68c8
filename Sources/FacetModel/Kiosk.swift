import Foundation

// The front-office kiosk: its own words in the languages families read, the staff PIN's rules and
// the delay after wrong tries, and the kinds of family contact the front office logs.

/// The kiosk's own words (not the survey's, which come from the instrument), by language. A
/// language without a row here falls back to English words around the survey's own texts.
/// Translations should be checked by the district's interpreters before a lobby uses them (the
/// Hmong words in particular await them).
public struct KioskWords: Sendable, Equatable {
    /// The language's name as its readers write it.
    public var languageName: String
    public var familySurvey: String
    public var welcome: String
    public var chooseLanguage: String
    public var start: String
    public var next: String
    public var back: String
    public var review: String
    public var submit: String
    public var skip: String
    public var notAnswered: String
    public var change: String
    public var choose: String
    public var typeAnswer: String
    /// "Question %1 of %2".
    public var questionOf: String
    public var thankYou: String
    public var received: String
    public var noSurvey: String
    public var noSurveyDetail: String
    /// The welcome's key for front-office staff (behind the PIN).
    public var staff: String
    /// The database was busy at Submit: nothing was lost, try again.
    public var busy: String

    public func question(_ n: Int, of total: Int) -> String {
        questionOf.replacingOccurrences(of: "%1", with: String(n)).replacingOccurrences(of: "%2", with: String(total))
    }

    public static let english = KioskWords(
        languageName: "English", familySurvey: "Family survey", welcome: "Welcome to", chooseLanguage: "Choose your language",
        start: "start", next: "next", back: "back", review: "Review your answers", submit: "Submit", skip: "Skip",
        notAnswered: "not answered", change: "change", choose: "choose", typeAnswer: "Type your answer, then Enter",
        questionOf: "Question %1 of %2", thankYou: "Thank you!", received: "Your answers were received.",
        noSurvey: "There is no survey right now.", noSurveyDetail: "Thank you for visiting!",
        staff: "staff", busy: "Busy for a moment — please press Enter again.")

    public static let spanish = KioskWords(
        languageName: "Español", familySurvey: "Encuesta para familias", welcome: "Bienvenidos a", chooseLanguage: "Elija su idioma",
        start: "empezar", next: "siguiente", back: "atrás", review: "Revise sus respuestas", submit: "Enviar", skip: "Omitir",
        notAnswered: "sin respuesta", change: "cambiar", choose: "elegir", typeAnswer: "Escriba su respuesta y pulse Enter",
        questionOf: "Pregunta %1 de %2", thankYou: "¡Gracias!", received: "Recibimos sus respuestas.",
        noSurvey: "No hay encuesta en este momento.", noSurveyDetail: "¡Gracias por su visita!",
        staff: "personal", busy: "Un momento, por favor: pulse Enter otra vez.")

    public static let hmong = KioskWords(
        languageName: "Hmoob", familySurvey: "Daim ntawv nug rau tsev neeg", welcome: "Zoo siab txais tos rau", chooseLanguage: "Xaiv koj hom lus",
        start: "pib", next: "tom ntej", back: "rov qab", review: "Saib koj cov lus teb dua", submit: "Xa", skip: "Hla mus",
        notAnswered: "tsis tau teb", change: "hloov", choose: "xaiv", typeAnswer: "Ntaus koj cov lus teb, ces nias Enter",
        questionOf: "Lus nug %1 ntawm %2", thankYou: "Ua tsaug!", received: "Peb tau txais koj cov lus teb lawm.",
        noSurvey: "Tam sim no tsis muaj daim ntawv nug.", noSurveyDetail: "Ua tsaug tuaj xyuas!",
        staff: "neeg ua haujlwm", busy: "Thov tos ib pliag, ces nias Enter dua.")

    /// Every language the kiosk speaks, by survey language code.
    public static let all: [(code: String, words: KioskWords)] = [("en", english), ("es", spanish), ("hmn", hmong)]

    /// The words for a language code, English when the kiosk does not speak it.
    public static func words(_ code: String) -> KioskWords { all.first { $0.code == code }?.words ?? english }

    /// A language's name as its readers write it ("Español"), else its English name.
    public static func nativeName(_ code: String) -> String {
        all.first { $0.code == code }?.words.languageName ?? SurveyLanguages.name(code)
    }
}

/// The staff PIN of a school's kiosk: 4 to 12 digits.
public enum KioskPIN {
    public static let lengths = 4...12

    /// Why `pin` cannot be a PIN, or nil.
    public static func problem(_ pin: String) -> String? {
        guard pin.allSatisfy({ $0.isASCII && $0.isNumber }) else { return "A PIN is digits only." }
        guard lengths.contains(pin.count) else { return "A PIN has \(lengths.lowerBound) to \(lengths.upperBound) digits." }
        return nil
    }
}

/// Wrong PIN tries at one school's kiosk: two are free, then each wrong try makes the next one wait
/// longer (5 s, 10 s, 20 s … up to 5 minutes). Read against the application's clock, so tests never
/// wait; kept per school in the database (`kiosk_pin_attempts`), so a new session still waits.
public struct PinLockout: Sendable, Equatable {
    public private(set) var failures = 0
    public private(set) var lockedUntil: Date?
    public static let freeTries = 2
    public static let longestWait: TimeInterval = 300

    public init(failures: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }

    /// Seconds to wait before the next try is taken, 0 when it may be tried now.
    public func wait(now: Date) -> Int {
        guard let lockedUntil, lockedUntil > now else { return 0 }
        return Int(lockedUntil.timeIntervalSince(now).rounded(.up))
    }

    public mutating func recordFailure(now: Date) {
        failures += 1
        guard failures > Self.freeTries else { return }
        let delay = min(Self.longestWait, 5 * pow(2, Double(min(failures - Self.freeTries - 1, 16))))
        // Whole seconds, as the database keeps it.
        lockedUntil = Date(timeIntervalSince1970: now.addingTimeInterval(delay).timeIntervalSince1970.rounded(.up))
    }

    public mutating func recordSuccess() {
        failures = 0
        lockedUntil = nil
    }
}

/// What a family brought to the front office.
public enum ContactKind: String, Choice {
    case question, concern, compliment, suggestion
    public var label: String { rawValue.capitalized }
}

/// A family contact's state: open until someone closes it with a resolution.
public enum ContactStatus: String, Choice {
    case open, closed
    public var label: String { rawValue.capitalized }
}

public enum FamilyContactRules {
    /// The reply promised by default: within 48 hours.
    public static let defaultReplyHours = 48
    public static let summaryLimit = 1_000
    public static let reachLimit = 200
    public static let ownerLimit = 120
    public static let resolutionLimit = 1_000
}

/// Partner visits: the limits of what the sign-in form takes.
public enum PartnerVisitRules {
    public static let visitorLimit = 120
    public static let purposeLimit = 200
}
