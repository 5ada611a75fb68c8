import Foundation
import XCTest

/// A terminal for end-to-end tests: a tmux server of the test's own (`tmux -L <unique>`), a shell in
/// one window of a pinned size, LANG/TERM/TZ pinned, and helpers to type and to wait for the screen.
final class TmuxSession {
    let socket = "facet-e2e-\(UUID().uuidString.prefix(8))"
    let folder: URL
    let databasePath: String

    /// `sharing` another session's database makes a second user's terminal on the same file.
    init(width: Int = 80, height: Int = 24, sharing other: TmuxSession? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        databasePath = other?.databasePath ?? folder.appendingPathComponent("facet.sqlite").path
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "e2e",
                  "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8", "-e", "TERM=xterm-256color", "-e", "TZ=UTC",
                  "-e", "HOME=\(folder.path)", "-e", "XDG_DATA_HOME=\(folder.path)/data",
                  "-e", "XDG_CONFIG_HOME=\(folder.path)/config", "-e", "PS1=$ ",
                  "env", "-u", "NO_COLOR", "-u", "FACET_DB", "-u", "FACET_THEME", "sh"])
        try tmux(["set-option", "-t", "e2e", "status", "off"])
        // tmux sizes the window from the (absent) client unless told otherwise.
        try tmux(["set-option", "-t", "e2e", "window-size", "manual"])
        try tmux(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// The built `facet` binary: $FACET_BIN, else beside the test bundle, else .build/debug.
    static var binary: String {
        if let bin = ProcessInfo.processInfo.environment["FACET_BIN"] { return bin }
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("facet")) }
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("facet")) }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent(".build/debug/facet"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? candidates.last!.path
    }

    /// Starts facet in the shell; `echo EXIT=$?` afterwards shows how it ended.
    func startFacet(_ arguments: String = "", environment: String = "") throws {
        try typeLine("\(environment) '\(TmuxSession.binary)' --db '\(databasePath)' \(arguments); echo EXIT=$?")
    }

    /// Fills this session's database with the demo district and clears the screen.
    func loadDemo(seed: Int = 11) throws {
        try typeLine("'\(TmuxSession.binary)' demo --db '\(databasePath)' --seed \(seed); echo DEMO=$?")
        try waitFor(text: "DEMO=0", timeout: 60)
        try typeLine("clear")
    }

    /// The facet process this session started: a child of the pane's shell, found by id, so a
    /// signal never reaches another session's facet on the same database.
    func facetPID() throws -> Int32 {
        let shell = try tmux(["display-message", "-p", "-t", "e2e", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pgrep.arguments = ["pgrep", "-P", shell, "-x", "facet"]
        let out = Pipe()
        pgrep.standardOutput = out
        try pgrep.run()
        pgrep.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard let pid = text.split(separator: "\n").compactMap({ Int32($0) }).first else {
            throw NSError(domain: "tmux", code: 1, userInfo: [NSLocalizedDescriptionKey: "no facet process under this session's shell (pid \(shell))"])
        }
        return pid
    }

    /// Sends a signal ("TERM", "HUP", "SEGV") to the facet process this session started.
    func signalFacet(_ name: String) throws {
        let signals: [String: Int32] = ["TERM": SIGTERM, "HUP": SIGHUP, "INT": SIGINT, "SEGV": SIGSEGV, "KILL": SIGKILL]
        guard let number = signals[name] else { throw NSError(domain: "tmux", code: 1, userInfo: [NSLocalizedDescriptionKey: "unknown signal \(name)"]) }
        let pid = try facetPID()
        guard kill(pid, number) == 0 else { throw NSError(domain: "tmux", code: 1, userInfo: [NSLocalizedDescriptionKey: "kill \(pid) failed: \(String(cString: strerror(errno)))"]) }
    }

    func typeLine(_ text: String) throws {
        try tmux(["send-keys", "-t", "e2e", "-l", text])
        try tmux(["send-keys", "-t", "e2e", "Enter"])
    }

    /// Sends tmux key names ("Down", "Escape", "C-s") or literal text with `literal: true`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", "e2e"] + (literal ? ["-l"] : []) + keys)
    }

    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "e2e"])
    }

    /// A tmux format value for the pane, e.g. "alternate_on".
    func paneFlag(_ name: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "e2e", "#{\(name)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `predicate` holds, failing with the last screen after `timeout`.
    @discardableResult
    func waitFor(_ description: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if predicate(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("timed out waiting for \(description); the screen was:\n\(screen)", file: file, line: line)
        throw XCTSkip("screen never showed \(description)")
    }

    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// Runs tmux and returns what it printed. Spawned with posix_spawn and reaped with waitpid, its
    /// output going to a file: the tmux server that the first command starts inherits descriptors and
    /// lives on, which leaves Foundation's Process (pipes, its own child monitoring) waiting forever.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let outputPath = folder.appendingPathComponent("tmux-output-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        let argv = ["tmux", "-L", socket] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw NSError(domain: "tmux", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start tmux"]) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
