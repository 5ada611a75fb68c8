import FacetModel
import Foundation

/// The metrics snapshot written out: `facet metrics` (JSON, CSV, text) and `facet report`
/// (Markdown, HTML). Every output renders the same `MetricsSnapshot` the dashboard shows, so
/// they agree by construction; a suppressed survey group is written as "suppressed", never a number.
public enum MetricsReport {
    // MARK: facet metrics

    /// The snapshot as JSON (keys sorted, so the output is stable); see the README for the shape.
    public static func json(_ s: MetricsSnapshot) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(s), as: UTF8.self) + "\n"
    }

    public static let csvColumns = ["scope", "school_year", "as_of", "metric", "part", "value", "unit", "target", "status", "change"]

    /// One row per headline figure (part empty) and per part of it (a wave, a course, a standard).
    public static func csv(_ s: MetricsSnapshot) -> String {
        let scope = s.scope.code ?? "district"
        var rows = [csvColumns]
        func number(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "" }
        func row(_ metric: String, _ part: String, _ value: String, _ unit: String, target: String = "", status: String = "", change: String = "") {
            rows.append([scope, s.schoolYear, s.asOf, metric, part, value, unit, target, status, change])
        }
        for f in s.figures {
            row(f.metric, "", number(f.value), f.unit.rawValue, target: number(f.target), status: f.status?.rawValue ?? "", change: number(f.change))
        }
        for w in s.survey?.waves ?? [] {
            row(MetricID.surveyFavourable.rawValue, w.label, w.shown ? number(w.percentFavourable) : "suppressed", "percent")
            row(MetricID.surveyResponseRate.rawValue, w.label, w.responses == nil ? "suppressed" : number(w.responseRate), "percent")
        }
        for c in s.training.courses { row(MetricID.pdCompliance.rawValue, c.code, number(c.percent), "percent") }
        for st in s.sipCoverage.standards { row(MetricID.sipCoverage.rawValue, st.code, "\(st.schools)", "schools") }
        for st in s.selfAssessment.standards { row(MetricID.selfAssessment.rawValue, st.code, number(st.average), "level") }
        row("family-contacts", "open", "\(s.familyContacts.open)", "count")
        row("family-contacts", "overdue", "\(s.familyContacts.overdue)", "count")
        row("renewals", "ending-soon", "\(s.renewals.endingSoon)", "count")
        row("renewals", "review-overdue", "\(s.renewals.reviewOverdue)", "count")
        for (i, step) in s.plan.enumerated() {
            // The step's evidence as a percent where it is a fraction; its status in the status column.
            row("launch-step", "\(i + 1) \(step.title)", number(step.evidencePercent), "percent", status: step.status)
        }
        return CSV.write(rows)
    }

    /// Plain text, one figure a line, for a terminal or an email.
    public static func text(_ s: MetricsSnapshot) -> String {
        var lines = ["Facet metrics · \(scopeName(s)) · \(s.schoolYear) · as of \(s.asOf)", ""]
        for f in s.figures {
            var line = pad(f.label, 28) + f.display.leftPadded(6)
            line += "   target " + (f.target.map { f.unit.format($0) } ?? "—").leftPadded(4)
            line += "   " + pad(f.status?.label ?? "—", 9) + "   change " + f.unit.formatChange(f.change)
            lines.append(line)
        }
        lines.append("")
        if let survey = s.survey {
            lines.append("Survey “\(survey.title)”, question \(survey.questionCode) (groups under \(survey.minimumGroup) suppressed):")
            for w in survey.waves {
                lines.append("  " + pad(w.label, 16) + (w.shown ? MetricUnit.percent.format(w.percentFavourable) : "suppressed").leftPadded(10)
                             + "  responses " + (w.responses.map { "\($0)" } ?? "suppressed") + "  rate " + (w.responses == nil ? "suppressed" : MetricUnit.percent.format(w.responseRate)))
            }
        }
        lines.append("PD compliance by course:")
        for c in s.training.courses { lines.append("  " + pad("\(c.code) \(c.title)", 40) + MetricUnit.percent.format(c.percent).leftPadded(5) + "  \(c.current)/\(c.counted)") }
        lines.append("SIP coverage by standard (of \(s.sipCoverage.schools) schools):")
        for st in s.sipCoverage.standards { lines.append("  " + pad("\(st.code) \(st.title)", 40) + "\(st.schools)".leftPadded(5)) }
        lines.append("Self-assessment average by standard:")
        for st in s.selfAssessment.standards { lines.append("  " + pad("\(st.code) \(st.title)", 40) + MetricUnit.level.format(st.average).leftPadded(5)) }
        lines.append("Family contacts: \(s.familyContacts.open) open, \(s.familyContacts.overdue) overdue")
        lines.append("Partnerships: \(s.renewals.reviewOverdue) due for review, \(s.renewals.endingSoon) ending within 60 days")
        if !s.plan.isEmpty {
            lines.append("The plan's launch steps:")
            for (i, step) in s.plan.enumerated() {
                lines.append("  \(i + 1). \(step.title) — \(step.statusLabel) · \(step.milestoneSummary)")
                if let evidence = step.evidence { lines.append("     \(evidence)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: facet report

    /// "Q2 2026-27": quarters of the school year, from July.
    public static func quarter(of s: MetricsSnapshot) -> String {
        guard let day = Day(s.asOf) else { return s.schoolYear }
        let q = ((day.month + 5) % 12) / 3 + 1
        return "Q\(q) \(SelfAssessmentRules.schoolYear(of: day))"
    }

    static func scopeName(_ s: MetricsSnapshot) -> String { s.scope.code.map { "\($0) \(s.scope.name)" } ?? "District" }

    static func trendText(_ f: MetricsSnapshot.Figure) -> String {
        f.trend.map { "\($0.label) \(f.unit.format($0.value))" }.joined(separator: " → ")
    }

    /// The quarterly progress report in Markdown.
    public static func markdown(_ s: MetricsSnapshot) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = ["# Family engagement: progress report, \(quarter(of: s))", "",
                   "\(cell(scopeName(s))) · school year \(s.schoolYear) · as of \(s.asOf)", "",
                   "## The plan's metrics", "",
                   "| Metric | Value | Target | Status | Trend |", "|---|---:|---:|---|---|"]
        for f in s.figures {
            out.append("| \(cell(f.label)) | \(f.display) | \(f.target.map { f.unit.format($0) } ?? "—") | \(f.status?.label ?? "no target") | \(cell(trendText(f))) |")
        }
        out += ["", "Status: on track at or above the target; at risk below it by no more than a tenth of it; off track lower.", ""]
        if let survey = s.survey {
            out += ["## Survey: \(cell(survey.title))", "",
                    "Percent favourable on “\(cell(survey.questionText))”; groups of fewer than \(survey.minimumGroup) answers are suppressed.", "",
                    "| Wave | Favourable | Responses | Response rate |", "|---|---:|---:|---:|"]
            for w in survey.waves {
                out.append("| \(cell(w.label)) | \(w.shown ? MetricUnit.percent.format(w.percentFavourable) : "suppressed") | \(w.responses.map(String.init) ?? "suppressed") | \(w.responses == nil ? "suppressed" : MetricUnit.percent.format(w.responseRate)) |")
            }
            out.append("")
        }
        out += ["## PD compliance by required course", "", "| Course | Current | Counted | Percent |", "|---|---:|---:|---:|"]
        out += s.training.courses.map { "| \(cell($0.code + " " + $0.title)) | \($0.current) | \($0.counted) | \(MetricUnit.percent.format($0.percent)) |" }
        out += ["", "## SIP coverage by standard", "", "| Standard | Schools with a strategy | Of |", "|---|---:|---:|"]
        out += s.sipCoverage.standards.map { "| \(cell($0.code + " " + $0.title)) | \($0.schools) | \(s.sipCoverage.schools) |" }
        out += ["", "## Self-assessment by standard", "", "| Standard | Average (1–4) | Ratings |", "|---|---:|---:|"]
        out += s.selfAssessment.standards.map { "| \(cell($0.code + " " + $0.title)) | \(MetricUnit.level.format($0.average)) | \($0.ratings) |" }
        out += ["", "## Follow-up", "",
                "- Family contacts: \(s.familyContacts.open) open, \(s.familyContacts.overdue) overdue",
                "- Partnerships: \(s.renewals.reviewOverdue) due for review, \(s.renewals.endingSoon) ending within 60 days", ""]
        if !s.plan.isEmpty {
            out += ["## The plan's launch steps", "", "| Step | Owner | Status | Milestones | Evidence |", "|---|---|---|---|---|"]
            out += s.plan.map { "| \(cell($0.title)) | \(cell($0.owner)) | \($0.statusLabel) | \(cell($0.milestoneSummary)) | \(cell($0.evidence ?? "—")) |" }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Text made safe inside HTML elements and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A bar chart of a figure's trend as inline SVG: one bar per point, the target as a dashed
    /// line, every value written beside its bar (so it reads in print and in monochrome).
    static func svgChart(_ f: MetricsSnapshot.Figure) -> String {
        let maximum = f.unit == .level ? 4.0 : 100.0
        let barHeight = 16, gap = 6, labelWidth = 130, chartWidth = 240
        let height = max(1, f.trend.count) * (barHeight + gap) + gap
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + chartWidth + 60)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(f.label)) trend\">"]
        for (i, point) in f.trend.enumerated() {
            let y = gap + i * (barHeight + gap)
            parts.append("<text x=\"0\" y=\"\(y + barHeight - 4)\" font-size=\"12\">\(escape(point.label))</text>")
            parts.append("<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(chartWidth)\" height=\"\(barHeight)\" fill=\"none\" stroke=\"#999\"/>")
            if let v = point.value {
                let w = Int((max(0, min(maximum, v)) / maximum * Double(chartWidth)).rounded())
                parts.append("<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(w)\" height=\"\(barHeight)\" fill=\"#4a6fa5\"/>")
            }
            parts.append("<text x=\"\(labelWidth + chartWidth + 6)\" y=\"\(y + barHeight - 4)\" font-size=\"12\">\(escape(f.unit.format(point.value)))</text>")
        }
        if let t = f.target {
            let x = labelWidth + Int((max(0, min(maximum, t)) / maximum * Double(chartWidth)).rounded())
            parts.append("<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height)\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// A small horizontal bar of a percent as inline SVG, its value written beside it.
    static func svgBar(_ percent: Double) -> String {
        let width = 160, filled = Int((max(0, min(100, percent)) / 100 * 160).rounded())
        let label = MetricUnit.percent.format(percent)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width + 50)\" height=\"14\" role=\"img\" aria-label=\"\(escape(label))\">"
            + "<rect x=\"0\" y=\"1\" width=\"\(width)\" height=\"12\" fill=\"none\" stroke=\"#999\"/>"
            + "<rect x=\"0\" y=\"1\" width=\"\(filled)\" height=\"12\" fill=\"#4a6fa5\"/>"
            + "<text x=\"\(width + 6)\" y=\"12\" font-size=\"11\">\(escape(label))</text></svg>"
    }

    /// The quarterly progress report as one self-contained HTML file: tables and inline SVG,
    /// no scripts and nothing fetched from elsewhere; printable.
    public static func html(_ s: MetricsSnapshot) -> String {
        func row(_ cells: [String], header: Bool = false) -> String {
            "<tr>" + cells.map { header ? "<th>\($0)</th>" : "<td>\($0)</td>" }.joined() + "</tr>"
        }
        func status(_ st: TargetStatus?) -> String {
            guard let st else { return "<span class=\"status none\">no target</span>" }
            return "<span class=\"status \(st.rawValue)\">\(st.label)</span>"
        }
        let title = "Family engagement: progress report, \(quarter(of: s))"
        var out = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">", "<title>\(escape(title))</title>",
                   "<style>",
                   "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#000}",
                   "table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #999;padding:0.25em 0.6em;text-align:left;vertical-align:top}",
                   "td.n{text-align:right}.status{font-weight:bold;padding:0 0.3em}.on-track{color:#05600a}.at-risk{color:#8a5a00}.off-track{color:#a00}.none{color:#555;font-weight:normal}",
                   "section.metric{page-break-inside:avoid}@media print{body{margin:0}}",
                   "</style>", "</head>", "<body>",
                   "<h1>\(escape(title))</h1>",
                   "<p>\(escape(scopeName(s))) · school year \(escape(s.schoolYear)) · as of \(escape(s.asOf))</p>",
                   "<h2>The plan's metrics</h2>", "<table>",
                   row(["Metric", "Value", "Target", "Status", "Trend"], header: true)]
        for f in s.figures {
            out.append("<tr><td>\(escape(f.label))</td><td class=\"n\">\(escape(f.display))</td><td class=\"n\">\(escape(f.target.map { f.unit.format($0) } ?? "—"))</td><td>\(status(f.status))</td><td>\(escape(trendText(f)))</td></tr>")
        }
        out += ["</table>",
                "<p>On track: at or above the target. At risk: below it by no more than a tenth of it. Off track: lower. The dashed line in each chart is the target.</p>"]
        for f in s.figures {
            out += ["<section class=\"metric\">", "<h3>\(escape(f.label)): \(escape(f.display)) \(status(f.status))</h3>", svgChart(f), "</section>"]
        }
        if let survey = s.survey {
            out += ["<h2>Survey: \(escape(survey.title))</h2>",
                    "<p>Percent favourable on “\(escape(survey.questionText))”. Groups of fewer than \(survey.minimumGroup) answers are suppressed.</p>",
                    "<table>", row(["Wave", "Favourable", "Responses", "Response rate"], header: true)]
            for w in survey.waves {
                out.append(row([escape(w.label), w.shown ? MetricUnit.percent.format(w.percentFavourable) : "suppressed",
                                w.responses.map(String.init) ?? "suppressed", w.responses == nil ? "suppressed" : MetricUnit.percent.format(w.responseRate)]))
            }
            out.append("</table>")
        }
        out += ["<h2>PD compliance by required course</h2>", "<table>", row(["Course", "Current", "Counted", "Percent"], header: true)]
        out += s.training.courses.map { row([escape("\($0.code) \($0.title)"), "\($0.current)", "\($0.counted)", MetricUnit.percent.format($0.percent)]) }
        out += ["</table>", "<h2>SIP coverage by standard</h2>", "<table>", row(["Standard", "Schools with a strategy", "Of"], header: true)]
        out += s.sipCoverage.standards.map { row([escape("\($0.code) \($0.title)"), "\($0.schools)", "\(s.sipCoverage.schools)"]) }
        out += ["</table>", "<h2>Self-assessment by standard</h2>", "<table>", row(["Standard", "Average (1–4)", "Ratings"], header: true)]
        out += s.selfAssessment.standards.map { row([escape("\($0.code) \($0.title)"), MetricUnit.level.format($0.average), "\($0.ratings)"]) }
        out += ["</table>", "<h2>Follow-up</h2>", "<ul>",
                "<li>Family contacts: \(s.familyContacts.open) open, \(s.familyContacts.overdue) overdue</li>",
                "<li>Partnerships: \(s.renewals.reviewOverdue) due for review, \(s.renewals.endingSoon) ending within 60 days</li>",
                "</ul>"]
        if !s.plan.isEmpty {
            out += ["<h2>The plan's launch steps</h2>", "<table>", row(["Step", "Owner", "Status", "Milestones", "Evidence"], header: true)]
            out += s.plan.map { step in
                row([escape(step.title), escape(step.owner), escape(step.statusLabel), escape(step.milestoneSummary),
                     escape(step.evidence ?? "—") + (step.evidencePercent.map { "<br>" + svgBar($0) } ?? "")])
            }
            out.append("</table>")
        }
        out += ["</body>", "</html>", ""]
        return out.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + "…" : text + String(repeating: " ", count: width - text.count)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
