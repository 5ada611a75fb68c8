import Foundation

/// Where the database lives: `--db PATH`, else `FACET_DB`, else `$XDG_DATA_HOME/facet/facet.sqlite`,
/// else `~/.local/share/facet/facet.sqlite`.
public enum DatabaseLocation {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return expandTilde(explicit, environment: environment) }
        if let fromEnv = environment["FACET_DB"], !fromEnv.isEmpty { return expandTilde(fromEnv, environment: environment) }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return dataHome + "/facet/facet.sqlite"
    }

    static func expandTilde(_ path: String, environment: [String: String]) -> String {
        guard path.hasPrefix("~/") else { return path }
        return (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst(1)
    }

    /// Creates the folder (rwx for owner and group only) and the file (rw for owner and group only)
    /// when they do not exist yet. Existing files keep their permissions.
    static func prepare(path: String) throws {
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !fm.fileExists(atPath: folder) {
            do {
                try fm.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: 0o770])
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        if !fm.fileExists(atPath: path) {
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o660)
            if fd >= 0 {
                fchmod(fd, 0o660)  // the umask must not widen or narrow the documented mode
                close(fd)
            } else if errno != EEXIST {
                throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }
}

/// The Unix login of this process: who every change is attributed to. Never a flag or an
/// environment variable, which a user could set to anything.
public enum CurrentLogin {
    public static var name: String {
        if let pw = getpwuid(getuid()), let n = pw.pointee.pw_name { return String(cString: n) }
        return "uid\(getuid())"
    }
}
