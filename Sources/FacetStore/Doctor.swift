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
    /// `facet doctor` on whatever is at `path`: a damaged, foreign or tampered file is diagnosed
    /// rather than refused. Nothing is created or written.
    public static func diagnose(path: String, login: String = CurrentLogin.name) -> [DoctorFinding] {
        guard FileManager.default.fileExists(atPath: path) else {
            return [DoctorFinding(check: "database", value: path, ok: false, advice: StoreError.noDatabase(path: path).description)]
        }
        if let truncated = DatabaseFile.truncation(path: path) {
            return [DoctorFinding(check: "database", value: path, ok: true, advice: nil),
                    DoctorFinding(check: "integrity check", value: "truncated", ok: false,
                                  advice: StoreError.damaged(path: path, detail: truncated).description)]
                + fileFindings(path: path)
        }
        do {
            let store = try FacetStore(path: path, login: login, busyTimeout: 2, mode: .diagnose, createIfMissing: false)
            return store.doctor()
        } catch {
            return [DoctorFinding(check: "database", value: path, ok: true, advice: nil),
                    DoctorFinding(check: "open", value: "failed", ok: false, advice: String(describing: error))]
                + fileFindings(path: path)
        }
    }

    public func doctor() -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        func add(_ check: String, _ value: String, ok: Bool = true, advice: String? = nil) {
            findings.append(DoctorFinding(check: check, value: value, ok: ok, advice: ok ? nil : advice))
        }
        add("database", path)
        if let readOnlyReason { add("access", "read-only: \(readOnlyReason)") }
        var integrityOK = false
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
            integrityOK = integrity == ["ok"]
            add("integrity check", integrityOK ? "ok" : "failed", ok: integrityOK,
                advice: StoreError.damaged(path: path, detail: integrity.prefix(3).joined(separator: "; ")).description)
        } catch {
            add("open", "failed", ok: false, advice: String(describing: error))
        }
        if integrityOK { findings += auditFindings() }
        findings += FacetStore.fileFindings(path: path)
        return findings
    }

    /// The audit log against the records: the hash chain, the append-only triggers, users' roles and
    /// schools, and every audited record's version.
    func auditFindings() -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let advice = "Someone changed the database outside Facet. Find out who and why; restore a backup (facet restore BACKUP) if the change was not legitimate."
        do {
            try read { db in
                let missing = try AuditChain.missingTriggers(db)
                findings.append(DoctorFinding(check: "audit triggers", value: missing.isEmpty ? "present" : "missing: " + missing.joined(separator: ", "),
                                              ok: missing.isEmpty, advice: missing.isEmpty ? nil : advice))
                guard try db.columns(in: "audit_log").contains(where: { $0.name == "hash" }) else {
                    findings.append(DoctorFinding(check: "audit chain", value: "not chained yet", ok: true,
                                                  advice: nil))
                    return
                }
                let broken = try AuditChain.firstBrokenRow(db)
                findings.append(DoctorFinding(check: "audit chain", value: broken.map { "broken at audit row #\($0)" } ?? "intact",
                                              ok: broken == nil, advice: broken == nil ? nil : "Audit row #\(broken!) was forged, changed, or a row before it removed. " + advice))
                let users = try AuditChain.userMismatches(db)
                findings.append(DoctorFinding(check: "users match the audit log", value: users.isEmpty ? "yes" : users.joined(separator: "; "),
                                              ok: users.isEmpty, advice: users.isEmpty ? nil : advice))
                let versions = try AuditChain.versionMismatches(db)
                let value = versions.count == 0 ? "yes"
                    : "\(versions.count) record(s) changed without an audit row: " + versions.examples.joined(separator: "; ")
                findings.append(DoctorFinding(check: "records match the audit log", value: value, ok: versions.count == 0,
                                              advice: versions.count == 0 ? nil : advice))
            }
        } catch {
            findings.append(DoctorFinding(check: "audit log", value: "cannot be read", ok: false, advice: String(describing: error)))
        }
        return findings
    }

    /// Checks of the file and its folder that need no SQLite: permissions, filesystem, free space, WAL size.
    static func fileFindings(path: String) -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        func add(_ check: String, _ value: String, ok: Bool = true, advice: String? = nil) {
            findings.append(DoctorFinding(check: check, value: value, ok: ok, advice: ok ? nil : advice))
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
        if let free = DatabaseFile.freeSpace(folder.isEmpty ? "." : folder) {
            add("free space", DatabaseFile.megabytes(free), ok: free >= DoctorLimits.minimumFreeSpace,
                advice: "Less than \(DatabaseFile.megabytes(DoctorLimits.minimumFreeSpace)) free: saves will fail when the disk fills. Free some space on this filesystem.")
        }
        let wal = DatabaseFile.size(path + "-wal") ?? 0
        add("WAL size", DatabaseFile.megabytes(wal), ok: wal <= DoctorLimits.maximumWAL,
            advice: "The WAL is large: a long-running reader may be keeping it from being folded back. Ask users to quit Facet; it shrinks when no one reads.")
        return findings
    }
}

/// When doctor warns about space.
enum DoctorLimits {
    static let minimumFreeSpace: UInt64 = 100_000_000
    static let maximumWAL: UInt64 = 64 * 1024 * 1024
}

extension FacetStore {
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
