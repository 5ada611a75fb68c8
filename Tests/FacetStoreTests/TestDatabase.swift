import FacetModel
import FacetStore
import FacetTestSupport
import Foundation

/// A fresh database in its own temporary folder, removed when the test ends or, if a test case
/// still holds it, when the test process exits (`TestFolders`).
final class TestDatabase {
    let folder: URL
    let path: String
    let store: FacetStore

    init(login: String = "tester") throws {
        folder = TestFolders.make("facet-test")
        path = folder.appendingPathComponent("facet.sqlite").path
        store = try FacetStore(path: path, login: login)
    }

    /// A fresh database holding the demo district of `size` and `seed`, loaded by `login` (a copy of
    /// the one this test process generated first; see `DemoTemplate`).
    init(login: String = "tester", demo size: DemoSize, seed: UInt64) throws {
        folder = TestFolders.make("facet-test")
        path = folder.appendingPathComponent("facet.sqlite").path
        store = try DemoTemplate.store(path: path, login: login, size: size, seed: seed)
    }

    /// A second connection pool on the same file, as another user's process would have. The login is
    /// added as a user with `role` first unless `role` is nil.
    func secondStore(login: String, role: UserRole? = .admin, schools: [String] = []) throws -> FacetStore {
        if let role { try store.addUser(login: login, displayName: login, role: role, schoolCodes: schools) }
        return try FacetStore(path: path, login: login)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
