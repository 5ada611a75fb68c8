import XCTest
@testable import FacetModel

final class DayTests: XCTestCase {
    func testParsingRejectsImpossibleDays() {
        XCTAssertEqual(Day("2026-09-01")?.description, "2026-09-01")
        XCTAssertEqual(Day(year: 7, month: 3, day: 9)?.description, "0007-03-09", "written with leading zeros")
        XCTAssertEqual(Day(year: 9999, month: 12, day: 31)?.description, "9999-12-31")
        for ordinal in stride(from: -1_000, to: 30_000, by: 37) {
            let day = Day(ordinal: ordinal)
            XCTAssertEqual(Day(day.description), day, "\(day) reads back")
        }
        XCTAssertNil(Day("2026-02-29"))
        XCTAssertNotNil(Day("2028-02-29"))
        XCTAssertNil(Day("2026-13-01"))
        XCTAssertNil(Day("26-09-01"))
        XCTAssertNil(Day("2026/09/01"))
    }

    func testArithmeticAcrossMonthsAndYears() {
        let d = Day("2026-11-30")!
        XCTAssertEqual(d.adding(days: 60).description, "2027-01-29")
        XCTAssertEqual(d.adding(months: 3).description, "2027-02-28")
        XCTAssertEqual(Day(ordinal: d.ordinal), d)
        XCTAssertEqual(Day("1970-01-01")!.ordinal, 0)
        XCTAssertLessThan(Day("2026-08-31")!, Day("2026-09-01")!)
    }
}

final class ValidationTests: XCTestCase {
    func testEmail() {
        XCTAssertNil(Validation.email("mai.vang@district.org"))
        XCTAssertNotNil(Validation.email("mai.vang"))
        XCTAssertNotNil(Validation.email("mai vang@district.org"))
        XCTAssertNotNil(Validation.email("@district.org"))
        XCTAssertNotNil(Validation.email("a@b@district.org"), "one @")
        XCTAssertNotNil(Validation.email("mai@district"), "a dot after the @")
        XCTAssertNotNil(Validation.email("mai@.district.org"))
        XCTAssertNotNil(Validation.email("mai@district.org."))
        XCTAssertNotNil(Validation.email("mai@"))
        XCTAssertNil(Validation.email("Nguyễn.Thị@trường.example.vn"), "letters of any script")
    }

    func testPhone() {
        XCTAssertNil(Validation.phone("651-555-0142"))
        XCTAssertNil(Validation.phone("(651) 555-0142 x12"))
        XCTAssertNil(Validation.phone("+252 61 555 0142"))
        XCTAssertNotNil(Validation.phone("555-0142"))
        XCTAssertNotNil(Validation.phone("call me"))
    }

    func testFoldedNamesCatchDuplicatesAcrossCaseAccentsAndStrokes() {
        XCTAssertEqual(Validation.foldedName("Casa de Esperanza"), Validation.foldedName("CASA DE  ESPERANZA"))
        XCTAssertEqual(Validation.foldedName("Comunidades Latinas Unidas"), Validation.foldedName("comunidades latinas unidas"))
        XCTAssertEqual(Validation.foldedName("Đồng Tâm Cultural Society"), Validation.foldedName("Dong Tam cultural society"))
        XCTAssertEqual(Validation.foldedName("Café Ñandú"), "cafe nandu")
        XCTAssertNotEqual(Validation.foldedName("Hmong American Partnership"), Validation.foldedName("Hmong American Partners"))
    }

    func testChoicesReadTheirLabels() {
        XCTAssertEqual(PartnerKind.from(label: "Faith-based"), .faithBased)
        XCTAssertEqual(PartnershipStatus.from(label: "in-review"), .inReview)
        XCTAssertEqual(SchoolYear.name(startingIn: 2026), "2026-27")
    }
}
