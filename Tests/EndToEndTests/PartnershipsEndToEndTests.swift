import Foundation
import XCTest

/// A coordinator's day in the partnerships pane, on the real binary.
final class PartnershipsEndToEndTests: XCTestCase {
    func testCreateAPartnershipQuitReopenAndFindIt() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 8)
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("2")
        try t.waitFor(text: "450 partnerships")
        try t.send("n")
        try t.waitFor(text: "New partnership")
        try t.send("Quillwort Family Literacy", literal: true)
        try t.waitFor(text: "+ new partner")
        try t.send("Tab")          // district-wide
        try t.send("Tab")          // schools: search and tick one
        try t.send("Galtier", literal: true)
        try t.send("Space")
        try t.send("Tab")          // priority areas
        try t.send("Space")
        try t.send("Tab", "Right")  // tier 1
        try t.send("Tab", "Right", "Right")  // active
        try t.send("Tab")
        try t.send("Family literacy nights", literal: true)
        try t.send("C-s")
        try t.waitFor(text: "Saved partnership Quillwort Family Literacy")
        try t.waitFor(text: "451 partnerships")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")

        try t.typeLine("clear")
        try t.startFacet()
        try t.waitFor(text: "Renewals and reviews")
        try t.send("2")
        try t.send("/")
        try t.send("Quillwort", literal: true)
        let found = try t.waitFor(text: "1 of 1 partnership")
        XCTAssertTrue(found.contains("Quillwort Family"), found)
        XCTAssertTrue(found.contains("Active"), found)
        try t.send("Enter", "Enter")
        let detail = try t.waitFor(text: "Policy alignment")
        XCTAssertTrue(detail.contains("Galtier"), detail)
        XCTAssertTrue(detail.contains("not aligned"), detail)
        try t.send("Escape")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")
    }
}

/// A terminal whose locale is not UTF-8 gets ASCII that keeps every column where it belongs.
final class PlainLocaleEndToEndTests: XCTestCase {
    func testLangCShowsNamesWithoutTheirAccentsAndKeepsColumns() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 2026)
        try t.startFacet(environment: "LANG=C LC_ALL=C")
        try t.waitFor(text: "Renewals and reviews")
        try t.send("5")
        try t.send("/")
        try t.send("garcia hector", literal: true)
        let screen = try t.waitFor(text: "Garcia, Hector")
        let rows = screen.split(separator: "\n").filter { $0.contains("Garcia, Hector") }
        XCTAssertFalse(rows.isEmpty, screen)
        for row in rows {
            XCTAssertTrue(row.unicodeScalars.allSatisfy(\.isASCII), "ASCII only: \(row)")
            // The school column starts where the header's does.
            let header = screen.split(separator: "\n").first { $0.hasPrefix("Number") } ?? ""
            let schoolColumn = header.distance(from: header.startIndex, to: header.range(of: "School")!.lowerBound)
            XCTAssertEqual(row.dropFirst(schoolColumn - 1).first, " ", "the name ends before the school column: \(row)")
        }
        try t.send("Escape", "2", "Enter")
        let detail = try t.waitFor(text: "Esc close")
        XCTAssertTrue(detail.contains("+- Partnership #"), "ASCII box lines: \(detail)")
        XCTAssertFalse(detail.unicodeScalars.contains { !$0.isASCII }, detail)
    }
}
