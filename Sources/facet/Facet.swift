import ArgumentParser
import FacetApp
import FacetModel
import FacetStore
import Foundation
import TermUI

@main
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
        subcommands: [Demo.self, Users.self, Import.self, Export.self, Doctor.self, Backup.self, Restore.self, Themes.self]
    )

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: "Theme name (a file NAME.toml on the theme search path) or a path to a .toml file.")
    var theme: String?

    func run() throws {
        let store = try database.open()
        guard store.currentUser != nil else {
            FileHandle.standardError.write(Data("""
                facet: you (login "\(store.login)") are not a user of the database \(store.path).
                An admin can add you with:
                  facet users add \(store.login) --role coordinator --school CODE --db \(store.path)

                """.utf8))
            throw ExitCode(1)
        }
        let backend: CursesBackend
        do {
            backend = try CursesBackend()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
        let choice = ThemeCatalog.choose(flag: theme, terminalColors: backend.colorCount)
        let app = FacetApplication(store: store, theme: choice.theme)
        if let warning = choice.warning { app.statusMessage = warning }
        let signal = app.run(on: backend)
        backend.restore()
        if let signal { CursesBackend.reraise(signal) }
    }
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
        do {
            return try FacetStore(path: path, createIfMissing: createIfMissing)
        } catch {
            FileHandle.standardError.write(Data("facet: \(error)\n".utf8))
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
            print("Loaded a \(scale.rawValue) demo district into \(store.path): \(summary) (\(String(format: "%.1f", seconds)) s).")
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("facet demo: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Runs a store operation, turning a refusal or a failure into a one-line message and exit 1.
func reportingStoreErrors(_ command: String, _ body: () throws -> Void) throws {
    do { try body() } catch let error as StoreError {
        FileHandle.standardError.write(Data("facet \(command): \(error)\n".utf8))
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
                    print("\(user.login)  \(user.role.rawValue)  \(user.displayName)\(schools)")
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
                print("Added \(login) as \(role.rawValue).")
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
                print("\(login) is now \(role.rawValue).")
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
                print("\(login) works for: \(codes.isEmpty ? "no school" : codes.joined(separator: ", ")).")
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
                print("Removed \(login).")
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
            FileHandle.standardError.write(Data("facet doctor: \(StoreError.noDatabase(path: database.path))\n".utf8))
            throw ExitCode(1)
        }
        // Not `database.open()`: doctor must examine a damaged or tampered file that Facet refuses to open.
        let findings = FacetStore.diagnose(path: database.path)
        let width = (findings.map(\.check.count).max() ?? 0) + 2
        for f in findings {
            let mark = f.ok ? "ok  " : "FAIL"
            print("\(mark) \(f.check.padding(toLength: width, withPad: " ", startingAt: 0))\(f.value)")
            if let advice = f.advice { print("     → \(advice)") }
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
            print("Backed up \(store.path) to \(destination).")
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
            print("Restored \(source) into \(path).\(kept.map { " The replaced database is kept as \($0)." } ?? "")")
        }
    }
}

struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the themes Facet can find and where it looks.")

    func run() throws {
        let paths = ThemeCatalog.searchPaths()
        let loader = ThemeLoader(searchPaths: paths)
        print("Themes: " + loader.availableThemes().joined(separator: ", "))
        print("Searched, in order:")
        for p in paths { print("  \(p.path)\(FileManager.default.fileExists(atPath: p.path) ? "" : "  (missing)")") }
    }
}

/// Reads a whole text file (or standard input for "-") as UTF-8, or says why not and exits 1.
func readUTF8(_ path: String, command: String) throws -> String {
    let data: Data
    do {
        data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        FileHandle.standardError.write(Data("facet \(command): cannot read \(path): \(error.localizedDescription)\n".utf8))
        throw ExitCode(1)
    }
    guard let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("facet \(command): \(path) is not UTF-8 text; save it as \"CSV UTF-8\"\n".utf8))
        throw ExitCode(1)
    }
    return text
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import records from a CSV file.",
        discussion: "Every row is checked first; if any row has a problem nothing is written and every problem is listed by line.",
        subcommands: [Partnerships.self, ImportResponses.self, ImportTranslations.self])

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
                print(report.summary)
                if !report.problems.isEmpty {
                    FileHandle.standardError.write(Data((PartnershipCSV.message(for: report.problems)
                        .replacingOccurrences(of: "nothing was imported", with: "nothing would be imported") + "\n").utf8))
                    throw ExitCode(1)
                }
            }
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export records as CSV (RFC 4180, UTF-8, CRLF line ends).",
        subcommands: [Partnerships.self, ExportSurveyResults.self, ExportResponses.self, ExportTranslations.self])

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
                    FileHandle.standardError.write(Data("facet export partnerships: cannot write \(output): \(error.localizedDescription)\n".utf8))
                    throw ExitCode(1)
                }
                print("Exported the partnerships to \(output).")
            }
        }
    }
}
