import XCTest
@testable import TermUI

/// Sequences a terminal sends that its terminfo may not name (tmux's End under TERM=xterm).
final class EscapeSequenceTests: XCTestCase {
    func testTheSequencesCommonTerminalsSendForMovingKeys() {
        XCTAssertEqual(EscapeSequence.key("[4~"), .end, "tmux and screen")
        XCTAssertEqual(EscapeSequence.key("[1~"), .home, "tmux and screen")
        XCTAssertEqual(EscapeSequence.key("OF"), .end, "xterm in application mode")
        XCTAssertEqual(EscapeSequence.key("[H"), .home, "xterm in normal mode")
        XCTAssertEqual(EscapeSequence.key("[A"), .up)
        XCTAssertEqual(EscapeSequence.key("OB"), .down)
        XCTAssertEqual(EscapeSequence.key("[5~"), .pageUp)
        XCTAssertEqual(EscapeSequence.key("[6~"), .pageDown)
        XCTAssertEqual(EscapeSequence.key("[3~"), .delete)
        XCTAssertEqual(EscapeSequence.key("[Z"), .backTab)
        XCTAssertEqual(EscapeSequence.key("OP"), .function(1))
    }

    func testASequenceNoKeyIsKnownByMeansNothing() {
        XCTAssertNil(EscapeSequence.key("[200~"), "bracketed paste's start")
        XCTAssertNil(EscapeSequence.key("[2J"), "clear screen, pasted")
        XCTAssertNil(EscapeSequence.key("[99~"))
    }

    func testWhereASequenceEnds() {
        XCTAssertFalse(EscapeSequence.isFinal("4", introducer: "["), "a parameter")
        XCTAssertFalse(EscapeSequence.isFinal(";", introducer: "["))
        XCTAssertTrue(EscapeSequence.isFinal("~", introducer: "["))
        XCTAssertTrue(EscapeSequence.isFinal("A", introducer: "["))
        XCTAssertTrue(EscapeSequence.isFinal("F", introducer: "O"), "SS3 takes one character")
        XCTAssertTrue(EscapeSequence.isFinal("4", introducer: "O"))
    }
}
