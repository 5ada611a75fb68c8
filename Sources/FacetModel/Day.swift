import Foundation

/// A calendar day with no time and no zone (records store days as "YYYY-MM-DD").
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses exactly "YYYY-MM-DD", in ASCII digits ("+202-01-01" and "2026-+1-05" are not days).
    public init?(_ iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, parts[1].utf8.count == 2, parts[2].utf8.count == 2,
              let y = Validation.wholeNumber(parts[0]), let m = Validation.wholeNumber(parts[1]),
              let d = Validation.wholeNumber(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        // Digits by hand: `String(format:)` goes through Foundation's locale machinery, and an
        // import or a report writes hundreds of thousands of days.
        guard (0...9999).contains(year) else { return String(format: "%04d-%02d-%02d", year, month, day) }
        return String(unsafeUninitializedCapacity: 10) { out in
            func put(_ value: Int, width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    out[i] = UInt8(0x30 + v % 10)
                    v /= 10
                }
            }
            put(year, width: 4, at: 0)
            out[4] = 0x2D
            put(month, width: 2, at: 5)
            out[7] = 0x2D
            put(day, width: 2, at: 8)
            return 10
        }
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic without Foundation calendars.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(ordinal: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The same day `n` months later (clamped to the month's last day).
    public func adding(months n: Int) -> Day {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.daysIn(month: m, year: y)))!
    }

    /// Today in the process's time zone (TZ, else /etc/localtime), from the C library: Foundation's
    /// `TimeZone.current` loads ICU's time-zone data on first use, milliseconds and megabytes at
    /// start-up for one date.
    public static func today(now: Date = Date()) -> Day {
        var seconds = time_t(now.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }
}
