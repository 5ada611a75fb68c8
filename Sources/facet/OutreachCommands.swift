import ArgumentParser
import FacetModel
import FacetStore
import Foundation

/// `facet import events|resources` and the matching exports.
struct ImportEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Add or change campaign events (and their attendance) from a CSV file.",
        discussion: """
            Columns by header name: \(OutreachCSV.eventColumns.joined(separator: ", ")) (campaign, school_year, school, \
            topic and date are needed). The campaign is named by its title and school year; kind workshop or \
            information-night; interpretation and childcare yes or no; attendance as families by language, \
            "Spanish 12, English 30" (blank: not counted yet). A row with the id of an event changes it; a row \
            without an id adds one. All or nothing: if any row has a problem, nothing is written and each problem is \
            listed with its line and column (exit status 1). `facet export events` writes a file that imports back \
            to the same data.
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "The CSV file (UTF-8; - for standard input).") var file: String
    @Flag(help: "Check the file without writing anything.") var dryRun = false

    func run() throws {
        try SurveyCommands.runImport("import events", file: file, database: database) { store, text in
            try store.importEvents(csv: text, dryRun: dryRun)
        }
    }
}

struct ImportResources: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resources",
        abstract: "Add or change family toolkit resources from a CSV file.",
        discussion: """
            Columns by header name: \(OutreachCSV.resourceColumns.joined(separator: ", ")) (title and kind are needed). \
            kind guide, video, handout or workshop-kit; standards by code, separated by spaces; languages separated \
            by ";"; reviewed_on YYYY-MM-DD. A row with the id of a resource changes it; a row without adds one. All or \
            nothing, every problem with its line and column (exit status 1). Only an admin may import.
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "The CSV file (UTF-8; - for standard input).") var file: String
    @Flag(help: "Check the file without writing anything.") var dryRun = false

    func run() throws {
        try SurveyCommands.runImport("import resources", file: file, database: database) { store, text in
            try store.importResources(csv: text, dryRun: dryRun)
        }
    }
}

struct ExportEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Write every campaign event as CSV (the columns facet import events reads).")
    @OptionGroup var database: DatabaseOption
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("export events") {
            try SurveyCommands.emit(try store.exportEventsCSV(), to: output, command: "export events", what: "the events")
        }
    }
}

struct ExportResources: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resources",
        abstract: "Write the family toolkit as CSV (the columns facet import resources reads).")
    @OptionGroup var database: DatabaseOption
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("export resources") {
            try SurveyCommands.emit(try store.exportResourcesCSV(), to: output, command: "export resources", what: "the resources")
        }
    }
}
