import FacetApp
import XCTest

/// A plain start is recognised without the command-line parser; everything else goes to the parser.
final class PlainStartTests: XCTestCase {
    func testThePlainStartsAreRecognised() {
        XCTAssertEqual(PlainStart(arguments: []), PlainStart())
        XCTAssertEqual(PlainStart(arguments: ["--db", "a.sqlite"]), PlainStart(db: "a.sqlite"))
        XCTAssertEqual(PlainStart(arguments: ["--db=a.sqlite"]), PlainStart(db: "a.sqlite"))
        XCTAssertEqual(PlainStart(arguments: ["--theme", "dark", "--db", "/x/y.sqlite"]), PlainStart(db: "/x/y.sqlite", theme: "dark"))
        XCTAssertEqual(PlainStart(arguments: ["--theme=high-contrast"]), PlainStart(theme: "high-contrast"))
        XCTAssertEqual(PlainStart(arguments: ["--db", "a=b.sqlite"]), PlainStart(db: "a=b.sqlite"))
    }

    func testEverythingElseGoesToTheParser() {
        for arguments in [["demo"], ["--help"], ["-h"], ["--version"], ["--db"], ["--db="], ["--db", "--help"],
                          ["--db", "a", "--db", "b"], ["--theme", "x", "--theme", "y"], ["--db", "a", "extra"],
                          ["--dbx", "a"], ["kiosk", "--school", "E101"], ["--db", "a", "users", "list"]] {
            XCTAssertNil(PlainStart(arguments: arguments), "\(arguments)")
        }
    }
}
