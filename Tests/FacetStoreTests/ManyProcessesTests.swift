import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// Several real processes writing one file at once, as coordinators' sessions do.
final class ManyProcessesTests: XCTestCase {
    /// The facet-load tool built beside the tests.
    static var loadTool: String {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("facet-load")) }
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("facet-load")) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? "facet-load"
    }

    /// Starts a process (posix_spawn, output to a file) and returns its pid.
    func spawn(_ arguments: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArgs = arguments.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw StoreError.invalid("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    func testEightProcessesTimesFiveHundredAuditedWrites() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.loadTool) else {
            return XCTFail("facet-load not built beside the tests (\(Self.loadTool)); run swift build first")
        }
        // The load processes run as this Unix login, so it must be the database's user.
        let db = try TestDatabase(login: CurrentLogin.name)
        let counter = try db.store.write { w in
            try w.insert(into: "schools", values: ["code": "LOAD", "name": "0", "level": "other"])
        }
        let auditBefore = try db.store.read { d in try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
        let processes = 8, writes = 500
        var pids: [pid_t] = []
        for p in 0..<processes {
            pids.append(try spawn([Self.loadTool, "--db", db.path, "--writes", "\(writes)", "--label", "p\(p)"],
                                  output: db.folder.appendingPathComponent("load-\(p).txt").path))
        }
        for (p, pid) in pids.enumerated() {
            let status = wait(pid)
            let output = (try? String(contentsOfFile: db.folder.appendingPathComponent("load-\(p).txt").path, encoding: .utf8)) ?? ""
            XCTAssertEqual(status, 0, "process \(p) failed: \(output)")
        }
        let inserts = processes * writes / 2, increments = processes * writes / 2
        try db.store.read { d in
            XCTAssertEqual(try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM partners WHERE name LIKE 'Load partner %'"), inserts,
                           "every insert is present")
            let row = try XCTUnwrap(Row.fetchOne(d, sql: "SELECT name, version FROM schools WHERE id = ?", arguments: [counter]))
            XCTAssertEqual(row["name"] as String, String(increments), "no increment was lost to a silent overwrite")
            XCTAssertEqual(row["version"] as Int, 1 + increments)
            XCTAssertEqual(try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM audit_log"), auditBefore + inserts + increments,
                           "one audit row per write")
            XCTAssertEqual(try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM audit_log WHERE entity = 'schools' AND entity_id = ? AND action = 'update'",
                                            arguments: [counter]), increments)
            XCTAssertEqual(try String.fetchAll(d, sql: "PRAGMA integrity_check"), ["ok"])
        }
    }
}
