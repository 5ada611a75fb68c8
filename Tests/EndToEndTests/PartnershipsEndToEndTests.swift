import Foundation
import XCTest

/// A coordinator's day in the partnerships pane, on the real binary.
final class PartnershipsEndToEndTests: XCTestCase {
    func testCreateAPartnershipQuitReopenAndFindIt() throws {
        let t = try TmuxSession()
        try t.loadDemo(seed: 8)
        try t.startFacet()
        try t.waitFor(text: "of 50 schools")
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
        try t.waitFor(text: "Saved the partnership")
        try t.waitFor(text: "451 partnerships")
        try t.send("q")
        try t.waitFor(text: "EXIT=0")

        try t.typeLine("clear")
        try t.startFacet()
        try t.waitFor(text: "of 50 schools")
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
