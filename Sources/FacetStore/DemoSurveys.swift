import FacetModel
import GRDB

/// The demo district's customer-service survey: three waves (two closed, one open) with responses
/// across schools, languages and channels. Every ninth school is small (3–8 responses a wave), so
/// results show suppression; Hmong is started but incomplete, so it is not offered.
enum DemoSurveys {
    static let waves: [(name: String, year: String, opens: String, closes: String, status: WaveStatus, drift: Double, share: Double)] = [
        ("Fall", "2025-26", "2025-10-06", "2025-11-14", .closed, 0.0, 1.0),
        ("Spring", "2025-26", "2026-03-02", "2026-04-17", .closed, 0.04, 1.0),
        ("Fall", "2026-27", "2026-10-05", "2026-12-18", .open, 0.07, 0.8),
    ]

    static let comments: [String: [String]] = [
        "en": ["The front office is always friendly.", "Please call back when you say you will.", "More events in the evening would help.",
               "I wish the newsletters came in my language.", "Thank you to the teachers.", "Parking at pick-up is hard."],
        "es": ["La oficina siempre es amable.", "Necesitamos más intérpretes en las conferencias.", "Gracias a los maestros.",
               "Me gustaría recibir mensajes de texto.", "Las reuniones por la tarde serían mejores."],
    ]

    /// Returns the number of responses made.
    static func insert(_ w: AuditedWriter, schoolIDs: [Int64], seed: UInt64, perSchoolWave: Int) throws -> Int {
        guard !schoolIDs.isEmpty,
              let surveyID = try Int64.fetchOne(w.db, sql: "SELECT id FROM surveys WHERE title = ?", arguments: [ShippedSurvey.title]) else { return 0 }
        var rng = SplitMix64(seed: seed ^ 0x57EE5)
        // A start on Hmong: a few texts, so the language shows as incomplete.
        try w.db.execute(sql: "UPDATE surveys SET languages = 'en,es,hmn' WHERE id = ?", arguments: [surveyID])
        for (item, text) in [("scale.1", "Tsis pom zoo kiag li"), ("scale.5", "Pom zoo kiag li"), ("yes", "Yog"), ("no", "Tsis yog")] {
            try w.db.execute(sql: """
                INSERT OR IGNORE INTO survey_texts (survey_id, question_id, language, item, text, version, updated_at, updated_by)
                VALUES (?, 0, 'hmn', ?, ?, 1, ?, ?)
                """, arguments: [surveyID, item, text, w.at, w.login])
        }
        guard let instrument = try FacetStore.instrument(w.db, surveyID: surveyID) else { return 0 }
        let languages = ShippedSurvey.languages
        let school = try w.db.makeStatement(sql: "INSERT INTO survey_wave_schools (wave_id, school_id, invited, version, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?)")
        let response = try w.db.makeStatement(sql: "INSERT INTO survey_responses (id, wave_id, school_id, language, channel, given_on) VALUES (?, ?, ?, ?, ?, ?)")
        let answer = try w.db.makeStatement(sql: "INSERT INTO survey_answers (response_id, wave_question_id, value, text) VALUES (?, ?, ?, ?)")
        // Each school's families: how many, how satisfied, how many answer.
        let invited = schoolIDs.map { _ in rng.int(40...160) }
        let satisfaction = schoolIDs.map { _ in 0.5 + rng.unit() * 0.4 }
        var made = 0
        var usedIDs = Set<Int64>()
        for wave in waves {
            try w.db.execute(sql: """
                INSERT INTO survey_waves (survey_id, name, school_year, opens, closes, status, languages, labels, version, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, arguments: [surveyID, wave.name, wave.year, wave.opens, wave.closes, wave.status.rawValue, languages.joined(separator: ","),
                                 SurveySchema.encode(instrument.labels.filter { languages.contains($0.key) }), w.at, w.login])
            let waveID = w.db.lastInsertedRowID
            try FacetStore.freeze(w.db, waveID: waveID, instrument: instrument, languages: languages)
            var frozen: [Int64: Int64] = [:]
            for row in try Row.fetchAll(w.db, sql: "SELECT id, question_id FROM survey_wave_questions WHERE wave_id = ?", arguments: [waveID]) {
                frozen[row["question_id"]] = row["id"]
            }
            let first = DemoText.ordinal(wave.opens), last = min(DemoText.ordinal(wave.closes), DemoText.ordinal("2026-11-27"))
            for (i, schoolID) in schoolIDs.enumerated() {
                try school.execute(arguments: [waveID, schoolID, invited[i], w.at, w.login])
                let small = i % 9 == 4
                let count = Int(Double(small ? rng.int(3...8) : rng.int(perSchoolWave / 2...perSchoolWave * 3 / 2)) * (small ? 1 : wave.share))
                let p = min(0.97, satisfaction[i] + wave.drift)
                for _ in 0..<count {
                    var id: Int64
                    repeat { id = Int64(rng.next() >> 11) + 1 } while !usedIDs.insert(id).inserted
                    let language = rng.chance(0.7) ? "en" : "es"
                    let channel = rng.weighted([(ResponseChannel.paper, 50), (.kiosk, 25), (.phone, 10), (.web, 15)])
                    try response.execute(arguments: [id, waveID, schoolID, language, channel.rawValue, DemoText.iso(rng.int(first...last))])
                    made += 1
                    for q in instrument.questions {
                        guard let wq = frozen[q.id!], !rng.chance(0.03) else { continue }
                        if q.allowsDontKnow, rng.chance(0.08) {
                            try answer.execute(arguments: [id, wq, Answer.dontKnowCode, nil as String?])
                            continue
                        }
                        let favourable = rng.chance(p)
                        switch q.kind {
                        case .scale5:
                            try answer.execute(arguments: [id, wq, favourable ? rng.int(4...5) : rng.weighted([(1, 1), (2, 2), (3, 4)]), nil as String?])
                        case .yesNo:
                            try answer.execute(arguments: [id, wq, favourable ? Answer.yes : Answer.no, nil as String?])
                        case .oneChoice:
                            try answer.execute(arguments: [id, wq, rng.weighted([(1, 3), (2, 5), (3, 2), (4, 1)]), nil as String?])
                        case .openText:
                            guard rng.chance(0.2) else { continue }
                            try answer.execute(arguments: [id, wq, Answer.textCode, rng.pick(comments[language]!)])
                        }
                    }
                }
            }
        }
        return made
    }
}
