import FacetModel
import FacetStore
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// The terminal loop between keys (issue #11): after a key's frame it leaves the machine to the
/// terminal for a moment before reading ahead, a key that comes meanwhile is answered first (the
/// reading ahead waits for the next quiet moment), and the screen keys end on is the same whether
/// or not the loop had time to read ahead between them.
final class LoopAheadTests: PaneTestCase {

    /// What the script gives the loop: a key, one quiet moment, or quiet moments until the loop
    /// has nothing left to do between keys (it asks to wait long).
    enum Step { case key(Key), tick, settle }

    /// A terminal in memory that plays a script and notes, at each ask for an event, how long the
    /// loop was willing to wait, how many reads the store had started, and what it was given.
    final class ScriptedTerminal: Backend {
        let size = Size(width: 80, height: 24)
        let colorCount = 0
        let supportsUnicode = true
        var pendingQuitSignal: Int32? { nil }
        private var script: [Step]
        private let store: FacetStore
        private(set) var asks: [(timeout: Int, reads: Int, given: Event)] = []
        private(set) var lastFrame: Surface?

        init(_ script: [Step], store: FacetStore) {
            self.script = script
            self.store = store
        }

        func nextEvent(timeoutMilliseconds: Int) -> Event {
            let event: Event
            switch script.first {
            case nil: event = .key(.char("q"))
            case .key(let key): script.removeFirst(); event = .key(key)
            case .tick: script.removeFirst(); event = .tick
            case .settle:
                if timeoutMilliseconds >= 50 {
                    script.removeFirst()
                    return nextEvent(timeoutMilliseconds: timeoutMilliseconds)
                }
                event = .tick
            }
            asks.append((timeoutMilliseconds, store.readsStarted, event))
            return event
        }

        func draw(_ surface: Surface) { lastFrame = surface }
        func forgetScreen() {}
    }

    /// The roster alone (its reading ahead runs on the loop's thread; no dashboard reads in the
    /// background), judged on the tests' day.
    func rosterApp() -> FacetApplication {
        FacetApplication(store: store, theme: .monochrome,
                         configuration: AppConfiguration(panes: [RostersPane.init], offersDemoWhenEmpty: false),
                         clock: FixedClock(day: today))
    }

    func play(_ script: [Step]) -> ScriptedTerminal {
        let terminal = ScriptedTerminal(script, store: store)
        XCTAssertNil(rosterApp().run(on: terminal))
        return terminal
    }

    /// The asks for an event after the frame of the key given at `index` of `asks`, up to the next key.
    func asks(after index: Int, in terminal: ScriptedTerminal) -> ArraySlice<(timeout: Int, reads: Int, given: Event)> {
        let rest = terminal.asks[(index + 1)...]
        let next = rest.firstIndex { if case .key = $0.given { return true } else { return false } } ?? terminal.asks.endIndex
        return terminal.asks[(index + 1)..<next]
    }

    func keyIndices(_ terminal: ScriptedTerminal) -> [Int] {
        terminal.asks.indices.filter { if case .key = terminal.asks[$0].given { return true } else { return false } }
    }

    func testReadingAheadWaitsForAPauseAfterTheFrame() {
        // The first frame, its metrics, then one move and quiet until the loop is idle.
        let terminal = play([.tick, .settle, .key(.down), .settle])
        let down = keyIndices(terminal)[0]
        let after = Array(asks(after: down, in: terminal))
        XCTAssertGreaterThanOrEqual(after.count, 3)
        XCTAssertEqual(after[0].timeout, FacetApplication.aheadPauseMilliseconds, "first the pause, waiting for a key")
        XCTAssertEqual(after[1].reads, after[0].reads, "nothing was read during the pause")
        XCTAssertEqual(after[1].timeout, 0, "then reading ahead, a piece at a time, looking for a key between pieces")
        XCTAssertGreaterThan(after.last!.reads, after[0].reads, "the roster read ahead (the compliance report, the sessions)")
        let quit = keyIndices(terminal)[1]
        XCTAssertGreaterThanOrEqual(terminal.asks[quit].timeout, 50, "and then waited for the next key")
    }

    func testAKeyDuringThePauseIsAnsweredFirstAndReadingAheadFollows() {
        let terminal = play([.tick, .settle, .key(.down), .key(.down), .settle])
        let keys = keyIndices(terminal)
        let (first, second) = (keys[0], keys[1])
        XCTAssertEqual(terminal.asks[second].timeout, FacetApplication.aheadPauseMilliseconds, "the second key came during the pause")
        XCTAssertTrue(asks(after: first, in: terminal).isEmpty, "and was answered before any reading ahead")
        let after = Array(asks(after: second, in: terminal))
        XCTAssertEqual(after.first?.timeout, FacetApplication.aheadPauseMilliseconds, "after its frame, the pause again")
        XCTAssertEqual(after.first?.reads, terminal.asks[second].reads, "the second key's frame read nothing: the rows were at hand")
        XCTAssertGreaterThan(after.last!.reads, after.first!.reads, "the reading ahead resumed once keys stopped")
    }

    /// Forty moves, far past the rows the first frame read: answered one after the other with no
    /// quiet moment between them (each reads the rows it needs), they end on the same screen as
    /// moves between which the loop read ahead.
    func testMovesWithoutQuietMomentsEndOnTheSameScreen() throws {
        let moves = 40
        let hurried = play([.tick, .settle] + Array(repeating: .key(.down), count: moves) + [.settle])
        let unhurried = play([.tick, .settle] + (0..<moves).flatMap { _ in [Step.key(.down), .settle] })
        let hurriedKeys = keyIndices(hurried)
        XCTAssertEqual(hurriedKeys.count, moves + 1, "every move, then q")
        for key in hurriedKeys.dropLast() {
            XCTAssertTrue(asks(after: key, in: hurried).isEmpty || key == hurriedKeys[moves - 1], "each move came before any reading ahead")
        }
        let shown = try XCTUnwrap(hurried.lastFrame).text
        XCTAssertEqual(shown, try XCTUnwrap(unhurried.lastFrame).text)
        XCTAssertTrue(shown.contains("41 of "), "the selection moved forty rows:\n\(shown)")
    }

    /// The self-assessment grid read a school's sums on almost every move down (its rows slide by
    /// one school a move); read ahead between keys, every move down the whole district and back
    /// reads nothing, and ends on the screen the same moves show without reading ahead.
    func testTheGridsMovesReadNothingWhenReadAhead() {
        let plain = makeApp()
        type(plain, "3a")
        _ = screen(plain)
        let app = makeApp()
        type(app, "3a")
        _ = screen(app)
        XCTAssertTrue(text(app).contains("Self-assessment"), text(app))
        let moves: [Key] = Array(repeating: .down, count: 49) + Array(repeating: .up, count: 49)
        for (i, key) in moves.enumerated() {
            var pieces = 0
            while app.prepareAhead() && pieces < 20 { pieces += 1 }
            let before = store.readsStarted
            press(app, key)
            let shown = text(app)
            XCTAssertEqual(store.readsStarted, before, "move \(i) read the store")
            press(plain, key)
            XCTAssertEqual(shown, text(plain), "move \(i)")
        }
    }
}
