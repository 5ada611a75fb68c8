import ArgumentParser
import FacetModel
import FacetStore
import Foundation

/// `facet import responses|translations` and `facet export survey-results|responses|translations`.
enum SurveyCommands {
    /// Writes `text` to `output`, or to standard output when there is none.
    static func emit(_ text: String, to output: String?, command: String, what: String) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("facet \(command): cannot write \(output): \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        say("Exported \(what) to \(output).")
    }

    /// An import command's whole run: read the file, open the database, import (or check) and report.
    static func runImport(_ command: String, file: String, database: DatabaseOption,
                          _ importing: (FacetStore, String) throws -> SurveyImportReport) throws {
        let text = try readUTF8(file, command: command)
        let store = try database.open()
        try reportingStoreErrors(command) { try finish(try importing(store, text), store: store) }
    }

    static func finish(_ report: SurveyImportReport, store: FacetStore) throws {
        if !report.dryRun && report.problems.isEmpty { store.checkpoint() }
        say(report.summary)
        if !report.problems.isEmpty {
            FileHandle.standardError.write(Data((PartnershipCSV.message(for: report.problems)
                .replacingOccurrences(of: "nothing was imported", with: report.dryRun ? "nothing would be imported" : "nothing was imported") + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

struct ImportResponses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "Add survey responses collected elsewhere to an open wave.",
        discussion: """
            Columns by header name, in any order: school (code), language (code, one the wave offers), channel \
            (paper, kiosk, phone, web; default paper), day (YYYY-MM-DD, inside the wave), and one column per \
            question code of the wave. Answers: 1-5 on a scale, yes/no, the option's number for one choice, \
            any text for open text, dont-know where the question offers it, blank for no answer. \
            Every row is checked first: if any has a problem, nothing is written and each problem is listed \
            with its line and column (exit status 1). The audit log records how many responses you imported.
            """)
    @OptionGroup var database: DatabaseOption
    @Option(help: "The wave's id (shown by facet export survey-results --help, or in the Surveys pane).") var wave: Int64
    @Argument(help: "The CSV file (UTF-8; - for standard input).") var file: String
    @Flag(help: "Check the file without writing anything.") var dryRun = false

    func run() throws {
        try SurveyCommands.runImport("import responses", file: file, database: database) { store, text in
            try store.importResponses(waveID: wave, csv: text, dryRun: dryRun)
        }
    }
}

struct ImportTranslations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations",
        abstract: "Add or complete a survey's texts in other languages.",
        discussion: """
            Columns: key, language, text (an english column is ignored). One row per question and label: keys are \
            question codes (welcome), a choice's options (contact.2) and the shared labels (scale.1 to scale.5, \
            yes, no, dont-know). `facet export translations --survey ID --language so` writes a file to fill in. \
            All or nothing, every problem with its line. A language missing any text is incomplete and is not \
            offered to families until it is complete.
            """)
    @OptionGroup var database: DatabaseOption
    @Option(help: "The survey's id.") var survey: Int64
    @Argument(help: "The CSV file (UTF-8; - for standard input).") var file: String
    @Flag(help: "Check the file without writing anything.") var dryRun = false

    func run() throws {
        try SurveyCommands.runImport("import translations", file: file, database: database) { store, text in
            try store.importTranslations(surveyID: survey, csv: text, dryRun: dryRun)
        }
    }
}

struct ExportSurveyResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey-results",
        abstract: "Write a wave's results by school and question, with the screen's suppression.",
        discussion: """
            Columns: \(SurveyCSV.resultColumns.joined(separator: ", ")). A figure for a group smaller than the \
            survey's minimum, or one that would let such a group be worked out from the others, is the word \
            "suppressed", never a number.
            """)
    @OptionGroup var database: DatabaseOption
    @Option(help: "The wave's id.") var wave: Int64
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("export survey-results") {
            try SurveyCommands.emit(try store.exportSurveyResultsCSV(waveID: wave), to: output, command: "export survey-results", what: "the results")
        }
    }
}

struct ExportResponses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "Write a wave's raw responses (admins only): school, language, channel, day and the answers.",
        discussion: "Nothing that identifies a respondent is kept, so nothing of the kind is written. Rows are in random order.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "The wave's id.") var wave: Int64
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("export responses") {
            try SurveyCommands.emit(try store.exportResponsesCSV(waveID: wave), to: output, command: "export responses", what: "the responses")
        }
    }
}

struct ExportTranslations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations",
        abstract: "Write a translation file to fill in: every text of a survey with its English.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "The survey's id.") var survey: Int64
    @Option(help: "The language code to translate into (e.g. so).") var language: String
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("export translations") {
            try SurveyCommands.emit(try store.translationTemplateCSV(surveyID: survey, language: language.lowercased()), to: output,
                                    command: "export translations", what: "the texts")
        }
    }
}
