import FacetModel
import Foundation
import XCTest

/// Counts written with thousands separators, and today's date, without Foundation's ICU-backed
/// formatting and time zones (which cost start-up time and memory).
final class TextAndTodayTests: XCTestCase {
    func testCountsAreGroupedByThreesWithCommas() {
        XCTAssertEqual(0.grouped, "0")
        XCTAssertEqual(7.grouped, "7")
        XCTAssertEqual(999.grouped, "999")
        XCTAssertEqual(1_000.grouped, "1,000")
        XCTAssertEqual(12_044.grouped, "12,044")
        XCTAssertEqual(150_000.grouped, "150,000")
        XCTAssertEqual(1_234_567.grouped, "1,234,567")
        XCTAssertEqual((-4_321).grouped, "-4,321")
        XCTAssertEqual(Int64(1_000_000).grouped, "1,000,000")
        XCTAssertEqual(Int.min.grouped, "-9,223,372,036,854,775,808")
    }

    /// The C library's local date equals Foundation's Gregorian calendar in the process's time
    /// zone, across a day's boundaries and a leap day.
    func testTodayIsTheLocalDateOfTheMoment() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let base = Date(timeIntervalSince1970: 1_709_164_800)  // 2024-02-29T00:00:00Z
        for hours in stride(from: -30, through: 54, by: 1) {
            let moment = base.addingTimeInterval(Double(hours) * 3_600 + 59)
            let c = calendar.dateComponents([.year, .month, .day], from: moment)
            XCTAssertEqual(Day.today(now: moment), Day(year: c.year!, month: c.month!, day: c.day!)!, "\(moment)")
        }
    }
}
