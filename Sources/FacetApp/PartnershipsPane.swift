import FacetModel
import FacetStore
import TermUI

/// Quick filters of the partnerships list, shown as chips in the pane header.
struct QuickFilter: Equatable {
    var status: PartnershipStatus?
    var areaID: Int64?
    /// 1–3, or 0 for "no tier assigned".
    var tier: Int?
    var schoolID: Int64?
    var partnerID: Int64?
    var notAligned = false
    var reviewOverdue = false
    var endingSoon = false

    var isEmpty: Bool { self == QuickFilter() }

    func sql(today: Day, alignedSQL: String) -> (String, [StoredValue])? {
        var parts: [String] = [], args: [StoredValue] = []
        if let status { parts.append("p.status = ?"); args.append(.text(status.rawValue)) }
        if let areaID { parts.append("EXISTS (SELECT 1 FROM partnership_priority_areas x WHERE x.partnership_id = p.id AND x.priority_area_id = ?)"); args.append(.integer(areaID)) }
        if let tier { parts.append(tier == 0 ? "p.tier IS NULL" : "p.tier = ?"); if tier != 0 { args.append(.integer(Int64(tier))) } }
        if let schoolID {
            parts.append("(p.district_wide = 1 OR EXISTS (SELECT 1 FROM partnership_schools x WHERE x.partnership_id = p.id AND x.school_id = ?))")
            args.append(.integer(schoolID))
        }
        if let partnerID { parts.append("p.partner_id = ?"); args.append(.integer(partnerID)) }
        if notAligned { parts.append("NOT \(alignedSQL)") }
        if reviewOverdue {
            parts.append("p.status = 'active' AND (p.last_review IS NULL OR p.last_review < ?)")
            args.append(.text(PolicyAlignment.reviewCutoff(today: today).description))
        }
        if endingSoon {
            parts.append("p.status != 'ended' AND p.end_date BETWEEN ? AND ?")
            args += [.text(today.description), .text(today.adding(days: RenewalFlag.endingWindowDays).description)]
        }
        return parts.isEmpty ? nil : (parts.map { "(\($0))" }.joined(separator: " AND "), args)
    }
}

/// The quick-filter form and the values it stands for.
final class QuickFilterSession {
    let form: Form
    private let status: ChoiceField, area: ChoiceField, tier: ChoiceField
    private let school: SearchPickerField
    private let notAligned: Checkbox, overdue: Checkbox, ending: Checkbox
    private let areas: [(id: Int64, name: String, retired: Bool)]
    private let base: QuickFilter

    init(current: QuickFilter, store: FacetStore) {
        base = current
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
        form = Form(title: "Quick filter — partnerships", fields: [status, area, tier, school, notAligned, overdue, ending])
    }

    var filter: QuickFilter {
        var f = QuickFilter()
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
}

extension FacetApplication {
    var isPartnershipsList: Bool { pane.definition.entity == "partnerships" }

    /// Header of the partnerships list: the metric, renewals, and the quick filters in force.
    func partnershipsHeadline() -> String {
        let summary = partnershipSummary()
        var text = "Aligned " + (summary.metric.percent.map { "\(Int($0.rounded()))%" } ?? "—")
            + " (\(summary.metric.aligned)/\(summary.metric.active))"
        text += " · \(summary.renewals.endingSoon) ending · \(summary.renewals.reviewOverdue) to review"
        return text
    }

    /// Chips for the quick filters in force ("status:Active area:Mental health not-aligned"); made
    /// when the filter is applied, since naming a school or partner takes queries.
    func quickFilterChips() -> String { pane.quickFilterChips }

    private func quickFilterChips(for f: QuickFilter) -> String {
        var chips: [String] = []
        if let s = f.status { chips.append("status:\(s.label)") }
        if let a = f.areaID { chips.append("area:" + ((try? store.priorityAreas())?.first { $0.id == a }?.name ?? "#\(a)")) }
        if let t = f.tier { chips.append(t == 0 ? "no tier" : "tier:\(t)") }
        if let s = f.schoolID { chips.append("school:" + ((try? store.schoolOptions())?.first { $0.id == s }?.name ?? "#\(s)")) }
        if let p = f.partnerID { chips.append("partner:" + (((try? store.partnerName(id: p)) ?? nil) ?? "#\(p)")) }
        if f.notAligned { chips.append("not aligned") }
        if f.reviewOverdue { chips.append("review overdue") }
        if f.endingSoon { chips.append("ending soon") }
        return chips.joined(separator: " · ")
    }

    func applyQuickFilter(_ filter: QuickFilter) {
        guard let partnerships = groups[1].first else { return }
        partnerships.quickFilter = filter
        partnerships.quickFilterChips = quickFilterChips(for: filter)
        let sql = filter.sql(today: today, alignedSQL: alignedSQL)
        partnerships.list.setExtraCondition(sql?.0, arguments: sql?.1 ?? [])
        partnerships.table.state.selected = 0
        partnerships.table.state.top = 0
    }

    /// Enter on a partnership: everything about it, and each policy criterion met or missing.
    func showPartnershipDetail(id: Int64) {
        do {
            guard let p = try store.partnership(id: id) else { statusMessage = "That partnership no longer exists."; refreshAll(); return }
            let criteria = try store.policyCriteria()
            let areas = try store.priorityAreas()
            let retired = Set(areas.filter(\.retired).map(\.id))
            let schools = Dictionary(uniqueKeysWithValues: try store.schoolOptions().map { ($0.id, $0.name) })
            let results = PolicyAlignment.evaluate(p, criteria: criteria, retiredAreas: retired, today: today)
            let aligned = PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: retired, today: today)
            let partner = (try store.partnerName(id: p.partnerID)) ?? "#\(p.partnerID)"
            func day(_ d: Day?) -> String { d?.description ?? "—" }
            let schoolList: String = p.districtWide ? "district-wide"
                : p.schoolIDs.compactMap { schools[$0] }.sorted().joined(separator: "; ").ifEmpty("none")
            let areaNames: [String] = areas.filter { p.priorityAreaIDs.contains($0.id) }.map { $0.name + ($0.retired ? " (retired)" : "") }
            var lines: [String] = [
                "Partner           \(partner)",
                "Schools           " + schoolList,
                "Priority areas    " + areaNames.joined(separator: "; ").ifEmpty("none"),
                "Tier              " + (p.tier?.label ?? "not assigned"),
                "Status            " + p.status.label,
                "Services          " + p.services.ifEmpty("—"),
                "Dates             start \(day(p.startDate)) · end \(day(p.endDate)) · agreement \(day(p.agreementSigned))",
                "Agreements        data sharing \(p.dataSharing ? "yes" : "no") · background checks \(p.backgroundChecks ? "yes" : "no")",
                "Outcome measures  " + p.outcomeMeasures.ifEmpty("—"),
                "Last review       " + (p.lastReview.map { "\($0) by \(p.reviewer)" } ?? "never"),
            ]
            let flags = RenewalFlag.flags(for: p, today: today)
            if !flags.isEmpty { lines.append("Attention         " + flags.map(\.rawValue).sorted().joined(separator: ", ")) }
            lines.append("")
            lines.append("Policy alignment: " + (aligned ? "\(glyphs.check) aligned" : "\(glyphs.cross) not aligned"))
            for r in results {
                let mark = r.met ? glyphs.check : glyphs.cross
                let how = r.criterion.rule == nil ? "reviewer" : "record"
                lines.append("  \(mark) \(r.criterion.text)" + (r.met ? "" : " — missing") + (r.criterion.required ? "" : " (optional)") + "  [\(how)]")
            }
            if !p.notes.isEmpty { lines += ["", "Notes: " + p.notes.replacingOccurrences(of: "\n", with: " ")] }
            overlay = .detail(title: "Partnership #\(id) — \(partner)", lines: lines, scroll: 0)
            detailRecordID = id
        } catch {
            showError(error)
        }
    }

    /// `r`: the review form — reviewer-confirmed criteria as checkboxes, derived ones shown as they
    /// stand; saving stamps today's date and the reviewer.
    func startReview(id: Int64) {
        do {
            guard let p = try store.partnership(id: id) else { statusMessage = "That partnership no longer exists."; return }
            guard store.permits(.update, table: "partnerships", scope: try store.scope(of: "partnerships", id: id)) else {
                statusMessage = AccessPolicy.denial(user: store.currentUser, action: .update, table: "partnerships",
                                                    scope: try store.scope(of: "partnerships", id: id)) ?? "You cannot review this partnership."
                return
            }
            let criteria = try store.policyCriteria().filter(\.active)
            let retired = Set(try store.priorityAreas().filter(\.retired).map(\.id))
            let results = PolicyAlignment.evaluate(p, criteria: criteria, retiredAreas: retired, today: today)
            var fields: [FormField] = []
            var boxes: [(Int64, Checkbox)] = []
            for r in results {
                if r.criterion.rule == nil {
                    let box = Checkbox(r.criterion.text, isOn: p.confirmedCriteria.contains(r.criterion.id))
                    boxes.append((r.criterion.id, box))
                    fields.append(box)
                } else {
                    let shown = r.criterion.rule == .reviewedWithinYear ? "\(glyphs.check) met on saving" : (r.met ? "\(glyphs.check) met" : "\(glyphs.cross) missing: edit it")
                    fields.append(NoteField(r.criterion.text, text: shown, role: r.met || r.criterion.rule == .reviewedWithinYear ? .success : .warning))
                }
            }
            let form = Form(title: "Review — \((try store.partnerName(id: p.partnerID)) ?? "")", fields: fields)
            form.labelWidthLimit = 46  // the criteria are sentences
            form.notice = "Saving stamps today (\(today)) and you as the reviewer."
            form.noticeIsError = false
            overlay = .review(ReviewSession(partnershipID: id, version: p.version, form: form, boxes: boxes))
        } catch {
            showError(error)
        }
    }

    func handleReview(_ key: Key, _ session: ReviewSession) {
        switch session.form.handle(key) {
        case .editing: break
        case .cancel: overlay = nil
        case .save:
            let confirmed = Set(session.boxes.filter { $0.1.isOn }.map(\.0))
            do {
                let reviewer = store.currentUser?.displayName ?? store.login
                try store.reviewPartnership(id: session.partnershipID, expectedVersion: session.version, confirmed: confirmed, on: today, reviewer: reviewer)
                overlay = nil
                refreshAll(keepingSelection: true)
                statusMessage = "Review saved."
            } catch StoreError.conflict {
                session.form.notice = "Someone changed this partnership meanwhile; Esc, look again, and review once more."
                session.form.noticeIsError = true
            } catch StoreError.busy {
                session.form.notice = "Database busy — another user is saving. Ctrl-S tries again."
                session.form.noticeIsError = true
            } catch {
                session.form.notice = String(describing: error)
                session.form.noticeIsError = true
            }
        }
    }

    /// `d` on a partnership: an ended partnership is better marked ended than deleted, so that is offered first.
    func askToDeleteOrEndPartnership(id: Int64) {
        do {
            guard let p = try store.partnership(id: id) else { statusMessage = "That partnership no longer exists."; return }
            let name = (try store.partnerName(id: p.partnerID)) ?? "this partnership"
            overlay = .dialog(Dialog(title: "Delete partnership?",
                                     message: "A partnership that has finished is better marked ended: it stays in the record and the history of the metric. Delete \(name)'s partnership anyway?",
                                     kind: .options([("e", "Mark ended today"), ("d", "Delete")])),
                              .endOrDelete(id: id, version: p.version, label: name))
        } catch {
            showError(error)
        }
    }

    func endPartnership(id: Int64, version: Int, label: String) {
        do {
            try store.endPartnership(id: id, expectedVersion: version, on: today)
            refreshAll(keepingSelection: true)
            statusMessage = "Marked \(label)'s partnership ended on \(today)."
        } catch StoreError.conflict {
            statusMessage = "Someone changed it meanwhile; look again before ending it."
            refreshAll(keepingSelection: true)
        } catch {
            showError(error)
        }
    }

    /// `b`: the metric per school, priority area and tier, and the gaps in coverage.
    func showBreakdown() {
        do {
            let metric = try store.alignmentMetric(today: today)
            let b = try store.alignmentBreakdown(today: today)
            let gaps = try store.coverageGaps()
            func line(_ c: FacetStore.AlignmentCount) -> String {
                let pct = c.percent.map { String(format: "%5.1f%%", $0) } ?? "    —"
                return "  " + DisplayWidth.fit(c.label, to: 44) + " \(pct)  \(String(c.aligned).leftPad(5)) / \(String(c.active).leftPad(5))"
            }
            var lines = ["Percent of active partnerships in alignment (aligned / active)", "", line(metric), "", "By tier"]
            lines += b.byTier.map(line)
            lines += ["", "By priority area"] + b.byPriorityArea.map(line)
            lines += ["", "By school (district-wide partnerships count for every school)"] + b.bySchool.map(line)
            lines += ["", "Coverage gaps: \(gaps.count) school × priority area pairs with no active partnership"]
            lines += gaps.map { "  \($0.school) — \($0.area)" }
            overlay = .detail(title: "Alignment breakdown — \(today)", lines: lines, scroll: 0)
            detailRecordID = nil
        } catch {
            showError(error)
        }
    }
}

/// The review form of one partnership.
final class ReviewSession {
    let partnershipID: Int64
    let version: Int
    let form: Form
    let boxes: [(Int64, Checkbox)]

    init(partnershipID: Int64, version: Int, form: Form, boxes: [(Int64, Checkbox)]) {
        self.partnershipID = partnershipID
        self.version = version
        self.form = form
        self.boxes = boxes
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
