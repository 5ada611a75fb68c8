import ArgumentParser
import FacetModel
import FacetStore
import Foundation

/// `facet import strategies|self-assessments` and the matching exports.
struct ImportStrategies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies",
        abstract: "Add or change SIP strategies from a CSV file.",
        discussion: """
            Columns by header name: \(StandardsCSV.strategyColumns.joined(separator: ", ")) (school, school_year and title \
            are needed). A row with the id of a strategy changes it; a row without an id adds one. Standards by code, \
            separated by spaces; status planned, in-progress, done or dropped; dates YYYY-MM-DD. All or nothing: if any \
            row has a problem, nothing is written and each problem is listed with its line and column (exit status 1). \
            `facet export strategies` writes a file that imports back to the same data.
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "The CSV file (UTF-8; - for standard input).") var file: String
    @Flag(help: "Check the file without writing anything.") var dryRun = false

    func run() throws {
        try SurveyCommands.runImport("import strategies", file: file, database: database) { store, text in
            try store.importStrategies(csv: text, dryRun: dryRun)
        }
    }
}

struct ImportSelfAssessments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "self-assessments",
        abstract: "Add or change school self-assessment ratings from a CSV file.",
        discussion: """
            Columns: \(StandardsCSV.ratingColumns.joined(separator: ", ")). One row per school, school year and \
            indicator (standard and indicator by code in the active framework); level 1 Unsatisfactory, 2 Basic, \
            3 Proficient or 4 Distinguished. A rating already there is changed. All or nothing, every problem with \
            its line and column.
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "The CSV file (UTF-8; - for standard input).") var file: String
    @Flag(help: "Check the file without writing anything.") var dryRun = false

    func run() throws {
        try SurveyCommands.runImport("import self-assessments", file: file, database: database) { store, text in
            try store.importSelfAssessments(csv: text, dryRun: dryRun)
        }
    }
}

struct ExportStrategies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies",
        abstract: "Write every SIP strategy as CSV (the columns facet import strategies reads).")
    @OptionGroup var database: DatabaseOption
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("export strategies") {
            try SurveyCommands.emit(try store.exportStrategiesCSV(), to: output, command: "export strategies", what: "the strategies")
        }
    }
}

struct ExportSelfAssessments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "self-assessments",
        abstract: "Write the self-assessment ratings as CSV (the columns facet import self-assessments reads).")
    @OptionGroup var database: DatabaseOption
    @Option(help: "Only this school year (e.g. 2026-27).") var year: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("export self-assessments") {
            try SurveyCommands.emit(try store.exportSelfAssessmentsCSV(year: year), to: output, command: "export self-assessments", what: "the ratings")
        }
    }
}
