import FacetModel
import FacetStore
import TermUI

/// `f`: the quick filters of the partnerships list as a small form; saving applies them.
final class QuickFilterScreen: ClosureFormScreen {
    private let status: ChoiceField, area: ChoiceField, tier: ChoiceField
    private let school: SearchPickerField
    private let notAligned: Checkbox, overdue: Checkbox, ending: Checkbox
    private let areas: [(id: Int64, name: String, retired: Bool)]
    private let base: PartnershipFilter
    private let onApply: (PartnershipFilter) -> Void

    init(current: PartnershipFilter, _ context: AppContext, onApply: @escaping (PartnershipFilter) -> Void) {
        self.onApply = onApply
        base = current
        let store = context.store
        let areas = (try? store.priorityAreas()) ?? []
        self.areas = areas
        status = ChoiceField("Status", options: ["any"] + PartnershipStatus.allCases.map(\.label),
                             selected: current.status.flatMap { s in PartnershipStatus.allCases.firstIndex(of: s).map { $0 + 1 } } ?? 0)
        area = ChoiceField("Priority area", options: ["any"] + areas.map(\.name),
                           selected: current.areaID.flatMap { id in areas.firstIndex { $0.id == id }.map { $0 + 1 } } ?? 0)
        tier = ChoiceField("Tier", options: ["any", "1 Universal", "2 Targeted", "3 Intensive", "not assigned"],
                           selected: current.tier.map { $0 == 0 ? 4 : $0 } ?? 0)
        // Read the schools once for this form, not on every letter typed into the picker.
        let schools = (try? store.schoolOptions()) ?? []
        let schoolName = current.schoolID.flatMap { id in schools.first { $0.id == id } }
        school = SearchPickerField("School", initial: schoolName.map { .init(id: $0.id, label: $0.name) }, required: false, matchRows: 3) { text in
            schools.filter { $0.name.localizedCaseInsensitiveContains(text) }.prefix(3).map { .init(id: $0.id, label: $0.name) }
        }
        notAligned = Checkbox("Not aligned only", isOn: current.notAligned)
        overdue = Checkbox("Review overdue only", isOn: current.reviewOverdue)
        ending = Checkbox("Ending within 60 days", isOn: current.endingSoon)
        super.init(form: Form(title: "Quick filter — partnerships", fields: [status, area, tier, school, notAligned, overdue, ending]), context,
                   height: { _ in 16 })
    }

    var filter: PartnershipFilter {
        var f = PartnershipFilter()
        f.status = status.selected.flatMap { $0 == 0 ? nil : PartnershipStatus.allCases[$0 - 1] }
        f.areaID = area.selected.flatMap { $0 == 0 ? nil : areas[$0 - 1].id }
        f.tier = tier.selected.flatMap { $0 == 0 ? nil : ($0 == 4 ? 0 : $0) }
        if case .existing(let item)? = school.choice { f.schoolID = item.id }
        f.partnerID = base.partnerID
        f.notAligned = notAligned.isOn
        f.reviewOverdue = overdue.isOn
        f.endingSoon = ending.isOn
        return f
    }

    /// Ctrl-S applies the filter.
    override func save() -> Effect {
        onApply(filter)
        return .pop
    }
}
