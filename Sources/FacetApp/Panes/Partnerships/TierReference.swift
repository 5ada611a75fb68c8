import FacetModel
import FacetStore
import TermUI

/// Beside the partnership form's tier (just above it): the services that tier receives in the district's service
/// model (Standards › t), following the tier as it is chosen. It takes no input.
final class TierReferenceField: FormField {
    let label = "Tier services"
    private let tier: () -> Int?
    private let services: [Int: [String]]

    init(services: [Int: [String]], tier: @escaping () -> Int?) {
        self.services = services
        self.tier = tier
    }

    var height: Int { 2 }
    var isModified: Bool { false }
    var takesFocus: Bool { false }
    func handle(_ key: Key) -> Bool { false }
    func validationMessage() -> String? { nil }

    var text: String {
        guard let t = tier() else { return "Choose a tier to see the services it receives (the service model: Standards, t)." }
        let list = services[t] ?? []
        return list.isEmpty ? "The service model lists no services for tier \(t) yet (Standards, t)." : list.joined(separator: "; ")
    }

    func renderInput(in rect: Rect, focused: Bool, on surface: inout Surface, theme: Theme) -> (x: Int, y: Int)? {
        for (i, line) in Dialog.wrap(text, width: max(10, rect.width)).prefix(rect.height).enumerated() {
            surface.write(line, x: rect.x, y: rect.y + i, style: theme[.muted], clip: Rect(x: rect.x, y: rect.y + i, width: rect.width, height: 1))
        }
        return nil
    }

    /// The tier column and its reference: the reference reads the tier field made last (the form's).
    static func columns(store: FacetStore) -> [EditableColumn] {
        let services = (try? store.serviceModel()) ?? [:]
        let options: [(value: StoredValue, label: String)] = Tier.allCases.map { (.integer(Int64($0.rawValue)), $0.label) }
        let tierColumn = EditableColumn.choice("tier", "Tier", options: options, emptyLabel: "— not assigned")
        final class Box { var field: ChoiceField? }
        let box = Box()
        let tier = EditableColumn(column: "tier", label: "Tier",
                                  makeField: { stored in
                                      let field = tierColumn.makeField(stored)
                                      box.field = field as? ChoiceField
                                      return field
                                  },
                                  read: tierColumn.read, display: tierColumn.display)
        let reference = EditableColumn(column: "tier_services", label: "Tier services",
                                       makeField: { _ in
                                           TierReferenceField(services: services) {
                                               // Option 0 is "not assigned"; the others are tiers 1–3.
                                               guard let i = box.field?.selected, i > 0 else { return nil }
                                               return i
                                           }
                                       },
                                       read: { _ in .null }, display: { _ in "" })
        // Above the tier: a form scrolls to show the focused field at its bottom, so a line above it
        // stays in view while the tier is chosen.
        return [reference, tier]
    }
}
