import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

/// Files and values made to hurt: terminal escapes, spreadsheet formulas, NUL bytes, huge cells;
/// and an import's progress and cancellation.
final class HostileInputTests: XCTestCase {
    /// A database with three schools and no partners.
    func schoolsOnly() throws -> TestDatabase {
        let db = try TestDatabase()
        try db.store.write { w in
            for (code, name) in [("E101", "Galtier Elementary"), ("E102", "Maxfield Elementary"), ("M201", "Como Park Middle")] {
                try w.insert(into: "schools", values: ["code": code, "name": name, "level": "elementary"])
            }
        }
        return db
    }

    func count(_ db: TestDatabase, _ table: String) throws -> Int {
        try db.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    /// Whether a terminal would act on something in `text` rather than show it.
    func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// The problems a real import refuses the file with, as its message.
    func refusal(_ db: TestDatabase, _ csv: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try db.store.importPartnerships(csv: csv, dryRun: false)
            XCTFail("the import was accepted", file: file, line: line)
            return nil
        } catch {
            return "\(error)"
        }
    }

    // MARK: 1. terminal escapes in messages

    func testQuotedSafeShowsControlCharactersAndKeepsOrdinaryText() {
        XCTAssertEqual(Quoted.safe("\u{1B}]0;TITLE\u{07}"), "\\x1b]0;TITLE\\x07")
        XCTAssertEqual(Quoted.safe("\u{1B}[2J"), "\\x1b[2J")
        XCTAssertEqual(Quoted.safe("Nul\u{0}Byte"), "Nul\\x00Byte")
        XCTAssertEqual(Quoted.safe("two\nlines\r\tand DEL\u{7F}"), "two\\nlines\\r\\tand DEL\\x7f")
        XCTAssertEqual(Quoted.safe("C1 CSI\u{9B}2J and \u{202E}reversed"), "C1 CSI\\u{9b}2J and \\u{202e}reversed")
        let ordinary = "Thảo Nguyễn, \"Casa\" — 100% (E101) 日本"
        XCTAssertEqual(Quoted.safe(ordinary), ordinary)
    }

    func testImportProblemsShowCellsWithTheirControlCharactersEscaped() throws {
        let db = try schoolsOnly()
        let csv = "partner,status,schools\nRetitle,\u{1B}]0;PWNED\u{07},E101\nClear,active,\"\u{1B}[2J\nX9\"\n"
        let problems = try db.store.importPartnerships(csv: csv, dryRun: true).problems
        XCTAssertFalse(problems.isEmpty)
        for problem in problems {
            XCTAssertFalse(hasControlCharacters(problem.description), problem.description)
        }
        let text = problems.map(\.description).joined(separator: "\n")
        XCTAssertTrue(text.contains("\"\\x1b]0;PWNED\\x07\" is not a status"), text)
        XCTAssertTrue(text.contains("no school with code \\x1b[2J\\nX9"), text)

        // The refusal message has line breaks between problems, and none inside them.
        let message = try XCTUnwrap(refusal(db, csv))
        for line in message.split(separator: "\n") { XCTAssertFalse(hasControlCharacters(String(line)), String(line)) }
        XCTAssertEqual(try count(db, "partnerships"), 0)
    }

    // MARK: 2. spreadsheet formulas

    func testNeutralisingIsUndoneExactlyByRestoring() {
        let values = ["=1+1", "+1 651 555 0100", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''=x", "'''@x", "'", "''",
                      "'plain", "''plain", "plain", "", "a=b", " =x", "'x=", "=", "'\t"]
        for value in values {
            let exported = PartnershipCSV.neutralized(value)
            XCTAssertEqual(PartnershipCSV.restored(exported), value, "\(value.debugDescription) → \(exported.debugDescription)")
            if let first = exported.utf8.first {
                XCTAssertFalse(PartnershipCSV.isFormulaStart(first), "\(exported.debugDescription) would run as a formula")
            }
        }
        XCTAssertEqual(PartnershipCSV.neutralized("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")")
        XCTAssertEqual(PartnershipCSV.neutralized("'=x"), "''=x")
        XCTAssertEqual(PartnershipCSV.neutralized("'plain"), "'plain")
        XCTAssertEqual(PartnershipCSV.restored("'-5"), "-5")
        XCTAssertEqual(PartnershipCSV.restored("'plain"), "'plain")
    }

    func testExportNeutralisesFormulasAndImportRoundTripsThemByteForByte() throws {
        let db = try schoolsOnly()
        let e101 = try XCTUnwrap(db.store.schoolID(code: "E101"))
        let hostile: [(partner: String, services: String, notes: String, reviewer: String)] = [
            ("=HYPERLINK(\"http://evil.example\",\"Click\")", "+SUM(1,2)", "-2+3", "@cmd"),
            ("'=Already quoted", "''=two apostrophes", "'plain apostrophe", "=1+1"),
            ("+1 Club", "\tstarts with a tab", "\rstarts with a CR", "'"),
        ]
        for h in hostile {
            var p = Partnership(partnerID: 0, schoolIDs: [e101], status: .active)
            p.services = h.services; p.notes = h.notes; p.reviewer = h.reviewer
            try db.store.savePartnership(p, newPartnerNamed: h.partner)
        }
        let csv = try db.store.exportPartnershipsCSV()
        let records = try CSV.parse(csv)
        for record in records {
            for field in record.fields {
                if let first = field.utf8.first { XCTAssertFalse(PartnershipCSV.isFormulaStart(first), "exported cell \(field.debugDescription)") }
            }
        }
        let first = Dictionary(uniqueKeysWithValues: zip(PartnershipCSV.columns, records[1].fields))
        XCTAssertEqual(first["partner"], "'=HYPERLINK(\"http://evil.example\",\"Click\")")
        XCTAssertEqual(first["services"], "'+SUM(1,2)")
        let second = Dictionary(uniqueKeysWithValues: zip(PartnershipCSV.columns, records[2].fields))
        XCTAssertEqual(second["partner"], "''=Already quoted")
        XCTAssertEqual(second["notes"], "'plain apostrophe", "an apostrophe before ordinary text is left alone")

        // Into the same database: nothing changes.
        let same = try db.store.importPartnerships(csv: csv, dryRun: false)
        XCTAssertEqual(same.problems, [])
        XCTAssertEqual(same.partnershipsUnchanged, 3)
        XCTAssertEqual(try db.store.exportPartnershipsCSV(), csv)

        // Into another database: the same values, byte for byte.
        let other = try schoolsOnly()
        XCTAssertEqual(try other.store.importPartnerships(csv: csv, dryRun: false).partnershipsCreated, 3)
        for (index, h) in hostile.enumerated() {
            let p = try XCTUnwrap(other.store.partnership(id: Int64(index + 1)))
            XCTAssertEqual(try other.store.partnerName(id: p.partnerID), h.partner)
            XCTAssertEqual(Array(p.services.utf8), Array(h.services.utf8))
            XCTAssertEqual(Array(p.notes.utf8), Array(h.notes.utf8))
            XCTAssertEqual(p.reviewer, h.reviewer)
        }
    }

    // MARK: 3. NUL and other control characters

    func testNulAndOtherControlCharactersAreRefusedWithLineAndColumn() throws {
        let db = try schoolsOnly()
        let csv = "partner,notes\nNul\u{0}Byte,ok\nGood,\"line one\nline\u{1}two\"\nTabs,\"has\ttab and\r\nCRLF\"\n"
        let problems = try db.store.importPartnerships(csv: csv, dryRun: true).problems
        XCTAssertEqual(problems.map(\.description), [
            "line 2, partner: a control character (\\x00) at character 4; remove it (only tabs and line breaks inside quotes are allowed)",
            "line 4, notes: a control character (\\x01) at character 14; remove it (only tabs and line breaks inside quotes are allowed)",
        ])
        XCTAssertNotNil(refusal(db, csv))
        XCTAssertEqual(try count(db, "partners"), 0)
        // Tabs and line breaks inside quotes are text.
        let fine = "partner,notes\nTabs,\"has\ttab and\r\nCRLF\"\n"
        XCTAssertEqual(try db.store.importPartnerships(csv: fine, dryRun: false).partnershipsCreated, 1)
        XCTAssertEqual(try db.store.partnership(id: 1)?.notes, "has\ttab and\r\nCRLF")
    }

    func testDryRunFindsEveryProblemTheImportRefusesWith() throws {
        let long = String(repeating: "x", count: 10_005)
        let files = [
            "partner,notes\nNul\u{0}Byte,fine\n",
            "partner,notes\nFine,\"a\u{1B}[2Jb\"\n",
            "partner\n\(long)\n",
            "partner,contact_phone,services\nP,\(String(repeating: "5", count: 41)),\(String(repeating: "s", count: 401))\n",
            "partner,schools,start_date\nP,NOPE,2026-02-30\n",
            "partner,notes\nP,\"never closed\n",
            "id,partner\n1,A\n1,B\nabc,C\n",
            "partner,contact_email\nCasa,a@casa.org\ncasa,b@casa.org\nOther,not-an-email\n",
            "partner,status,colour\n,active,\n",
            "partner,start_date,end_date,status\nBackwards,2026-06-01,2026-01-01,active\n",
        ]
        for csv in files {
            let db = try schoolsOnly()
            let dry = try db.store.importPartnerships(csv: csv, dryRun: true).problems
            XCTAssertFalse(dry.isEmpty, "the dry run found nothing in \(csv.debugDescription)")
            XCTAssertEqual(refusal(db, csv), PartnershipCSV.message(for: dry), csv.debugDescription)
            XCTAssertEqual(try count(db, "partnerships"), 0)
        }
    }

    // MARK: 4. lengths

    func testImportRefusesCellsLongerThanTheFormsAllow() throws {
        let db = try schoolsOnly()
        let name = String(repeating: "N", count: 10_005)
        let csv = "partner,contact_name,services,notes\n"
            + "\(name),,,\n"
            + "Contact,\(String(repeating: "c", count: FieldLimits.contactName + 1)),,\n"
            + "Services,,\(String(repeating: "é", count: FieldLimits.services + 1)),\(String(repeating: "n", count: FieldLimits.freeText + 1))\n"
            + "\(String(repeating: "A", count: FieldLimits.partnerName)),,\(String(repeating: "é", count: FieldLimits.services)),\n"
        let problems = try db.store.importPartnerships(csv: csv, dryRun: true).problems
        XCTAssertEqual(problems.map(\.description), [
            "line 2, partner: is 10005 characters long; the limit is 160",
            "line 3, contact_name: is 121 characters long; the limit is 120",
            "line 4, notes: is 4001 characters long; the limit is 4000",
            "line 4, services: is 401 characters long; the limit is 400",
        ])
        XCTAssertNotNil(refusal(db, csv))
        XCTAssertEqual(try count(db, "partners"), 0)
    }

    func testStoreWritesRefuseTextLongerThanTheLimits() throws {
        let db = try schoolsOnly()
        let long = String(repeating: "N", count: FieldLimits.partnerName + 1)
        XCTAssertThrowsError(try db.store.insertRecord("partners", values: [
            "name": .text(long), "name_folded": .text("n"), "kind": .text("other"),
        ])) { error in
            XCTAssertEqual("\(error)", "The partner's name is 161 characters long; the limit is 160.")
        }
        XCTAssertThrowsError(try db.store.savePartnership(Partnership(partnerID: 0), newPartnerNamed: long))
        var p = Partnership(partnerID: 0)
        p.services = String(repeating: "s", count: FieldLimits.services + 1)
        XCTAssertThrowsError(try db.store.savePartnership(p, newPartnerNamed: "Fine"))
        XCTAssertEqual(try count(db, "partners"), 0)
    }

    // MARK: 7. progress and cancelling

    func rowsFile(_ n: Int) -> String {
        (["partner,schools,status"] + (1...n).map { "Partner \($0 % 37),E10\($0 % 2 + 1),active" }).joined(separator: "\n")
    }

    func testCancellingHalfwayWritesNothing() throws {
        let db = try schoolsOnly()
        let auditBefore = try count(db, "audit_log")
        var calls: [(Int, Int)] = []
        XCTAssertThrowsError(try db.store.importPartnerships(csv: rowsFile(1_000), dryRun: false) { done, total in
            calls.append((done, total))
            return done < total / 2
        }) { error in
            XCTAssertEqual(error as? StoreError, .cancelled)
            XCTAssertEqual("\(error)", "The import was cancelled; nothing was written.")
        }
        // Halfway is after every row was checked, before any was written: cancel later, in the writing.
        XCTAssertEqual(calls.last?.0, 1_000)
        var writing = 0
        XCTAssertThrowsError(try db.store.importPartnerships(csv: rowsFile(1_000), dryRun: false) { done, total in
            if done > total / 2 { writing += 1 }
            return done < total * 3 / 4
        }) { error in XCTAssertEqual(error as? StoreError, .cancelled) }
        XCTAssertGreaterThan(writing, 0, "the second cancel came while writing")
        XCTAssertEqual(try count(db, "partnerships"), 0)
        XCTAssertEqual(try count(db, "partners"), 0)
        XCTAssertEqual(try count(db, "audit_log"), auditBefore)
    }

    func testProgressIsReportedUpToTheTotal() throws {
        let db = try schoolsOnly()
        var calls: [(done: Int, total: Int)] = []
        let report = try db.store.importPartnerships(csv: rowsFile(1_000), dryRun: false) { done, total in
            calls.append((done, total)); return true
        }
        XCTAssertEqual(report.partnershipsCreated, 1_000)
        XCTAssertEqual(calls.first?.done, 0)
        XCTAssertEqual(calls.last?.done, 2_000)
        XCTAssertTrue(calls.allSatisfy { $0.total == 2_000 })
        XCTAssertGreaterThan(calls.count, 6, "reported every few hundred rows")
        XCTAssertEqual(calls.map(\.done), calls.map(\.done).sorted(), "never goes back")

        var dry: [(done: Int, total: Int)] = []
        _ = try db.store.importPartnerships(csv: rowsFile(600), dryRun: true) { done, total in dry.append((done, total)); return true }
        XCTAssertEqual(dry.last?.done, 600)
        XCTAssertEqual(dry.last?.total, 600)
    }

    // MARK: 6. the audit log's JSON, written directly for speed

    func testAuditJSONReadsBackToTheSameValues() throws {
        let values: [String: StoredValue] = [
            "notes": .text("say \"hi\" / back\\slash\nnew line\ttab\u{1}\u{1B}[2J Thảo 日本 🎉"),
            "tier": .integer(3), "big": .integer(-9_000_000_000), "none": .null, "ratio": .real(2.5),
            "end_date": .text("2027-06-30"), "ends": .text(""), "blob": .blob([0, 1, 255]),
        ]
        let json = AuditJSON.encode(values)
        var expected = values
        expected["blob"] = .text(Data([0, 1, 255]).base64EncodedString())
        XCTAssertEqual(AuditEntry.decode(json), expected)
        let foundation = try JSONSerialization.data(withJSONObject: values.mapValues(\.jsonObject), options: [.sortedKeys])
        XCTAssertEqual(AuditEntry.decode(json), AuditEntry.decode(String(decoding: foundation, as: UTF8.self)))
    }

    /// The bulk writer gives each new and changed partnership one audit row (its schools and areas
    /// by name included), keeps versions, and replaces links.
    func testImportWritesLinksVersionsAndOneAuditRowPerPartnership() throws {
        let db = try schoolsOnly()
        let created = try db.store.importPartnerships(csv: "partner,schools,priority_areas,status,services\nA,E101,Mental health,active,Tutoring\nB,E102,,proposed,\n", dryRun: false)
        XCTAssertEqual(created.partnershipsCreated, 2)
        let first = try XCTUnwrap(db.store.history(entity: "partnerships", id: 1).first)
        XCTAssertEqual(first.action, "insert")
        XCTAssertEqual(first.after["schools"], .text("E101"))
        XCTAssertEqual(first.after["priority_areas"], .text("Mental health"))
        XCTAssertEqual(first.after["version"], .integer(1))
        XCTAssertEqual(try db.store.history(entity: "partnerships", id: 1).count, 1)

        let updated = try db.store.importPartnerships(csv: "id,partner,schools,status,services\n1,A,E101;M201,on-hold,Mentoring\n2,B,E102,proposed,\n", dryRun: false)
        XCTAssertEqual(updated.partnershipsUpdated, 1)
        XCTAssertEqual(updated.partnershipsUnchanged, 1)
        let p = try XCTUnwrap(db.store.partnership(id: 1))
        XCTAssertEqual(p.version, 2)
        XCTAssertEqual(p.status, .onHold)
        XCTAssertEqual(p.schoolIDs.count, 2)
        XCTAssertEqual(try db.store.partnership(id: 2)?.version, 1)
        let history = try db.store.history(entity: "partnerships", id: 1)
        XCTAssertEqual(history.count, 2)
        XCTAssertEqual(history[1].before, ["status": .text("active"), "schools": .text("E101"), "services": .text("Tutoring")])
        XCTAssertEqual(history[1].after, ["status": .text("on-hold"), "schools": .text("E101, M201"), "services": .text("Mentoring")])
        // The search index follows both writes.
        func found(_ word: String) throws -> [Int64] {
            try db.store.read { try Int64.fetchAll($0, sql: "SELECT rowid FROM partnerships_search WHERE partnerships_search MATCH ?", arguments: [word]) }
        }
        XCTAssertEqual(try found("Mentoring"), [1])
        XCTAssertEqual(try found("Tutoring"), [])
    }
}
