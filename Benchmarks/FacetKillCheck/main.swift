// facet-killcheck: the kill-and-check harness. Writer processes (children of this one) make the
// application's writes — audited saves through FacetStore and all-or-nothing partnership imports —
// and acknowledge each one on standard output once it is committed. This process kills them with
// SIGKILL at random moments, starts new ones, and checks the database after kills and at the end:
// SQLite's integrity check, every acknowledged write present, no import half-applied (a file's rows
// are all there or none), and the audit log matching the data (the audit checks of `facet doctor`).
//
//   facet-killcheck [--kills N] [--seed S] [--writers W] [--check-every K] [--max-delay MS] [--dir DIR]
//   facet-killcheck verify --dir DIR            checks a finished run's database against its acknowledgements
//   facet-killcheck writer --db FILE --kind save|import --label L --seed S   (started by the harness)
//
// The long run: `swift run -c release facet-killcheck --kills 1000`. The tests run 20 kills.
// New write paths (kiosk submissions) get a writer kind here, an acknowledgement line and a check.
import FacetModel
import FacetStore
import GRDB
import Foundation

// MARK: small things

func argument(_ name: String, in args: [String] = CommandLine.arguments) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("facet-killcheck: \(message)\n".utf8))
    exit(status)
}

/// SplitMix64: the same seed gives the same pauses between kills, victims and writers' seeds.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

/// One acknowledgement line, written with one write(2) after the commit: it reaches the file even
/// when the process is killed right after it, and is never half a line unless killed inside it.
func acknowledge(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { if errno == EINTR { continue }; exit(3) }
            offset += n
        }
    }
}

enum Harness {
    /// The school whose name is a number that save writers increment, version-checked.
    static let counterCode = "KILLCHECK"
    /// The audit checks of `facet doctor`, and SQLite's integrity check.
    static let doctorChecks: Set<String> = ["open", "integrity check", "audit log", "audit triggers", "audit chain",
                                            "users match the audit log", "records match the audit log"]
}

// MARK: writers

/// Audited saves, as the application's forms make them: a new partner, or the shared counter
/// incremented from a fresh read (a conflict is retried, never overwritten).
func runSaveWriter(store: FacetStore, label: String, random: inout SeededRandom) throws -> Never {
    guard let counter = try store.schoolID(code: Harness.counterCode) else { fail("no \(Harness.counterCode) school in the database") }
    var i = 0
    while true {
        i += 1
        if random.next() % 2 == 0 {
            let name = "KC-\(label)-\(i)"
            let id = try store.insertRecord("partners", values: [
                "name": .text(name), "name_folded": .text(Validation.foldedName(name)), "kind": .text(PartnerKind.nonprofit.rawValue),
            ])
            acknowledge("insert partners \(id) \(name)")
        } else {
            while true {
                guard let row = try store.fetchRecord(table: "schools", id: counter),
                      let version = row["version"]?.integerValue, let count = Int(row["name"]?.text ?? "") else {
                    fail("the counter school is gone or not a number", status: 1)
                }
                do {
                    let newVersion = try store.updateRecord("schools", id: counter, expectedVersion: Int(version),
                                                            changes: ["name": .text(String(count + 1))])
                    acknowledge("counter \(counter) \(newVersion) \(count + 1)")
                    break
                } catch StoreError.conflict {
                    continue
                }
            }
        }
    }
}

/// Partnership imports of 5–40 rows, each row a new partnership of one new partner, `services`
/// naming the batch. One in five files has a row the import must refuse: then nothing is written.
func runImportWriter(store: FacetStore, label: String, random: inout SeededRandom) throws -> Never {
    var k = 0
    while true {
        k += 1
        let tag = "KC-\(label)-b\(k)"
        let rows = random.int(5...40)
        let invalid = random.next() % 5 == 0
        let badRow = random.int(1...rows)
        var csv = CSV.line(["partner", "services", "notes"])
        for r in 1...rows {
            let partner = invalid && r == badRow ? String(repeating: "x", count: FieldLimits.partnerName + 1) : "\(tag) partner"
            csv += CSV.line([partner, tag, "row \(r) of \(rows)"])
        }
        acknowledge("begin \(tag) \(rows) \(invalid ? "invalid" : "valid")")
        do {
            let report = try store.importPartnerships(csv: csv, dryRun: false)
            guard !invalid, report.partnershipsCreated == rows else {
                fail("import \(tag) (\(invalid ? "with a bad row" : "valid")) created \(report.partnershipsCreated) of \(rows)", status: 1)
            }
            acknowledge("import \(tag) \(rows)")
        } catch StoreError.invalid(let message) {
            guard invalid else { fail("a valid import \(tag) was refused: \(message)", status: 1) }
            acknowledge("refused \(tag)")
        }
    }
}

func writerMain(_ args: [String]) -> Never {
    guard let path = argument("--db", in: args), let kind = argument("--kind", in: args), let label = argument("--label", in: args) else {
        fail("usage: facet-killcheck writer --db FILE --kind save|import --label L [--seed S]")
    }
    var random = SeededRandom(seed: UInt64(argument("--seed", in: args) ?? "") ?? 1)
    do {
        let store = try FacetStore(path: path, busyTimeout: 60)
        switch kind {
        case "save": try runSaveWriter(store: store, label: label, random: &random)
        case "import": try runImportWriter(store: store, label: label, random: &random)
        default: fail("unknown writer kind \(kind)")
        }
    } catch {
        fail("writer \(label): \(error)", status: 1)
    }
}

// MARK: what was acknowledged

/// Every acknowledgement of every writer of a run, read from the writers' output files.
struct Ledger {
    var inserts: [(id: Int64, name: String)] = []
    /// The highest counter version acknowledged, by school id.
    var counterVersion: [Int64: Int] = [:]
    var counterIncrements = 0
    /// Imports started: rows and whether the file was valid.
    var begun: [String: (rows: Int, valid: Bool)] = [:]
    var imported: [String: Int] = [:]
    var refused: Set<String> = []
    var problems: [String] = []

    mutating func read(file: String) {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
        // A line without its newline was cut by the kill: it acknowledges nothing.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        for line in lines where !take(line.split(separator: " ").map(String.init)) {
            problems.append("\(file): cannot read the acknowledgement \"\(line)\"")
        }
    }

    /// Records one acknowledgement; false when the line is not one.
    mutating func take(_ f: [String]) -> Bool {
        switch (f.first ?? "", f.count) {
        case ("insert", 4):
            guard let id = Int64(f[2]) else { return false }
            inserts.append((id, f[3]))
        case ("counter", 4):
            guard let school = Int64(f[1]), let version = Int(f[2]) else { return false }
            counterVersion[school] = max(counterVersion[school] ?? 0, version)
            counterIncrements += 1
        case ("begin", 4):
            guard let rows = Int(f[2]) else { return false }
            begun[f[1]] = (rows, f[3] == "valid")
        case ("import", 3):
            guard let rows = Int(f[2]) else { return false }
            imported[f[1]] = rows
        case ("refused", 2):
            refused.insert(f[1])
        default:
            return false
        }
        return true
    }

    static func read(folder: String) -> Ledger {
        var ledger = Ledger()
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".acks") }.sorted()
        for file in files { ledger.read(file: (folder as NSString).appendingPathComponent(file)) }
        return ledger
    }
}

// MARK: the checks

struct CheckResult {
    var failures: [String] = []
    /// Imports whose writer was killed between "begin" and its acknowledgement.
    var killedCommitted = 0
    var killedRolledBack = 0
    var batchesInDatabase = 0
}


/// Checks the database against the acknowledgements read from `folder` first (what was acknowledged
/// before the database is read must be in it). `fromInsert` skips inserts checked before.
func check(store: FacetStore, folder: String, fromInsert: Int = 0, killedWritersAreGone: Bool) -> (CheckResult, Ledger) {
    let ledger = Ledger.read(folder: folder)
    return (check(store: store, ledger: ledger, folder: folder, fromInsert: fromInsert, killedWritersAreGone: killedWritersAreGone), ledger)
}

func check(store: FacetStore, ledger: Ledger, folder: String, fromInsert: Int, killedWritersAreGone: Bool) -> CheckResult {
    var result = CheckResult()
    result.failures += ledger.problems
    for finding in store.doctor() where Harness.doctorChecks.contains(finding.check) && !finding.ok {
        result.failures.append("doctor: \(finding.check): \(finding.value)")
    }
    do {
        // Every acknowledged save is there, with its audit row.
        for (id, name) in ledger.inserts.dropFirst(fromInsert) {
            guard let row = try store.fetchRecord(table: "partners", id: id) else {
                result.failures.append("acknowledged partner #\(id) \(name) is missing"); continue
            }
            if row["name"]?.text != name { result.failures.append("partner #\(id) is \(row["name"]?.text ?? "nil"), acknowledged as \(name)") }
            if try store.history(entity: "partners", id: id).first?.action != "insert" {
                result.failures.append("acknowledged partner #\(id) \(name) has no audit row for its insert")
            }
        }
        for (school, acknowledged) in ledger.counterVersion {
            // The counter and its audit rows in one snapshot: writers still running may commit an
            // increment between two separate reads (seen: version 232 read, then 233 audit rows).
            let read = try store.read { db -> (version: Int, name: String, audited: Int)? in
                guard let row = try Row.fetchOne(db, sql: "SELECT version, name FROM schools WHERE id = ?", arguments: [school]) else { return nil }
                let audited = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE entity = 'schools' AND entity_id = ?",
                                               arguments: [school]) ?? 0
                return (row["version"], row["name"], audited)
            }
            guard let (version, name, audited) = read, let value = Int(name) else {
                result.failures.append("the counter school #\(school) is missing or not a number"); continue
            }
            if version < acknowledged { result.failures.append("counter at version \(version), but version \(acknowledged) was acknowledged") }
            if value != version - 1 { result.failures.append("counter is \(value) at version \(version): an increment was lost or half-applied") }
            if audited != version { result.failures.append("counter at version \(version) has \(audited) audit rows") }
        }
        // Imports: all of a file's rows or none.
        var rowsByTag: [String: [(id: Int64, partner: String)]] = [:]
        let records = try CSV.parse(try store.exportPartnershipsCSV())
        guard let header = records.first?.fields, let id = header.firstIndex(of: "id"), let partner = header.firstIndex(of: "partner"),
              let services = header.firstIndex(of: "services") else {
            result.failures.append("the export has no id, partner or services column"); return result
        }
        for record in records.dropFirst() where record.fields[services].hasPrefix("KC-") {
            rowsByTag[record.fields[services], default: []].append((Int64(record.fields[id]) ?? 0, record.fields[partner]))
        }
        result.batchesInDatabase = rowsByTag.count
        // Writers still running may have started imports since the acknowledgements were read.
        let started = killedWritersAreGone ? ledger.begun : Ledger.read(folder: folder).begun
        for (tag, rows) in rowsByTag {
            guard let begun = started[tag] else { result.failures.append("import \(tag) is in the database but was never started"); continue }
            if !begun.valid { result.failures.append("import \(tag) had a bad row, yet \(rows.count) of its rows were written") }
            else if rows.count != begun.rows { result.failures.append("import \(tag) is half-applied: \(rows.count) of \(begun.rows) rows") }
            if let other = rows.first(where: { $0.partner != "\(tag) partner" }) {
                result.failures.append("import \(tag) row #\(other.id) has partner \(other.partner)")
            }
            if try store.history(entity: "partnerships", id: rows[0].id).first?.action != "insert" {
                result.failures.append("imported partnership #\(rows[0].id) (\(tag)) has no audit row for its insert")
            }
        }
        for (tag, rows) in ledger.imported where rowsByTag[tag]?.count != rows {
            result.failures.append("acknowledged import \(tag) of \(rows) rows has \(rowsByTag[tag]?.count ?? 0) in the database")
        }
        for tag in ledger.refused where rowsByTag[tag] != nil {
            result.failures.append("refused import \(tag) left \(rowsByTag[tag]!.count) rows")
        }
        if killedWritersAreGone {
            for tag in ledger.begun.keys where ledger.imported[tag] == nil && !ledger.refused.contains(tag) {
                if rowsByTag[tag] != nil { result.killedCommitted += 1 } else { result.killedRolledBack += 1 }
            }
        }
    } catch {
        result.failures.append("cannot read the database: \(error)")
    }
    return result
}

// MARK: the harness

func spawn(_ arguments: [String], stdout: String, stderr: String) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var cArgs = arguments.map { strdup($0) } + [nil]
    defer { for a in cArgs { free(a) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, arguments[0], &actions, nil, &cArgs, environ)
    guard rc == 0 else { fail("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
    return pid
}

/// How a reaped process ended: ("exit", status) or ("signal", number).
func reap(_ pid: pid_t, block: Bool = true) -> (ended: Bool, how: String, code: Int32) {
    var status: Int32 = 0
    var rc: pid_t
    repeat { rc = waitpid(pid, &status, block ? 0 : WNOHANG) } while rc == -1 && errno == EINTR
    guard rc == pid else { return (false, "", 0) }
    return (status & 0x7f) == 0 ? (true, "exit", (status >> 8) & 0xff) : (true, "signal", status & 0x7f)
}

struct Writer {
    var pid: pid_t
    var kind: String
    var label: String
    var errors: String
}

func harnessMain(_ args: [String]) -> Never {
    let kills = Int(argument("--kills", in: args) ?? "") ?? 20
    let seed = UInt64(argument("--seed", in: args) ?? "") ?? UInt64(Date().timeIntervalSince1970 * 1000) % 1_000_000
    let writerCount = max(2, Int(argument("--writers", in: args) ?? "") ?? 3)
    let checkEvery = max(1, Int(argument("--check-every", in: args) ?? "") ?? 25)
    let maxDelay = max(2, Int(argument("--max-delay", in: args) ?? "") ?? 250)
    let givenDir = argument("--dir", in: args)
    let dir = givenDir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("facet-killcheck-\(getpid())")
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let path = (dir as NSString).appendingPathComponent("facet.sqlite")
    if FileManager.default.fileExists(atPath: path) { fail("\(path) exists already: give a new folder (its acknowledgements would be mixed up)") }
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var random = SeededRandom(seed: seed)
    let started = Date()

    let store: FacetStore
    do {
        store = try FacetStore(path: path, busyTimeout: 60)
        if try store.schoolID(code: Harness.counterCode) == nil {
            try store.insertRecord("schools", values: ["code": .text(Harness.counterCode), "name": .text("0"), "level": .text("other")])
        }
    } catch {
        fail("cannot set up \(path): \(error)")
    }
    print("facet-killcheck: \(kills) kills, seed \(seed), \(writerCount) writers, database \(path)")

    var spawned = 0
    func start(_ kind: String) -> Writer {
        spawned += 1
        let label = "w\(spawned)"
        let base = (dir as NSString).appendingPathComponent(label)
        let pid = spawn([me, "writer", "--db", path, "--kind", kind, "--label", label, "--seed", String(random.next() % 1_000_000_000)],
                        stdout: base + ".acks", stderr: base + ".err")
        return Writer(pid: pid, kind: kind, label: label, errors: base + ".err")
    }
    var failures: [String] = []
    func noteEnd(_ w: Writer, how: String, code: Int32, expectedKill: Bool) {
        if expectedKill && how == "signal" && code == SIGKILL { return }
        let text = (try? String(contentsOfFile: w.errors, encoding: .utf8)) ?? ""
        failures.append("writer \(w.label) (\(w.kind)) ended by \(how) \(code) on its own: \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
    }

    var writers = (0..<writerCount).map { start($0 % 3 == 1 ? "import" : "save") }
    var fullChecks = 0, insertsChecked = 0
    for round in 1...max(1, kills) {
        usleep(useconds_t(random.int(1...maxDelay)) * 1000)
        // A writer that ended by itself failed (busy past the timeout, a refused valid import…).
        for i in writers.indices {
            let r = reap(writers[i].pid, block: false)
            if r.ended { noteEnd(writers[i], how: r.how, code: r.code, expectedKill: false); writers[i] = start(writers[i].kind) }
        }
        let victim = random.int(0...writers.count - 1)
        kill(writers[victim].pid, SIGKILL)
        let r = reap(writers[victim].pid)
        noteEnd(writers[victim], how: r.how, code: r.code, expectedKill: true)
        writers[victim] = start(writers[victim].kind)
        if round % checkEvery == 0 && round != kills {
            let (result, ledger) = check(store: store, folder: dir, fromInsert: insertsChecked, killedWritersAreGone: false)
            insertsChecked = ledger.inserts.count
            fullChecks += 1
            failures += result.failures.map { "after kill \(round): \($0)" }
            if !result.failures.isEmpty { break }
        }
    }
    // The end: every writer killed, then everything checked once more.
    for w in writers {
        kill(w.pid, SIGKILL)
        let r = reap(w.pid)
        noteEnd(w, how: r.how, code: r.code, expectedKill: true)
    }
    let (final, ledger) = check(store: store, folder: dir, killedWritersAreGone: true)
    fullChecks += 1
    failures += final.failures.map { "at the end: \($0)" }

    let seconds = Date().timeIntervalSince(started)
    let counts = (try? store.counts()) ?? [:]
    let rows = ledger.imported.values.reduce(0, +)
    print("killed \(kills) writers in \(String(format: "%.0f", seconds)) s (\(spawned) started)")
    print("acknowledged: \(ledger.inserts.count + ledger.counterIncrements) audited saves (\(ledger.inserts.count) inserts, \(ledger.counterIncrements) counter increments), "
        + "\(ledger.imported.count) imports (\(rows) rows), \(ledger.refused.count) refused imports")
    print("killed inside an import: \(final.killedCommitted + final.killedRolledBack) (\(final.killedCommitted) committed before the acknowledgement, \(final.killedRolledBack) rolled back whole)")
    print("checks: \(fullChecks) full checks (integrity, every acknowledged write, imports all or nothing, doctor's audit checks)")
    print("database: \(counts["partners"] ?? 0) partners, \(counts["partnerships"] ?? 0) partnerships, \((try? store.auditRowCount()) ?? 0) audit rows")
    for f in failures.prefix(50) { print("FAIL \(f)") }
    print("failures: \(failures.count)")
    if failures.isEmpty && givenDir == nil { try? FileManager.default.removeItem(atPath: dir) }
    exit(failures.isEmpty ? 0 : 1)
}

/// `verify --dir DIR`: a finished run's database against its acknowledgements, once more.
func verifyMain(_ args: [String]) -> Never {
    guard let dir = argument("--dir", in: args) else { fail("usage: facet-killcheck verify --dir DIR") }
    let path = (dir as NSString).appendingPathComponent("facet.sqlite")
    do {
        let store = try FacetStore(path: path, busyTimeout: 60, createIfMissing: false)
        let (result, _) = check(store: store, folder: dir, killedWritersAreGone: true)
        for f in result.failures.prefix(50) { print("FAIL \(f)") }
        print("imports in the database: \(result.batchesInDatabase)")
        print("failures: \(result.failures.count)")
        exit(result.failures.isEmpty ? 0 : 1)
    } catch {
        fail("cannot open \(path): \(error)", status: 1)
    }
}

switch CommandLine.arguments.dropFirst().first {
case "writer": writerMain(CommandLine.arguments)
case "verify": verifyMain(CommandLine.arguments)
case "--help", "-h":
    print("usage: facet-killcheck [--kills N] [--seed S] [--writers W] [--check-every K] [--max-delay MS] [--dir DIR]\n"
        + "       facet-killcheck verify --dir DIR")
    exit(0)
default: harnessMain(CommandLine.arguments)
}
