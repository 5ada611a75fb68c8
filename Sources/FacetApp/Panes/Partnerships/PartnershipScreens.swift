import FacetModel
import FacetStore
import TermUI

/// The screens of one partnership: its detail with the policy checklist, the review form, ending
/// it, and the breakdown of the metric.
extension PartnershipsList {
    /// Enter on a partnership: everything about it, and each policy criterion met or missing; read
    /// again when another user changes it.
    func detail(id: Int64, in list: ListScreen) -> Effect {
        do {
            guard let (partner, lines) = try detailLines(id: id) else {
                return .all([.refresh, .status("That partnership no longer exists.")])
            }
            let c = TextScreen.context
            let store = self.store
            let actions: [TextScreen.RecordAction] = [
                .init(binding: KeyBinding(.edit, keys: [.char("e")], label: "edit", context: c),
                      denial: { store.denial(.update, .partnerships) }, perform: { list.edit(id: id) }),
                .init(binding: KeyBinding(.review, keys: [.char("r")], label: "review", context: c),
                      denial: { store.denial(.update, .partnerships) }, perform: { [self] in review(id: id) }),
                .init(binding: KeyBinding(.delete, keys: [.char("d")], label: "end/delete", context: c),
                      denial: { store.denial(.delete, .partnerships) }, perform: { [self] in endOrDelete(id: id, in: list) }),
                .init(binding: KeyBinding(.history, keys: [.char("h")], label: "history", context: c),
                      denial: { nil }, perform: { [context] in
                          (try? HistoryScreen(entity: .partnerships, recordID: id, title: "History — \(partner)", context)).map(Effect.push) ?? .none
                      }),
            ]
            return .push(TextScreen(title: "Partnership #\(id) — \(partner)", lines: lines, context, actions: actions) { [self] in
                (try? detailLines(id: id))?.1
            })
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// The partner's name and the lines of the detail view, or nil when the partnership is gone.
    func detailLines(id: Int64) throws -> (String, [String])? {
        let today = context.today
        let glyphs = context.glyphs
        guard let p = try store.partnership(id: id) else { return nil }
        let criteria = try store.policyCriteria()
        let areas = try store.priorityAreas()
        let retired = Set(areas.filter(\.retired).map(\.id))
        let results = PolicyAlignment.evaluate(p, criteria: criteria, retiredAreas: retired, today: today)
        let aligned = PolicyAlignment.isAligned(p, criteria: criteria, retiredAreas: retired, today: today)
        let partner = (try store.partnerName(id: p.partnerID)) ?? "#\(p.partnerID)"
        func day(_ d: Day?) -> String { d?.description ?? "—" }
        let schoolList: String = p.districtWide ? "district-wide"
            : try p.schoolIDs.compactMap { try store.schoolOption(id: $0) }.sorted().joined(separator: "; ").ifEmpty("none")
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
        // Partner staff signed in and out at school front offices: hours per school and month.
        let hours = try context.store.visitHours(partnershipID: id)
        if !hours.isEmpty {
            lines += ["", "Partner visits (signed in and out at the front office)"]
            lines += hours.map { "  \($0.month)  \(DisplayWidth.fit($0.school, to: 6))  \($0.visits) visit\($0.visits == 1 ? "" : "s")  "
                + String(format: "%.1f", $0.hours) + " h" }
        }
        return (partner, lines)
    }

    /// `r`: the review form — reviewer-confirmed criteria as checkboxes, derived ones shown as they
    /// stand; saving stamps today's date and the reviewer.
    func review(id: Int64) -> Effect {
        let today = context.today
        let glyphs = context.glyphs
        do {
            guard let p = try store.partnership(id: id) else { return .status("That partnership no longer exists.") }
            if let reason = store.denial(.update, .partnerships, record: id) { return .error(reason) }
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
            return .push(ReviewScreen(partnershipID: id, version: p.version, form: form, boxes: boxes, context))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// `d` on a partnership: a finished partnership is better marked ended than deleted, so that is offered first.
    func endOrDelete(id: Int64, in list: ListScreen) -> Effect {
        do {
            guard let p = try store.partnership(id: id) else { return .status("That partnership no longer exists.") }
            if let reason = store.denial(.delete, .partnerships, record: id) { return .error(reason) }
            let name = (try store.partnerName(id: p.partnerID)) ?? "this partnership"
            return .push(DialogScreen(Dialog(title: "Delete partnership?",
                                             message: "A partnership that has finished is better marked ended: it stays in the record and the history of the metric. Delete \(name)'s partnership anyway?",
                                             kind: .options([("e", "Mark ended today"), ("d", "Delete")])), context) { [self] answer in
                switch answer {
                case .option("e"): return end(id: id, version: p.version, label: name)
                case .option("d"):
                    return .push(list.confirmDelete(.partnerships, id: id, version: p.version, label: "\(name)'s partnership",
                                                    title: "Delete partnership?",
                                                    message: "Delete \(name)'s partnership for good? Its history stays in the audit log."))
                default: return .none
                }
            })
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    private func end(id: Int64, version: Int, label: String) -> Effect {
        let today = context.today
        do {
            try store.endPartnership(id: id, expectedVersion: version, on: today)
            return .all([.refresh, .status("Marked \(label)'s partnership ended on \(today).")])
        } catch StoreError.conflict {
            return .all([.refresh, .status("Someone changed it meanwhile; look again before ending it.")])
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// `b`: the metric per school, priority area and tier, and the gaps in coverage.
    func breakdown() -> Effect {
        let today = context.today
        let store = context.store, context = self.context
        // Worked out in the background once per change of the data (and per day; a tenth of a
        // second on the largest district): every later press shows it at once.
        return context.readKept("partnershipBreakdown \(today)", title: "Alignment breakdown", waiting: "Counting every school's partnerships…",
                                read: { try Self.breakdownLines(store, today: today) }) { lines in
            .push(TextScreen(title: "Alignment breakdown — \(today)", lines: lines, context))
        }
    }

    private static func breakdownLines(_ store: FacetStore, today: Day) throws -> [String] {
        do {  // (kept as a block: the lines below are the metric's own layout)
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
            return lines
        }
    }
}

/// The review form of one partnership: the reviewer-confirmed criteria, ticked or not.
final class ReviewScreen: ClosureFormScreen {
    let partnershipID: Int64
    let version: Int
    let boxes: [(Int64, Checkbox)]

    init(partnershipID: Int64, version: Int, form: Form, boxes: [(Int64, Checkbox)], _ context: AppContext) {
        self.partnershipID = partnershipID
        self.version = version
        self.boxes = boxes
        super.init(form: form, context, width: 78, height: { $0.fields.count + 5 })
    }

    /// Ctrl-S saves the review, off the key path; a conflict or a busy database is said on the form.
    override func save() -> Effect {
        let confirmed = Set(boxes.filter { $0.1.isOn }.map(\.0))
        let store = context.store, id = partnershipID, version = self.version, today = context.today
        let reviewer = store.currentUser?.displayName ?? store.login
        return JobScreen.write("Saving the review", context, work: {
            try store.reviewPartnership(id: id, expectedVersion: version, confirmed: confirmed, on: today, reviewer: reviewer)
        }) { [form] result in
            switch result {
            case .success: return .all([.pop, .refresh, .status("Review saved.")])
            case .failure(StoreError.conflict):
                form.notice = "Someone changed this partnership meanwhile; Esc, look again, and review once more."
            case .failure(StoreError.busy):
                form.notice = "Database busy — another user is saving. Ctrl-S tries again."
            case .failure(is JobScreen.StoppedWaiting):
                form.notice = "Not saved: you stopped waiting for another user's save. Ctrl-S tries again."
            case .failure(let error):
                form.notice = String(describing: error)
            }
            form.noticeIsError = true
            return .none
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
