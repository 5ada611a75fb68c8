// Form fields. A field owns its value, reads the keys it understands and says what is wrong with
// its value in words a person can act on. Fields are classes so a form and its owner share them.

public protocol FormField: AnyObject {
    var label: String { get }
    /// Rows the field takes on screen.
    var height: Int { get }
    /// Whether the value differs from the one the form opened with.
    var isModified: Bool { get }
    /// Handles a key; false when the key is not for this field (the form then uses it).
    func handle(_ key: Key) -> Bool
    /// What is wrong with the value, or nil when it is acceptable.
    func validationMessage() -> String?
    /// Draws the input part (not the label) into `rect`; returns the cursor position when focused.
    func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)?
    /// Whether focus stops here (a line of information takes no input).
    var takesFocus: Bool { get }
    /// A message about the last key, shown beside the field at once (a refused character).
    var keyMessage: String? { get }
}

extension FormField {
    public var takesFocus: Bool { true }
    public var keyMessage: String? { nil }
}

/// A check on a value: nil when fine, else a message ("must be an email like name@example.org").
public typealias Validator<Value> = (Value) -> String?

public final class TextField: FormField {
    public let label: String
    public var isRequired: Bool
    public var validators: [Validator<String>]
    public var maxLength: Int?
    public var placeholder: String
    public private(set) var characters: [Character]
    public var cursor: Int
    /// Characters the field takes (a date takes digits and "-"); others are refused and
    /// `refusal` says why, until the next key.
    public var accepts: ((Character) -> Bool)?
    public var refusalMessage = "not allowed here"
    public private(set) var refusal: String?
    /// The widest the input is drawn (a date needs 10 cells, not the whole row).
    public var inputWidth: Int?
    private let original: String

    public init(_ label: String, value: String = "", required: Bool = false, maxLength: Int? = nil,
                placeholder: String = "", validators: [Validator<String>] = []) {
        self.label = label
        self.isRequired = required
        self.validators = validators
        self.maxLength = maxLength
        self.placeholder = placeholder
        self.characters = Array(value)
        self.cursor = characters.count
        self.original = value
    }

    public var value: String {
        get { String(characters) }
        set { characters = Array(newValue); cursor = characters.count }
    }

    /// The value without surrounding white space, as stored.
    public var trimmedValue: String { value.trimmingCharacters(in: .whitespacesAndNewlines) }
    public var height: Int { 1 }
    public var isModified: Bool { value != original }
    public var keyMessage: String? { refusal }

    public func handle(_ key: Key) -> Bool {
        refusal = nil
        switch key {
        case .char(let c):
            if let accepts, !accepts(c) { refusal = "“\(c)”: \(refusalMessage)"; return true }
            if let maxLength, characters.count >= maxLength { return true }
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .ctrl("u"): characters.removeAll(); cursor = 0
        case .ctrl("k"): characters.removeSubrange(cursor...)
        default: return false
        }
        return true
    }

    public func validationMessage() -> String? {
        let v = trimmedValue
        if v.isEmpty { return isRequired ? "required" : nil }
        for check in validators { if let m = check(v) { return m } }
        return nil
    }

    public func renderInput(in full: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        let rect = inputWidth.map { Rect(x: full.x, y: full.y, width: min(full.width, $0), height: full.height) } ?? full
        let style = focused ? theme[.inputFocused] : theme[.input]
        surface.fill(rect, style: style)
        if characters.isEmpty && !placeholder.isEmpty && !focused {
            surface.write(placeholder, in: rect, style: theme[.muted].adding(.underline))
            return nil
        }
        // Away from the cursor a value reads from its start, cut with "…" when it does not fit;
        // only while the cursor is in it does it scroll to keep the cursor in view.
        guard focused else {
            surface.write(DisplayWidth.truncate(String(characters), to: rect.width), x: rect.x, y: rect.y, style: style, clip: rect)
            return nil
        }
        let beforeCursor = DisplayWidth.of(String(characters[..<cursor]))
        var start = 0
        var skipped = 0
        while beforeCursor - skipped >= rect.width, start < characters.count {
            skipped += DisplayWidth.of(characters[start])
            start += 1
        }
        surface.write(String(characters[start...]), x: rect.x, y: rect.y, style: style, clip: rect)
        return focused ? (rect.x + beforeCursor - skipped, rect.y) : nil
    }
}

/// One of a list of options; ←/→ or Space move through them, a letter jumps to the next option
/// that starts with it.
public final class ChoiceField: FormField {
    public let label: String
    public var options: [String]
    public var selected: Int?
    public var isRequired: Bool
    private let original: Int?

    public init(_ label: String, options: [String], selected: Int? = nil, required: Bool = true) {
        self.label = label
        self.options = options
        self.selected = selected ?? (required && !options.isEmpty ? 0 : nil)
        self.isRequired = required
        self.original = self.selected
    }

    public var height: Int { 1 }
    public var isModified: Bool { selected != original }
    public var selectedOption: String? { selected.map { options[$0] } }

    public func handle(_ key: Key) -> Bool {
        guard !options.isEmpty else { return false }
        switch key {
        case .right, .char(" "):
            selected = selected.map { ($0 + 1) % options.count } ?? 0
        case .left:
            selected = selected.map { ($0 + options.count - 1) % options.count } ?? options.count - 1
        case .backspace, .delete:
            if !isRequired { selected = nil }
        case .char(let c):
            let start = (selected ?? -1) + 1
            let lower = String(c).lowercased()
            let order = Array(start..<options.count) + Array(0..<start)
            if let hit = order.first(where: { options[$0].lowercased().hasPrefix(lower) }) { selected = hit }
        default: return false
        }
        return true
    }

    public func validationMessage() -> String? {
        selected == nil && isRequired ? "choose one" : nil
    }

    public func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        let style = focused ? theme[.inputFocused] : theme[.input]
        let text = "‹ " + (selectedOption ?? "—") + " ›"
        surface.write(DisplayWidth.truncate(text, to: rect.width), x: rect.x, y: rect.y, style: style, clip: rect)
        return nil
    }
}

/// Any number of options, one per row, in a window of `visibleRows`; ↑/↓ move within it, Space
/// toggles, typing narrows the options to those containing the typed text (Backspace widens).
public final class MultiChoiceField: FormField {
    public let label: String
    public var options: [String]
    public var selected: Set<Int>
    public var minimum: Int
    /// Position in the currently shown (filtered) options.
    public var cursor = 0
    public private(set) var search = ""
    public let visibleRows: Int
    private var top = 0
    private let original: Set<Int>

    public init(_ label: String, options: [String], selected: Set<Int> = [], minimum: Int = 0, visibleRows: Int? = nil) {
        self.label = label
        self.options = options
        self.selected = selected
        self.minimum = minimum
        self.original = selected
        self.visibleRows = max(1, min(visibleRows ?? options.count, max(1, options.count)))
    }

    public var height: Int { visibleRows + (searchable ? 1 : 0) }
    public var isModified: Bool { selected != original }
    public var selectedOptions: [String] { selected.sorted().map { options[$0] } }
    /// Long lists get a search line.
    var searchable: Bool { options.count > visibleRows }

    /// The order options are listed in: those chosen when the form opened first (what the record
    /// has is seen without scrolling), then the rest; kept while the field is open so that
    /// ticking does not move the rows under the cursor.
    private lazy var order: [Int] = original.sorted() + options.indices.filter { !original.contains($0) }

    /// Indexes of the options shown for the current search.
    public var shown: [Int] {
        guard !search.isEmpty else { return order }
        return order.filter { options[$0].localizedCaseInsensitiveContains(search) }
    }

    public func handle(_ key: Key) -> Bool {
        let visible = shown
        switch key {
        case .char(" "):
            guard visible.indices.contains(cursor) else { return true }
            let option = visible[cursor]
            if selected.contains(option) { selected.remove(option) } else { selected.insert(option) }
        case .down where cursor < visible.count - 1: cursor += 1
        case .up where cursor > 0: cursor -= 1
        case .pageDown: cursor = min(max(0, visible.count - 1), cursor + visibleRows)
        case .pageUp: cursor = max(0, cursor - visibleRows)
        case .char(let c) where searchable:
            search.append(c); cursor = 0; top = 0
        case .backspace where searchable && !search.isEmpty:
            search.removeLast(); cursor = 0; top = 0
        default: return false
        }
        return true
    }

    public func validationMessage() -> String? {
        selected.count < minimum ? (minimum == 1 ? "choose at least one" : "choose at least \(minimum)") : nil
    }

    public func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        var y = rect.y
        if searchable {
            let summary = "\(selected.count) chosen" + (search.isEmpty ? " · type to search" : " · search: \(search)")
            surface.write(DisplayWidth.truncate(summary, to: rect.width), x: rect.x, y: y, style: theme[.muted], clip: rect)
            y += 1
        }
        let visible = shown
        if cursor < top { top = cursor }
        if cursor >= top + visibleRows { top = cursor - visibleRows + 1 }
        if visible.isEmpty {
            surface.write(DisplayWidth.truncate("nothing matches “\(search)” (Backspace)", to: rect.width), x: rect.x, y: y, style: theme[.muted], clip: rect)
        }
        for (row, option) in visible.dropFirst(top).prefix(visibleRows).enumerated() {
            let mark = selected.contains(option) ? "[x] " : "[ ] "
            let style = focused && top + row == cursor ? theme[.inputFocused] : theme[.text]
            surface.write(DisplayWidth.truncate(mark + options[option], to: rect.width), x: rect.x, y: y + row, style: style, clip: rect)
        }
        return nil
    }
}

/// One item chosen from a long, searchable list: typing narrows the matches shown below the input,
/// ↑/↓ choose among them. `search` supplies matches (so a list of thousands is never loaded);
/// `allowsNew` adds a last entry that proposes the typed text as a new item.
public final class SearchPickerField: FormField {
    public struct Item: Equatable, Sendable {
        public var id: Int64
        public var label: String
        public init(id: Int64, label: String) { self.id = id; self.label = label }
    }

    public enum Choice: Equatable, Sendable {
        case existing(Item)
        /// A new item to create with this name.
        case new(String)
    }

    public let label: String
    public let isRequired: Bool
    public let allowsNew: Bool
    public let matchRows: Int
    /// How the "create a new one" entry reads ("+ new item “Name”"): the caller's words.
    public let newItemLabel: (String) -> String
    /// Whether a typed name is the same as an item's (the caller may ignore accents): when one is,
    /// no new item is offered — the user picks the one that exists.
    public let isSameName: (String, String) -> Bool
    public private(set) var query: String = ""
    public private(set) var choice: Choice?
    private let search: (String) -> [Item]
    private var matches: [Item] = []
    private var cursor = 0
    private let original: Choice?

    public init(_ label: String, initial: Item?, required: Bool = true, allowsNew: Bool = false, matchRows: Int = 4,
                newItemLabel: @escaping (String) -> String = { "+ new “\($0)”" },
                isSameName: @escaping (String, String) -> Bool = { $0.lowercased() == $1.lowercased() },
                search: @escaping (String) -> [Item]) {
        self.label = label
        self.newItemLabel = newItemLabel
        self.isSameName = isSameName
        self.isRequired = required
        self.allowsNew = allowsNew
        self.matchRows = matchRows
        self.search = search
        self.choice = initial.map(Choice.existing)
        self.original = self.choice
    }

    public var height: Int { 1 + matchRows }
    public var isModified: Bool { choice != original }

    /// What the user can pick from for the current query (matches, then "new" when allowed).
    var entries: [Choice] {
        var list = matches.map(Choice.existing)
        let typed = query.trimmingCharacters(in: .whitespaces)
        if allowsNew, !typed.isEmpty, !matches.contains(where: { isSameName($0.label, typed) }) {
            list.append(.new(typed))
        }
        return list
    }

    public func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            query.append(c); refresh()
        case .backspace:
            guard !query.isEmpty else { return true }
            query.removeLast(); refresh()
        case .ctrl("u"):
            query = ""; refresh()
        case .down:
            guard cursor < entries.count - 1 else { return false }
            cursor += 1; choice = entries[cursor]
        case .up:
            guard cursor > 0, !entries.isEmpty else { return false }
            cursor -= 1; choice = entries[cursor]
        default:
            return false
        }
        return true
    }

    private func refresh() {
        matches = query.isEmpty ? [] : search(query)
        cursor = 0
        choice = entries.first ?? (query.isEmpty ? original : nil)
    }

    public func validationMessage() -> String? {
        if choice == nil { return query.isEmpty ? (isRequired ? "required: type to search" : nil) : "no match: refine the search" }
        return nil
    }

    public func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        let style = focused ? theme[.inputFocused] : theme[.input]
        let inputRect = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        surface.fill(inputRect, style: style)
        let shown: String
        switch choice {
        case .existing(let item)?: shown = item.label
        case .new(let name)?: shown = "new: " + name
        case nil: shown = ""
        }
        let text = query.isEmpty ? shown : query
        surface.write(text, x: rect.x, y: rect.y, style: style, clip: inputRect)
        if focused || !query.isEmpty {
            for (i, entry) in entries.prefix(matchRows).enumerated() {
                let line: String
                switch entry {
                case .existing(let item): line = item.label
                case .new(let name): line = newItemLabel(name)
                }
                let entryStyle = entry == choice ? theme[.selection] : theme[.muted]
                surface.write(DisplayWidth.fit(line, to: rect.width), x: rect.x, y: rect.y + 1 + i, style: entryStyle, clip: rect)
            }
        }
        return focused ? (rect.x + min(rect.width - 1, DisplayWidth.of(text)), rect.y) : nil
    }
}

/// A line of information inside a form (a computed criterion, a hint); takes no input.
public final class NoteField: FormField {
    public let label: String
    public var text: String
    public var role: ThemeRole

    public init(_ label: String, text: String, role: ThemeRole = .muted) {
        self.label = label
        self.text = text
        self.role = role
    }

    public var height: Int { 1 }
    public var isModified: Bool { false }
    public var takesFocus: Bool { false }
    public func handle(_ key: Key) -> Bool { false }
    public func validationMessage() -> String? { nil }
    public func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        surface.write(DisplayWidth.truncate(text, to: rect.width), x: rect.x, y: rect.y, style: theme[role], clip: rect)
        return nil
    }
}

public final class Checkbox: FormField {
    public let label: String
    public var isOn: Bool
    private let original: Bool

    public init(_ label: String, isOn: Bool = false) {
        self.label = label
        self.isOn = isOn
        self.original = isOn
    }

    public var height: Int { 1 }
    public var isModified: Bool { isOn != original }

    public func handle(_ key: Key) -> Bool {
        switch key {
        case .char(" "), .char("x"): isOn.toggle()
        case .char("y"), .char("Y"): isOn = true
        case .char("n"), .char("N"): isOn = false
        default: return false
        }
        return true
    }

    public func validationMessage() -> String? { nil }

    public func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        let style = focused ? theme[.inputFocused] : theme[.text]
        surface.write(isOn ? "[x] yes" : "[ ] no", x: rect.x, y: rect.y, style: style, clip: rect)
        return nil
    }
}

/// Several lines of text; Enter starts a new line, ↑/↓ move between lines.
public final class TextArea: FormField {
    public let label: String
    public var isRequired: Bool
    public let rows: Int
    public private(set) var lines: [[Character]]
    public var line = 0
    public var column = 0
    private let original: String

    public init(_ label: String, value: String = "", rows: Int = 4, required: Bool = false) {
        self.label = label
        self.isRequired = required
        self.rows = max(2, rows)
        self.lines = value.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        if lines.isEmpty { lines = [[]] }
        self.original = value
    }

    public var value: String { lines.map { String($0) }.joined(separator: "\n") }
    public var height: Int { rows }
    public var isModified: Bool { value != original }

    public func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            lines[line].insert(c, at: column); column += 1
        case .enter:
            let rest = Array(lines[line][column...])
            lines[line].removeSubrange(column...)
            lines.insert(rest, at: line + 1)
            line += 1; column = 0
        case .backspace:
            if column > 0 {
                lines[line].remove(at: column - 1); column -= 1
            } else if line > 0 {
                column = lines[line - 1].count
                lines[line - 1] += lines[line]
                lines.remove(at: line)
                line -= 1
            }
        case .delete:
            if column < lines[line].count { lines[line].remove(at: column) } else if line + 1 < lines.count {
                lines[line] += lines[line + 1]; lines.remove(at: line + 1)
            }
        case .left:
            if column > 0 { column -= 1 } else if line > 0 { line -= 1; column = lines[line].count }
        case .right:
            if column < lines[line].count { column += 1 } else if line + 1 < lines.count { line += 1; column = 0 }
        case .up where line > 0:
            line -= 1; column = min(column, lines[line].count)
        case .down where line + 1 < lines.count:
            line += 1; column = min(column, lines[line].count)
        case .home, .ctrl("a"): column = 0
        case .end, .ctrl("e"): column = lines[line].count
        default: return false
        }
        return true
    }

    public func validationMessage() -> String? {
        isRequired && value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "required" : nil
    }

    public func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        let style = focused ? theme[.inputFocused] : theme[.input]
        surface.fill(rect, style: style)
        let firstLine = max(0, line - rect.height + 1)
        for (i, l) in lines.dropFirst(firstLine).prefix(rect.height).enumerated() {
            surface.write(String(l), x: rect.x, y: rect.y + i, style: style, clip: rect)
        }
        guard focused else { return nil }
        let x = rect.x + min(rect.width - 1, DisplayWidth.of(String(lines[line][..<column])))
        return (x, rect.y + line - firstLine)
    }
}
