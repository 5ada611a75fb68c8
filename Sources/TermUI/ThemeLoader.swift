import Foundation
import TOMLKit

/// Loads TOML theme files: a `[palette]` of named colours, `inherits` another theme by name, and one
/// table per role (`[selection] fg = "…" bg = "…" attrs = ["bold"]`) or a plain colour string;
/// `[selection]` also takes `span = "lead"` or `"row"` (see `SelectionSpan`).
public struct ThemeLoader: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Folders searched in order; the first that holds NAME.toml wins.
    public var searchPaths: [URL]

    public init(searchPaths: [URL]) { self.searchPaths = searchPaths }

    /// The file for a theme name, or the name itself when it is a path to a file.
    public func locate(_ name: String) -> URL? {
        let fm = FileManager.default
        if name.hasSuffix(".toml") || name.contains("/") {
            return fm.fileExists(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        for folder in searchPaths {
            let candidate = folder.appendingPathComponent(name + ".toml")
            if fm.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Names of the themes that can be found, without duplicates, sorted.
    public func availableThemes() -> [String] {
        var names = Set<String>()
        for folder in searchPaths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted()
    }

    public func load(_ name: String) throws -> Theme {
        try load(name, seen: [])
    }

    private func load(_ name: String, seen: [String]) throws -> Theme {
        if seen.contains(name) {
            throw Failure(description: "theme \(name) inherits itself (\((seen + [name]).joined(separator: " → ")))")
        }
        guard let url = locate(name) else {
            throw Failure(description: "no theme named \(name) in \(searchPaths.map(\.path).joined(separator: ", "))")
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw Failure(description: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(text, name: url.deletingPathExtension().lastPathComponent, origin: url.path,
                         seen: seen + [name])
    }

    /// Parses theme text; `inherits` is resolved through the search paths.
    public func parse(_ text: String, name: String, origin: String = "theme", seen: [String] = []) throws -> Theme {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw Failure(description: "\(origin):\(error.source.begin.line): \(error.description)")
        } catch {
            throw Failure(description: "\(origin): \(error)")
        }
        var theme = Theme(name: name, styles: [:])
        if let parent = table["inherits"]?.string {
            let inherited = try load(parent, seen: seen)
            theme.styles = inherited.styles
            theme.selectionSpan = inherited.selectionSpan
        }
        var palette: [String: Color] = [:]
        if let paletteTable = table["palette"]?.table {
            for (key, value) in paletteTable {
                guard let s = value.string, let c = Color(parsing: s) else {
                    throw Failure(description: "\(origin): palette colour \(key) is not a colour name, 0–255 or #rrggbb")
                }
                palette[key] = c
            }
        }
        func color(_ value: String, role: String) throws -> Color {
            if let named = palette[value] { return named }
            if let c = Color(parsing: value) { return c }
            throw Failure(description: "\(origin): [\(role)] colour \"\(value)\" is neither in [palette] nor a colour")
        }
        for (key, value) in table where key != "inherits" && key != "palette" && key != "name" {
            guard let role = ThemeRole(rawValue: key) else {
                throw Failure(description: "\(origin): unknown role [\(key)]; roles are \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var style = Style()
            if let s = value.string {
                style.foreground = try color(s, role: key)
            } else if let t = value.table {
                if let fg = t["fg"]?.string { style.foreground = try color(fg, role: key) }
                if let bg = t["bg"]?.string { style.background = try color(bg, role: key) }
                if let span = t["span"] {
                    guard role == .selection, let name = span.string, let parsed = SelectionSpan(rawValue: name) else {
                        throw Failure(description: "\(origin): [\(key)] span must be \"lead\" or \"row\", in [selection] only")
                    }
                    theme.selectionSpan = parsed
                }
                if let attrs = t["attrs"]?.array {
                    for a in attrs {
                        guard let n = a.string, let attr = TextAttributes(parsing: n) else {
                            throw Failure(description: "\(origin): [\(key)] attribute \(a) is not one of bold, dim, underline, reverse, italic")
                        }
                        style.attributes.insert(attr)
                    }
                }
            } else {
                throw Failure(description: "\(origin): [\(key)] must be a table or a colour string")
            }
            theme.styles[role] = style
        }
        return theme
    }
}
