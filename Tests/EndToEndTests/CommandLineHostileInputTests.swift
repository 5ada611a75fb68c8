import Foundation
import XCTest

/// `facet import` and `facet export` on files made to hurt, through the built binary: what reaches
/// the terminal must hold no escape sequence from the file, and the export must hold no formula.
final class CommandLineHostileInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs the binary with `arguments`; returns its exit status, standard output and standard error.
    func facet(_ arguments: [String]) throws -> (status: Int32, out: [UInt8], err: [UInt8]) {
        let binary = TmuxSession.binary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("facet binary not found at \(binary); build it first (swift build)")
            return (-1, [], [])
        }
        let outPath = folder.appendingPathComponent("out").path, errPath = folder.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = [binary] + arguments + ["--db", folder.appendingPathComponent("facet.sqlite").path]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f)
        return (code, [UInt8](try Data(contentsOf: URL(fileURLWithPath: outPath))), [UInt8](try Data(contentsOf: URL(fileURLWithPath: errPath))))
    }

    /// Bytes a terminal acts on, other than the line breaks between messages.
    func controlBytes(_ bytes: [UInt8]) -> [UInt8] {
        bytes.filter { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testImportProblemsCannotRetitleOrClearTheTerminal() throws {
        let file = try write("partner,status,schools\n\u{1B}]0;PWNED\u{07},\u{1B}[2J,\"NOPE\u{1B}[31m\"\nNul\u{0}Byte,active,\n", to: "hostile.csv")
        for dryRun in [true, false] {
            let result = try facet(["import", "partnerships", file] + (dryRun ? ["--dry-run"] : []))
            XCTAssertEqual(result.status, 1)
            let err = String(decoding: result.err, as: UTF8.self)
            XCTAssertEqual(controlBytes(result.out + result.err), [], err)
            XCTAssertTrue(err.contains("\"\\x1b[2J\" is not a status"), err)
            XCTAssertTrue(err.contains("no school with code NOPE\\x1b[31m"), err)
            XCTAssertTrue(err.contains("line 3, partner: a control character (\\x00)"), err)
        }
    }

    func testExportedFormulasAreNeutralisedAndComeBackUnchanged() throws {
        let file = try write("partner,services,notes\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+1 mentoring,'=kept\n", to: "formulas.csv")
        XCTAssertEqual(try facet(["import", "partnerships", file]).status, 0)
        let exported = try facet(["export", "partnerships"])
        XCTAssertEqual(exported.status, 0)
        let csv = String(decoding: exported.out, as: UTF8.self)
        XCTAssertTrue(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), csv)
        // The apostrophe of '=kept was taken as the neutraliser on the way in, and is put back on the way out.
        XCTAssertTrue(csv.contains(",'+1 mentoring,"), csv)
        XCTAssertTrue(csv.hasSuffix(",'=kept\r\n"), csv)
        let again = try write(csv, to: "again.csv")
        let reimport = try facet(["import", "partnerships", again])
        XCTAssertEqual(reimport.status, 0)
        XCTAssertTrue(String(decoding: reimport.out, as: UTF8.self).contains("1 unchanged"))
    }
}
