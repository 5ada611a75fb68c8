import Foundation

/// Where "now" and "today" come from. The application reads the clock whenever it needs the day
/// (a kiosk or a session left open overnight sees the new day); tests pass a fixed one.
public protocol Clock: Sendable {
    var now: Date { get }
}

extension Clock {
    /// Today in the local time zone, read now.
    public var today: Day { Day.today(now: now) }
}

public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that stays where it is put (tests, golden screens); `advance` moves it on.
public final class FixedClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ date: Date) { current = date }

    /// Noon UTC of `day`, so the local day is the same in every time zone tests run in.
    public convenience init(day: Day) {
        self.init(Date(timeIntervalSince1970: TimeInterval(day.ordinal) * 86_400 + 43_200))
    }

    public var now: Date { lock.lock(); defer { lock.unlock() }; return current }

    public func advance(by seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}
