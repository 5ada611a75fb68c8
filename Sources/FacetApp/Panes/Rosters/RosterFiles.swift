import FacetModel
import FacetStore
import Foundation
import TermUI

/// `p`: the compliance report — for each required course, the percent of active employees who are
/// current, for the district and by role, with counts; `s` opens it by school. Read from the counts
/// kept by day, so it answers within a frame and is read again whenever the data change.
enum ComplianceReport {
    static let bySchool = Action("compliance.bySchool")

    static func run(_ context: AppContext, courseCode: String?) -> Effect {
        let store = context.store
        let today = context.today
        // Kept until the data change: reopening, or opening after reading ahead
        // (`EmployeesList.prepareAhead`), draws from memory.
        func read() throws -> [String] {
            try context.cached("complianceLines.\(courseCode ?? "every course").\(today)") {
                Result { lines(try store.complianceReport(today: today, courseCode: courseCode, bySchool: false), graceDays: try store.graceDays()) }
            }.get()
        }
        do {
            let openBySchool: () -> Effect = { .push(ListScreen(ComplianceBySchoolList(context, courseCode: courseCode), context)) }
            let schools = TextScreen.RecordAction(
                binding: KeyBinding(bySchool, keys: [.char("s")], label: "by school", context: TextScreen.context),
                denial: { nil }, perform: openBySchool)
            let screen = TextScreen(title: "Compliance — \(today)", lines: try read(), context, actions: [schools],
                                    reload: { try? read() })
            // Its first open reads the courses and each school's sums on screen (16 rows × 16 range
            // sums, 10–16 ms in process, more in a terminal): read ahead between keys, so `s` draws
            // from what is kept (`ComplianceBySchoolList.makeList`).
            screen.readAhead = { context.drawUnseen("complianceBySchool.\(courseCode ?? "every course").\(today)", openBySchool) }
            return .push(screen)
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    /// Enter on a school of the by-school list: that school's figures, by role.
    static func school(_ context: AppContext, id: Int64, courseCode: String?) -> Effect {
        let store = context.store
        let today = context.today
        do {
            guard let school = try store.school(id: id) else { return .status("That school no longer exists.") }
            func read() throws -> [String] {
                var report = try store.complianceReport(today: today, courseCode: courseCode, schoolCode: school.code)
                for i in report.indices {
                    report[i].district.label = school.name
                    report[i].bySchool = []
                }
                return lines(report, graceDays: try store.graceDays(), schoolsKey: false)
            }
            return .push(TextScreen(title: "Compliance — \(school.name) (\(school.code)) — \(today)", lines: try read(), context,
                                    reload: { try? read() }))
        } catch {
            return .push(DialogScreen.error(error, context))
        }
    }

    static func line(_ t: Compliance.Tally, width: Int = 34) -> String {
        let pct = t.percent.map { String(format: "%5.1f%%", $0) } ?? "    —"
        return "  " + DisplayWidth.fit(t.label, to: width) + " \(pct)  \(String(t.current).leftPad(6)) / \(String(t.counted).leftPad(6))"
            + (t.inGrace > 0 ? "  +\(t.inGrace) new" : "")
    }

    static func lines(_ report: [CourseCompliance], graceDays: Int, schoolsKey: Bool = true) -> [String] {
        var lines = ["Percent of active employees who must take a course and are current on it",
                     "(current / counted; new hires are not counted for \(graceDays) days unless current)"]
        if report.isEmpty { lines += ["", "No course is required of anyone yet: tick roles in a course's \"Required of\"."] }
        else if schoolsKey { lines += ["", "s: by school (the percent current on each course, school by school)"] }
        for c in report {
            lines += ["", "\(c.course.code) \(c.course.title) — \(c.course.renewalText), \(c.course.requiredRoles.count) role\(c.course.requiredRoles.count == 1 ? "" : "s")"]
            lines.append(line(c.district))
            lines.append("  By role")
            lines += c.byRole.map { line($0) }
            if !c.bySchool.isEmpty {
                lines.append("  By school")
                lines += c.bySchool.map { line($0) }
            }
        }
        return lines
    }
}

/// `I` in the PD Rosters pane: the HR file of employees, as `facet import employees`; the dry run
/// comes first and nothing is written until it is confirmed.
enum EmployeeFiles {
    static func importPrompt(_ context: AppContext) -> Effect {
        let deactivate = Checkbox("Mark employees missing from the file inactive")
        let form = Form(title: "Import employees from an HR file (CSV)",
                        fields: [TextField("CSV file", required: true, placeholder: "~/employees.csv"), deactivate])
        form.notice = "Nothing is written until you have seen what the file would do."
        form.noticeIsError = false
        return .push(PromptScreen(form, context) { raw, form in
            let path = PartnershipFiles.expand(raw)
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                form.notice = "Cannot read \(path): " + (FileManager.default.fileExists(atPath: path) ? "it is not UTF-8 text." : "no such file.")
                form.noticeIsError = true
                return .none
            }
            return .replace(dryRun(text, name: (path as NSString).lastPathComponent, deactivateMissing: deactivate.isOn, context))
        })
    }

    private static func dryRun(_ text: String, name: String, deactivateMissing: Bool, _ context: AppContext) -> JobScreen {
        let store = context.store
        let job = BackgroundJob(title: "Checking \(name)") { _ in
            try store.importEmployees(csv: text, dryRun: true, deactivateMissing: deactivateMissing)
        }
        return JobScreen(job, context) { result in
            switch result {
            case .failure(let error): return .push(DialogScreen.error(error, context))
            case .success(let value):
                let report = value as! EmployeeImportReport
                if report.problems.isEmpty {
                    return .push(DialogScreen(Dialog(title: "Import employees?", message: report.summary, kind: .confirm,
                                                     yesLabel: "Import", noLabel: "Cancel"), context) { answer in
                        answer == .yes ? .push(importing(text, name: name, deactivateMissing: deactivateMissing, context)) : .none
                    })
                }
                let lines = [report.summary, ""] + report.problems.map { String(describing: $0) }
                return .push(TextScreen(title: "Not imported: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(name)",
                                        lines: lines, context))
            }
        }
    }

    private static func importing(_ text: String, name: String, deactivateMissing: Bool, _ context: AppContext) -> JobScreen {
        let store = context.store
        let job = BackgroundJob(title: "Importing \(name)") { _ in
            try store.importEmployees(csv: text, dryRun: false, deactivateMissing: deactivateMissing)
        }
        return JobScreen(job, context) { result in
            switch result {
            case .success(let value): return .all([.refresh, .status((value as! EmployeeImportReport).summary)])
            case .failure(let error): return .push(DialogScreen.error(error, context))
            }
        }
    }
}
