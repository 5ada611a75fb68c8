import Foundation

/// Lets work running on a thread of its own (an edit saved off the key path) say when a write
/// should stop waiting for another process's lock: `FacetStore.write` asks between short waits.
/// Kept per thread, so a screen's "stop waiting" never reaches another thread's write.
public enum WaitingForLock {
    /// How long each wait lasts before the condition is asked again.
    static let slice: TimeInterval = 0.2

    nonisolated(unsafe) private static var conditions: [pthread_t: () -> Bool] = [:]
    private static let lock = NSLock()

    /// Runs `body`; writes made in it on this thread stop waiting for a lock once `stop()` is true.
    public static func run<T>(stoppingWhen stop: @escaping () -> Bool, _ body: () throws -> T) rethrows -> T {
        let me = pthread_self()
        lock.lock(); conditions[me] = stop; lock.unlock()
        defer { lock.lock(); conditions[me] = nil; lock.unlock() }
        return try body()
    }

    static var stopCondition: (() -> Bool)? {
        let me = pthread_self()
        lock.lock(); defer { lock.unlock() }
        return conditions[me]
    }
}
