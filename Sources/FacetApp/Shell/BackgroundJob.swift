import Foundation

/// Long work (an import, an export, a report) run on a thread of its own, so the screen keeps
/// repainting and keys keep answering. The work reports progress and asks whether to go on; a
/// job cancelled before it commits leaves nothing behind (the store rolls its transaction back).
final class BackgroundJob: @unchecked Sendable {
    /// Reported by the work as it goes; `stop` is true once the job was cancelled.
    final class Progress: @unchecked Sendable {
        fileprivate weak var job: BackgroundJob?
        /// Records `done` of `total`; returns false when the work should stop.
        func report(done: Int, total: Int) -> Bool {
            guard let job else { return false }
            job.lock.lock(); defer { job.lock.unlock() }
            job.done = done
            job.total = total
            return !job.cancelRequested
        }

        var isCancelled: Bool {
            guard let job else { return true }
            job.lock.lock(); defer { job.lock.unlock() }
            return job.cancelRequested
        }
    }

    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private var done = 0
    private var total = 0
    private var cancelRequested = false
    private var outcome: Result<Any, Error>?
    let title: String

    /// Jobs still running, so a quit signal can cancel them and wait for their rollback.
    nonisolated(unsafe) private static var running: [ObjectIdentifier: BackgroundJob] = [:]
    private static let registry = NSLock()

    init(title: String, work: @escaping @Sendable (Progress) throws -> Any) {
        self.title = title
        let progress = Progress()
        progress.job = self
        Self.registry.lock()
        Self.running[ObjectIdentifier(self)] = self
        Self.registry.unlock()
        let thread = Thread { [self] in
            let result: Result<Any, Error>
            do { result = .success(try work(progress)) } catch { result = .failure(error) }
            lock.lock()
            outcome = result
            lock.unlock()
            Self.registry.lock()
            Self.running[ObjectIdentifier(self)] = nil
            Self.registry.unlock()
            finished.signal()
        }
        thread.name = "facet-job"
        thread.start()
    }

    var progress: (done: Int, total: Int) { lock.lock(); defer { lock.unlock() }; return (done, total) }
    var isCancelling: Bool { lock.lock(); defer { lock.unlock() }; return cancelRequested }
    /// The work's result once it has finished, else nil.
    var result: Result<Any, Error>? { lock.lock(); defer { lock.unlock() }; return outcome }

    func cancel() { lock.lock(); cancelRequested = true; lock.unlock() }

    /// Blocks until the work has finished (tests; the end of a session).
    @discardableResult
    func wait() -> Result<Any, Error> {
        finished.wait()
        finished.signal()
        return result!
    }

    /// Waits at most `seconds` (nil: until it finishes); whether the work has finished.
    func wait(upTo seconds: TimeInterval?) -> Bool {
        guard let seconds else { wait(); return true }
        guard finished.wait(timeout: .now() + seconds) == .success else { return false }
        finished.signal()
        return true
    }

    static var isAnyRunning: Bool { registry.lock(); defer { registry.unlock() }; return !running.isEmpty }

    /// Cancels every running job and waits until each has rolled back or finished.
    static func cancelAllAndWait() {
        registry.lock()
        let jobs = Array(running.values)
        registry.unlock()
        for job in jobs { job.cancel() }
        for job in jobs { job.wait() }
    }
}
