import Foundation
import XCTest

/// `facet export roster` and `facet export compliance` on the real binary: the sign-in sheet, the
/// compliance report as text and as CSV, and a clear refusal of a course that does not exist.
final class RosterExportTests: XCTestCase {
    private var folder: URL!
    private var database: String { folder.appendingPathComponent("facet.sqlite").path }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertEqual(try facet(["demo", "--db", database, "--seed", "8"]).status, 0)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs the binary; its exit status, standard output and standard error.
    private func facet(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        p.arguments = arguments
        p.environment = ["HOME": folder.path, "XDG_DATA_HOME": folder.path, "XDG_CONFIG_HOME": folder.path, "LANG": "C.UTF-8", "TZ": "UTC"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    func testTheComplianceReportAsTextAndCSV() throws {
        let text = try facet(["export", "compliance", "--db", database, "--course", "FE101", "--on", "2026-11-30"])
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertTrue(text.out.hasPrefix("Compliance on 2026-11-30"), text.out)
        for part in ["FE101 Family engagement foundations", "  District", "  By role", "  Teacher", "  By school"] {
            XCTAssertTrue(text.out.contains(part), "\(part) in\n\(text.out)")
        }
        XCTAssertFalse(text.out.contains("AB120"), "--course keeps one course")

        let csv = try facet(["export", "compliance", "--db", database, "--format", "csv", "--on", "2026-11-30"])
        XCTAssertEqual(csv.status, 0, csv.err)
        let rows = csv.out.components(separatedBy: "\r\n").filter { !$0.isEmpty }  // CSV lines end in CRLF
        XCTAssertEqual(rows.first, "course,number,name,school,role,last_completed,due_since")
        XCTAssertGreaterThan(rows.count, 10, "the overdue list of the demo district")
        XCTAssertTrue(rows.dropFirst().allSatisfy { $0.hasPrefix("AB120,") || $0.hasPrefix("CS130,") || $0.hasPrefix("DIV110,") || $0.hasPrefix("FE101,") },
                      "every row names a required course")
    }

    func testAnUnknownCourseIsRefusedClearly() throws {
        let result = try facet(["export", "compliance", "--db", database, "--course", "NOPE"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.err.contains("No required course has the code NOPE."), result.err)
        XCTAssertEqual(result.out, "")
    }

    func testTheSignInSheet() throws {
        let sheet = try facet(["export", "roster", "--db", database, "--session", "1"])
        XCTAssertEqual(sheet.status, 0, sheet.err)
        XCTAssertTrue(sheet.out.hasPrefix("Sign-in sheet — "), sheet.out)
        XCTAssertTrue(sheet.out.contains("Signature"), sheet.out)
        XCTAssertTrue(sheet.out.contains("(walk-in)"), "lines for walk-ins")
        let missing = try facet(["export", "roster", "--db", database, "--session", "999999"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertFalse(missing.err.isEmpty)
    }
}
