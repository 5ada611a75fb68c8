import ArgumentParser
import FacetApp
import FacetModel
import FacetStore
import Foundation
import TermUI

/// A plain start opens the application at once; everything else goes through the parser.
@main
enum FacetEntry {
    static func main() {
        guard let plain = PlainStart(arguments: Array(CommandLine.arguments.dropFirst())) else {
            Facet.main()
            return
        }
        do {
            try openApplication(databasePath: DatabaseLocation.resolve(explicit: plain.db), theme: plain.theme)
        } catch {
            Facet.exit(withError: error)
        }
    }
}

struct Facet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facet",
        abstract: "Family and Community Engagement: partnerships, standards, surveys and PD rosters, in your terminal.",
        discussion: """
            With no subcommand, opens the full-screen application on the database.
            The database is --db PATH, else $FACET_DB, else $XDG_DATA_HOME/facet/facet.sqlite \
            (~/.local/share/facet/facet.sqlite).
            """,
        version: FacetVersion.string,
        subcommands: [Demo.self, Kiosk.self, Users.self, Import.self, Export.self, Metrics.self, Report.self, Doctor.self, Backup.self, Restore.self, Themes.self]
    )

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: "Theme name (a file NAME.toml on the theme search path) or a path to a .toml file.")
    var theme: String?

    func run() throws {
        try openApplication(databasePath: database.path, theme: theme)
    }
}

/// `facet` with no subcommand: the application on the database, for the user who runs it.
func openApplication(databasePath: String, theme: String?) throws {
    // Before the database is opened (or created): a terminal that cannot be drawn on is refused first.
    do {
        try CursesBackend.checkTerminal()
    } catch {
        writeError("\(error)\n")
        throw ExitCode(2)
    }
    let store = try DatabaseOption.open(path: databasePath, createIfMissing: true)
    try requireUser(store)
    let configuration: AppConfiguration
    do {
        // Front-office accounts land in their school's kiosk.
        configuration = try AppConfiguration.forCurrentUser(of: store)
    } catch {
        writeError("facet: \(error)\n")
        throw ExitCode(1)
    }
    try runApplication(store: store, configuration: configuration, theme: theme)
}

/// Refuses a login that is not a user of the database, with the command an admin runs.
func requireUser(_ store: FacetStore) throws {
    guard store.currentUser == nil else { return }
    writeError("""
        facet: you (login "\(store.login)") are not a user of the database \(store.path).
        An admin can add you with:
          facet users add \(store.login) --role coordinator --school CODE --db \(store.path)

        """)
    throw ExitCode(1)
}

/// The full-screen loop on the terminal, until the user quits (or leaves the kiosk) or a signal.
func runApplication(store: FacetStore, configuration: AppConfiguration, theme: String?) throws {
    let backend: CursesBackend
    do {
        backend = try CursesBackend()
    } catch {
        writeError("\(error)\n")
        throw ExitCode(2)
    }
    let choice = ThemeCatalog.choose(flag: theme, terminalColors: backend.colorCount)
    let app = FacetApplication(store: store, theme: choice.theme, configuration: configuration)
    if let warning = choice.warning { app.statusMessage = warning }
    let signal = app.run(on: backend)
    backend.restore()
    if let signal { CursesBackend.reraise(signal) }
}

/// `facet kiosk --school CODE`: the locked-down front-office kiosk of one school.
struct Kiosk: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The front-office kiosk of one school: the family survey, partner sign-in, the directory, the contact log.",
        discussion: """
            Nothing in the kiosk leads out of it except Leave the kiosk, behind the school's staff PIN \
            (set by an admin with facet kiosk set-pin --school CODE). For a lobby account, see the README's sshd recipe.
            """,
        subcommands: [Run.self, SetPIN.self], defaultSubcommand: Run.self)

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Open the kiosk (the default).")
        @OptionGroup var database: DatabaseOption
        @Option(help: "The school's code.") var school: String
        @Option(name: .customLong("idle-seconds"), help: "Seconds without a key before a half-done survey is discarded (default 90).")
        var idleSeconds: Int = Int(AppConfiguration.kioskIdleTimeout)
        @Option(name: .long, help: "Theme name or a path to a .toml file.") var theme: String?

        func run() throws {
            let store = try database.openExisting()
            try requireUser(store)
            let configuration: AppConfiguration
            do {
                configuration = try AppConfiguration.kiosk(store: store, schoolCode: school, idleTimeout: TimeInterval(idleSeconds))
            } catch {
                writeError("facet kiosk: \(error)\n")
                throw ExitCode(1)
            }
            try runApplication(store: store, configuration: configuration, theme: theme)
        }
    }

    struct SetPIN: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-pin", abstract: "Set a school's kiosk staff PIN (admins): 4 to 12 digits, read from the terminal or standard input.")
        @OptionGroup var database: DatabaseOption
        @Option(help: "The school's code.") var school: String

        func run() throws {
            let store = try database.openExisting()
            try reportingStoreErrors("kiosk set-pin") {
                guard let found = try store.school(code: school) else { throw StoreError.invalid("There is no school with the code \(school).") }
                let pin = readSecret(prompt: "New staff PIN for \(found.code): ")
                try store.setKioskPIN(schoolID: found.id, pin: pin.trimmingCharacters(in: .whitespaces))
                say("The kiosk PIN of \(found.code) is set.")
            }
        }
    }
}

/// A line from standard input; on a terminal, asked for and not echoed.
func readSecret(prompt: String) -> String {
    guard isatty(0) == 1 else { return readLine(strippingNewline: true) ?? "" }
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    tcgetattr(0, &saved)
    var quiet = saved
    quiet.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(0, TCSANOW, &quiet)
    defer {
        tcsetattr(0, TCSANOW, &saved)
        FileHandle.standardError.write(Data("\n".utf8))
    }
    return readLine(strippingNewline: true) ?? ""
}

enum FacetVersion {
    static let string = "0.1.0"
}

/// `--db PATH`, shared by every command that opens the database.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "The database file (default: $FACET_DB, else $XDG_DATA_HOME/facet/facet.sqlite).")
    var db: String?

    var path: String { DatabaseLocation.resolve(explicit: db) }

    /// Opens the database, creating it when there is none: for the application and the commands
    /// that put records in (demo, import, users add).
    func open() throws -> FacetStore {
        try open(createIfMissing: true)
    }

    /// Opens an existing database, never creating one: a read command pointed at the wrong path says
    /// so instead of leaving an empty database behind.
    func openExisting() throws -> FacetStore {
        try open(createIfMissing: false)
    }

    private func open(createIfMissing: Bool) throws -> FacetStore {
        try Self.open(path: path, createIfMissing: createIfMissing)
    }

    static func open(path: String, createIfMissing: Bool) throws -> FacetStore {
        do {
            return try FacetStore(path: path, createIfMissing: createIfMissing)
        } catch {
            writeError("facet: \(error)\n")
            throw ExitCode(1)
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill the database with a generated demo district.",
        discussion: "Refuses to touch a database that already holds schools, partners or employees unless --force is given; --force replaces them.")

    enum Scale: String, ExpressibleByArgument, CaseIterable {
        case small, large
    }

    @OptionGroup var database: DatabaseOption

    @Option(help: "Seed for the generator; the same seed gives the same district.")
    var seed: UInt64 = 2026

    @Option(help: "small: 50 schools, 300 partners, 4,000 employees. large: 1,800 schools, 20,000 partnerships, 150,000 employees.")
    var scale: Scale = .small

    @Flag(help: "Replace the district records already in the database.")
    var force = false

    func run() throws {
        let store = try database.open()
        let started = Date()
        do {
            let counts = try DemoData.load(into: store, size: scale == .large ? .large : .small, seed: seed, force: force)
            store.checkpoint()
            let seconds = Date().timeIntervalSince(started)
            let summary = counts.keys.sorted().map { "\(counts[$0]!) \($0)" }.joined(separator: ", ")
            say("Loaded a \(scale.rawValue) demo district into \(store.path): \(summary) (\(String(format: "%.1f", seconds)) s).")
        } catch let error as StoreError {
            writeError("facet demo: \(error)\n")
            throw ExitCode(1)
        }
    }
}

/// Prints a message for people. Messages quote logins, paths, cells and records, which may hold
/// terminal escape sequences: control characters are shown escaped (`Quoted.safe`), line by line.
func say(_ text: String) {
    print(escapedLines(text))
}

/// `say` for standard error; `text` ends with its own line break.
func writeError(_ text: String) {
    FileHandle.standardError.write(Data(escapedLines(text).utf8))
}

/// The message's own line breaks are kept; everything else goes through `Quoted.safe`.
func escapedLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { Quoted.safe(String($0)) }.joined(separator: "\n")
}

/// Runs a store operation, turning a refusal or a failure into a one-line message and exit 1.
func reportingStoreErrors(_ command: String, _ body: () throws -> Void) throws {
    do { try body() } catch let error as StoreError {
        writeError("facet \(command): \(error)\n")
        throw ExitCode(1)
    } catch let exit as ExitCode {
        throw exit
    } catch {
        // Anything else is printed here too, escaped, rather than raw by the argument parser.
        writeError("facet \(command): \(error)\n")
        throw ExitCode(1)
    }
}

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage who may use the database, and their roles (admins only).",
        discussion: """
            Roles: admin (everything, settings and criteria), coordinator (edits records of assigned schools), \
            front-office (kiosk and contact log of one school), viewer (reads). The first login to open a new \
            database is its admin.
            """,
        subcommands: [List.self, Add.self, SetRole.self, SetSchools.self, Remove.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, roles and schools.")
        @OptionGroup var database: DatabaseOption
        func run() throws {
            let store = try database.openExisting()
            try reportingStoreErrors("users list") {
                for (user, codes) in try store.listUsers() {
                    let schools = codes.isEmpty ? "" : "  schools: " + codes.joined(separator: ", ")
                    say("\(user.login)  \(user.role.rawValue)  \(user.displayName)\(schools)")
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user by Unix login.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "The user's Unix login name.") var login: String
        @Option(help: "admin, coordinator, front-office or viewer.") var role: UserRole
        @Option(help: "Display name (default: the login).") var name: String = ""
        @Option(name: .customLong("school"), help: "A school code the user works for; repeat for several.") var schools: [String] = []
        func run() throws {
            let store = try database.open()
            try reportingStoreErrors("users add") {
                try store.addUser(login: login, displayName: name, role: role, schoolCodes: schools)
                say("Added \(login) as \(role.rawValue).")
            }
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change a user's role.")
        @OptionGroup var database: DatabaseOption
        @Argument var login: String
        @Argument(help: "admin, coordinator, front-office or viewer.") var role: UserRole
        func run() throws {
            let store = try database.openExisting()
            try reportingStoreErrors("users set-role") {
                try store.setUserRole(login: login, role: role)
                say("\(login) is now \(role.rawValue).")
            }
        }
    }

    struct SetSchools: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-schools", abstract: "Replace the schools a user works for.")
        @OptionGroup var database: DatabaseOption
        @Argument var login: String
        @Argument(help: "School codes; none clears the list.") var codes: [String] = []
        func run() throws {
            let store = try database.openExisting()
            try reportingStoreErrors("users set-schools") {
                try store.setUserSchools(login: login, schoolCodes: codes)
                say("\(login) works for: \(codes.isEmpty ? "no school" : codes.joined(separator: ", ")).")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (their past changes stay in the audit log).")
        @OptionGroup var database: DatabaseOption
        @Argument var login: String
        func run() throws {
            let store = try database.openExisting()
            try reportingStoreErrors("users remove") {
                try store.removeUser(login: login)
                say("Removed \(login).")
            }
        }
    }
}

extension UserRole: ExpressibleByArgument {}

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database: SQLite version, journal mode, integrity, the audit log (chain, triggers, users, record versions), permissions, filesystem, free space, WAL size.")
    @OptionGroup var database: DatabaseOption
    func run() throws {
        guard FileManager.default.fileExists(atPath: database.path) else {
            writeError("facet doctor: \(StoreError.noDatabase(path: database.path))\n")
            throw ExitCode(1)
        }
        // Not `database.open()`: doctor must examine a damaged or tampered file that Facet refuses to open.
        let findings = FacetStore.diagnose(path: database.path)
        let width = (findings.map(\.check.count).max() ?? 0) + 2
        for f in findings {
            let mark = f.ok ? "ok  " : "FAIL"
            say("\(mark) \(f.check.padding(toLength: width, withPad: " ", startingAt: 0))\(f.value)")
            if let advice = f.advice { say("     → \(advice)") }
        }
        if findings.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a new file, consistently, while others keep working.",
        discussion: "The copy is one snapshot of the database; it is checked (integrity and audit log) before the command ends. Keep backups on another disk or machine.")
    @OptionGroup var database: DatabaseOption
    @Argument(help: "The new file to write (it must not exist yet).") var destination: String
    func run() throws {
        let store = try database.openExisting()
        try reportingStoreErrors("backup") {
            try store.backup(to: destination)
            say("Backed up \(store.path) to \(destination).")
        }
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup, after checking the backup.",
        discussion: """
            The backup must pass SQLite's integrity check, have a schema this version of Facet knows, and an intact \
            audit log. The replaced database is kept beside it as NAME.replaced-YYYYMMDD-HHMMSS. Ask everyone to quit \
            Facet first: sessions left open keep using the replaced file.
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "The backup file to restore.") var source: String
    func run() throws {
        let path = database.path
        FileHandle.standardError.write(Data("facet restore: everyone else should have quit Facet; open sessions keep using the old file.\n".utf8))
        try reportingStoreErrors("restore") {
            let kept = try FacetStore.restore(from: source, to: path)
            say("Restored \(source) into \(path).\(kept.map { " The replaced database is kept as \($0)." } ?? "")")
        }
    }
}

struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the themes Facet can find and where it looks.")

    func run() throws {
        let paths = ThemeCatalog.searchPaths()
        let loader = ThemeLoader(searchPaths: paths)
        say("Themes: " + loader.availableThemes().joined(separator: ", "))
        say("Searched, in order:")
        for p in paths { say("  \(p.path)\(FileManager.default.fileExists(atPath: p.path) ? "" : "  (missing)")") }
    }
}

/// Reads a whole text file (or standard input for "-") as UTF-8, or says why not and exits 1.
func readUTF8(_ path: String, command: String) throws -> String {
    let data: Data
    do {
        data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        writeError("facet \(command): cannot read \(path): \(error.localizedDescription)\n")
        throw ExitCode(1)
    }
    guard let text = String(data: data, encoding: .utf8) else {
        writeError("facet \(command): \(path) is not UTF-8 text; save it as \"CSV UTF-8\"\n")
        throw ExitCode(1)
    }
    return text
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import records from a CSV file.",
        discussion: "Every row is checked first; if any row has a problem nothing is written and every problem is listed by line.",
        subcommands: [Partnerships.self, Employees.self, ImportResponses.self, ImportTranslations.self, ImportStrategies.self, ImportSelfAssessments.self, ImportEvents.self, ImportResources.self])

    struct Employees: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and update employees from an HR file (CSV), by employee number.",
            discussion: """
                The first line names the columns, in any order (case-insensitive; common HR names such as \
                "Employee Number" or "Site" are understood): number, first_name, last_name (or name, as \
                "Last, First" or "First Last"), email, site_code (a school's code; blank for the district \
                office), role (\(EmployeeRole.allCases.map(\.label).joined(separator: ", "))), hire_date \
                (YYYY-MM-DD; M/D/YYYY only when it cannot be read two ways), active (yes/no, blank for yes).
                A row whose number is an employee's updates them; any other creates one. A column left out \
                keeps the stored values. With --deactivate-missing the file is taken as the whole staff: \
                active employees absent from it are marked inactive (never deleted; their history stays).
                Every row is checked first: if any has a problem (a duplicate number, an unknown site code or \
                role, an impossible or ambiguous date), nothing is written and each problem is listed with \
                its line and column (exit status 1). Only an admin may import.
                """)

        @OptionGroup var database: DatabaseOption

        @Argument(help: "The CSV file (UTF-8, with or without BOM; - for standard input).")
        var file: String

        @Flag(help: "Check the file and say what would change, without writing anything (exit status 1 when it has problems).")
        var dryRun = false

        @Flag(help: "Mark active employees who are not in the file inactive.")
        var deactivateMissing = false

        func run() throws {
            let text = try readUTF8(file, command: "import employees")
            let store = try database.open()
            try reportingStoreErrors("import employees") {
                let report = try store.importEmployees(csv: text, dryRun: dryRun, deactivateMissing: deactivateMissing)
                if !dryRun { store.checkpoint() }
                say(report.summary)
                if !report.problems.isEmpty {
                    FileHandle.standardError.write(Data((PartnershipCSV.message(for: report.problems)
                        .replacingOccurrences(of: "nothing was imported", with: "nothing would be imported") + "\n").utf8))
                    throw ExitCode(1)
                }
            }
        }
    }

    struct Partnerships: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and update partnerships, and their partners, from a CSV file.",
            discussion: """
                The first line names the columns, in any order (case-insensitive); only partner is required: \
                \(PartnershipCSV.columns.joined(separator: ", ")).
                A row whose id is an existing partnership updates it; any other row creates one. Partners are \
                matched by name ignoring case and accents; a new name creates a partner. schools: codes separated \
                by ";", or district-wide. priority_areas: names separated by ";". tier: 1, 2, 3 or blank. \
                status: proposed, in-review, active, on-hold, ended (default proposed). partner_kind: nonprofit, \
                business, faith-based, higher-education, government, other (default other). Dates: YYYY-MM-DD. \
                data_sharing, background_checks: yes or no. A column left out keeps an updated partnership's \
                values; a blank cell clears. `facet export partnerships` writes a file in this form.
                Every row is checked first: if any has a problem, nothing is written and each problem is listed \
                with its line and column (exit status 1). Everything else is written in one audited transaction.
                """)

        @OptionGroup var database: DatabaseOption

        @Argument(help: "The CSV file (UTF-8, with or without BOM; - for standard input).")
        var file: String

        @Flag(help: "Check the file and say what would change, without writing anything (exit status 1 when it has problems).")
        var dryRun = false

        func run() throws {
            let text = try readUTF8(file, command: "import partnerships")
            let store = try database.open()
            try reportingStoreErrors("import partnerships") {
                let report = try store.importPartnerships(csv: text, dryRun: dryRun)
                if !dryRun { store.checkpoint() }
                say(report.summary)
                if !report.problems.isEmpty {
                    writeError((PartnershipCSV.message(for: report.problems)
                        .replacingOccurrences(of: "nothing was imported", with: "nothing would be imported") + "\n"))
                    throw ExitCode(1)
                }
            }
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export records as CSV (RFC 4180, UTF-8, CRLF line ends) or as text to print.",
        subcommands: [Partnerships.self, Roster.self, ComplianceCommand.self, ExportSurveyResults.self, ExportResponses.self, ExportTranslations.self,
                      ExportStrategies.self, ExportSelfAssessments.self, ExportEvents.self, ExportResources.self])

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, text }

    static func write(_ text: String, to output: String?, command: String) throws {
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
    }

    struct Roster: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A session's sign-in sheet: everyone registered, a line to sign, lines for walk-ins, the waiting list.",
            discussion: "--format csv gives one row per person (session, course, day, time, place, number, names, school, role, status).")

        @OptionGroup var database: DatabaseOption
        @Option(help: "The session's number (shown in the PD Rosters pane).") var session: Int64
        @Option(help: "text (ready to print, the default) or csv.") var format: Format = .text
        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() throws {
            let store = try database.openExisting()
            try reportingStoreErrors("export roster") {
                try Export.write(try store.exportRoster(sessionID: session, csv: format == .csv), to: output, command: "export roster")
            }
        }
    }

    struct ComplianceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compliance",
            abstract: "Who is current on each required course: percent by school and role, and the overdue list.",
            discussion: """
                Text (the default): for each required course the percent of active employees who are current, \
                for the district, by role and by school, then everyone overdue with the day they fell due. \
                --format csv: one row per overdue employee (course, number, name, school, role, last_completed, due_since).
                """)

        @OptionGroup var database: DatabaseOption
        @Option(help: "Only this course (its code).") var course: String?
        @Option(help: "Only this school (its code).") var school: String?
        @Option(help: "Judge on this day (YYYY-MM-DD) instead of today.") var on: String?
        @Option(help: "text or csv.") var format: Format = .text
        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() throws {
            let store = try database.openExisting()
            guard let today = on.map({ Day($0) }) ?? Day.today() else {
                FileHandle.standardError.write(Data("facet export compliance: --on takes a date as YYYY-MM-DD\n".utf8))
                throw ExitCode(1)
            }
            try reportingStoreErrors("export compliance") {
                let report = try store.complianceReport(today: today, courseCode: course, schoolCode: school)
                var csv = [["course", "number", "name", "school", "role", "last_completed", "due_since"]]
                var lines = ["Compliance on \(today)" + (school.map { " at \($0)" } ?? "") + ": current / counted (new hires in their grace period are not counted)"]
                func row(_ t: FacetModel.Compliance.Tally) -> String {
                    let pct = t.percent.map { String(format: "%5.1f%%", $0) } ?? "    —"
                    let label = t.label.count > 44 ? String(t.label.prefix(43)) + "…" : t.label.padding(toLength: 44, withPad: " ", startingAt: 0)
                    return "  \(label) \(pct)  \(t.current) / \(t.counted)" + (t.inGrace > 0 ? "  (+\(t.inGrace) new)" : "")
                }
                for c in report {
                    lines += ["", "\(c.course.code) \(c.course.title) (\(c.course.renewalText))", row(c.district), "  By role"]
                    lines += c.byRole.map(row)
                    if school == nil { lines.append("  By school"); lines += c.bySchool.map(row) }
                    let overdue = try store.overdueEmployees(course: c.course, today: today, schoolCode: school)
                    lines.append("  Overdue: \(overdue.count)")
                    for o in overdue {
                        lines.append("    \(o.number)  \(o.name) · \(o.school) · \(o.role) · due since \(o.dueSince?.description ?? "always")"
                                     + (o.lastCompletion.map { " (last \($0))" } ?? " (never)"))
                        csv.append([c.course.code, o.number, o.name, o.school, o.role, o.lastCompletion?.description ?? "", o.dueSince?.description ?? ""])
                    }
                }
                try Export.write(format == .csv ? CSV.write(csv) : lines.joined(separator: "\n") + "\n", to: output, command: "export compliance")
            }
        }
    }

    struct Partnerships: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every partnership, with its partner, schools and priority areas, as CSV.",
            discussion: """
                Columns: \(PartnershipCSV.columns.joined(separator: ", ")).
                The file can be edited in a spreadsheet and brought back with `facet import partnerships`; \
                imported unchanged, it changes nothing.
                """)

        @OptionGroup var database: DatabaseOption

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() throws {
            let store = try database.openExisting()
            try reportingStoreErrors("export partnerships") {
                try store.checkIntegrity(quick: true)
                let csv = try store.exportPartnershipsCSV()
                guard let output else {
                    FileHandle.standardOutput.write(Data(csv.utf8))
                    return
                }
                do {
                    try Data(csv.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    writeError("facet export partnerships: cannot write \(output): \(error.localizedDescription)\n")
                    throw ExitCode(1)
                }
                say("Exported the partnerships to \(output).")
            }
        }
    }
}
