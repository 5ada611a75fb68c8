import FacetModel
import Foundation
import GRDB
import XCTest
@testable import FacetStore

final class PartnershipCSVTests: XCTestCase {
    let header = "partner,partner_kind,contact_name,contact_email,contact_phone,schools,priority_areas,tier,status,services,start_date,end_date,agreement_signed,last_review,data_sharing,background_checks,outcome_measures,reviewer,notes"

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

    func count(_ db: TestDatabase, _ table: String, where condition: String = "1") throws -> Int {
        try db.store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0 }
    }

    /// Partnerships with partner, links and every column, one string each, ordered by id: what an
    /// import must not change.
    func dump(_ db: TestDatabase, withIDs: Bool) throws -> [String] {
        try db.store.read { d in
            var schools: [Int64: [String]] = [:], areas: [Int64: [String]] = [:]
            for row in try Row.fetchAll(d, sql: "SELECT ps.partnership_id AS p, s.code AS c FROM partnership_schools ps JOIN schools s ON s.id = ps.school_id") {
                schools[row["p"], default: []].append(row["c"])
            }
            for row in try Row.fetchAll(d, sql: "SELECT ppa.partnership_id AS p, pa.name AS c FROM partnership_priority_areas ppa JOIN priority_areas pa ON pa.id = ppa.priority_area_id") {
                areas[row["p"], default: []].append(row["c"])
            }
            var confirmed: [Int64: [Int64]] = [:]
            for row in try Row.fetchAll(d, sql: "SELECT partnership_id AS p, criterion_id AS c FROM partnership_confirmations") {
                confirmed[row["p"], default: []].append(row["c"])
            }
            return try Row.fetchAll(d, sql: """
                SELECT p.*, pr.name AS partner_name, pr.kind AS partner_kind, pr.contact_name, pr.contact_email, pr.contact_phone,
                       pr.version AS partner_version, pr.id AS pid
                FROM partnerships p JOIN partners pr ON pr.id = p.partner_id ORDER BY p.id
                """).map { row in
                let id: Int64 = row["id"]
                var fields: [String] = []
                for (name, value) in zip(row.columnNames, row.databaseValues) {
                    if !withIDs && ["id", "partner_id", "pid", "version", "partner_version", "updated_at", "updated_by"].contains(name) { continue }
                    fields.append("\(name)=\(value)")
                }
                fields.append("schools=" + (schools[id] ?? []).sorted().joined(separator: ","))
                fields.append("areas=" + (areas[id] ?? []).sorted().joined(separator: ","))
                if withIDs { fields.append("confirmed=" + (confirmed[id] ?? []).sorted().map(String.init).joined(separator: ",")) }
                return fields.joined(separator: "|")
            }
        }
    }

    // MARK: the CSV reader and writer

    func testReaderHandlesQuotesLineBreaksBOMAndLineNumbers() throws {
        let text = "\u{FEFF}a,b,c\r\n\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n1,,3\n\"\",last"
        let records = try CSV.parse(text)
        XCTAssertEqual(records, [
            CSVRecord(line: 1, fields: ["a", "b", "c"]),
            CSVRecord(line: 3, fields: ["x, y", "say \"hi\"", "two\nlines"]),
            CSVRecord(line: 6, fields: ["1", "", "3"]),
            CSVRecord(line: 7, fields: ["", "last"]),
        ])
        XCTAssertThrowsError(try CSV.parse("a,b\n1,\"open\n2,3\n")) { error in
            XCTAssertEqual(error as? CSVError, CSVError(line: 2, message: "a quoted field starts here and is never closed"))
        }
        XCTAssertThrowsError(try CSV.parse("a\n\"x\"y\n")) { error in XCTAssertEqual((error as? CSVError)?.line, 2) }
    }

    func testWriterQuotesWhatNeedsItAndReadsBack() throws {
        let rows = [["plain", "with, comma", "with \"quote\"", "line\nbreak", "crlf\r\ninside", " padded ", "", "Thảo Nguyễn"]]
        let text = CSV.write(rows)
        XCTAssertTrue(text.hasPrefix("plain,\"with, comma\",\"with \"\"quote\"\"\",\"line\nbreak\""))
        XCTAssertTrue(text.hasSuffix("\r\n"))
        XCTAssertEqual(try CSV.parse(text).map(\.fields), rows)
        XCTAssertEqual(try CSV.parse(text.replacingOccurrences(of: "\r\n", with: "\n")).first?.fields.count, 8)
    }

    // MARK: import

    func testGoodFileCreatesPartnersAndPartnershipsAndIsAudited() throws {
        let db = try schoolsOnly()
        let auditBefore = try count(db, "audit_log")
        let csv = """
            \(header)
            Hmong American Partnership,Nonprofit,Pa Houa Lee,plee@hmong.org,651-555-0142,E101;E102,Mental health,1,Active,Family literacy nights,2026-01-15,2027-06-30,2026-01-10,2026-09-01,yes,yes,Attendance rate,Kou Vang,
            Saint Paul Public Library,government,,,,district-wide,After-school and summer learning;early childhood,,proposed,Library card sign-ups,2026-09-01,,,,no,no,,,First contact in August
            Hmong American Partnership,nonprofit,,,,M201,,2,on-hold,Mentoring,,,,,0,1,,,

            """
        let report = try db.store.importPartnerships(csv: csv, dryRun: false)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.rows, 3)
        XCTAssertEqual(report.partnershipsCreated, 3)
        XCTAssertEqual(report.partnersCreated, 2)
        XCTAssertEqual(try count(db, "partners"), 2)
        XCTAssertEqual(try count(db, "partnerships"), 3)

        let hap = try XCTUnwrap(db.store.partner(namedLike: "hmong american partnership"))
        let partner = try XCTUnwrap(db.store.fetchRecord(table: "partners", id: hap.id))
        XCTAssertEqual(partner["contact_email"], .text("plee@hmong.org"))
        XCTAssertEqual(partner["kind"], .text("nonprofit"))
        let ids = try db.store.read { try Int64.fetchAll($0, sql: "SELECT id FROM partnerships ORDER BY id") }
        let first = try XCTUnwrap(db.store.partnership(id: ids[0]))
        XCTAssertEqual(first.partnerID, hap.id)
        XCTAssertEqual(first.schoolIDs.count, 2)
        XCTAssertEqual(first.status, .active)
        XCTAssertEqual(first.tier, .universal)
        XCTAssertEqual(first.endDate, Day("2027-06-30"))
        XCTAssertEqual(first.lastReview, Day("2026-09-01"))
        XCTAssertTrue(first.dataSharing && first.backgroundChecks)
        XCTAssertEqual(first.reviewer, "Kou Vang")
        let library = try XCTUnwrap(db.store.partnership(id: ids[1]))
        XCTAssertTrue(library.districtWide)
        XCTAssertEqual(library.priorityAreaIDs, [1, 3])
        XCTAssertEqual(library.notes, "First contact in August")
        let third = try XCTUnwrap(db.store.partnership(id: ids[2]))
        XCTAssertEqual(third.status, .onHold)
        XCTAssertFalse(third.dataSharing)
        XCTAssertTrue(third.backgroundChecks)

        // Audited: each record has its insert, written by this login.
        XCTAssertGreaterThan(try count(db, "audit_log"), auditBefore + 5)
        XCTAssertEqual(try db.store.history(entity: "partnerships", id: ids[0]).first?.action, "insert")
        XCTAssertEqual(try db.store.history(entity: "partners", id: hap.id).first?.login, "tester")
        XCTAssertEqual(try count(db, "audit_log", where: "entity = 'partnerships' AND action = 'import'"), 1)
    }

    func testQuotedCommasLineBreaksBOMCRLFAndEmptyLinesImport() throws {
        let db = try schoolsOnly()
        let lines = [
            "\u{FEFF}Partner,Schools,Status,Services,Notes,Start_Date",
            "",
            "\"Casa de Esperanza, Inc.\",\"E101; E102\",active,\"Tutoring, mentoring and \"\"family nights\"\"\",\"First line\r\nsecond line\",2026-02-01",
            "",
            ",,,,,",
            "Neighborhood House,m201,Active,Food shelf,,",
            "",
        ]
        let report = try db.store.importPartnerships(csv: lines.joined(separator: "\r\n"), dryRun: false)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.rows, 2)
        XCTAssertEqual(report.partnershipsCreated, 2)
        let casa = try XCTUnwrap(db.store.partner(namedLike: "casa de esperanza inc"))
        XCTAssertEqual(casa.name, "Casa de Esperanza, Inc.")
        let id = try XCTUnwrap(db.store.read { try Int64.fetchOne($0, sql: "SELECT id FROM partnerships WHERE partner_id = ?", arguments: [casa.id]) })
        let p = try XCTUnwrap(db.store.partnership(id: id))
        XCTAssertEqual(p.services, "Tutoring, mentoring and \"family nights\"")
        XCTAssertEqual(p.notes, "First line\r\nsecond line")
        XCTAssertEqual(p.schoolIDs.count, 2)
        XCTAssertEqual(p.startDate, Day("2026-02-01"))
        XCTAssertEqual(p.status, .active)
        // The same file with LF line ends and no BOM gives the same partnerships in a fresh database.
        let other = try schoolsOnly()
        let lf = lines.joined(separator: "\n").replacingOccurrences(of: "\u{FEFF}", with: "")
        XCTAssertEqual(try other.store.importPartnerships(csv: lf, dryRun: false).partnershipsCreated, 2)
        XCTAssertEqual(try other.store.partnership(id: id)?.notes, "First line\r\nsecond line")
    }

    func testMixedFileWritesNothingAndReportsEveryBadRow() throws {
        let db = try schoolsOnly()
        let auditBefore = try count(db, "audit_log")
        let csv = [
            "partner,schools,status,start_date,end_date,contact_email,colour",
            "Good Partner,E101,active,2026-01-01,2026-12-31,a@b.org,",          // line 2: fine
            "Bad School,E101;X9,active,2026-01-01,,,",                         // line 3: unknown school
            "Bad Date,E102,proposed,2026-13-01,,,",                            // line 4: impossible date
            "",                                                                // line 5: skipped
            "Backwards,E101,active,2026-06-01,2026-01-01,,",                   // line 6: ends before it starts
            "Bad Email,M201,Active,,,not-an-email,",                            // line 7
            "Another Good,M201,proposed,,,,",                                  // line 8: fine
        ].joined(separator: "\n")
        XCTAssertThrowsError(try db.store.importPartnerships(csv: csv, dryRun: false)) { error in
            guard case StoreError.invalid(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("line 1: unknown column \"colour\""), message)
            XCTAssertTrue(message.contains("line 3, schools: no school with code X9"), message)
            XCTAssertTrue(message.contains("line 4, start_date: \"2026-13-01\" is not a date: use YYYY-MM-DD"), message)
            XCTAssertTrue(message.contains("line 6, end_date: ends before it starts"), message)
            XCTAssertTrue(message.contains("line 7, contact_email: not an email address"), message)
            XCTAssertFalse(message.contains("line 2"), message)
            XCTAssertFalse(message.contains("line 8"), message)
        }
        XCTAssertEqual(try count(db, "partners"), 0)
        XCTAssertEqual(try count(db, "partnerships"), 0)
        XCTAssertEqual(try count(db, "audit_log"), auditBefore)

        // The dry run gives the same problems as values.
        let report = try db.store.importPartnerships(csv: csv, dryRun: true)
        XCTAssertEqual(report.problems.map(\.line), [1, 3, 4, 6, 7])
        XCTAssertEqual(report.problems.map(\.column), [nil, "schools", "start_date", "end_date", "contact_email"])
        XCTAssertEqual(report.partnershipsCreated, 2, "the good rows")
    }

    func testHeaderProblemsAreReported() throws {
        let db = try schoolsOnly()
        let problems = try db.store.importPartnerships(csv: "Schools,SCHOOLS,,Partner Kind\nE101,E102,oops,nonprofit\n", dryRun: true).problems
        XCTAssertEqual(problems.map(\.description), [
            "line 1: the header has no partner column; it is required",
            "line 1, schools: this column appears twice in the header",
            "line 2: \"oops\" is in column 3, which has no name in the header",
        ])
        XCTAssertEqual(try db.store.importPartnerships(csv: "", dryRun: true).problems.map(\.line), [1])
        XCTAssertThrowsError(try db.store.importPartnerships(csv: "partner,notes\nA,\"never closed\n", dryRun: false)) { error in
            XCTAssertEqual("\(error)", "The file has 1 problem; nothing was imported:\nline 2: a quoted field starts here and is never closed")
        }
    }

    func testManyProblemsAreListedUpToFiftyThenCounted() throws {
        let db = try schoolsOnly()
        let csv = (["partner,schools"] + (1...60).map { "P\($0),NOPE" }).joined(separator: "\n")
        XCTAssertThrowsError(try db.store.importPartnerships(csv: csv, dryRun: false)) { error in
            let lines = String(describing: error).split(separator: "\n")
            XCTAssertEqual(lines.first, "The file has 60 problems; nothing was imported:")
            XCTAssertEqual(lines.count, 1 + 50 + 1)
            XCTAssertEqual(lines.last, "…and 10 more")
        }
    }

    func testDryRunWritesNothingAndCounts() throws {
        let db = try schoolsOnly()
        let auditBefore = try count(db, "audit_log")
        let csv = "partner,schools,status\nOne,E101,active\nTwo,E102,proposed\none,M201,active\n"
        let report = try db.store.importPartnerships(csv: csv, dryRun: true)
        XCTAssertTrue(report.dryRun)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.partnershipsCreated, 3)
        XCTAssertEqual(report.partnersCreated, 2)
        XCTAssertTrue(report.summary.contains("nothing written"), report.summary)
        XCTAssertEqual(try count(db, "partners"), 0)
        XCTAssertEqual(try count(db, "partnerships"), 0)
        XCTAssertEqual(try count(db, "audit_log"), auditBefore)
    }

    func testPartnerNamesDifferingByCaseAndAccentsAreOnePartner() throws {
        let db = try schoolsOnly()
        let csv = """
            partner,partner_kind,contact_email,schools
            Casa de Esperanza,nonprofit,,E101
            CASA DE ESPERANZA,,info@casa.org,E102
            Casa de Espéranza,Nonprofit,info@casa.org,M201
            """
        let report = try db.store.importPartnerships(csv: csv, dryRun: false)
        XCTAssertEqual(report.partnersCreated, 1)
        XCTAssertEqual(report.partnershipsCreated, 3)
        XCTAssertEqual(try count(db, "partners"), 1)
        let casa = try XCTUnwrap(db.store.partner(namedLike: "casa de esperanza"))
        XCTAssertEqual(casa.name, "Casa de Esperanza", "the first spelling names a new partner")
        XCTAssertEqual(try db.store.fetchRecord(table: "partners", id: casa.id)?["contact_email"], .text("info@casa.org"))

        // Later, an existing partner is reused (not renamed); a changed contact is an audited update.
        let again = "partner,contact_phone,schools\nCASA DE ESPERANZA,651-555-0199,E101\n"
        let second = try db.store.importPartnerships(csv: again, dryRun: false)
        XCTAssertEqual(second.partnersCreated, 0)
        XCTAssertEqual(second.partnersUpdated, 1)
        XCTAssertEqual(try count(db, "partners"), 1)
        let record = try XCTUnwrap(db.store.fetchRecord(table: "partners", id: casa.id))
        XCTAssertEqual(record["name"], .text("Casa de Esperanza"))
        XCTAssertEqual(record["contact_phone"], .text("651-555-0199"))
        XCTAssertEqual(record["version"], .integer(2))
        XCTAssertEqual(try db.store.history(entity: "partners", id: casa.id).last?.after["contact_phone"], .text("651-555-0199"))

        // Two rows giving the same partner different new values is a problem, not a silent choice.
        let conflicting = "partner,contact_email\nCasa de Esperanza,a@casa.org\ncasa de esperanza,b@casa.org\n"
        let problems = try db.store.importPartnerships(csv: conflicting, dryRun: true).problems
        XCTAssertEqual(problems.map(\.description), [
            "line 3, contact_email: \"b@casa.org\" here but \"a@casa.org\" on line 2 for the same partner Casa de Esperanza; give one value (or leave the others blank)",
        ])
    }

    func testUpdateRowKeepsConfirmationsAndColumnsLeftOut() throws {
        let db = try TestDatabase(demo: .small, seed: 1)
        let id = try XCTUnwrap(db.store.read { try Int64.fetchOne($0, sql: """
            SELECT p.id FROM partnerships p WHERE status = 'active' AND EXISTS (SELECT 1 FROM partnership_confirmations c WHERE c.partnership_id = p.id)
            ORDER BY id LIMIT 1
            """) })
        let before = try XCTUnwrap(db.store.partnership(id: id))
        let partner = try XCTUnwrap(db.store.fetchRecord(table: "partners", id: before.partnerID))
        let csv = "id,partner,status,tier\n\(id),\(CSV.escape(partner["name"]!.text)),on-hold,3\n"
        let report = try db.store.importPartnerships(csv: csv, dryRun: false)
        XCTAssertEqual(report.partnershipsUpdated, 1)
        let after = try XCTUnwrap(db.store.partnership(id: id))
        XCTAssertEqual(after.status, .onHold)
        XCTAssertEqual(after.tier, .intensive)
        XCTAssertEqual(after.version, before.version + 1)
        var expected = before
        expected.status = .onHold; expected.tier = .intensive; expected.version = before.version + 1
        XCTAssertEqual(after, expected, "confirmations, links and the columns the file leaves out are kept")
        XCTAssertEqual(try db.store.history(entity: "partnerships", id: id).last?.after["status"], .text("on-hold"))
    }

    func testCoordinatorCannotImportOutsideTheirSchools() throws {
        let db = try schoolsOnly()
        let coordinator = try db.secondStore(login: "mvang", role: .coordinator, schools: ["E101"])
        let csv = "partner,schools,status\nMine,E101,active\nTheirs,E102,active\n"
        let report = try coordinator.importPartnerships(csv: csv, dryRun: true)
        XCTAssertEqual(report.problems.map(\.line), [3])
        XCTAssertTrue(report.problems[0].message.contains("assigned schools"), report.problems[0].message)
        XCTAssertThrowsError(try coordinator.importPartnerships(csv: csv, dryRun: false))
        XCTAssertEqual(try count(db, "partnerships"), 0)
        XCTAssertEqual(try coordinator.importPartnerships(csv: "partner,schools,status\nMine,E101,active\n", dryRun: false).partnershipsCreated, 1)
    }

    // MARK: export and round trips

    func testExportWritesEveryColumnByID() throws {
        let db = try schoolsOnly()
        let csv = """
            partner,partner_kind,schools,priority_areas,tier,status,data_sharing,notes
            "Hope, Inc.",faith-based,E102;E101,Mental health;After-school and summer learning,2,active,yes,"two
            lines"
            Library,,district-wide,,,proposed,,
            """
        _ = try db.store.importPartnerships(csv: csv, dryRun: false)
        let exported = try db.store.exportPartnershipsCSV()
        let records = try CSV.parse(exported)
        XCTAssertEqual(records[0].fields, PartnershipCSV.columns)
        XCTAssertEqual(records.count, 3)
        let first = Dictionary(uniqueKeysWithValues: zip(PartnershipCSV.columns, records[1].fields))
        XCTAssertEqual(first["id"], "1")
        XCTAssertEqual(first["partner"], "Hope, Inc.")
        XCTAssertEqual(first["partner_kind"], "faith-based")
        XCTAssertEqual(first["schools"], "E101;E102")
        XCTAssertEqual(first["priority_areas"], "After-school and summer learning;Mental health")
        XCTAssertEqual(first["tier"], "2")
        XCTAssertEqual(first["status"], "active")
        XCTAssertEqual(first["data_sharing"], "yes")
        XCTAssertEqual(first["background_checks"], "no")
        XCTAssertEqual(first["notes"], "two\nlines")
        XCTAssertEqual(first["start_date"], "")
        let second = Dictionary(uniqueKeysWithValues: zip(PartnershipCSV.columns, records[2].fields))
        XCTAssertEqual(second["schools"], "district-wide")
        XCTAssertEqual(second["partner_kind"], "other")
        XCTAssertEqual(second["tier"], "")
        XCTAssertTrue(exported.hasSuffix("\r\n"))
    }

    func testExportThenImportIntoTheSameDatabaseChangesNothing() throws {
        let db = try TestDatabase(demo: .small, seed: 1)
        let before = try dump(db, withIDs: true)
        let auditBefore = try count(db, "audit_log")
        let csv = try db.store.exportPartnershipsCSV()

        let report = try db.store.importPartnerships(csv: csv, dryRun: false)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.rows, 450)
        XCTAssertEqual(report.partnershipsUnchanged, 450)
        XCTAssertEqual(report.partnershipsCreated + report.partnershipsUpdated + report.partnersCreated + report.partnersUpdated, 0)
        XCTAssertEqual(try dump(db, withIDs: true), before)
        XCTAssertEqual(try count(db, "audit_log"), auditBefore, "nothing changed, nothing audited")
        XCTAssertEqual(try db.store.exportPartnershipsCSV(), csv)
    }

    func testExportImportRecreatesThePartnershipsInAnotherDatabase() throws {
        let source = try TestDatabase(demo: .small, seed: 1)
        let csv = try source.store.exportPartnershipsCSV()

        // Same schools and areas (same seed), no partners or partnerships.
        let target = try TestDatabase(demo: .small, seed: 1)
        try target.store.write { w in
            for table in ["partnership_confirmations", "partnership_priority_areas", "partnership_schools", "partnerships", "partners"] {
                try w.db.execute(sql: "DELETE FROM \(table)")
            }
        }
        let report = try target.store.importPartnerships(csv: csv, dryRun: false)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.partnershipsCreated, 450)
        let usedPartners = try count(source, "partners", where: "id IN (SELECT partner_id FROM partnerships)")
        XCTAssertEqual(report.partnersCreated, usedPartners)
        XCTAssertEqual(try count(target, "partners"), usedPartners)
        XCTAssertEqual(try dump(target, withIDs: false).sorted(), try dump(source, withIDs: false).sorted())
    }

    /// Speed is measured by the benchmark (Benchmarks/run.py), not asserted here; this checks that a
    /// district-sized export is complete.
    func testLargeExportHasEveryPartnership() throws {
        let db = try TestDatabase()
        try DemoData.load(into: db.store, size: DemoSize(schools: 1_800, partners: 6_000, partnerships: 20_000, employees: 0), seed: 3)
        let csv = try db.store.exportPartnershipsCSV()
        XCTAssertEqual(try CSV.parse(csv).count, 20_001)
    }
}
