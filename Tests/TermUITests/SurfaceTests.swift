import XCTest
@testable import TermUI

final class SurfaceTests: XCTestCase {
    /// Printable ASCII takes a quicker way (a byte a cell); it must leave every cell, and return
    /// the same column, as writing grapheme by grapheme does: clipped left and right, over wide
    /// characters already there, with ellipses from `fit`.
    func testASCIIIsWrittenExactlyAsGraphemeByGrapheme() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "~", "Ab", "12345", "long text that runs past the edge", "x y"]
        for _ in 0..<500 {
            var base = Surface(width: 24, height: 2)
            base.write("界a界b界", x: Int.random(in: 0..<20, using: &random), y: 0, style: .plain)
            let text = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let x = Int.random(in: -3..<26, using: &random)
            let clip = Rect(x: Int.random(in: 0..<12, using: &random), y: 0, width: Int.random(in: 0..<20, using: &random), height: 1)
            let style = Style(attributes: .bold)
            var quick = base, slow = base
            let quickEnd = quick.write(text, x: x, y: 0, style: style, clip: clip)
            let slowEnd = slow.writeGraphemes(text, x: x, y: 0, style: style, left: max(0, clip.x), right: min(24, clip.maxX))
            XCTAssertEqual(quickEnd, slowEnd, "\(text) at \(x) in \(clip)")
            XCTAssertEqual(quick.cells, slow.cells, "\(text) at \(x) in \(clip)")
            XCTAssertEqual(DisplayWidth.of(text), text.reduce(0) { $0 + DisplayWidth.of($1) })
            let width = Int.random(in: 0..<12, using: &random)
            let cut = DisplayWidth.truncate(text, to: width)
            XCTAssertLessThanOrEqual(DisplayWidth.of(cut), width)
            XCTAssertTrue(cut == text || cut.hasSuffix("…") || width == 0, "\(text) cut to \(width): \(cut)")
            XCTAssertTrue(text.hasPrefix(cut.hasSuffix("…") ? String(cut.dropLast()) : cut))
        }
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 4), "abc…")
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 6), "abcdef")
        XCTAssertEqual(DisplayWidth.truncate("abcdef", to: 1), "…")
    }

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
        // The emoji variation selector is left out: the heart is drawn as text, one cell, as
        // wcwidth (and so ncurses) counts it.
        XCTAssertEqual(DisplayWidth.displayed("❤️").text, "❤")
        XCTAssertEqual(DisplayWidth.of("❤️"), 1)
    }

    /// Hard strings, written in a row: every cell's text is counted by the C library exactly as the
    /// surface counts it (so ncurses puts the cursor where Facet thinks it is), nothing that a
    /// terminal might join or split is sent, and what follows starts in the column expected.
    func testHardStringsTakeTheCellsTheTerminalGivesThem() {
        let hard: [(String, Int)] = [
            ("Vang Xyooj Lis", 14),                       // Hmong (RPA)
            ("𖬀𖬁𖬂", 3),                                    // Pahawh Hmong
            ("Nguyễn Thị Hương", 16),                     // Vietnamese, precomposed
            ("Nguye\u{0302}\u{0303}n", 6),                // Vietnamese, combining marks
            ("王芳", 4), ("ｶﾀｶﾅ", 4),                       // CJK wide, halfwidth katakana
            ("\u{1100}\u{1161}\u{11A8}", 2),                // Hangul jamo: one syllable, two cells
            ("한국어", 6),
            ("👨‍👩‍👧", 2),                                        // ZWJ family: its first person
            ("🇸🇴", 1),                                       // a flag: its first indicator
            ("👍🏽", 2),                                       // skin tone modifier left out
            ("Cabdulaahi Maxamed", 18),                   // Somali
        ]
        for (text, width) in hard {
            var s = Surface(width: 40, height: 1)
            let end = s.write(text, x: 0, y: 0, style: .plain)
            XCTAssertEqual(end, width, "\(text) takes \(width) cells")
            s.write("|", x: end, y: 0, style: .plain)
            XCTAssertEqual(s[end, 0].grapheme, "|", "what follows \(text) starts where expected")
            for x in 0..<end where !s[x, 0].isContinuation {
                let cell = s[x, 0]
                let scalars = Array(cell.grapheme.unicodeScalars)
                XCTAssertEqual(scalars.map { DisplayWidth.scalarWidth($0) }.reduce(0, +), Int(cell.width),
                               "\(text): cell \(x) \(cell.grapheme.unicodeScalars.map { String($0.value, radix: 16) })")
                XCTAssertTrue(scalars.dropFirst().allSatisfy { DisplayWidth.scalarWidth($0) == 0 && $0.value != 0x200D },
                              "\(text): only zero-width marks follow the first scalar")
            }
        }
    }

    func testBoxUsesASCIIWhenAsked() {
        var s = Surface(width: 6, height: 3, glyphs: .ascii)
        s.box(s.bounds, style: .plain)
        XCTAssertEqual(s.lines, ["+----+", "|    |", "+----+"])
    }
}

final class ASCIIFallbackTests: XCTestCase {
    func testEveryGraphemeBecomesASCIIOfTheSameWidth() {
        XCTAssertEqual(ASCIIFallback.text(for: "ñ", width: 1), "n")
        XCTAssertEqual(ASCIIFallback.text(for: "é", width: 1), "e")
        XCTAssertEqual(ASCIIFallback.text(for: "ễ", width: 1), "e")
        XCTAssertEqual(ASCIIFallback.text(for: "✓", width: 1), "v")
        XCTAssertEqual(ASCIIFallback.text(for: "…", width: 1), ".")
        XCTAssertEqual(ASCIIFallback.text(for: "▲", width: 1), "^")
        XCTAssertEqual(ASCIIFallback.text(for: "王", width: 2), "??")
        XCTAssertEqual(ASCIIFallback.text(for: "𖬀", width: 1), "?")
        XCTAssertEqual(ASCIIFallback.text(for: "a", width: 1), "a")
        var s = Surface(width: 30, height: 1)
        s.write("Núñez, José · 王芳 ✓", x: 0, y: 0, style: .plain)
        var line = ""
        var x = 0
        while x < s.width {
            let cell = s[x, 0]
            line += ASCIIFallback.text(for: cell.grapheme, width: Int(cell.width))
            x += max(1, Int(cell.width))
        }
        XCTAssertEqual(line, "Nunez, Jose . ???? v" + String(repeating: " ", count: 10))
    }
}
