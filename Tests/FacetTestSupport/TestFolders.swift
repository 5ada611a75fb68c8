import Foundation

/// Temporary folders for test databases, removed when the test process exits.
///
/// XCTest keeps every test case object until the run ends, so a database held in a test's property
/// is never released and its `deinit` never removes its folder: each run left thousands of folders
/// (gigabytes) in the temporary directory. Folders made here go at exit, whatever holds them.
public enum TestFolders {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: [String] = []
    nonisolated(unsafe) private static var registered = false

    /// A new, not yet created folder under the temporary directory, named `prefix-<UUID>`.
    public static func make(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        lock.lock()
        defer { lock.unlock() }
        made.append(url.path)
        if !registered {
            registered = true
            atexit { TestFolders.removeAll() }
        }
        return url
    }

    private static func removeAll() {
        lock.lock()
        defer { lock.unlock() }
        for path in made { try? FileManager.default.removeItem(atPath: path) }
        made = []
    }
}
