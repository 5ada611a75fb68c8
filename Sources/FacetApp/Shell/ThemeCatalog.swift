import Foundation
import TOMLKit
import TermUI

/// Which theme to use and where theme files are found.
///
/// Choice, first that applies: `--theme NAME|PATH`; `NO_COLOR` (present and non-empty) → monochrome;
/// `FACET_THEME`; `theme = "…"` in `$XDG_CONFIG_HOME/facet/config.toml` (else `~/.config/…`); "default".
/// A terminal without colours always gets monochrome.
///
/// Search order for NAME.toml: `$FACET_THEMES_DIR`; `$XDG_CONFIG_HOME/facet/themes`;
/// `<binary>/../share/facet/Themes` (an installed binary); `<binary>/Themes`; the `Themes/` folder of
/// the source checkout the binary was built from (`swift run`, tests).
public enum ThemeCatalog {
    public struct Choice: Sendable {
        public var theme: Theme
        /// One line for the user when the chosen theme could not be loaded.
        public var warning: String?
    }

    public static func searchPaths(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   executable: URL? = Bundle.main.executableURL) -> [URL] {
        var paths: [URL] = []
        if let dir = environment["FACET_THEMES_DIR"], !dir.isEmpty { paths.append(URL(fileURLWithPath: dir)) }
        paths.append(configDirectory(environment: environment).appendingPathComponent("themes"))
        if let exe = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
            paths.append(exe.deletingLastPathComponent().appendingPathComponent("share/facet/Themes"))
            paths.append(exe.appendingPathComponent("Themes"))
        }
        // This file is Sources/FacetApp/Shell/ThemeCatalog.swift in the checkout the binary was built from.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        paths.append(checkout.appendingPathComponent("Themes"))
        return paths
    }

    static func configDirectory(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("facet")
        }
        return URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config/facet")
    }

    /// The theme name the user asked for, by flag, environment or config file.
    public static func requestedName(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return "monochrome" }
        if let env = environment["FACET_THEME"], !env.isEmpty { return env }
        let config = configDirectory(environment: environment).appendingPathComponent("config.toml")
        if let text = try? String(contentsOf: config, encoding: .utf8),
           let table = try? TOMLTable(string: text), let name = table["theme"]?.string, !name.isEmpty {
            return name
        }
        return "default"
    }

    /// Loads the requested theme; on failure the compiled-in one, with a one-line warning.
    public static func choose(flag: String?, terminalColors: Int,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = Bundle.main.executableURL) -> Choice {
        let name = requestedName(flag: flag, environment: environment)
        let loader = ThemeLoader(searchPaths: searchPaths(environment: environment, executable: executable))
        if terminalColors == 0 || name == "monochrome" {
            let mono = (try? loader.load("monochrome")) ?? Theme.monochrome
            return Choice(theme: mono, warning: nil)
        }
        do {
            return Choice(theme: try loader.load(name), warning: nil)
        } catch {
            return Choice(theme: Theme.fallback, warning: "Theme \(name) not loaded (\(error)); using the built-in theme.")
        }
    }
}
