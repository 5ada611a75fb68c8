import Foundation
import XCTest

/// `./install.sh PREFIX` puts the binary, its themes, the manual page and completions where a
/// shared server's users find them.
final class InstallTests: XCTestCase {
    func testInstallPutsEverythingUnderThePrefixAndTheBinaryFindsItsThemes() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("facet-prefix-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let install = Process()
        install.executableURL = checkout.appendingPathComponent("install.sh")
        install.arguments = [prefix.path]
        // The binaries this test run built: building again from inside `swift test` would wait
        // for the build folder's lock forever.
        let binDir = URL(fileURLWithPath: TmuxSession.binary).deletingLastPathComponent().path
        install.environment = ProcessInfo.processInfo.environment.merging(["FACET_BIN_DIR": binDir]) { $1 }
        let output = Pipe()
        install.standardOutput = output
        install.standardError = output
        try install.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        install.waitUntilExit()
        XCTAssertEqual(install.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("Installed facet"), text)

        let fm = FileManager.default
        for path in ["bin/facet", "share/facet/Themes/default.toml", "share/facet/Themes/monochrome.toml",
                     "share/bash-completion/completions/facet",
                     "share/zsh/site-functions/_facet", "share/fish/vendor_completions.d/facet.fish"] {
            XCTAssertTrue(fm.fileExists(atPath: prefix.appendingPathComponent(path).path), "\(path) installed")
        }
        // The manual page comes from the argument parser's generate-manual, built by a normal
        // install; when this run has it, the page must list the commands.
        if FileManager.default.isExecutableFile(atPath: binDir + "/generate-manual") {
            let man = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/facet.1"), encoding: .utf8)
            XCTAssertTrue(man.contains(".Nm facet") && man.contains("doctor"), "the manual lists the commands")
        } else {
            XCTAssertTrue(text.contains("the manual page was not installed"), "a missing manual is said, not hidden: \(text)")
        }
        let bash = try String(contentsOf: prefix.appendingPathComponent("share/bash-completion/completions/facet"), encoding: .utf8)
        XCTAssertTrue(bash.contains("complete") && bash.contains("facet"))

        // The installed binary finds the installed themes (share/facet/Themes beside bin/).
        let themes = Process()
        themes.executableURL = prefix.appendingPathComponent("bin/facet")
        themes.arguments = ["themes"]
        themes.environment = ["HOME": prefix.path, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        themes.standardOutput = out
        try themes.run()
        let listing = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        themes.waitUntilExit()
        let installedLine = listing.split(separator: "\n").first { $0.contains(prefix.appendingPathComponent("share/facet/Themes").path) }
        XCTAssertNotNil(installedLine, listing)
        XCTAssertFalse(installedLine?.contains("(missing)") ?? true, listing)
    }
}
