import FacetModel
import FacetStore
import FacetTestSupport
import Foundation
import TermUI
import XCTest
@testable import FacetApp

/// Thousands of seeded random keys on every pane of the demo district, in memory: special keys,
/// Ctrl and F-keys, letters and digits, pasted text full of escape-like characters, and frames drawn
/// at random sizes from 0×0 to 500×200. Nothing may crash, every frame must fit the size asked for
/// with no control character in any cell, and the database must stay consistent (SQLite's integrity
/// check and `facet doctor`'s audit checks).
///
/// A short run is part of `swift test`; a long one: `FACET_RANDOM_KEYS=200000 FACET_RANDOM_SEED=7
/// swift test --filter RandomKeyTests` (a failure prints the seed and the last events to replay).
final class RandomKeyTests: XCTestCase {
    var folder: URL!
    var savedHome: String?
    var savedDirectory = FileManager.default.currentDirectoryPath

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-random-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Random keys reach the import and export prompts: files go to this folder, not the user's home.
        savedHome = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", folder.path, 1)
        FileManager.default.changeCurrentDirectoryPath(folder.path)
    }

    override func tearDownWithError() throws {
        if let savedHome { setenv("HOME", savedHome, 1) } else { unsetenv("HOME") }
        FileManager.default.changeCurrentDirectoryPath(savedDirectory)
        try? FileManager.default.removeItem(at: folder)
    }

    /// SplitMix64, so a seed replays the same run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
        mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    }

    static let specialKeys: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .tab, .backTab,
                                     .backspace, .delete, .insert, .escape]
    static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /?.,;:-_'\"!@#$%^&*()[]{}<>=+|\\~`")
    static let exotic: [Character] = ["é", "ñ", "ü", "中", "文", "😀", "👩‍👩‍👧", "e\u{301}", "\u{202E}", "\u{200B}", "\u{FEFF}",
                                      "\u{85}", "\u{9B}", "\u{A0}", "ﷺ", "Ａ", "٣", "½", "\u{1F1FA}\u{1F1F8}"]
    /// What a paste is made of: text, and terminal control sequences a hostile clipboard would hold.
    static let pastePieces = ["Roosevelt Elementary", "2026-02-30", "2026-11-30", "=SUM(A1:A9)", "+1 (651) 555-0100", "\u{1B}[2J",
                              "\u{1B}]0;TITLE\u{07}", "\u{1B}[31m", "\u{9B}2J", "\t", "\r\n", "\n", "\u{00}", "\u{7F}", "\u{08}",
                              "very long " + String(repeating: "x", count: 300), "’“”", "中文字符", "😀😀", "\\x1b", "%s%n", "'; DROP TABLE schools; --"]

    /// A pasted character as the curses backend decodes the bytes of a paste.
    static func keyForPasted(_ c: Character) -> Key? {
        guard c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value else { return .char(c) }
        switch v {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(v) + 96)))
        case 0, 28...31: return nil
        default: return .char(c)
        }
    }

    static let sizes: [Size] = [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 10, height: 3), Size(width: 40, height: 12),
                                Size(width: 79, height: 24), Size(width: 80, height: 23), Size(width: 81, height: 25),
                                Size(width: 132, height: 43), Size(width: 300, height: 100), Size(width: 500, height: 200)]

    /// What fails in a frame: a size other than asked, a row wider or narrower than the frame, a
    /// wide character's half without its other half, or a control character in a cell.
    static func problems(in surface: Surface, size: Size) -> [String] {
        var found: [String] = []
        if surface.width != size.width || surface.height != size.height || surface.lines.count != size.height {
            found.append("asked for \(size.width)×\(size.height), drew \(surface.width)×\(surface.height) with \(surface.lines.count) lines")
        }
        let lines = surface.lines
        for y in 0..<surface.height {
            var width = 0
            for x in 0..<surface.width {
                let cell = surface[x, y]
                if cell.isContinuation {
                    if x == 0 || surface[x - 1, y].width != 2 { found.append("row \(y) column \(x): half a wide character") }
                    continue
                }
                width += Int(cell.width)
                if cell.width == 2 && (x + 1 >= surface.width || !surface[x + 1, y].isContinuation) {
                    found.append("row \(y) column \(x): a wide character without its second cell")
                }
                if cell.grapheme.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                    found.append("row \(y) column \(x): control character \(cell.grapheme.unicodeScalars.map { String($0.value, radix: 16) })")
                }
            }
            if width != surface.width { found.append("row \(y) is \(width) columns wide in a frame of \(surface.width)") }
            if DisplayWidth.of(lines[y]) > surface.width { found.append("row \(y) reads wider than \(surface.width): \(lines[y])") }
            if found.count > 5 { break }
        }
        return found
    }

    func testThousandsOfRandomKeysOnEveryPane() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = UInt64(environment["FACET_RANDOM_SEED"] ?? "") ?? 2026
        let count = Int(environment["FACET_RANDOM_KEYS"] ?? "") ?? 400
        var random = Random(state: seed)

        let store = try DemoTemplate.store(path: folder.appendingPathComponent("facet.sqlite").path, login: "tester", seed: 2026)
        let app = FacetApplication(store: store, theme: .monochrome, today: Day("2026-11-30")!)
        let paneCount = app.panes.count
        var panesVisited = Set<Int>()
        var trail: [String] = []
        func note(_ event: String) {
            trail.append(event)
            if trail.count > 40 { trail.removeFirst() }
        }
        func failure(_ what: String, at step: Int) -> String {
            "\(what)\nseed \(seed), event \(step) of \(count); last events: \(trail.joined(separator: " "))"
        }
        func press(_ key: Key) {
            note(key.description)
            app.handle(.key(key))
            app.waitForBackgroundWork()
        }

        let segment = max(50, count / (paneCount * 3))
        var step = 0
        var frames = 0
        while step < count {
            // Every segment starts on a pane in turn, from its root, so that every pane gets keys.
            if step % segment == 0 {
                press(.escape)  // a root list's filter, too
                for _ in 0..<8 where app.stacks[app.currentPane].count > 1 { press(.escape) }
                while app.stacks[app.currentPane].count > 1 { app.apply(.pop) }
                press(.char(Character(String((step / segment) % paneCount + 1))))
            }
            let roll = random.int(1...100)
            switch roll {
            case 1...30: press(random.pick(Self.specialKeys))
            case 31...40: press(.ctrl(random.pick(Array("abcdefghijklmnopqrstuvwxyz"))))
            case 41...45: press(.function(random.int(1...24)))
            case 46...93: press(.char(random.pick(Self.letters)))
            case 94...97: press(.char(random.pick(Self.exotic)))
            default:
                // A paste: many characters at once, escape sequences and all.
                var text = ""
                for _ in 0..<random.int(1...12) { text += random.pick(Self.pastePieces) }
                note("paste(\(text.debugDescription.prefix(60)))")
                for c in text { if let key = Self.keyForPasted(c) { app.handle(.key(key)) } }
                app.waitForBackgroundWork()
            }
            if random.chance(20) { _ = app.tick() }
            panesVisited.insert(app.currentPane)
            let size = random.chance(85) ? FacetApplication.minimumSize
                : (random.chance(50) ? random.pick(Self.sizes) : Size(width: random.int(0...400), height: random.int(0...150)))
            note("[\(size.width)×\(size.height)]")
            let frame = app.render(size: size)
            frames += 1
            let problems = Self.problems(in: frame, size: size)
            if !problems.isEmpty {
                XCTFail(failure(problems.joined(separator: "\n") + "\n" + frame.text, at: step))
                break
            }
            step += 1
        }
        XCTAssertEqual(panesVisited, Set(0..<paneCount), "every pane got keys")
        XCTAssertEqual(frames, count)

        // The database is as consistent as before: integrity, and the audit log against the data.
        let checks: Set<String> = ["open", "integrity check", "audit log", "audit triggers", "audit chain",
                                   "users match the audit log", "records match the audit log"]
        let findings = store.doctor().filter { checks.contains($0.check) }
        XCTAssertTrue(findings.contains { $0.check == "integrity check" && $0.ok }, "\(findings.map { "\($0.check): \($0.value)" })")
        for finding in findings where !finding.ok {
            XCTFail(failure("doctor: \(finding.check): \(finding.value)", at: count))
        }
    }
}
