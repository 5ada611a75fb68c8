import XCTest
@testable import TermUI

final class FormTests: XCTestCase {
    func type(_ text: String, into form: Form) {
        for c in text { _ = form.handle(.char(c)) }
    }

    func testValidationBlocksSaveAndShowsMessagesBesideFields() {
        let name = TextField("Partner name", required: true)
        let email = TextField("Contact email", validators: [{ $0.contains("@") ? nil : "not an email address" }])
        // A date as the application makes one: a text field with the caller's parser as validator.
        let start = TextField("Start date", validators: [{ $0 == "2026-02-30" ? "February 2026 has 28 days" : nil }])
        let form = Form(title: "New partner", fields: [name, email, start])
        form.focus = 1
        type("nobody.example.org", into: form)
        _ = form.handle(.tab)
        type("2026-02-30", into: form)

        XCTAssertEqual(form.handle(.ctrl("s")), .editing, "save must be refused while fields fail")
        XCTAssertEqual(form.failures.count, 3)
        XCTAssertEqual(form.focus, 0, "focus goes to the first failing field")

        var surface = Surface(width: 80, height: 12)
        form.render(in: surface.bounds, on: &surface, theme: .monochrome)
        let text = surface.text
        XCTAssertTrue(text.contains("3 fields need attention"))
        let nameLine = surface.lines.first { $0.contains("Partner name") && !$0.contains("attention") }!
        XCTAssertTrue(nameLine.contains("✗ required"), nameLine)
        let emailLine = surface.lines.first { $0.contains("Contact email") }!
        XCTAssertTrue(emailLine.contains("not an email address"), emailLine)
        let dateLine = surface.lines.first { $0.contains("Start date") }!
        XCTAssertTrue(dateLine.contains("February 2026 has 28 days"), dateLine)

        // Fix everything: now it saves.
        type("Casa de Esperanza", into: form)
        form.focus = 1
        _ = form.handle(.ctrl("u"))
        type("info@casa.org", into: form)
        form.focus = 2
        _ = form.handle(.ctrl("u"))
        type("2026-02-28", into: form)
        XCTAssertEqual(form.handle(.ctrl("s")), .save)
        XCTAssertEqual(start.trimmedValue, "2026-02-28")
        XCTAssertTrue(form.isModified)
    }

    func testTextFieldEditingKeys() {
        let f = TextField("Name", value: "Vang")
        XCTAssertFalse(f.isModified)
        _ = f.handle(.home)
        _ = f.handle(.char("K"))
        _ = f.handle(.end)
        _ = f.handle(.backspace)
        XCTAssertEqual(f.value, "KVan")
        _ = f.handle(.left)
        _ = f.handle(.delete)
        XCTAssertEqual(f.value, "KVa")
        XCTAssertTrue(f.isModified)
    }

    func testAFieldRefusesCharactersItDoesNotTakeAndSaysWhy() {
        let d = TextField("Due")
        d.accepts = { $0.isNumber || $0 == "-" }
        d.refusalMessage = "digits and “-” only"
        for c in "2026-x" { _ = d.handle(.char(c)) }
        XCTAssertEqual(d.value, "2026-")
        XCTAssertEqual(d.refusal, "“x”: digits and “-” only")
        _ = d.handle(.char("0"))
        XCTAssertNil(d.refusal, "the next key clears the refusal")
        XCTAssertEqual(d.value, "2026-0")
    }

    func testChoiceMultiChoiceCheckboxAndTextArea() {
        let tier = ChoiceField("Tier", options: ["1 Universal", "2 Targeted", "3 Intensive"])
        _ = tier.handle(.right)
        XCTAssertEqual(tier.selectedOption, "2 Targeted")
        _ = tier.handle(.char("3"))
        XCTAssertEqual(tier.selectedOption, "3 Intensive")

        let areas = MultiChoiceField("Priority areas", options: ["After-school", "Mental health", "Early childhood"], minimum: 1)
        XCTAssertEqual(areas.validationMessage(), "choose at least one")
        _ = areas.handle(.down)
        _ = areas.handle(.char(" "))
        XCTAssertEqual(areas.selectedOptions, ["Mental health"])
        XCTAssertNil(areas.validationMessage())
        XCTAssertTrue(areas.handle(.down))
        XCTAssertFalse(areas.handle(.down), "at the last option ↓ leaves the field")

        let box = Checkbox("Data-sharing agreement")
        _ = box.handle(.char(" "))
        XCTAssertTrue(box.isOn)

        let notes = TextArea("Notes")
        for c in "line one" { _ = notes.handle(.char(c)) }
        _ = notes.handle(.enter)
        for c in "two" { _ = notes.handle(.char(c)) }
        XCTAssertEqual(notes.value, "line one\ntwo")
        _ = notes.handle(.home)
        _ = notes.handle(.backspace)
        XCTAssertEqual(notes.value, "line onetwo")
    }

    func testTabMovesFocusAroundAndEscCancels() {
        let form = Form(title: "T", fields: [TextField("A"), TextField("B")])
        _ = form.handle(.tab)
        XCTAssertEqual(form.focus, 1)
        _ = form.handle(.tab)
        XCTAssertEqual(form.focus, 0)
        _ = form.handle(.backTab)
        XCTAssertEqual(form.focus, 1)
        XCTAssertEqual(form.handle(.escape), .cancel)
    }
}
