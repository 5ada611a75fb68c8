// facet-load: one process's share of a many-users load on one database file. Each write is an
// audited, version-checked transaction through FacetStore, as the application makes them:
// inserts of new partners, and increments of one shared counter record that every process races
// for (a conflict is retried from a fresh read, never overwritten). Used by the stress test and by
// hand: `facet-load --db FILE --writes 500 --label p1`.
import FacetModel
import FacetStore
import Foundation

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

guard let path = argument("--db") else {
    FileHandle.standardError.write(Data("usage: facet-load --db FILE [--writes N] [--label NAME]\n".utf8))
    exit(2)
}
let writes = Int(argument("--writes") ?? "500") ?? 500
let label = argument("--label") ?? String(getpid())

do {
    let store = try FacetStore(path: path, busyTimeout: 30)
    guard let counterID = try store.schoolID(code: "LOAD") else {
        FileHandle.standardError.write(Data("facet-load: the database needs a school with code LOAD whose name is a number (the shared counter)\n".utf8))
        exit(2)
    }
    var conflicts = 0
    for i in 0..<writes {
        if i % 2 == 0 {
            let name = "Load partner \(label)-\(i)"
            try store.insertRecord("partners", values: ["name": .text(name), "name_folded": .text(Validation.foldedName(name)),
                                                        "kind": .text(PartnerKind.nonprofit.rawValue)])
        } else {
            while true {
                guard let row = try store.fetchRecord(table: "schools", id: counterID),
                      let version = row["version"]?.integerValue, let count = Int(row["name"]?.text ?? "") else {
                    fatalError("the counter school is gone")
                }
                do {
                    try store.updateRecord("schools", id: counterID, expectedVersion: Int(version), changes: ["name": .text(String(count + 1))])
                    break
                } catch StoreError.conflict {
                    conflicts += 1
                }
            }
        }
    }
    print("facet-load \(label): \(writes) writes, \(conflicts) conflicts retried")
} catch {
    FileHandle.standardError.write(Data("facet-load \(label): \(error)\n".utf8))
    exit(1)
}
