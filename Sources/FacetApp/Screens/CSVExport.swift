import FacetStore
import Foundation
import TermUI

/// Writing a CSV file from a screen, as the `facet export …` commands do: a prompt for the file
/// (`~/` follows $HOME), a question before an existing file is replaced ("no" returns to the
/// prompt), then the export off the key path behind a `JobScreen`, in place of the prompt.
enum CSVExport {
    /// - Parameters:
    ///   - what: what is written, for the replace question ("the partnerships as they are now").
    ///   - make: the file's text; runs on the job's thread.
    ///   - done: the status line after writing `rows` data rows to `path`.
    static func prompt(title: String, suggestedPath: String, notice: String, what: String, jobTitle: String, _ context: AppContext,
                       make: @escaping @Sendable () throws -> String, done: @escaping (_ rows: Int, _ path: String) -> String) -> Effect {
        let form = Form(title: title, fields: [TextField("CSV file", value: suggestedPath, required: true)])
        form.notice = notice
        form.noticeIsError = false
        return .push(PromptScreen(form, context) { raw, _ in
            let path = PartnershipFiles.expand(raw)
            let write = { export(to: path, jobTitle: jobTitle, context, make: make, done: done) }
            guard FileManager.default.fileExists(atPath: path) else { return write() }
            // The prompt stays under the question: "no" comes back to it to choose another name.
            return .push(DialogScreen(Dialog(title: "Replace the file?",
                                             message: "\(path) already exists. Replace it with \(what)?",
                                             kind: .confirm, yesLabel: "Replace it", noLabel: "Choose another name"), context) { answer in
                answer == .yes ? write() : .none
            })
        })
    }

    /// Writes the file off the key path, in place of the prompt.
    private static func export(to path: String, jobTitle: String, _ context: AppContext,
                               make: @escaping @Sendable () throws -> String, done: @escaping (Int, String) -> String) -> Effect {
        let job = BackgroundJob(title: jobTitle) { _ in
            let csv = try make()
            do {
                try csv.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw StoreError.invalid("Cannot write \(path): \(error.localizedDescription)")
            }
            return max(0, csv.components(separatedBy: "\r\n").count - 2)
        }
        return .replace(JobScreen(job, context) { result in
            switch result {
            case .success(let rows): return .status(done(rows as! Int, path))
            case .failure(let error): return .push(DialogScreen.error(error, context))
            }
        })
    }
}
