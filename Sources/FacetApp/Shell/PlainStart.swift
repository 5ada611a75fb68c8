/// The arguments of a plain start — `facet`, with at most `--db PATH` and `--theme NAME` — recognised
/// without the command-line parser. Building the parser's description of every subcommand costs about
/// as much as the whole first frame, and a plain start is what a coordinator does every morning.
/// Anything else (a subcommand, `--help`, a typo, a value that looks like an option) is not a plain
/// start and goes to the parser, which owns every message about arguments.
public struct PlainStart: Equatable, Sendable {
    public var db: String?
    public var theme: String?

    public init(db: String? = nil, theme: String? = nil) {
        self.db = db
        self.theme = theme
    }

    /// nil when `arguments` (without the program name) are not those of a plain start.
    public init?(arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            let (name, inlineValue) = Self.split(argument)
            guard name == "--db" || name == "--theme" else { return nil }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard let next = rest.popFirst() else { return nil }
                value = next
            }
            // An empty value, one that looks like an option, or an option given twice: the parser says what is wrong.
            guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
            if name == "--db" {
                guard db == nil else { return nil }
                db = value
            } else {
                guard theme == nil else { return nil }
                theme = value
            }
        }
    }

    private static func split(_ argument: String) -> (name: Substring, value: String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument[...], nil) }
        return (argument[..<equals], String(argument[argument.index(after: equals)...]))
    }
}
