import FacetModel
import FacetStore
import TermUI

/// Dates typed as YYYY-MM-DD: a text field that takes digits and "-" and checks the day is real.
enum DayInput {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    static func field(_ label: String, value: Day?, required: Bool) -> TextField {
        let field = TextField(label, value: value?.description ?? "", required: required, maxLength: 10,
                              placeholder: "YYYY-MM-DD", validators: [check])
        field.accepts = { $0.isNumber || $0 == "-" }
        field.refusalMessage = "use digits and “-”"
        field.inputWidth = 12
        return field
    }

    static func check(_ raw: String) -> String? {
        guard Day(raw) == nil else { return nil }
        let parts = raw.split(separator: "-")
        if parts.count == 3, let m = Int(parts[1]), (1...12).contains(m), let y = Int(parts[0]), parts[0].count == 4 {
            return "\(monthNames[m - 1]) \(y) has \(Day.daysIn(month: m, year: y)) days"
        }
        return "not a date: use YYYY-MM-DD, e.g. 2026-09-01"
    }
}

/// One editable column: how its stored value becomes a form field and back.
struct EditableColumn {
    let column: String
    let label: String
    let makeField: (StoredValue?) -> FormField
    let read: (FormField) -> StoredValue
    /// The value as people read it (a school's name rather than its id), for the conflict screen.
    let display: (StoredValue) -> String

    static func text(_ column: String, _ label: String, required: Bool = false, maxLength: Int? = nil,
                     validators: [Validator<String>] = []) -> EditableColumn {
        EditableColumn(column: column, label: label,
                       makeField: { TextField(label, value: $0?.text ?? "", required: required, maxLength: maxLength, validators: validators) },
                       read: { .text(($0 as! TextField).trimmedValue) },
                       display: { $0.text })
    }

    static func date(_ column: String, _ label: String, required: Bool = false) -> EditableColumn {
        EditableColumn(column: column, label: label,
                       makeField: { DayInput.field(label, value: $0.flatMap { Day($0.text) }, required: required) },
                       read: { f in Day((f as! TextField).trimmedValue).map { .text($0.description) } ?? .null },
                       display: { $0.text.isEmpty ? "—" : $0.text })
    }

    static func textArea(_ column: String, _ label: String, rows: Int = 3) -> EditableColumn {
        EditableColumn(column: column, label: label,
                       makeField: { TextArea(label, value: $0?.text ?? "", rows: rows) },
                       read: { .text(($0 as! TextArea).value.trimmingCharacters(in: .whitespacesAndNewlines)) },
                       display: { $0.text.replacingOccurrences(of: "\n", with: " ⏎ ") })
    }

    static func checkbox(_ column: String, _ label: String, defaultOn: Bool = false) -> EditableColumn {
        EditableColumn(column: column, label: label,
                       makeField: { Checkbox(label, isOn: $0.map { $0.integerValue == 1 } ?? defaultOn) },
                       read: { .integer(($0 as! Checkbox).isOn ? 1 : 0) },
                       display: { $0.integerValue == 1 ? "yes" : "no" })
    }

    /// One of fixed options, each a stored value and its label; `emptyLabel` allows no choice (NULL).
    static func choice(_ column: String, _ label: String, options: [(value: StoredValue, label: String)],
                       emptyLabel: String? = nil) -> EditableColumn {
        let all = (emptyLabel.map { [(StoredValue.null, $0)] } ?? []) + options
        return EditableColumn(column: column, label: label,
                              makeField: { stored in
                                  let index = stored.flatMap { s in all.firstIndex { $0.0 == s } } ?? 0
                                  return ChoiceField(label, options: all.map(\.1), selected: index, required: true)
                              },
                              read: { f in all[(f as! ChoiceField).selected ?? 0].0 },
                              display: { s in all.first { $0.0 == s }?.1 ?? s.text })
    }

    static func choice<C: Choice>(_ column: String, _ label: String, _ type: C.Type) -> EditableColumn {
        choice(column, label, options: C.allCases.map { (.text($0.rawValue), $0.label) })
    }
}

/// How one kind of record is edited: its fields, and how it is loaded and saved. Most records are
/// one table row; a partnership also carries its schools, areas and partner (see PartnershipEditor).
/// Sendable because saves run off the key path: its closures only read what they captured when
/// the editor was made (choices, the store, which is thread-safe) and write through the store.
struct RecordEditor: @unchecked Sendable {
    let entity: Entity
    let noun: String
    let columns: [EditableColumn]
    /// The record as the form's columns see it, or nil when it is gone.
    var load: (FacetStore, Int64) throws -> [String: StoredValue]?
    /// Writes a new record (id nil) or the `changes` to one at `version`; returns its id.
    var save: (FacetStore, _ id: Int64?, _ version: Int, _ values: [String: StoredValue], _ changes: [String: StoredValue]) throws -> Int64
    /// Checks across fields, by column: shown beside that column's field and blocking the save.
    var crossChecks: ([String: StoredValue], _ recordID: Int64?) -> [(column: String, message: String)] = { _, _ in [] }
    /// A record's name for titles and messages.
    var name: ([String: StoredValue]) -> String = { $0["name"]?.text ?? $0["code"]?.text ?? "" }

    /// A plain table: loaded and saved column by column through the audited store.
    init(entity table: Entity, noun: String, columns: [EditableColumn],
         derived: @escaping ([String: StoredValue]) -> [String: StoredValue] = { _ in [:] },
         crossChecks: @escaping ([String: StoredValue], Int64?) -> [(column: String, message: String)] = { _, _ in [] },
         name: (([String: StoredValue]) -> String)? = nil) {
        self.entity = table
        self.noun = noun
        self.columns = columns
        self.load = { store, id in try store.fetchRecord(table, id: id) }
        self.save = { store, id, version, values, changes in
            if let id {
                // Derived columns (a partner's folded name) follow any change; unchanged ones are not written.
                try store.updateRecord(table, id: id, expectedVersion: version, changes: changes.merging(derived(values)) { a, _ in a })
                return id
            }
            return try store.insertRecord(table, values: values.merging(derived(values)) { a, _ in a })
        }
        self.crossChecks = crossChecks
        if let name { self.name = name }
    }

    init(entity: Entity, noun: String, columns: [EditableColumn],
         load: @escaping (FacetStore, Int64) throws -> [String: StoredValue]?,
         save: @escaping (FacetStore, Int64?, Int, [String: StoredValue], [String: StoredValue]) throws -> Int64,
         crossChecks: @escaping ([String: StoredValue], Int64?) -> [(column: String, message: String)],
         name: @escaping ([String: StoredValue]) -> String) {
        self.entity = entity; self.noun = noun; self.columns = columns
        self.load = load; self.save = save; self.crossChecks = crossChecks; self.name = name
    }

}

/// A form open on one record (or a new one), with what it was loaded from.
final class EditSession {
    let editor: RecordEditor
    let form: Form
    let recordID: Int64?
    /// The version the form was loaded at; a save expects to find it still.
    var version: Int
    let original: [String: StoredValue]
    private let fields: [(EditableColumn, FormField)]

    /// `draft` reopens input kept from an ended session: the fields show it, the version stays the
    /// one it was loaded at, so saving still meets anyone else's change as a conflict.
    init(editor: RecordEditor, recordID: Int64?, stored: [String: StoredValue]?, draft: Draft? = nil) {
        self.editor = editor
        self.recordID = recordID
        self.version = draft?.version ?? Int(stored?["version"]?.integerValue ?? 0)
        self.original = draft?.original ?? Dictionary(uniqueKeysWithValues: editor.columns.map { c in (c.column, c.read(c.makeField(stored?[c.column]))) })
        let pairs = editor.columns.map { c in (c, c.makeField(draft?.values[c.column] ?? stored?[c.column])) }
        self.fields = pairs
        let title = recordID == nil ? "New \(editor.noun)" : "Edit \(editor.noun) — \(stored.map(editor.name) ?? "#\(recordID!)")"
        self.form = Form(title: title, fields: pairs.map(\.1))
        let columns = editor.columns.map(\.column)
        form.crossChecks = { [unowned self] in
            editor.crossChecks(self.values, recordID).compactMap { check in
                columns.firstIndex(of: check.column).map { ($0, check.message) }
            }
        }
    }

    /// The values in the form, by column.
    var values: [String: StoredValue] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.0.column, $0.0.read($0.1)) })
    }

    /// Only what the user changed, so a save never rewrites fields someone else may have changed.
    var changes: [String: StoredValue] { values.filter { original[$0.key] != $0.value } }

    /// The conflict screen's rows: every editable field where the form and the stored record differ.
    func mergeRows(stored: [String: StoredValue]) -> [MergeView.Row] {
        let mine = values
        return editor.columns.compactMap { c in
            let yours = mine[c.column] ?? .null, theirs = stored[c.column] ?? .null
            guard yours != theirs else { return nil }
            var row = MergeView.Row(key: c.column, label: c.label, yours: c.display(yours), theirs: c.display(theirs))
            // A field only they changed starts on theirs; anything the user changed starts on yours.
            if yours == original[c.column] { row.choice = .theirs }
            return row
        }
    }
}
