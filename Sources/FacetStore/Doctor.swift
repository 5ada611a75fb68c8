import Foundation
import GRDB

/// What `facet doctor` checks: the things that go wrong with one SQLite file shared by many people.
public struct DoctorFinding: Sendable {
    public var check: String
    public var value: String
    public var ok: Bool
    /// What to do when not ok.
    public var advice: String?
}

extension FacetStore {
    public func doctor() -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        func add(_ check: String, _ value: String, ok: Bool = true, advice: String? = nil) {
            findings.append(DoctorFinding(check: check, value: value, ok: ok, advice: ok ? nil : advice))
        }
        add("database", path)
        do {
            let (version, mode, integrity, userVersion) = try read { db in
                (try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?",
                 try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
                 try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") ?? 0)
            }
            add("SQLite version", version)
            add("journal mode", mode, ok: mode == "wal", advice: "Facet needs WAL; open the database with facet once as its owner to set it.")
            add("migrations applied", String(userVersion))
            let integrityOK = integrity == ["ok"]
            add("integrity check", integrityOK ? "ok" : integrity.prefix(5).joined(separator: "; "), ok: integrityOK,
                advice: "Restore the latest backup, or ask for help before writing more.")
        } catch {
            add("open", String(describing: error), ok: false, advice: "See the message above.")
        }
        let folder = (path as NSString).deletingLastPathComponent
        for (label, file) in [("file permissions", path), ("folder permissions", folder)] {
            var info = stat()
            guard stat(file, &info) == 0 else { add(label, "cannot stat: \(String(cString: strerror(errno)))", ok: false, advice: nil); continue }
            let mode = Int(info.st_mode) & 0o777
            let owner = getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } ?? String(info.st_uid)
            let group = getgrgid(info.st_gid).map { String(cString: $0.pointee.gr_name) } ?? String(info.st_gid)
            let worldAccess = mode & 0o007 != 0
            let groupWrite = mode & 0o020 != 0
            add(label, String(format: "%o", mode) + " \(owner):\(group)", ok: !worldAccess && groupWrite,
                advice: worldAccess ? "Others can reach the data: chmod o-rwx \(file)"
                    : "Your colleagues' sessions need group write: chgrp facet \(file) && chmod g+rw\(label.hasPrefix("folder") ? "x" : "") \(file)")
        }
        let fs = FacetStore.filesystemType(of: folder)
        add("filesystem", fs.name, ok: !fs.isNetwork,
            advice: "WAL does not work on a network filesystem: move the database to a local disk of the server.")
        return findings
    }

    /// The filesystem type holding `path` (from /proc/self/mounts: the longest mount point that
    /// contains it), and whether it is a network one (NFS, SMB/CIFS, sshfs…).
    static func filesystemType(of path: String) -> (name: String, isNetwork: Bool) {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return ("unknown", false) }
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = fields[1].replacingOccurrences(of: "\\040", with: " ")
            let inside = point == "/" || resolved == point || resolved.hasPrefix(point + "/")
            if inside, point.count >= (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        guard let type = best?.type else { return ("unknown", false) }
        let network = ["nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs", "davfs"]
        return (type, network.contains(type) || type.hasPrefix("fuse.sshfs") || type.hasPrefix("fuse.s3") || type == "fuse.rclone")
    }
}
