import FacetModel
import FacetStore
import TermUI

/// A partnership in the shape forms and the conflict screen use: one value per field, its schools
/// and priority areas as id lists, its partner as an id (or the name of a partner to create).
enum PartnershipEditor {
    static func ids(_ value: StoredValue?) -> Set<Int64> {
        Set((value?.text ?? "").split(separator: ",").compactMap { Int64($0) })
    }

    static func idList(_ ids: Set<Int64>) -> StoredValue { .text(ids.sorted().map(String.init).joined(separator: ",")) }

    /// The partnership as the form's values: its own columns (from the store's record) plus its
    /// links as id lists, its version and its partner's name.
    static func values(of p: Partnership, partnerName: String) -> [String: StoredValue] {
        FacetStore.columnValues(of: p).merging([
            "schools": idList(p.schoolIDs), "priority_areas": idList(p.priorityAreaIDs),
            "version": .integer(Int64(p.version)), "name": .text(partnerName),
        ]) { _, link in link }
    }

    /// Applies form values onto a partnership (the fields the form has; review stamps and confirmed
    /// criteria stay as they are). A partner typed as a new name is not an id: it is created on save.
    static func apply(_ v: [String: StoredValue], to p: inout Partnership) {
        var columns = v
        if columns["partner_id"]?.integerValue == nil { columns["partner_id"] = nil }
        p = FacetStore.partnership(p, applying: columns)
        if v["schools"] != nil { p.schoolIDs = ids(v["schools"]) }
        if v["priority_areas"] != nil { p.priorityAreaIDs = ids(v["priority_areas"]) }
    }

    static func editor(store: FacetStore) -> RecordEditor {
        let schools = (try? store.schoolOptions()) ?? []
        let areas = (try? store.priorityAreas()) ?? []
        let schoolIndex = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($0.element.id, $0.offset) })
        let areaIndex = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($0.element.id, $0.offset) })
        let schoolNames = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0.name) })
        let areaNames = Dictionary(uniqueKeysWithValues: areas.map { ($0.id, $0.name) })

        let partner = EditableColumn(
            column: "partner_id", label: "Partner",
            makeField: { stored in
                let initial = stored?.integerValue.flatMap { id in (try? store.partnerName(id: id)).flatMap { $0 }.map { SearchPickerField.Item(id: id, label: $0) } }
                return SearchPickerField("Partner", initial: initial, allowsNew: true, newItemLabel: { "+ new partner “\($0)”" },
                                         isSameName: { Validation.foldedName($0) == Validation.foldedName($1) }) { text in
                    ((try? store.partnerOptions(matching: text, limit: 4)) ?? []).map { SearchPickerField.Item(id: $0.id, label: $0.name) }
                }
            },
            read: { field in
                switch (field as! SearchPickerField).choice {
                case .existing(let item)?: return .integer(item.id)
                case .new(let name)?: return .text(name)
                case nil: return .null
                }
            },
            display: { value in
                if let id = value.integerValue { return ((try? store.partnerName(id: id)) ?? nil) ?? "#\(id)" }
                return value == .null ? "—" : "new: \(value.text)"
            })
        let schoolsColumn = EditableColumn(
            column: "schools", label: "Schools",
            makeField: { stored in
                MultiChoiceField("Schools", options: schools.map(\.name),
                                 selected: Set(ids(stored).compactMap { schoolIndex[$0] }), visibleRows: 5)
            },
            read: { field in idList(Set((field as! MultiChoiceField).selected.map { schools[$0].id })) },
            display: { value in
                let names = ids(value).compactMap { schoolNames[$0] }.sorted()
                return names.isEmpty ? "none" : names.joined(separator: ", ")
            })
        let areasColumn = EditableColumn(
            column: "priority_areas", label: "Priority areas",
            makeField: { stored in
                MultiChoiceField("Priority areas", options: areas.map { $0.name + ($0.retired ? " (retired)" : "") },
                                 selected: Set(ids(stored).compactMap { areaIndex[$0] }))
            },
            read: { field in idList(Set((field as! MultiChoiceField).selected.map { areas[$0].id })) },
            display: { value in
                let names = ids(value).compactMap { areaNames[$0] }.sorted()
                return names.isEmpty ? "none" : names.joined(separator: ", ")
            })

        let columns: [EditableColumn] = [
            partner,
            .checkbox("district_wide", "District-wide"),
            schoolsColumn,
            areasColumn,
        ] + TierReferenceField.columns(store: store) + [
            .choice("status", "Status", PartnershipStatus.self),
            .text("services", "Services offered", maxLength: 400),
            .date("start_date", "Start date"),
            .date("end_date", "End date"),
            .date("agreement_signed", "Agreement signed"),
            .checkbox("data_sharing", "Data-sharing agreement"),
            .checkbox("background_checks", "Background checks done"),
            .textArea("outcome_measures", "Outcome measures"),
            .textArea("notes", "Notes"),
        ]

        return RecordEditor(
            entity: .partnerships, noun: "partnership", columns: columns,
            load: { store, id in
                guard let p = try store.partnership(id: id) else { return nil }
                return values(of: p, partnerName: (try store.partnerName(id: p.partnerID)) ?? "")
            },
            save: { store, id, version, values, changes in
                var p: Partnership
                if let id {
                    guard let current = try store.partnership(id: id) else { throw StoreError.notFound(entity: Entity.partnerships.table, id: id) }
                    p = current
                    apply(changes, to: &p)
                    p.version = version
                } else {
                    p = Partnership(partnerID: 0)
                    apply(values, to: &p)
                }
                let newPartner = (changes["partner_id"] ?? (id == nil ? values["partner_id"] : nil)).flatMap { $0.integerValue == nil && $0 != .null ? $0.text : nil }
                return try store.savePartnership(p, newPartnerNamed: newPartner)
            },
            crossChecks: { v, _ in
                var p = Partnership(partnerID: 0)
                apply(v, to: &p)
                return p.problems().map { (column: $0.field == "end_date" ? "end_date" : "schools", message: $0.message) }
            },
            name: { values in
                // The partner's name: typed for a new one, else looked up by id.
                if let id = values["partner_id"]?.integerValue { return ((try? store.partnerName(id: id)) ?? nil) ?? "" }
                return values["partner_id"]?.text ?? values["name"]?.text ?? ""
            })
    }
}
