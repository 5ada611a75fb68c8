import Foundation
import TermUI
import XCTest
@testable import FacetApp

final class ThemeCatalogTests: XCTestCase {
    func testWhichThemeIsAskedFor() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("facet-theme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let config = home.appendingPathComponent("config/facet")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "theme = \"high-contrast\"\n".write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let env = ["HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
        XCTAssertEqual(ThemeCatalog.requestedName(flag: nil, environment: env), "high-contrast", "the config file")
        XCTAssertEqual(ThemeCatalog.requestedName(flag: nil, environment: env.merging(["FACET_THEME": "default"]) { $1 }), "default")
        XCTAssertEqual(ThemeCatalog.requestedName(flag: nil, environment: env.merging(["FACET_THEME": "default", "NO_COLOR": "1"]) { $1 }),
                       "monochrome", "NO_COLOR beats FACET_THEME")
        XCTAssertEqual(ThemeCatalog.requestedName(flag: nil, environment: env.merging(["NO_COLOR": ""]) { $1 }), "high-contrast",
                       "an empty NO_COLOR does not count")
        XCTAssertEqual(ThemeCatalog.requestedName(flag: "default", environment: env.merging(["NO_COLOR": "1"]) { $1 }), "default",
                       "an explicit --theme wins")
    }

    func testShippedThemesAreFoundFromTheCheckoutAndFailuresFallBack() {
        let env = ["HOME": "/nonexistent"]
        let chosen = ThemeCatalog.choose(flag: "high-contrast", terminalColors: 256, environment: env, executable: nil)
        XCTAssertNil(chosen.warning)
        XCTAssertEqual(chosen.theme.name, "high-contrast")
        let missing = ThemeCatalog.choose(flag: "no-such-theme", terminalColors: 256, environment: env, executable: nil)
        XCTAssertEqual(missing.theme.name, "fallback")
        XCTAssertTrue(missing.warning?.contains("no-such-theme") ?? false)
        XCTAssertFalse(missing.warning?.contains("\n") ?? true, "one line")
        let mono = ThemeCatalog.choose(flag: "default", terminalColors: 0, environment: env, executable: nil)
        XCTAssertEqual(mono.theme.name, "monochrome", "a terminal without colours gets monochrome")
    }
}
