import Foundation
import GRDB

extension StoreError {
    /// Errors about the file itself (damaged, not SQLite, disk full), in words; nil for the others.
    static func translateStorageError(_ error: DatabaseError, path: String) -> StoreError? {
        switch error.resultCode {
        case .SQLITE_CORRUPT:
            return .damaged(path: path, detail: "SQLite found its structure broken")
        case .SQLITE_NOTADB:
            return .notADatabase(path: path)
        case .SQLITE_FULL:
            return .diskFull(path: path)
        case .SQLITE_IOERR where error.extendedResultCode == .SQLITE_IOERR_SHORT_READ:
            return .damaged(path: path, detail: "it is shorter than its own header says: it was truncated")
        default:
            return nil
        }
    }
}

/// What can be told about a database file without SQLite: is it SQLite at all, can this account
/// write it, how much room is left.
enum DatabaseFile {
    /// `.notADatabase` when the file has content that does not start with SQLite's header, and
    /// `.damaged` when its header promises more pages than the file holds; nil when it looks sound
    /// (an empty file is a new database).
    static func headerProblem(path: String) -> StoreError? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        guard !header.isEmpty else { return nil }
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\0".utf8) else { return .notADatabase(path: path) }
        return nil
    }

    /// The pages the header of a checkpointed file says it holds, against the file's size: a file cut
    /// short (a copy interrupted, a full disk) says more than it has. Only meaningful while no one
    /// writes (doctor, restore), since a checkpoint in progress may briefly look the same.
    static func truncation(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 100), header.count == 100,
              header.prefix(16) == Data("SQLite format 3\0".utf8) else { return nil }
        let bytes = [UInt8](header)
        func be32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        let rawPageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        // The page count in the header is only valid when the change counter matches "version-valid-for".
        guard be32(24) == be32(92), pageSize >= 512 else { return nil }
        let expected = UInt64(be32(28)) * UInt64(pageSize)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
        guard size < expected else { return nil }
        return "it holds \(size) bytes but its header says \(expected): it was truncated"
    }

    /// Why this account can only read the database, or nil when it can write it. The checks are
    /// passed in so that tests, which run as root (whom permission bits do not stop), can exercise
    /// every branch.
    static func readOnlyReason(path: String,
                               canWrite: (String) -> Bool = { access($0, W_OK) == 0 },
                               exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) },
                               onReadOnlyFilesystem: (String) -> Bool = DatabaseFile.isOnReadOnlyFilesystem,
                               describe: (String) -> String = DatabaseFile.modeAndOwner) -> String? {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        if onReadOnlyFilesystem(folder) {
            return "the filesystem holding \(folder) is mounted read-only; an administrator must remount it read-write or move the database"
        }
        if exists(path), !canWrite(path) {
            return "your account may not write the file (\(describe(path))); an administrator can add you to its group, or give the group write permission: chmod g+rw \(path)"
        }
        let companions = [path + "-wal", path + "-shm"]
        if !canWrite(folder), companions.contains(where: { !exists($0) || !canWrite($0) }) {
            return "the folder \(folder) does not let your account create files (\(describe(folder))), and SQLite needs to create \((path as NSString).lastPathComponent)-wal and -shm beside the database; an administrator can run: chmod g+rwx \(folder)"
        }
        return nil
    }

    static func isOnReadOnlyFilesystem(_ path: String) -> Bool {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return false }
        return info.f_flag & UInt(ST_RDONLY) != 0
    }

    /// "mode 640, owner alice, group facet".
    static func modeAndOwner(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "cannot be examined: \(String(cString: strerror(errno)))" }
        let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(info.st_uid)
        let group = getgrgid(info.st_gid).map { String(cString: $0.pointee.gr_name) } ?? String(info.st_gid)
        return "mode " + String(Int(info.st_mode) & 0o777, radix: 8) + ", owner \(owner), group \(group)"
    }

    /// Bytes free for this account on the filesystem holding `path`.
    static func freeSpace(_ path: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    static func size(_ path: String) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value
    }

    static func megabytes(_ bytes: UInt64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
