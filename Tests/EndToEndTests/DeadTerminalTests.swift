import Foundation
import XCTest

/// A terminal that goes away without a hang-up signal (a session leader that is not facet's, a
/// killed tmux session): facet must keep the draft and exit, not spin on failing reads.
final class DeadTerminalTests: XCTestCase {
    func testClosingThePtyMasterKeepsTheDraftAndExits() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-dead-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("facet.sqlite").path
        let demo = Process()
        demo.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        demo.arguments = ["demo", "--db", db]
        demo.standardOutput = FileHandle.nullDevice
        try demo.run()
        demo.waitUntilExit()
        XCTAssertEqual(demo.terminationStatus, 0)

        var master: Int32 = 0, slave: Int32 = 0
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        XCTAssertEqual(openpty(&master, &slave, nil, nil, &size), 0)
        // No setsid: the pty is not facet's controlling terminal, so closing it sends no SIGHUP.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, master)
        let argv = [TmuxSession.binary, "--db", db]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        let env = ["TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TZ=UTC", "HOME=\(folder.path)",
                   "PATH=/usr/bin:/bin"]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { for e in cEnv { free(e) } }
        var pid: pid_t = 0
        XCTAssertEqual(posix_spawn(&pid, TmuxSession.binary, &actions, nil, &cArgs, &cEnv), 0)
        close(slave)

        func readScreen(until text: String, timeout: TimeInterval) -> Bool {
            var seen = ""
            let deadline = Date().addingTimeInterval(timeout)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
                guard poll(&p, 1, 100) > 0 else { continue }
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { return false }
                seen += String(decoding: buffer[0..<n], as: UTF8.self)
                if seen.contains(text) { return true }
            }
            return false
        }
        func send(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) } }

        XCTAssertTrue(readScreen(until: "help", timeout: 20), "facet drew its first screen")
        send("1")
        send("l")  // the schools list, behind the dashboard
        send("\r")
        XCTAssertTrue(readScreen(until: "Edit school", timeout: 10), "the form opened")
        send("\t")
        send("Typed Before The Pty Closed")
        XCTAssertTrue(readScreen(until: "Closed", timeout: 10))
        close(master)

        // It must end on its own, promptly, not spin.
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(15)
        var ended = false
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { ended = true; break }
            usleep(50_000)
        }
        if !ended { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        XCTAssertTrue(ended, "facet exited after its terminal went away")

        let drafts = Process()
        drafts.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        drafts.arguments = ["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select field_values from drafts').fetchall())", db]
        let out = Pipe()
        drafts.standardOutput = out
        try drafts.run()
        drafts.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(text.contains("Typed Before The Pty Closed"), "the draft was kept: \(text)")
    }
}
