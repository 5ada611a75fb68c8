import FacetModel
import FacetStore
import TermUI

/// One tile of the dashboard: its title, the metric whose target it is judged against, its lines
/// for a width and height, and where `Enter` leads. Every tile renders the one `MetricsSnapshot`
/// that `facet metrics` and `facet report` print. A new tile is one more entry of `DashboardTile.all`.
struct DashboardTile: @unchecked Sendable {  // immutable: closures over values only
    struct Line {
        var text: String
        var role: ThemeRole = .text
    }

    let title: String
    let metric: MetricID?
    let lines: (MetricsSnapshot, _ width: Int, _ height: Int) -> [Line]
    /// The list behind the tile, already filtered to what the tile counts.
    let open: (MetricsSnapshot, AppContext) -> Effect

    static let all: [DashboardTile] = [alignment, survey, training, coverage, selfAssessment, contacts, renewals, plan]

    // MARK: bars, readable in monochrome

    /// A bar of `width` cells for a value of `maximum`: full blocks, a half block, light shade for
    /// the rest; the target, when given, is a `│` in its cell.
    static func bar(_ value: Double?, of maximum: Double = 100, width: Int, target: Double? = nil) -> String {
        let width = max(1, width)
        var cells = Array(repeating: "░", count: width)
        if let value {
            let halves = Int((max(0, min(maximum, value)) / maximum * Double(width * 2)).rounded())
            for i in 0..<width where i * 2 + 2 <= halves { cells[i] = "█" }
            if halves % 2 == 1, halves / 2 < width { cells[halves / 2] = "▌" }
        } else {
            cells = Array(repeating: "·", count: width)
        }
        if let target {
            let at = min(width - 1, max(0, Int((target / maximum * Double(width)).rounded(.down))))
            cells[at] = "│"
        }
        return cells.joined()
    }

    static func targetLine(_ s: MetricsSnapshot, _ metric: MetricID) -> Line {
        let f = s[metric]
        guard let target = f.target else { return Line(text: "no target for \(s.schoolYear)", role: .muted) }
        return Line(text: "target \(metric.unit.format(target))" + (f.status.map { " · \($0.label)" } ?? " · no figure yet"), role: statusRole(f.status))
    }

    static func statusRole(_ status: TargetStatus?) -> ThemeRole {
        switch status {
        case .onTrack?: return .success
        case .atRisk?: return .warning
        case .offTrack?: return .error
        case nil: return .muted
        }
    }

    /// A label padded to `width` then a bar filling what is left before `tail`.
    static func barLine(_ label: String, labelWidth: Int, value: Double?, of maximum: Double = 100, tail: String, width: Int, target: Double? = nil) -> Line {
        let tailWidth = DisplayWidth.of(tail)
        let barWidth = max(3, width - labelWidth - tailWidth - 2)
        return Line(text: DisplayWidth.fit(label, to: labelWidth) + " " + bar(value, of: maximum, width: barWidth, target: target) + " " + tail)
    }

    static func percent(_ value: Double?) -> String { MetricUnit.percent.format(value) }

    // MARK: the tiles

    static let alignment = DashboardTile(title: "Partnerships in alignment", metric: .partnershipsAligned, lines: { s, width, _ in
        let p = s.partnerships
        return [
            Line(text: "\(percent(p.percent)) aligned · \(p.aligned.grouped) of \(p.active.grouped) active", role: .title),
            barLine("now", labelWidth: 5, value: p.percent, tail: percent(p.percent).leftPad(4), width: width, target: s.target(.partnershipsAligned)),
            Line(text: "\(MetricUnit.percent.formatChange(p.change)) this school year (from \(percent(p.yearStartPercent)))"),
            targetLine(s, .partnershipsAligned),
        ]
    }, open: { s, context in
        var filter = PartnershipFilter()
        filter.status = .active
        filter.notAligned = true
        filter.schoolID = schoolID(s, context)
        return partnerships(filter, context)
    })

    static let survey = DashboardTile(title: "Survey: percent favourable", metric: .surveyFavourable, lines: { s, width, height in
        guard let survey = s.survey else { return [Line(text: "No survey has results yet.", role: .muted)] }
        var lines = [Line(text: "“\(survey.questionText)” · favourable / response rate", role: .muted)]
        let waves = survey.waves.suffix(max(1, height - 2))
        for w in waves {
            guard w.shown else {
                lines.append(Line(text: DisplayWidth.fit(w.label, to: 14) + " * fewer than \(survey.minimumGroup) answers: not shown", role: .muted))
                continue
            }
            let rate = w.responseRate.map { " " + percent($0).leftPad(4) } ?? (w.responses == nil ? "    *" : "    —")
            lines.append(barLine(w.label, labelWidth: 14, value: w.percentFavourable, tail: percent(w.percentFavourable).leftPad(4) + rate,
                                 width: width, target: s.target(.surveyFavourable)))
        }
        if waves.isEmpty { lines.append(Line(text: "No wave at this school yet.", role: .muted)) }
        lines.append(targetLine(s, .surveyFavourable))
        return lines
    }, open: { s, context in
        guard let id = s.survey?.id else { return .status("No survey has results yet.") }
        return .openInPane("Surveys", SurveyResultsScreen.open(surveyID: id, waveID: nil, context))
    })

    static let training = DashboardTile(title: "PD compliance", metric: .pdCompliance, lines: { s, width, height in
        let t = s.training
        guard !t.courses.isEmpty else { return [Line(text: "No course is required of any role.", role: .muted)] }
        var lines = [Line(text: "\(percent(t.percent)) current over \(t.courses.count) required course\(t.courses.count == 1 ? "" : "s")", role: .title)]
        let codeWidth = min(10, t.courses.map { DisplayWidth.of($0.code) }.max() ?? 6)
        // A line each while they fit; else as many as fit and how many more.
        let room = t.courses.count <= height - 2 ? t.courses.count : max(1, height - 3)
        for c in t.courses.prefix(room) {
            lines.append(barLine(c.code, labelWidth: codeWidth, value: c.percent, tail: percent(c.percent).leftPad(4), width: width, target: s.target(.pdCompliance)))
        }
        if t.courses.count > room { lines.append(Line(text: "… \(t.courses.count - room) more (132 columns show all)", role: .muted)) }
        lines.append(targetLine(s, .pdCompliance))
        return lines
    }, open: { s, context in
        // The overdue list of the course furthest behind.
        guard let worst = s.training.courses.min(by: { ($0.percent ?? 101) < ($1.percent ?? 101) }),
              let course = (try? context.store.courses())?.first(where: { $0.code == worst.code }) else {
            return .status("No course is required of any role.")
        }
        return .openInPane("PD Rosters", .push(ListScreen(OverdueList(context, course: course), context)))
    })

    static let coverage = DashboardTile(title: "SIP coverage", metric: .sipCoverage, lines: { s, width, height in
        let c = s.sipCoverage
        var lines = [Line(text: "\(percent(c.percent)) of \(c.schools.grouped) school\(c.schools == 1 ? "" : "s") × \(c.standards.count) standards", role: .title)]
        let room = max(1, height - 2)
        if c.standards.count > room {
            // Too many standards for a line each: one short bar per standard on one line.
            let cells = c.standards.map { st in
                st.code + bar(c.schools == 0 ? nil : 100 * Double(st.schools) / Double(c.schools), width: 1)
            }
            lines.append(Line(text: cells.joined(separator: " ")))
        } else {
            for st in c.standards {
                let pct = c.schools == 0 ? nil : 100 * Double(st.schools) / Double(c.schools)
                lines.append(barLine("\(st.code) \(st.title)", labelWidth: 12, value: pct, tail: "\(st.schools)/\(c.schools)".leftPad(7),
                                     width: width, target: s.target(.sipCoverage)))
            }
        }
        lines.append(targetLine(s, .sipCoverage))
        return lines
    }, open: { s, context in
        .openInPane("Standards", CoverageView.open(year: s.schoolYear, context))
    })

    static let selfAssessment = DashboardTile(title: "Self-assessment by standard", metric: .selfAssessment, lines: { s, width, height in
        let a = s.selfAssessment
        var lines = [Line(text: MetricUnit.level.format(a.average) + " of 4 (" + MetricUnit.level.format(a.previousYearAverage)
                          + " last year) · \(a.schoolsRated) rated", role: .title)]
        let room = max(1, height - 2)
        if a.standards.count > room {
            lines.append(Line(text: a.standards.map { st in
                st.code + (st.average.map { AssessmentLevel.shade($0) + AssessmentCell.number($0) } ?? "·")
            }.joined(separator: " ")))
        } else {
            for st in a.standards {
                lines.append(barLine("\(st.code) \(st.title)", labelWidth: 12, value: st.average, of: 4,
                                     tail: (st.average.map(AssessmentCell.number) ?? "·").leftPad(4), width: width, target: s.target(.selfAssessment)))
            }
        }
        lines.append(targetLine(s, .selfAssessment))
        return lines
    }, open: { _, context in
        .openInPane("Standards", AssessmentGridScreen.open(context))
    })

    static let contacts = DashboardTile(title: "Family contacts", metric: nil, lines: { s, _, _ in
        let c = s.familyContacts
        return [
            Line(text: "\(c.open.grouped) open · \(c.overdue.grouped) overdue", role: c.overdue > 0 ? .warning : .title),
            Line(text: "overdue: the reply time has passed", role: .muted),
        ]
    }, open: { _, context in
        .openInPane("Partnerships", .push(ListScreen(FamilyContactsList(context), context)))
    })

    static let renewals = DashboardTile(title: "Renewals and reviews", metric: nil, lines: { s, _, _ in
        let r = s.renewals
        return [
            Line(text: "\(r.reviewOverdue.grouped) due for review · \(r.endingSoon.grouped) ending", role: .title),
            Line(text: "review: none in the last 12 months", role: .muted),
            Line(text: "ending: within 60 days", role: .muted),
        ]
    }, open: { s, context in
        var filter = PartnershipFilter()
        filter.reviewOverdue = true
        filter.schoolID = schoolID(s, context)
        return partnerships(filter, context)
    })

    /// The plan's launch steps (district-wide, also on a school's dashboard): how many are done,
    /// overdue milestones, then a line a step as room allows — its state in brackets, readable
    /// without colour ([x] done, [~] under way, [ ] not started), and its evidence as a percent.
    static let plan = DashboardTile(title: "The plan's launch steps", metric: nil, lines: { s, width, height in
        guard !s.plan.isEmpty else { return [Line(text: "No launch steps for \(s.schoolYear).", role: .muted)] }
        func count(_ status: String) -> Int { s.plan.filter { $0.status == status }.count }
        var lines = [Line(text: "\(count("done")) done · \(count("under-way")) under way · \(count("not-started")) not started", role: .title)]
        let overdue = s.plan.filter(\.nextMilestoneOverdue).count
        if overdue > 0 { lines.append(Line(text: "\(overdue) step\(overdue == 1 ? " has a" : "s have a") milestone overdue", role: .warning)) }
        for (i, step) in s.plan.enumerated() where lines.count < height {
            let mark = step.status == "done" ? "[x]" : step.status == "under-way" ? "[~]" : "[ ]"
            let tail = step.evidencePercent.map { percent($0).leftPad(5) } ?? ""
            let head = "\(mark) \(i + 1) "
            let room = max(1, width - DisplayWidth.of(head) - DisplayWidth.of(tail))
            lines.append(Line(text: head + DisplayWidth.fit(step.title, to: room) + tail, role: step.nextMilestoneOverdue ? .warning : .text))
        }
        return lines
    }, open: { _, context in
        .openInPane("Outreach", ProgressView.open(context))
    })

    // MARK: where tiles lead

    static func schoolID(_ s: MetricsSnapshot, _ context: AppContext) -> Int64? {
        s.scope.code.flatMap { code in (try? context.store.school(code: code))??.id }
    }

    /// The partnerships list with quick filters set, over the pane's own list.
    static func partnerships(_ filter: PartnershipFilter, _ context: AppContext) -> Effect {
        let controller = PartnershipsList(context)
        let list = ListScreen(controller, context)
        controller.apply(filter, to: list)
        return .openInPane("Partnerships", .push(list))
    }
}
