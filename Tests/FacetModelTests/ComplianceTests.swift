import XCTest
@testable import FacetModel

final class ComplianceTests: XCTestCase {
    let today = Day("2026-11-30")!
    let annual = Course(code: "AB120", title: "Anti-bias", topic: .antiBias, hours: 2, requiredRoles: [.teacher, .administrator], renewalMonths: 12)
    let once = Course(code: "FE101", title: "Family engagement", topic: .familyEngagement, hours: 3, requiredRoles: [.teacher], renewalMonths: nil)

    func status(_ course: Course, role: EmployeeRole = .teacher, active: Bool = true, hired: String? = "2010-08-20",
                last: String?, grace: Int = 90) -> ComplianceStatus {
        Compliance.status(course: course, role: role, active: active, hireDate: hired.flatMap(Day.init),
                          lastCompletion: last.flatMap(Day.init), today: today, graceDays: grace)
    }

    func testRenewalWindowsHold() {
        XCTAssertEqual(status(annual, last: "2026-03-01"), .current(until: Day("2027-03-01")!))
        XCTAssertEqual(status(annual, last: "2024-11-30"), .overdue(since: Day("2025-11-30")!), "two years ago does not count for an annual course")
        XCTAssertEqual(status(annual, last: "2025-11-30"), .overdue(since: Day("2026-11-30")!), "a year ago to the day has just run out")
        XCTAssertEqual(status(annual, last: "2025-12-01"), .current(until: Day("2026-12-01")!))
        XCTAssertEqual(status(once, last: "2009-01-05"), .current(until: nil), "a course taken once counts for ever")
        if case .current = status(annual, last: "2027-01-10") { XCTFail("a completion dated in the future does not count yet") }
    }

    func testOnlyRequiredRolesAndActiveEmployeesCount() {
        XCTAssertEqual(status(annual, role: .frontOffice, last: nil), .notCounted)
        XCTAssertEqual(status(annual, role: .administrator, last: nil), .overdue(since: Day("2010-11-18")!))
        XCTAssertEqual(status(annual, active: false, last: nil), .notCounted, "inactive employees do not count")
        XCTAssertEqual(status(annual, active: false, last: "2026-06-01"), .notCounted)
    }

    func testNewHiresGetTheGracePeriod() {
        XCTAssertEqual(status(annual, hired: "2026-10-01", last: nil), .inGrace(until: Day("2026-12-30")!))
        XCTAssertEqual(status(annual, hired: "2026-10-01", last: nil, grace: 30), .overdue(since: Day("2026-10-31")!))
        XCTAssertEqual(status(annual, hired: "2026-10-01", last: "2026-11-02"), .current(until: Day("2027-11-02")!), "a new hire who took it is current")
        XCTAssertEqual(status(annual, hired: nil, last: nil), .overdue(since: nil), "no hire date: overdue, never taken")
    }

    func testTalliesCountCurrentOfThoseCounted() {
        var t = Compliance.Tally(label: "E101")
        for s in [status(annual, last: "2026-03-01"), status(annual, last: nil), status(annual, hired: "2026-11-01", last: nil),
                  status(annual, role: .frontOffice, last: nil), status(annual, last: "2026-01-01")] { t.add(s) }
        XCTAssertEqual(t.counted, 3)
        XCTAssertEqual(t.current, 2)
        XCTAssertEqual(t.inGrace, 1)
        XCTAssertEqual(t.overdue, 1)
        XCTAssertEqual(t.percent!, 200.0 / 3, accuracy: 0.001)
        XCTAssertNil(Compliance.Tally(label: "none").percent)
    }

    func testSeatsAndTheWaitingList() {
        XCTAssertEqual(SessionSeats.statusForNewRegistration(seatsTaken: 19, capacity: 20, waiting: 0), .registered)
        XCTAssertEqual(SessionSeats.statusForNewRegistration(seatsTaken: 20, capacity: 20, waiting: 0), .waitlisted)
        XCTAssertEqual(SessionSeats.statusForNewRegistration(seatsTaken: 19, capacity: 20, waiting: 2), .waitlisted, "no jumping the queue")
        XCTAssertEqual(SessionSeats.movingUp(seatsTaken: 18, capacity: 20, waiting: 5), 2)
        XCTAssertEqual(SessionSeats.movingUp(seatsTaken: 20, capacity: 20, waiting: 5), 0)
        XCTAssertEqual(SessionSeats.movingUp(seatsTaken: 10, capacity: 20, waiting: 1), 1)
        XCTAssertEqual(Course.roles(stored: Course.storedRoles([.frontOffice, .teacher])), [.frontOffice, .teacher])
        XCTAssertEqual(Course.storedRoles([.frontOffice, .teacher]), "teacher,front-office")
    }
}
