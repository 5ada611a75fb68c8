import FacetModel
import FacetStore
import TermUI

extension EditableColumn {
    /// A number typed as digits (and a point when `decimal`); blank is NULL when not required.
    static func number(_ column: String, _ label: String, required: Bool = false, decimal: Bool = false,
                       range: ClosedRange<Double>, placeholder: String = "") -> EditableColumn {
        func check(_ raw: String) -> String? {
            guard !raw.isEmpty else { return nil }
            guard let value = Double(raw), decimal || Int(raw) != nil else {
                return decimal ? "a number, e.g. 1.5" : "a whole number, e.g. 12"
            }
            guard range.contains(value) else {
                let f: (Double) -> String = { decimal ? String($0) : String(Int($0)) }
                return "from \(f(range.lowerBound)) to \(f(range.upperBound))"
            }
            return nil
        }
        return EditableColumn(column: column, label: label,
                              makeField: { stored in
                                  let text: String
                                  switch stored {
                                  case .real(let d)?: text = d == d.rounded() && !decimal ? String(Int(d)) : String(d)
                                  case let v?: text = v.text
                                  case nil: text = ""
                                  }
                                  let field = TextField(label, value: text, required: required, maxLength: 8, placeholder: placeholder, validators: [check])
                                  field.accepts = { $0.isNumber || (decimal && $0 == ".") }
                                  field.refusalMessage = decimal ? "digits and a point" : "digits only"
                                  field.inputWidth = 10
                                  return field
                              },
                              read: { f in
                                  let raw = (f as! TextField).trimmedValue
                                  if raw.isEmpty { return .null }
                                  if !decimal, let i = Int64(raw) { return .integer(i) }
                                  return Double(raw).map(StoredValue.real) ?? .text(raw)
                              },
                              display: { $0 == .null ? "—" : $0.text })
    }
}

/// The forms of professional development: courses, sessions, a registration, the grace period.
enum TrainingEditors {
    static func course() -> RecordEditor {
        let roles = EmployeeRole.allCases
        let rolesColumn = EditableColumn(
            column: "required_roles", label: "Required of",
            makeField: { stored in
                let chosen = Course.roles(stored: stored?.text ?? "")
                return MultiChoiceField("Required of", options: roles.map(\.label),
                                        selected: Set(roles.indices.filter { chosen.contains(roles[$0]) }))
            },
            read: { f in .text(Course.storedRoles(Set((f as! MultiChoiceField).selected.map { roles[$0] }))) },
            display: { v in
                let chosen = Course.roles(stored: v.text)
                return chosen.isEmpty ? "no one (elective)" : roles.filter(chosen.contains).map(\.label).joined(separator: ", ")
            })
        return RecordEditor(entity: .pdCourses, noun: "course", columns: [
            .text("code", "Code", required: true, maxLength: 12),
            .text("title", "Title", required: true, maxLength: 120),
            .choice("topic", "Topic", CourseTopic.self),
            .number("hours", "Hours", required: true, decimal: true, range: 0.25...100),
            rolesColumn,
            .number("renewal_months", "Renew every (months)", range: 1...120, placeholder: "blank: once"),
        ], name: { $0["title"]?.text ?? "" })
    }

    static func session(store: FacetStore) -> RecordEditor {
        let courses = (try? store.courseOptions()) ?? []
        let timeCheck: Validator<String> = { raw in
            guard !raw.isEmpty else { return nil }
            let parts = raw.split(separator: ":")
            guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else {
                return "a time as HH:MM, e.g. 15:30"
            }
            return nil
        }
        var editor = RecordEditor(entity: .pdSessions, noun: "session", columns: [
            .choice("course_id", "Course", options: courses.map { (.integer($0.id), $0.name) }),
            .date("day", "Day", required: true),
            .text("time", "Time", maxLength: 5, validators: [timeCheck]),
            .text("place", "Place", required: true, maxLength: 120),
            .text("facilitator", "Facilitator", maxLength: 120),
            .number("capacity", "Capacity", required: true, range: 1...2000),
        ], name: { v in
            let course = courses.first { .integer($0.id) == v["course_id"] }?.name.split(separator: " ").first.map(String.init) ?? "session"
            return "\(course) \(v["day"]?.text ?? "")"
        })
        editor.save = { store, id, version, values, changes in
            try store.saveSession(id: id, expectedVersion: version, values: id == nil ? values : changes)
        }
        return editor
    }

    /// Registering someone for a session: type part of a name or number, pick them.
    static func registration(sessionID: Int64, store: FacetStore) -> RecordEditor {
        let employee = EditableColumn(
            column: "employee_id", label: "Employee",
            makeField: { _ in
                SearchPickerField("Employee", initial: nil, matchRows: 6) { text in
                    ((try? store.checkInMatches(sessionID: sessionID, text: text, limit: 6)) ?? []).map {
                        SearchPickerField.Item(id: $0.employeeID, label: "\($0.name) · \($0.number) · \($0.school)" + ($0.status.map { " (\($0.label.lowercased()))" } ?? ""))
                    }
                }
            },
            read: { f in
                if case .existing(let item)? = (f as! SearchPickerField).choice { return .integer(item.id) }
                return .null
            },
            display: { $0.text })
        return RecordEditor(entity: .pdEnrollments, noun: "registration", columns: [employee],
                            load: { _, _ in nil },
                            save: { store, _, _, values, _ in
                                guard let id = values["employee_id"]?.integerValue else { throw StoreError.invalid("Pick someone first.") }
                                return try store.register(sessionID: sessionID, employeeID: id).id
                            },
                            crossChecks: { _, _ in [] },
                            name: { _ in "" })
    }

    /// The admin's settings of compliance: the grace period of new hires.
    static func settings() -> RecordEditor {
        RecordEditor(entity: .pdSettings, noun: "compliance setting", columns: [
            .number("grace_days", "New-hire grace (days)", required: true, range: 0...730),
        ], name: { _ in "grace period" })
    }
}
