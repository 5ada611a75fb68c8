import FacetModel
import FacetStore
import Foundation

/// A demo district for a test, without generating it for every test.
///
/// Generating the small demo district takes two to four seconds in a debug build, and well over a
/// hundred tests start from one: most of the suite's time. The first test that asks for a district
/// (its size, seed and the login that loaded it) has it generated and kept as a one-file backup in a
/// folder of this test process; every later test gets a copy of that file, opened as a new session
/// would open it. The folder goes when the process exits.
///
/// Tests of the generator itself (`DemoDataTests`) still call `DemoData.load`.
public enum DemoTemplate {
    /// A store on `path` (a new file; its folder is created) holding the demo district of `size`
    /// and `seed`, loaded by `login`, who is also the store's user.
    public static func store(path: String, login: String, size: DemoSize = .small, seed: UInt64 = 2026) throws -> FacetStore {
        try copy(to: path, login: login, size: size, seed: seed)
        return try FacetStore(path: path, login: login)
    }

    /// Copies the kept district to `path` without opening it.
    public static func copy(to path: String, login: String, size: DemoSize = .small, seed: UInt64 = 2026) throws {
        let template = try templatePath(login: login, size: size, seed: seed)
        let folder = (path as NSString).deletingLastPathComponent
        // As the store makes a database's folder (rwx for owner and group only): `facet doctor`
        // checks it.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o770])
        try FileManager.default.copyItem(atPath: template, toPath: path)
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: Set<String> = []

    /// Where this process keeps its templates. One folder per process, so two test runs at once
    /// (two worktrees, two CI jobs) never share a half-written file.
    static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("facet-demo-templates-\(getpid())").path
        atexit { try? FileManager.default.removeItem(atPath: DemoTemplate.folder) }
        return path
    }()

    private static func templatePath(login: String, size: DemoSize, seed: UInt64) throws -> String {
        let name = "\(login)-s\(size.schools)-p\(size.partners)-ps\(size.partnerships)-e\(size.employees)-n\(size.enrollments)"
            + "-r\(size.responsesPerSchoolWave)-c\(size.campaignEvents)-seed\(seed).sqlite"
        let path = (folder as NSString).appendingPathComponent(name)
        lock.lock()
        defer { lock.unlock() }
        if made.contains(name) { return path }
        let work = (folder as NSString).appendingPathComponent("loading-\(name)")
        try? FileManager.default.removeItem(atPath: work)
        do {
            let store = try FacetStore(path: work, login: login)
            try DemoData.load(into: store, size: size, seed: seed)
            // The backup API gives one self-contained, checked file (no WAL beside it) to copy.
            try store.backup(to: path)
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: work + suffix) }
        made.insert(name)
        return path
    }
}
