import ArgumentParser
import FacetModel
import FacetStore
import Foundation

/// What `facet metrics` and `facet report` share: the database, the school, the year, the day.
struct MetricsOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption
    @Option(help: "Only this school (its code); the district when not given.") var school: String?
    @Option(help: "The school year, like 2026-27 (default: the one today falls in).") var year: String?
    @Option(help: "Judge on this day (YYYY-MM-DD) instead of today.") var on: String?

    /// The snapshot every output renders: the same one the dashboard shows.
    func snapshot(command: String) throws -> MetricsSnapshot {
        let store = try database.openExisting()
        try requireUser(store)
        guard let today = on.map({ Day($0) }) ?? Day.today() else {
            writeError("facet \(command): --on takes a date as YYYY-MM-DD\n")
            throw ExitCode(1)
        }
        // Contacts' reply times are judged at the end of that day when it is not today.
        let now = on == nil ? Date() : Date(timeIntervalSince1970: TimeInterval(today.ordinal + 1) * 86_400 - 1)
        var result: MetricsSnapshot?
        try reportingStoreErrors(command) {
            result = try store.metricsSnapshot(schoolCode: school, year: year, today: today, now: now)
        }
        return result!
    }
}

/// `facet metrics`: the dashboard's figures for scripts.
struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the dashboard's figures: JSON, CSV or text.",
        discussion: """
            The same figures as the dashboard (key 1), for the district or --school CODE, for --year. \
            --format json (the default) is stable: its "version" field changes when a field's meaning does \
            (the README describes every field). A survey group too small to show is left out of JSON \
            ("shown": false) and written "suppressed" in CSV and text, exactly as on screen.
            """)
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, text }

    @OptionGroup var options: MetricsOptions
    @Option(help: "json, csv or text.") var format: Format = .json
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let snapshot = try options.snapshot(command: "metrics")
        let text: String
        switch format {
        case .json: text = try MetricsReport.json(snapshot)
        case .csv: text = MetricsReport.csv(snapshot)
        case .text: text = MetricsReport.text(snapshot)
        }
        try Export.write(text, to: output, command: "metrics")
    }
}

/// `facet report`: the quarterly progress report as one file to share.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the quarterly progress report: HTML (one self-contained file) or Markdown.",
        discussion: """
            Per metric the value, the target, the trend and the status (on track, at risk, off track), with the \
            survey by wave, PD compliance by course, SIP coverage and self-assessment by standard. The HTML has \
            its tables and charts (inline SVG) inside it: no scripts, nothing fetched; it prints as it shows.
            """)
    enum Format: String, ExpressibleByArgument, CaseIterable { case html, md }

    @OptionGroup var options: MetricsOptions
    @Option(help: "html or md.") var format: Format = .html
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let snapshot = try options.snapshot(command: "report")
        try Export.write(format == .html ? MetricsReport.html(snapshot) : MetricsReport.markdown(snapshot), to: output, command: "report")
        if let output { say("Wrote the \(MetricsReport.quarter(of: snapshot)) report to \(output).") }
    }
}
