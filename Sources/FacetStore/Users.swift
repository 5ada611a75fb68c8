import FacetModel
import GRDB

/// The people who may use a database, and their roles. Managed by admins (`facet users …`).
extension FacetStore {
    static func loadUser(_ db: Database, login: String) throws -> User? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, login, display_name, role, version FROM users WHERE login = ?",
                                         arguments: [login]) else { return nil }
        let id: Int64 = row["id"]
        let schools = try Int64.fetchSet(db, sql: "SELECT school_id FROM user_schools WHERE user_id = ?", arguments: [id])
        return User(id: id, login: row["login"], displayName: row["display_name"],
                    role: UserRole(rawValue: row["role"]) ?? .viewer, schoolIDs: schools, version: row["version"])
    }

    /// The first login to open a database with no users becomes its admin.
    static func bootstrapFirstAdmin(_ pool: DatabasePool, login: String) throws {
        try pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") == 0 else { return }
            let writer = AuditedWriter(db: db, login: login, user: nil, enforcesAccess: false)
            try writer.insert(into: "users", values: ["login": login, "display_name": login, "role": UserRole.admin.rawValue])
        }
    }

    public func listUsers() throws -> [(user: User, schoolCodes: [String])] {
        try read { db in
            let logins = try String.fetchAll(db, sql: "SELECT login FROM users ORDER BY login")
            return try logins.compactMap { login in
                guard let u = try FacetStore.loadUser(db, login: login) else { return nil }
                let codes = try String.fetchAll(db, sql: """
                    SELECT s.code FROM user_schools us JOIN schools s ON s.id = us.school_id WHERE us.user_id = ? ORDER BY s.code
                    """, arguments: [u.id])
                return (u, codes)
            }
        }
    }

    public func addUser(login: String, displayName: String, role: UserRole, schoolCodes: [String]) throws {
        try write { w in
            let id = try w.insert(into: "users", values: ["login": login, "display_name": displayName.isEmpty ? login : displayName,
                                                          "role": role.rawValue])
            try w.setUserSchools(userID: id, codes: schoolCodes)
        }
        reloadUser()
    }

    public func setUserRole(login: String, role: UserRole) throws {
        try write { w in
            let (id, version) = try w.userIDAndVersion(login)
            try w.update("users", id: id, expectedVersion: version, changes: ["role": role.rawValue])
        }
        reloadUser()
    }

    public func setUserSchools(login: String, schoolCodes: [String]) throws {
        try write { w in
            let (id, _) = try w.userIDAndVersion(login)
            try w.setUserSchools(userID: id, codes: schoolCodes)
        }
        reloadUser()
    }

    public func removeUser(login: String) throws {
        try write { w in
            let (id, version) = try w.userIDAndVersion(login)
            if try Int.fetchOne(w.db, sql: "SELECT COUNT(*) FROM users WHERE role = 'admin' AND id != ?", arguments: [id]) == 0 {
                throw StoreError.invalid("\(login) is the last admin; make someone else admin first.")
            }
            try w.delete(from: "users", id: id, expectedVersion: version)
        }
        reloadUser()
    }
}

extension AuditedWriter {
    func userIDAndVersion(_ login: String) throws -> (Int64, Int) {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, version FROM users WHERE login = ?", arguments: [login]) else {
            throw StoreError.invalid("No user \(login). `facet users list` shows who there is.")
        }
        return (row["id"], row["version"])
    }

    /// Replaces a user's schools (by code), audited as a change of the user's "schools".
    func setUserSchools(userID: Int64, codes: [String]) throws {
        try authorize(.update, table: "users", scope: .district)
        var ids: [Int64] = []
        for code in codes {
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM schools WHERE code = ?", arguments: [code]) else {
                throw StoreError.invalid("No school with code \(code).")
            }
            ids.append(id)
        }
        let before = try String.fetchAll(db, sql: """
            SELECT s.code FROM user_schools us JOIN schools s ON s.id = us.school_id WHERE us.user_id = ? ORDER BY s.code
            """, arguments: [userID])
        let after = codes.map { $0.uppercased() }.sorted()
        guard before.map({ $0.uppercased() }) != after else { return }
        try db.execute(sql: "DELETE FROM user_schools WHERE user_id = ?", arguments: [userID])
        for id in Set(ids) {
            try db.execute(sql: "INSERT INTO user_schools (user_id, school_id) VALUES (?, ?)", arguments: [userID, id])
        }
        try appendAudit(entity: "users", id: userID, action: "update",
                        before: ["schools": .text(before.joined(separator: ", "))],
                        after: ["schools": .text(codes.joined(separator: ", "))])
    }
}
