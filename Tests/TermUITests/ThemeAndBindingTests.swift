import Foundation
import XCTest
@testable import TermUI

final class ThemeTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("facet-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: folder.appendingPathComponent(name + ".toml"), atomically: true, encoding: .utf8)
    }

    func testPaletteRolesAndInherits() throws {
        try write("base", """
            [palette]
            sea = "#008080"
            [selection]
            fg = "black"
            bg = "sea"
            attrs = ["bold"]
            [error]
            fg = "red"
            """)
        try write("child", """
            inherits = "base"
            [error]
            fg = "bright-red"
            attrs = ["underline"]
            """)
        let theme = try ThemeLoader(searchPaths: [folder]).load("child")
        XCTAssertEqual(theme[.selection], Style(foreground: .black, background: .rgb(0, 128, 128), attributes: .bold))
        XCTAssertEqual(theme.selectionSpan, .lead, "the span is the first column unless a theme says otherwise")
        try write("rows", "inherits = \"child\"\n[selection]\nspan = \"row\"\nbg = \"blue\"\n")
        try write("rowsChild", "inherits = \"rows\"\n")
        XCTAssertEqual(try ThemeLoader(searchPaths: [folder]).load("rowsChild").selectionSpan, .row, "inherited")
        XCTAssertEqual(theme[.error], Style(foreground: .brightRed, attributes: .underline))
    }

    func testBadThemesGiveReadableErrors() throws {
        try write("typo", "[selecton]\nfg = \"red\"\n")
        try write("loop", "inherits = \"loop\"\n")
        try write("badcolour", "[text]\nfg = \"chartreuse-ish\"\n")
        try write("broken", "[text\nfg = \n")
        try write("badspan", "[selection]\nspan = \"half\"\n")
        try write("spanelsewhere", "[header]\nspan = \"row\"\n")
        let loader = ThemeLoader(searchPaths: [folder])
        XCTAssertThrowsError(try loader.load("typo")) { XCTAssertTrue("\($0)".contains("unknown role [selecton]")) }
        XCTAssertThrowsError(try loader.load("loop")) { XCTAssertTrue("\($0)".contains("inherits itself")) }
        XCTAssertThrowsError(try loader.load("badcolour")) { XCTAssertTrue("\($0)".contains("chartreuse-ish")) }
        XCTAssertThrowsError(try loader.load("broken")) { XCTAssertTrue("\($0)".contains("broken.toml")) }
        XCTAssertThrowsError(try loader.load("badspan")) { XCTAssertTrue("\($0)".contains("span must be \"lead\" or \"row\"")) }
        XCTAssertThrowsError(try loader.load("spanelsewhere")) { XCTAssertTrue("\($0)".contains("[header] span")) }
        XCTAssertThrowsError(try loader.load("absent")) { XCTAssertTrue("\($0)".contains("no theme named absent")) }
    }

    func testShippedThemesLoad() throws {
        let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes")
        let loader = ThemeLoader(searchPaths: [themes])
        for name in ["default", "high-contrast", "monochrome"] {
            let theme = try loader.load(name)
            // Every role is defined (directly or through inherits) so nothing falls back silently.
            for role in ThemeRole.allCases where name != "monochrome" {
                XCTAssertNotNil(theme.styles[role], "\(name) lacks \(role)")
            }
        }
        let mono = try loader.load("monochrome")
        for (_, style) in mono.styles {
            XCTAssertEqual(style.background, .terminalDefault)
        }
        XCTAssertTrue(mono[.selection].attributes.contains(.reverse))
        XCTAssertEqual(try loader.load("default").selectionSpan, .lead)
        XCTAssertEqual(try loader.load("high-contrast").selectionSpan, .row)
    }

    func testColoursQuantizeForSmallTerminals() {
        XCTAssertEqual(Color.rgb(0, 128, 128).quantized(toColors: 256), 30)
        XCTAssertEqual(Color.indexed(37).quantized(toColors: 8), 6)
        XCTAssertEqual(Color.brightRed.quantized(toColors: 8), 1)
        XCTAssertNil(Color.terminalDefault.quantized(toColors: 256))
    }
}

final class BindingTableTests: XCTestCase {
    enum A: Hashable, Sendable { case quit, filter, save }

    func testLookupHelpAndStatusComeFromOneTable() {
        let table = BindingTable<A>([
            KeyBinding(.quit, keys: [.char("q")], label: "quit", context: "global"),
            KeyBinding(.filter, keys: [.char("/")], label: "filter", context: "list"),
            KeyBinding(.save, keys: [.ctrl("s")], label: "save", context: "form", showInStatus: false),
        ])
        XCTAssertEqual(table.action(for: .char("/"), in: ["list", "global"]), .filter)
        XCTAssertNil(table.action(for: .char("/"), in: ["form", "global"]))
        XCTAssertEqual(table.statusHints(in: ["list", "global"]).map(\.label), ["filter", "quit"])
        let help = table.helpSections(in: ["form", "global"])
        XCTAssertEqual(help.map(\.title), ["form", "global"])
        XCTAssertEqual(help[0].rows.first?.keys, "Ctrl-S")
    }
}
