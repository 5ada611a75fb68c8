// A scrolling table over a data source that serves only the rows in view and a count, so a list
// with a million rows behind it costs the same to draw as one with fifty.

public struct TableRow: Sendable, Equatable {
    /// The record the row shows, so selection can follow it across refreshes.
    public var id: Int64
    public var cells: [String]
    /// A role for the whole row (e.g. `.warning` for a flagged record), or nil for plain text.
    public var role: ThemeRole?

    public init(id: Int64, cells: [String], role: ThemeRole? = nil) {
        self.id = id
        self.cells = cells
        self.role = role
    }
}

public protocol TableDataSource: AnyObject {
    /// How many rows there are (after any filter).
    func rowCount() -> Int
    /// The rows at these positions, in order; asked only for rows in view.
    func rows(in range: Range<Int>) -> [TableRow]
}

public struct TableColumn: Sendable {
    public enum Width: Sendable {
        case fixed(Int)
        /// A share of what the fixed columns leave, never less than `min`.
        case flex(weight: Int, min: Int)
    }
    public var title: String
    public var width: Width
    public var alignment: Alignment
    public var sortable: Bool

    public init(_ title: String, width: Width, alignment: Alignment = .left, sortable: Bool = true) {
        self.title = title
        self.width = width
        self.alignment = alignment
        self.sortable = sortable
    }
}

/// Selection, scroll position and sort of one table.
public struct TableState: Sendable, Equatable {
    public var selected: Int = 0
    public var top: Int = 0
    public var sortColumn: Int = 0
    public var sortAscending: Bool = true

    public init(sortColumn: Int = 0, sortAscending: Bool = true) {
        self.sortColumn = sortColumn
        self.sortAscending = sortAscending
    }

    /// Keeps the selection inside 0..<count and visible in `visibleRows`.
    public mutating func clamp(count: Int, visibleRows: Int) {
        if count == 0 { selected = 0; top = 0; return }
        selected = min(max(0, selected), count - 1)
        let rows = max(1, visibleRows)
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        top = min(max(0, top), max(0, count - rows))
    }
}

public enum TableMove: Sendable {
    case up, down, pageUp, pageDown, first, last
}

public struct Table: Sendable {
    public var columns: [TableColumn]
    public var state: TableState

    public init(columns: [TableColumn], state: TableState = TableState()) {
        self.columns = columns
        self.state = state
    }

    /// Rows of data that fit in a table drawn in `rect` (one row goes to the header).
    public static func visibleRows(in rect: Rect) -> Int { max(0, rect.height - 1) }

    public mutating func move(_ move: TableMove, count: Int, visibleRows: Int) {
        let page = max(1, visibleRows - 1)
        switch move {
        case .up: state.selected -= 1
        case .down: state.selected += 1
        case .pageUp: state.selected -= page; state.top -= page
        case .pageDown: state.selected += page; state.top += page
        case .first: state.selected = 0
        case .last: state.selected = count - 1
        }
        state.clamp(count: count, visibleRows: visibleRows)
    }

    /// Sorts by `column`; choosing the same column again reverses the order.
    public mutating func sort(by column: Int) {
        guard columns.indices.contains(column), columns[column].sortable else { return }
        if state.sortColumn == column { state.sortAscending.toggle() } else {
            state.sortColumn = column
            state.sortAscending = true
        }
        state.selected = 0
        state.top = 0
    }

    /// Column widths for a total width, one space between columns.
    public func widths(for total: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        let fixed = columns.reduce(0) { sum, c in if case .fixed(let w) = c.width { return sum + w }; return sum }
        let weights = columns.reduce(0) { sum, c in if case .flex(let w, _) = c.width { return sum + w }; return sum }
        var left = max(0, total - gaps - fixed)
        var result = columns.map { c -> Int in
            switch c.width {
            case .fixed(let w): return w
            case .flex(let weight, let minimum):
                return weights == 0 ? minimum : max(minimum, (total - gaps - fixed) * weight / weights)
            }
        }
        // Give rounding leftovers to the last flex column; take overflow from the widest.
        for i in result.indices { if case .flex = columns[i].width { left -= result[i] } }
        if let lastFlex = columns.lastIndex(where: { if case .flex = $0.width { return true }; return false }) {
            result[lastFlex] = max(1, result[lastFlex] + left)
        }
        return result
    }

    /// Draws header and visible rows; asks `source` for those rows only. Returns the rows drawn.
    @discardableResult
    public mutating func render(source: TableDataSource, in rect: Rect, on surface: inout Surface,
                                theme: Theme, focused: Bool = true) -> [TableRow] {
        guard rect.height > 0, rect.width > 0 else { return [] }
        let count = source.rowCount()
        let visible = Table.visibleRows(in: rect)
        state.clamp(count: count, visibleRows: visible)
        let widths = self.widths(for: rect.width)

        // Header with the sort indicator.
        surface.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: theme[.header])
        var x = rect.x
        for (i, column) in columns.enumerated() {
            var title = column.title
            if i == state.sortColumn {
                title += state.sortAscending ? surface.glyphs.arrowUp : surface.glyphs.arrowDown
            }
            surface.write(title, in: Rect(x: x, y: rect.y, width: widths[i], height: 1), style: theme[.header],
                          alignment: column.alignment)
            x += widths[i] + 1
        }

        let end = min(count, state.top + visible)
        let rows = end > state.top ? source.rows(in: state.top..<end) : []
        for (offset, row) in rows.enumerated() {
            let y = rect.y + 1 + offset
            let isSelected = state.top + offset == state.selected
            let selection = focused ? theme[.selection] : theme[.selection].adding(.dim)
            let span = isSelected ? theme.selectionSpan.cells(firstColumn: widths.first ?? 0, width: rect.width) : 0
            var style = row.role.map { theme[$0] } ?? theme[.text]
            if span == rect.width { style = selection }
            surface.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style)
            var cx = rect.x
            for (i, column) in columns.enumerated() {
                let text = i < row.cells.count ? row.cells[i] : ""
                surface.write(text, in: Rect(x: cx, y: y, width: widths[i], height: 1), style: style,
                              alignment: column.alignment)
                cx += widths[i] + 1
            }
            if span > 0, span < rect.width { surface.restyle(Rect(x: rect.x, y: y, width: span, height: 1), style: selection) }
        }
        if count == 0 {
            surface.write("(nothing to show)", x: rect.x + 1, y: rect.y + 1, style: theme[.muted], clip: rect)
        }
        return rows
    }
}
