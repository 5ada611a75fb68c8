import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// The kill-and-check harness (Benchmarks/FacetKillCheck), a short run: writers killed with SIGKILL
/// at random moments during audited saves and imports, and the database checked after. The long
/// run is `swift run -c release facet-killcheck --kills 1000` (README, "Harnesses").
final class KillCheckTests: XCTestCase {
    /// facet-killcheck, built beside the tests.
    static var tool: String {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("facet-killcheck")) }
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("facet-killcheck")) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? "facet-killcheck"
    }

    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-killcheck-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Runs the tool (posix_spawn, output to a file), waits for it, and returns its status and output.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = folder.appendingPathComponent("tool-\(UUID().uuidString).txt").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = [Self.tool] + arguments
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, Self.tool, &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw StoreError.invalid("cannot start \(Self.tool): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    /// A number from the summary, e.g. 12 from "acknowledged: 12 audited saves".
    func figure(_ output: String, before words: String) -> Int? {
        guard let range = output.range(of: " " + words) else { return nil }
        let digits = output[..<range.lowerBound].reversed().prefix(while: \.isNumber)
        return Int(String(digits.reversed()))
    }

    func testTwentyKillsLoseNoAcknowledgedWriteAndHalfApplyNoImport() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tool) else {
            return XCTFail("facet-killcheck not built beside the tests (\(Self.tool)); run swift build first")
        }
        let seed = ProcessInfo.processInfo.environment["FACET_KILLCHECK_SEED"] ?? "2026"
        let dir = folder.appendingPathComponent("run").path
        let result = try run(["--kills", "20", "--seed", seed, "--check-every", "5", "--dir", dir])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("failures: 0"), result.output)
        // The run did write: saves and imports were acknowledged and then checked.
        XCTAssertGreaterThan(figure(result.output, before: "audited saves") ?? 0, 0, result.output)
        XCTAssertGreaterThan((figure(result.output, before: "imports (") ?? 0) + (figure(result.output, before: "refused imports") ?? 0), 0, result.output)

        // The same checks, run again on the run's files, pass…
        let again = try run(["verify", "--dir", dir])
        XCTAssertEqual(again.status, 0, again.output)

        // …and they are not blind: one row taken out of an imported file, and a write acknowledged
        // that is not there, are each reported.
        let queue = try DatabaseQueue(path: dir + "/facet.sqlite")
        let taken: String? = try queue.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, services FROM partnerships WHERE services LIKE 'KC-%' ORDER BY id DESC LIMIT 1") else { return nil }
            try db.execute(sql: "DELETE FROM partnerships WHERE id = ?", arguments: [row["id"] as Int64])
            return row["services"] as String?
        }
        try "insert partners 987654321 KC-forged-1\n".write(toFile: dir + "/forged.acks", atomically: true, encoding: .utf8)
        let broken = try run(["verify", "--dir", dir])
        XCTAssertEqual(broken.status, 1, broken.output)
        XCTAssertTrue(broken.output.contains("acknowledged partner #987654321 KC-forged-1 is missing"), broken.output)
        if let taken {
            XCTAssertTrue(broken.output.contains("import \(taken) is half-applied"), broken.output)
        }
    }
}
