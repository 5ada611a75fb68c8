import ArgumentParser
import FacetApp
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
        subcommands: [Demo.self, Themes.self]
    )

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: "Theme name (a file NAME.toml on the theme search path) or a path to a .toml file.")
    var theme: String?

    func run() throws {
        let store = try database.open()
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

    func open() throws -> FacetStore {
        do {
            return try FacetStore(path: path)
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
            let seconds = Date().timeIntervalSince(started)
            let summary = counts.keys.sorted().map { "\(counts[$0]!) \($0)" }.joined(separator: ", ")
            print("Loaded a \(scale.rawValue) demo district into \(store.path): \(summary) (\(String(format: "%.1f", seconds)) s).")
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("facet demo: \(error)\n".utf8))
            throw ExitCode(1)
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
