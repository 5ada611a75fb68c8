import FacetModel
import FacetStore
import Foundation

/// `x` on the results: the shown wave's results as CSV — the same code, columns and suppression as
/// `facet export survey-results --wave ID` (a hidden figure is the word "suppressed").
enum SurveyFiles {
    static func exportResultsPrompt(waveID: Int64, label: String, _ context: AppContext) -> Effect {
        let store = context.store
        let slug = label.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return CSVExport.prompt(title: "Export the results of \(label) to a CSV file", suggestedPath: "~/survey-results-\(String(slug)).csv",
                                notice: "By school and question, suppressed as on the screen.", what: "the results of \(label) as they are now",
                                jobTitle: "Exporting the results of \(label)", context,
                                make: { try store.exportSurveyResultsCSV(waveID: waveID) },
                                done: { rows, path in "Exported \(rows.grouped) rows of \(label) to \(path)." })
    }
}
