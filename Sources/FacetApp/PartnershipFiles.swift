import FacetModel
import FacetStore
import Foundation
import TermUI

/// `I` and `E` in the partnerships pane: the same CSV import and export as `facet import/export
/// partnerships`, with a dry run shown before anything is written.
enum FilePrompt {
    case importPartnerships
    case exportPartnerships
}

extension FacetApplication {
    func promptForFile(_ purpose: FilePrompt) {
        let field: TextField
        let title: String
        switch purpose {
        case .importPartnerships:
            title = "Import partnerships from a CSV file"
            field = TextField("CSV file", required: true, placeholder: "~/partnerships.csv")
        case .exportPartnerships:
            title = "Export partnerships to a CSV file"
            field = TextField("CSV file", value: "~/partnerships-\(today).csv", required: true)
        }
        let form = Form(title: title, fields: [field])
        form.notice = purpose == .importPartnerships
            ? "Nothing is written until you have seen what the file would do." : "Every partnership, with its schools and areas."
        form.noticeIsError = false
        overlay = .prompt(form, purpose)
    }

    func handlePrompt(_ key: Key, _ form: Form, _ purpose: FilePrompt) {
        switch form.handle(key == .enter ? .ctrl("s") : key) {
        case .editing: break
        case .cancel: overlay = nil
        case .save:
            let raw = (form.fields.first as? TextField)?.trimmedValue ?? ""
            let path = raw.hasPrefix("~/") ? NSHomeDirectory() + raw.dropFirst(1) : raw
            switch purpose {
            case .importPartnerships: dryRunImport(path: path, form: form)
            case .exportPartnerships: export(to: path, form: form)
            }
        }
    }

    private func dryRunImport(path: String, form: Form) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            form.notice = "Cannot read \(path): " + (FileManager.default.fileExists(atPath: path) ? "it is not UTF-8 text." : "no such file.")
            form.noticeIsError = true
            return
        }
        do {
            let report = try store.importPartnerships(csv: text, dryRun: true)
            if report.problems.isEmpty {
                overlay = .dialog(Dialog(title: "Import partnerships?", message: report.summary, kind: .confirm,
                                         yesLabel: "Import", noLabel: "Cancel"), .confirmImport(text))
            } else {
                let lines = [report.summary, ""] + report.problems.map { String(describing: $0) }
                overlay = .detail(title: "Not imported: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \((path as NSString).lastPathComponent)",
                                  lines: lines, scroll: 0)
                detailRecordID = nil
            }
        } catch {
            form.notice = String(describing: error)
            form.noticeIsError = true
        }
    }

    func importConfirmed(_ text: String) {
        do {
            let report = try store.importPartnerships(csv: text, dryRun: false)
            refreshAll(keepingSelection: true)
            statusMessage = "Imported: " + report.summary
        } catch {
            showError(error)
        }
    }

    private func export(to path: String, form: Form) {
        do {
            let csv = try store.exportPartnershipsCSV()
            try csv.write(toFile: path, atomically: true, encoding: .utf8)
            overlay = nil
            let rows = max(0, csv.components(separatedBy: "\r\n").count - 2)
            statusMessage = "Exported \(rows.formatted()) partnerships to \(path)."
        } catch let error as StoreError {
            form.notice = String(describing: error)
            form.noticeIsError = true
        } catch {
            form.notice = "Cannot write \(path): \(error.localizedDescription)"
            form.noticeIsError = true
        }
    }
}
