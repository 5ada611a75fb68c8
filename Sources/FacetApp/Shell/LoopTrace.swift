import Foundation

/// The terminal loop's phases timed in the process, for finding where a slow key's time went
/// (issue #11): set `FACET_LOOP_TRACE` to a file and each key's handling, render and draw, the
/// page faults they took, and each piece of work between keys are written there when the session
/// ends, one line each. Off (nil) unless asked for; kept in memory until the end so that timing
/// writes nothing to disk between keys.
final class LoopTrace {
    private let path: String
    private var lines: [String] = []
    private var start: UInt64 = 0
    private var marks: [UInt64] = []
    private var faultsAtStart: (minor: Int, major: Int, preempted: Int) = (0, 0, 0)
    private var keys = 0
    private var readsAtStart = 0

    private init(path: String) {
        self.path = path
        lines.reserveCapacity(4_096)
    }

    static func fromEnvironment() -> LoopTrace? {
        guard let path = ProcessInfo.processInfo.environment["FACET_LOOP_TRACE"], !path.isEmpty else { return nil }
        return LoopTrace(path: path)
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Page faults, and involuntary context switches (the kernel gave the CPU to another process
    /// in the middle of the key: time the key waited that is not its own work).
    private static func faults() -> (minor: Int, major: Int, preempted: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (usage.ru_minflt, usage.ru_majflt, usage.ru_nivcsw)
    }

    /// A key was read: its phases follow (`mark`), then `keyDone`.
    func keyRead(reads: Int) {
        readsAtStart = reads
        start = Self.now()
        marks.removeAll(keepingCapacity: true)
        faultsAtStart = Self.faults()
    }

    /// The end of a phase of the key being timed (handled, rendered, drawn).
    func mark() { marks.append(Self.now()) }

    /// `reads`: the store's reads started so far (a move whose rows were at hand reads none).
    func keyDone(_ key: String, reads: Int) {
        let f = Self.faults()
        var previous = start
        let phases = marks.map { t -> String in
            defer { previous = t }
            return String(format: "%.3f", Double(t - previous) / 1e6)
        }
        lines.append("key \(keys) \(key) ms \(phases.joined(separator: " ")) faults \(f.minor - faultsAtStart.minor) \(f.major - faultsAtStart.major) preempted \(f.preempted - faultsAtStart.preempted) reads \(reads - readsAtStart)")
        keys += 1
    }

    /// One piece of work between keys, from `began`; `more` when another piece is due.
    func ahead(began: UInt64, more: Bool) {
        lines.append(String(format: "ahead after key %d ms %.3f more %@", keys - 1, Double(Self.now() - began) / 1e6, more ? "yes" : "no"))
    }

    func write() {
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }
}
