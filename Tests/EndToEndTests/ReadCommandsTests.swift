import Foundation
import XCTest

/// Read commands pointed at a path with no database say so and create nothing.
final class ReadCommandsTests: XCTestCase {
    /// Runs the built binary and returns its exit status and standard error.
    func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["FACET_DB"] = nil
        process.environment = environment
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("facet-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }

    func testReadCommandsOnAMissingDatabaseCreateNothing() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("facet-none-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("x")
        let path = folder.appendingPathComponent("none.sqlite").path
        for command in [["export", "partnerships"], ["users", "list"], ["doctor"], ["backup", parent.appendingPathComponent("b.sqlite").path]] {
            let result = try run(command + ["--db", path])
            XCTAssertNotEqual(result.status, 0, "\(command)")
            XCTAssertTrue(result.stderr.contains("no Facet database at \(path)"), "\(command): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path), "\(command) created \(folder.path)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), [])
    }
}
