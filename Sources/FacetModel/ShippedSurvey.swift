/// The family customer-service survey every district starts with, written for Facet, complete in
/// English and Spanish (other languages are added by form or translation file).
public enum ShippedSurvey {
    public static let title = "Family Customer Service Survey"
    public static let languages = ["en", "es"]

    public static let labels: [String: [String: String]] = [
        "en": ["scale.1": "Strongly disagree", "scale.2": "Disagree", "scale.3": "Neither agree nor disagree",
               "scale.4": "Agree", "scale.5": "Strongly agree", "yes": "Yes", "no": "No", "dont-know": "Don't know"],
        "es": ["scale.1": "Totalmente en desacuerdo", "scale.2": "En desacuerdo", "scale.3": "Ni de acuerdo ni en desacuerdo",
               "scale.4": "De acuerdo", "scale.5": "Totalmente de acuerdo", "yes": "Sí", "no": "No", "dont-know": "No sé"],
    ]

    private static func q(_ position: Int, _ code: String, _ kind: QuestionKind, dontKnow: Bool = false, choices: Int = 0,
                          en: [String: String], es: [String: String]) -> SurveyQuestion {
        SurveyQuestion(position: position, code: code, kind: kind, choices: choices, allowsDontKnow: dontKnow,
                       texts: ["en": en, "es": es])
    }

    public static let questions: [SurveyQuestion] = [
        q(1, "welcome", .scale5,
          en: ["text": "I feel welcome when I visit or call my child's school."],
          es: ["text": "Me siento bienvenido/a cuando visito o llamo a la escuela de mi hijo/a."]),
        q(2, "greeting", .scale5,
          en: ["text": "Front-office staff greet me promptly and courteously."],
          es: ["text": "El personal de la oficina me atiende con prontitud y cortesía."]),
        q(3, "clear-answers", .scale5,
          en: ["text": "When I ask a question, I get a clear answer."],
          es: ["text": "Cuando hago una pregunta, recibo una respuesta clara."]),
        q(4, "respect", .scale5,
          en: ["text": "School staff treat me with respect."],
          es: ["text": "El personal de la escuela me trata con respeto."]),
        q(5, "follow-up", .scale5, dontKnow: true,
          en: ["text": "When staff say they will get back to me, they do so on time."],
          es: ["text": "Cuando el personal dice que me responderá, lo hace a tiempo."]),
        q(6, "informed", .scale5, dontKnow: true,
          en: ["text": "The school keeps me informed about my child's progress."],
          es: ["text": "La escuela me mantiene informado/a sobre el progreso de mi hijo/a."]),
        q(7, "own-language", .yesNo, dontKnow: true,
          en: ["text": "I could get help in my own language when I needed it."],
          es: ["text": "Pude recibir ayuda en mi propio idioma cuando la necesité."]),
        q(8, "contact", .oneChoice, choices: 4,
          en: ["text": "How do you prefer the school to contact you?", "1": "Phone call", "2": "Text message",
               "3": "Email", "4": "A note sent home"],
          es: ["text": "¿Cómo prefiere que la escuela se comunique con usted?", "1": "Llamada telefónica",
               "2": "Mensaje de texto", "3": "Correo electrónico", "4": "Una nota enviada a casa"]),
        q(9, "recommend", .yesNo,
          en: ["text": "I would recommend this school to another family."],
          es: ["text": "Recomendaría esta escuela a otra familia."]),
        q(10, "overall", .scale5,
          en: ["text": "Overall, I am satisfied with the service I receive from the school."],
          es: ["text": "En general, estoy satisfecho/a con el servicio que recibo de la escuela."]),
        q(11, "comments", .openText,
          en: ["text": "Is there anything else you would like to tell us?"],
          es: ["text": "¿Hay algo más que le gustaría decirnos?"]),
    ]
}

/// The short survey families answer after a parent conference. It runs on the survey engine (waves,
/// anonymous responses, suppression); each conference window's wave is named after the window.
public enum ConferenceFeedbackSurvey {
    public static let title = "Parent Conference Feedback"
    public static let languages = ["en", "es"]

    public static func waveName(_ term: ConferenceTerm) -> String { "\(term.label) conferences" }

    private static func q(_ position: Int, _ code: String, _ kind: QuestionKind, en: String, es: String) -> SurveyQuestion {
        SurveyQuestion(position: position, code: code, kind: kind, choices: 0, allowsDontKnow: false,
                       texts: ["en": ["text": en], "es": ["text": es]])
    }

    public static let questions: [SurveyQuestion] = [
        q(1, "useful", .scale5, en: "The conference helped me understand how my child is doing.",
          es: "La conferencia me ayudó a entender cómo le va a mi hijo/a."),
        q(2, "time-fit", .scale5, en: "The time and format of the conference worked for my family.",
          es: "La hora y el formato de la conferencia funcionaron para mi familia."),
        q(3, "own-language", .yesNo, en: "I could take part in my own language.",
          es: "Pude participar en mi propio idioma."),
        q(4, "next-steps", .scale5, en: "I left knowing how I can help my child at home.",
          es: "Salí sabiendo cómo puedo ayudar a mi hijo/a en casa."),
    ]
}
