import FacetModel
import FacetStore
import Foundation
import TermUI

/// `I` and `E` in the partnerships pane: the same CSV import and export as `facet import/export
/// partnerships`. Both run off the key path with their progress shown; an import shows its dry
/// run before anything is written, and Esc cancels it before it commits.
enum PartnershipFiles {
    /// `~/…` against the user's home (`$HOME`, as the shell would).
    static func expand(_ raw: String) -> String {
        guard raw.hasPrefix("~/") else { return raw }
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + raw.dropFirst(1)
    }

    static func importPrompt(_ context: AppContext) -> Effect {
        let form = Form(title: "Import partnerships from a CSV file",
                        fields: [TextField("CSV file", required: true, placeholder: "~/partnerships.csv")])
        form.notice = "Nothing is written until you have seen what the file would do."
        form.noticeIsError = false
        return .push(PromptScreen(form, context) { raw, form in
            let path = expand(raw)
            guard let text = readText(path, form: form) else { return .none }
            return .replace(dryRun(text, name: (path as NSString).lastPathComponent, context))
        })
    }

    private static func readText(_ path: String, form: Form) -> String? {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            form.notice = "Cannot read \(path): " + (FileManager.default.fileExists(atPath: path) ? "it is not UTF-8 text." : "no such file.")
            form.noticeIsError = true
            return nil
        }
    }

    /// Checks the whole file without writing; then either the problems or the question to import.
    private static func dryRun(_ text: String, name: String, _ context: AppContext) -> JobScreen {
        let store = context.store
        let job = BackgroundJob(title: "Checking \(name)") { progress in
            try store.importPartnerships(csv: text, dryRun: true) { progress.report(done: $0, total: $1) }
        }
        return JobScreen(job, context) { result in
            switch result {
            case .failure(let error): return .push(DialogScreen.error(error, context))
            case .success(let value):
                let report = value as! PartnershipImportReport
                if report.problems.isEmpty {
                    return .push(DialogScreen(Dialog(title: "Import partnerships?", message: report.summary, kind: .confirm,
                                                     yesLabel: "Import", noLabel: "Cancel"), context) { answer in
                        answer == .yes ? .push(importing(text, name: name, context)) : .none
                    })
                }
                let lines = [report.summary, ""] + report.problems.map { String(describing: $0) }
                return .push(TextScreen(title: "Not imported: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(name)",
                                        lines: lines, context))
            }
        }
    }

    private static func importing(_ text: String, name: String, _ context: AppContext) -> JobScreen {
        let store = context.store
        let job = BackgroundJob(title: "Importing \(name)") { progress in
            try store.importPartnerships(csv: text, dryRun: false) { progress.report(done: $0, total: $1) }
        }
        return JobScreen(job, context) { result in
            switch result {
            case .success(let value): return .all([.refresh, .status((value as! PartnershipImportReport).summary)])
            case .failure(StoreError.cancelled): return .status("Import cancelled; nothing was written.")
            case .failure(let error): return .push(DialogScreen.error(error, context))
            }
        }
    }

    static func exportPrompt(_ context: AppContext) -> Effect {
        let store = context.store
        return CSVExport.prompt(title: "Export partnerships to a CSV file", suggestedPath: "~/partnerships-\(context.today).csv",
                                notice: "Every partnership, with its schools and areas.", what: "the partnerships as they are now",
                                jobTitle: "Exporting partnerships", context,
                                make: { try store.exportPartnershipsCSV() },
                                done: { rows, path in "Exported \(rows.grouped) partnerships to \(path)." })
    }
}
