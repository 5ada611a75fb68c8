import FacetStore
import Foundation

/// A fresh database in its own temporary folder, removed when the test ends.
final class TestDatabase {
    let folder: URL
    let path: String
    let store: FacetStore

    init(login: String = "tester") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-test-\(UUID().uuidString)")
        path = folder.appendingPathComponent("facet.sqlite").path
        store = try FacetStore(path: path, login: login)
    }

    /// A second connection pool on the same file, as another user's process would have.
    func secondStore(login: String) throws -> FacetStore { try FacetStore(path: path, login: login) }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
