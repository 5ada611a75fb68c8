import Foundation
import XCTest

/// The benchmark harness (Benchmarks/run.py) in its smoke mode against the built debug binary: a small
/// district, a few keys of each kind, no peer. It checks that the harness works end to end and that
/// its figures are sane, not that the budgets are met (that is what the full run reports).
final class BenchmarkSmokeTests: XCTestCase {
    func testBenchmarkHarnessSmokeRun() throws {
        let binary = TmuxSession.binary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            return XCTFail("facet binary not found at \(binary); build it first (swift build)")
        }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-bench-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r.json").path
        let logPath = folder.appendingPathComponent("output.txt").path

        let status = try run(["python3", checkout.appendingPathComponent("Benchmarks/run.py").path,
                              "--smoke", "--binary", binary, "--out", out],
                             outputPath: logPath, timeout: 120)
        let printed = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        XCTAssertEqual(status, 0, "the harness failed:\n\(printed)")

        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], printed)
        let facet = try XCTUnwrap(json["facet"] as? [String: Any], printed)
        let firstFrame = try XCTUnwrap(facet["first_frame_ms"] as? Double, printed)
        XCTAssertGreaterThan(firstFrame, 0)
        let keys = try XCTUnwrap(facet["keys"] as? [String: Any])
        let move = try XCTUnwrap(keys["move"] as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(move["n"] as? Int), 0)
        for name in ["page", "filter", "switch_pane", "open_record"] {
            let figure = try XCTUnwrap(keys[name] as? [String: Any], "no \(name) in \(keys)")
            XCTAssertGreaterThan(try XCTUnwrap(figure["n"] as? Int), 0, name)
        }
        let bytes = try XCTUnwrap(facet["bytes"] as? [String: Any])
        let moveBytes = try XCTUnwrap(bytes["move_median"] as? Int)
        let fullRedraw = try XCTUnwrap(bytes["full_redraw"] as? Int)
        XCTAssertGreaterThan(moveBytes, 0)
        XCTAssertLessThan(moveBytes, fullRedraw, "moving the selection wrote as much as repainting everything")
        XCTAssertGreaterThan(try XCTUnwrap(facet["peak_rss_mb"] as? Double), 0)
        XCTAssertTrue(json["visidata"] is NSNull, "the smoke run has no peer")
    }

    /// Runs a command, its output going to a file, and returns its exit status. posix_spawn and
    /// waitpid rather than Foundation's Process, which hung in TmuxSession.tmux (see there). Past
    /// `timeout` the harness gets SIGTERM (it then kills what it started), then SIGKILL.
    private func run(_ argv: [String], outputPath: String, timeout: TimeInterval) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else {
            throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start \(argv[0])"])
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        var signalled = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r == -1 && errno != EINTR { XCTFail("waitpid failed: errno \(errno)"); return -1 }
            if Date() > deadline {
                if !signalled {
                    XCTFail("the benchmark smoke run took more than \(Int(timeout)) s")
                    kill(pid, SIGTERM)
                    signalled = true
                } else if Date() > deadline.addingTimeInterval(5) {
                    kill(pid, SIGKILL)
                }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // Exited normally: the status is in bits 8-15; killed by a signal: report -signal.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f)
    }
}
