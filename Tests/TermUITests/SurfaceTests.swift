import XCTest
@testable import TermUI

final class SurfaceTests: XCTestCase {
    func testLatinTextIsWrittenCellByCell() {
        var s = Surface(width: 10, height: 1)
        let end = s.write("Roosevelt", x: 0, y: 0, style: .plain)
        XCTAssertEqual(end, 9)
        XCTAssertEqual(s.lines[0], "Roosevelt ")
    }

    func testVietnameseCombiningMarksStayInOneCell() {
        // "Nguyễn" written with a combining circumflex and tilde: six graphemes, six cells.
        let decomposed = "Nguye\u{0302}\u{0303}n"
        XCTAssertEqual(decomposed.count, 6)
        XCTAssertEqual(DisplayWidth.of(decomposed), 6)
        var s = Surface(width: 8, height: 1)
        XCTAssertEqual(s.write(decomposed, x: 0, y: 0, style: .plain), 6)
        XCTAssertEqual(s[4, 0].grapheme, "e\u{0302}\u{0303}")
        XCTAssertEqual(s.lines[0], decomposed + "  ")
    }

    func testHmongAndSomaliAreSingleWidth() {
        XCTAssertEqual(DisplayWidth.of("Txuj Ci Hmoob"), 13)
        XCTAssertEqual(DisplayWidth.of("Soomaali"), 8)
        // Pahawh Hmong script letters are single-width too.
        XCTAssertEqual(DisplayWidth.of("\u{16B00}\u{16B01}"), 2)
    }

    func testCJKTakesTwoCellsAndIsClippedWhole() {
        XCTAssertEqual(DisplayWidth.of("王芳"), 4)
        var s = Surface(width: 5, height: 1)
        let end = s.write("王芳明", x: 0, y: 0, style: .plain)
        // Two wide graphemes fit (4 cells); the third would straddle the edge and is not drawn half.
        XCTAssertEqual(end, 4)
        XCTAssertEqual(s[0, 0].grapheme, "王")
        XCTAssertTrue(s[1, 0].isContinuation)
        XCTAssertEqual(s[2, 0].grapheme, "芳")
        XCTAssertEqual(s[4, 0].grapheme, " ")
        XCTAssertEqual(s.lines[0], "王芳 ")
    }

    func testClippingToARectangle() {
        var s = Surface(width: 20, height: 3)
        s.write("Family engagement", x: 2, y: 1, style: .plain, clip: Rect(x: 2, y: 1, width: 6, height: 1))
        XCTAssertEqual(s.lines[1], "  Family            ")
        // Outside the clip rows nothing is written.
        s.write("nothing", x: 0, y: 2, style: .plain, clip: Rect(x: 0, y: 0, width: 20, height: 2))
        XCTAssertEqual(s.lines[2], String(repeating: " ", count: 20))
    }

    func testOverwritingHalfAWideGraphemeLeavesNoDanglingHalf() {
        var s = Surface(width: 4, height: 1)
        s.write("王", x: 0, y: 0, style: .plain)
        s.write("x", x: 1, y: 0, style: .plain)
        XCTAssertEqual(s.lines[0], " x  ")
    }

    func testTruncationUsesEllipsisAndRespectsWideCharacters() {
        XCTAssertEqual(DisplayWidth.truncate("Hmong American Partnership", to: 10), "Hmong Ame…")
        XCTAssertEqual(DisplayWidth.truncate("王芳王芳", to: 5), "王芳…")
        XCTAssertEqual(DisplayWidth.fit("ab", to: 4, alignment: .right), "  ab")
    }

    func testEmojiIsWide() {
        XCTAssertEqual(DisplayWidth.of("👍"), 2)
        XCTAssertEqual(DisplayWidth.of("❤️"), 2)
    }

    func testBoxUsesASCIIWhenAsked() {
        var s = Surface(width: 6, height: 3, glyphs: .ascii)
        s.box(s.bounds, style: .plain)
        XCTAssertEqual(s.lines, ["+----+", "|    |", "+----+"])
    }
}
