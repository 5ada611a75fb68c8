// Key bindings as data, in the style of calcurse's keydef table and Bubble Tea's key.Binding:
// one table answers "what does this key do here", "what goes on the status line" and "what does
// help list", so the three cannot disagree.

public struct KeyBinding<Action: Hashable & Sendable>: Sendable {
    public var action: Action
    public var keys: [Key]
    /// Short words for the status line and help ("new", "filter").
    public var label: String
    /// The context this binding belongs to ("global", "list", "form"…), shown as a help section.
    public var context: String
    /// Whether the status line shows it (help always does).
    public var showInStatus: Bool
    /// How the keys are named on screen when not simply listed ("←/→" for a pair of bindings).
    public var displayKeys: String?

    public init(_ action: Action, keys: [Key], label: String, context: String, showInStatus: Bool = true,
                displayKeys: String? = nil) {
        self.action = action
        self.keys = keys
        self.label = label
        self.context = context
        self.showInStatus = showInStatus
        self.displayKeys = displayKeys
    }

    /// "1/F1" style key names for help.
    public var keyNames: String { displayKeys ?? keys.map(\.description).joined(separator: "/") }

    /// The name of the first key, for the status line.
    public var shortKeyName: String { displayKeys ?? keys.first?.description ?? "" }
}

public struct BindingTable<Action: Hashable & Sendable>: Sendable {
    public var bindings: [KeyBinding<Action>]

    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    /// Every context named in the table, in the order they first appear.
    public var contexts: [String] {
        var seen: [String] = []
        for b in bindings where !seen.contains(b.context) { seen.append(b.context) }
        return seen
    }

    /// The action bound to `key` anywhere in the table.
    public func action(for key: Key) -> Action? { action(for: key, in: contexts) }

    /// The action bound to `key` within the given contexts, searched in order (most specific first).
    public func action(for key: Key, in contexts: [String]) -> Action? {
        for context in contexts {
            if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return b.action
            }
        }
        return nil
    }

    public func bindings(in contexts: [String]) -> [KeyBinding<Action>] {
        contexts.flatMap { c in bindings.filter { $0.context == c } }
    }

    /// Status-line hints ("n new", "/ filter") for the contexts, most specific first.
    /// `available` hides actions the user cannot take here (a role without the right).
    public func statusHints(in contexts: [String], available: (Action) -> Bool = { _ in true }) -> [(keys: String, label: String)] {
        bindings(in: contexts).filter { $0.showInStatus && available($0.action) }.map { ($0.shortKeyName, $0.label) }
    }

    /// Help sections: one per context with every binding's keys and label.
    public func helpSections(in contexts: [String], titles: [String: String] = [:],
                             available: (Action) -> Bool = { _ in true }) -> [HelpSection] {
        contexts.compactMap { c in
            let rows = bindings.filter { $0.context == c && available($0.action) }.map { HelpSection.Row(keys: $0.keyNames, label: $0.label) }
            return rows.isEmpty ? nil : HelpSection(title: titles[c] ?? c, rows: rows)
        }
    }
}

public struct HelpSection: Sendable {
    public struct Row: Sendable {
        public var keys: String
        public var label: String
        public init(keys: String, label: String) { self.keys = keys; self.label = label }
    }
    public var title: String
    public var rows: [Row]
    public init(title: String, rows: [Row]) { self.title = title; self.rows = rows }
}
