import XCTest
@testable import TermUI

/// A source that records every range it is asked for.
final class CountingSource: TableDataSource {
    let total: Int
    var requests: [Range<Int>] = []
    init(total: Int) { self.total = total }
    func rowCount() -> Int { total }
    func rows(in range: Range<Int>) -> [TableRow] {
        requests.append(range)
        return range.map { TableRow(id: Int64($0), cells: ["row \($0)", "\($0 * 2)"]) }
    }
}

final class TableTests: XCTestCase {
    let columns = [TableColumn("Name", width: .flex(weight: 1, min: 10)), TableColumn("Value", width: .fixed(8), alignment: .right)]

    func testPagingOverAHundredThousandRowsAsksOnlyForVisibleRows() {
        let source = CountingSource(total: 100_000)
        var table = Table(columns: columns)
        var surface = Surface(width: 40, height: 11)
        let visible = Table.visibleRows(in: surface.bounds)
        XCTAssertEqual(visible, 10)
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        table.move(.pageDown, count: source.total, visibleRows: visible)
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        table.move(.last, count: source.total, visibleRows: visible)
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        XCTAssertEqual(source.requests.count, 3)
        for r in source.requests { XCTAssertLessThanOrEqual(r.count, visible) }
        XCTAssertEqual(source.requests.last, 99_990..<100_000)
        XCTAssertEqual(table.state.selected, 99_999)
        XCTAssertTrue(surface.lines[10].hasPrefix("row 99999"))
    }

    func testSelectionIsHighlightedAndStaysInView() {
        let source = CountingSource(total: 50)
        var table = Table(columns: columns)
        var surface = Surface(width: 40, height: 6)
        for _ in 0..<7 { table.move(.down, count: 50, visibleRows: 5) }
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        XCTAssertEqual(table.state.selected, 7)
        XCTAssertEqual(table.state.top, 3)
        XCTAssertTrue(surface.lines[5].hasPrefix("row 7"))
        XCTAssertEqual(surface[0, 5].style, Theme.monochrome[.selection])
        XCTAssertNotEqual(surface[0, 4].style, Theme.monochrome[.selection])
    }

    /// The default span colours the selected row's first column (at least 8 cells, at most 24) and
    /// leaves the rest of the row as the other rows are; `row` colours the whole row. Either way the
    /// row's text is the same.
    func testTheSelectionSpansTheFirstColumnOrTheWholeRow() {
        let source = CountingSource(total: 5)
        var surface = Surface(width: 40, height: 6)
        var table = Table(columns: columns)  // Name flexes to 31 cells, Value 8
        table.move(.down, count: 5, visibleRows: 5)
        let selection = Theme.monochrome[.selection]
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        let lead = surface.lines
        XCTAssertEqual((0..<24).filter { surface[$0, 2].style == selection }.count, 24)
        XCTAssertTrue((24..<40).allSatisfy { surface[$0, 2].style != selection })
        XCTAssertTrue((0..<40).allSatisfy { surface[$0, 1].style != selection && surface[$0, 3].style != selection })

        var wholeRow = Theme.monochrome
        wholeRow.selectionSpan = .row
        table.render(source: source, in: surface.bounds, on: &surface, theme: wholeRow)
        XCTAssertTrue((0..<40).allSatisfy { surface[$0, 2].style == selection })
        XCTAssertEqual(surface.lines, lead)

        // A narrow first column still gives at least 8 cells, cut at the table's edge.
        XCTAssertEqual(SelectionSpan.lead.cells(firstColumn: 3, width: 40), 8)
        XCTAssertEqual(SelectionSpan.lead.cells(firstColumn: 9, width: 40), 10)
        XCTAssertEqual(SelectionSpan.lead.cells(firstColumn: 3, width: 6), 6)
        XCTAssertEqual(SelectionSpan.row.cells(firstColumn: 3, width: 40), 40)
    }

    func testHeaderShowsSortIndicatorAndSortingTogglesDirection() {
        let source = CountingSource(total: 3)
        var table = Table(columns: columns)
        var surface = Surface(width: 40, height: 5)
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        XCTAssertTrue(surface.lines[0].hasPrefix("Name▲"))
        table.sort(by: 0)
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        XCTAssertTrue(surface.lines[0].hasPrefix("Name▼"))
        table.sort(by: 1)
        XCTAssertEqual(table.state.sortColumn, 1)
        XCTAssertTrue(table.state.sortAscending)
    }

    func testColumnWidthsFillTheWidth() {
        let table = Table(columns: columns)
        let widths = table.widths(for: 40)
        XCTAssertEqual(widths.reduce(0, +) + 1, 40)
        XCTAssertEqual(widths[1], 8)
    }

    func testEmptySourceSaysSo() {
        let source = CountingSource(total: 0)
        var table = Table(columns: columns)
        var surface = Surface(width: 40, height: 5)
        table.render(source: source, in: surface.bounds, on: &surface, theme: .monochrome)
        XCTAssertTrue(surface.lines[1].contains("nothing to show"))
        XCTAssertTrue(source.requests.isEmpty)
    }
}
