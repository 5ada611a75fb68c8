// The screen as a grid of cells, written by widgets in immediate mode and copied to a backend.

/// One terminal cell. A two-cell grapheme occupies its cell and marks the next one as a continuation.
///
/// The grapheme is kept as up to five Unicode scalars inline (what `DisplayWidth.displayed` draws of
/// one: its first scalar and the marks that follow), not as a String, so a cell is plain bytes: a
/// frame of 1,920 cells is made, copied and compared with the last frame without reference counting
/// (those copies were a tenth of a selection move's time).
public struct Cell: Hashable, Sendable {
    private var scalars: (UInt32, UInt32, UInt32, UInt32, UInt32)
    public var width: UInt8
    public var style: Style

    public init(grapheme: String = " ", width: UInt8 = 1, style: Style = .plain) {
        scalars = Self.pack(grapheme)
        self.width = width
        self.style = style
    }

    /// A cell showing one printable ASCII character (the common case, without a String).
    @inline(__always)
    init(ascii byte: UInt8, style: Style) {
        scalars = (UInt32(byte), 0, 0, 0, 0)
        width = 1
        self.style = style
    }

    public var grapheme: String {
        get {
            var text = String.UnicodeScalarView()
            forEachScalar { text.append($0) }
            return String(text)
        }
        set { scalars = Self.pack(newValue) }
    }

    /// The grapheme's scalars, in order, without making a String (the backends).
    @inline(__always)
    public func forEachScalar(_ body: (Unicode.Scalar) -> Void) {
        var values = scalars
        withUnsafeBytes(of: &values) { raw in
            for i in 0..<5 {
                let value = raw.load(fromByteOffset: i * 4, as: UInt32.self)
                guard value != 0, let scalar = Unicode.Scalar(value) else { return }
                body(scalar)
            }
        }
    }

    private static func pack(_ text: String) -> (UInt32, UInt32, UInt32, UInt32, UInt32) {
        var next = text.unicodeScalars.makeIterator()
        guard let a = next.next() else { return (0, 0, 0, 0, 0) }
        guard let b = next.next() else { return (a.value, 0, 0, 0, 0) }
        guard let c = next.next() else { return (a.value, b.value, 0, 0, 0) }
        guard let d = next.next() else { return (a.value, b.value, c.value, 0, 0) }
        return (a.value, b.value, c.value, d.value, next.next()?.value ?? 0)
    }

    public static func == (a: Cell, b: Cell) -> Bool {
        a.scalars == b.scalars && a.width == b.width && a.style == b.style
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scalars.0); hasher.combine(scalars.1); hasher.combine(scalars.2)
        hasher.combine(scalars.3); hasher.combine(scalars.4)
        hasher.combine(width)
        hasher.combine(style)
    }

    public static let blank = Cell()
    /// The right half of a wide grapheme; backends skip it.
    public static func continuation(_ style: Style) -> Cell { Cell(grapheme: "", width: 0, style: style) }
    public var isContinuation: Bool { width == 0 }
}

/// Box-drawing and symbol glyphs, Unicode when the terminal's locale is UTF-8, ASCII otherwise.
public struct Glyphs: Sendable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var check, cross, ellipsis, arrowUp, arrowDown, bullet: String

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                       bottomLeft: "└", bottomRight: "┘", check: "✓", cross: "✗",
                                       ellipsis: "…", arrowUp: "▲", arrowDown: "▼", bullet: "•")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                     bottomLeft: "+", bottomRight: "+", check: "y", cross: "x",
                                     ellipsis: "~", arrowUp: "^", arrowDown: "v", bullet: "*")
}

public struct Surface: Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    public var glyphs: Glyphs
    /// Where the terminal cursor should be left (a focused text field), or nil to hide it.
    public var cursor: (x: Int, y: Int)?

    /// A surface of blank cells in `style` (a frame starts from the theme's text style: filled
    /// once here rather than made plain and cleared again).
    public init(width: Int, height: Int, glyphs: Glyphs = .unicode, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: Cell(grapheme: " ", width: 1, style: style), count: self.width * self.height)
        self.glyphs = glyphs
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    public mutating func clear(style: Style = .plain) {
        let blank = Cell(grapheme: " ", width: 1, style: style)
        for i in cells.indices { cells[i] = blank }
        cursor = nil
    }

    /// Gives the cells of `rect` (clipped to the surface) `style`, keeping what they show.
    public mutating func restyle(_ rect: Rect, style: Style) {
        let left = max(0, rect.x), right = min(width, rect.maxX)
        guard left < right else { return }
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in left..<right { self[x, y].style = style }
        }
    }

    public mutating func fill(_ rect: Rect, style: Style, grapheme: String = " ") {
        let cell = Cell(grapheme: grapheme, width: 1, style: style)
        let left = max(0, rect.x), right = min(width, rect.maxX)
        guard left < right else { return }
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            // A wide character cut by the edge of the fill loses its other half too: no cell is
            // left claiming two columns with only one.
            breakWideCell(at: left, y: y)
            breakWideCell(at: right - 1, y: y)
            for x in left..<right { self[x, y] = cell }
        }
    }

    /// Writes `text` from (x, y), clipped to `clip` (the whole surface by default). A wide grapheme
    /// that would straddle the right edge is not drawn half; its cell is left blank. Returns the
    /// column after the last cell written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let area = clip ?? bounds
        guard y >= max(0, area.y), y < min(height, area.maxY) else { return x }
        let right = min(width, area.maxX)
        let left = max(0, area.x)
        // Most of what a frame writes is printable ASCII: a byte is a cell, with no grapheme
        // breaking or width lookup (those were a fifth of a selection move's time).
        if DisplayWidth.isPrintableASCII(text) {
            var column = x
            for byte in text.utf8 {
                if column >= right { break }
                if column >= left {
                    breakWideCell(at: column, y: y)
                    self[column, y] = Cell(ascii: byte, style: style)
                }
                column += 1
            }
            return column
        }
        return writeGraphemes(text, x: x, y: y, style: style, left: left, right: right)
    }

    /// `write` one grapheme at a time, for text that is not all printable ASCII.
    mutating func writeGraphemes(_ text: String, x: Int, y: Int, style: Style, left: Int, right: Int) -> Int {
        var column = x
        for character in text {
            let (shown, w) = DisplayWidth.displayed(character)
            if w == 0 {
                // A stray combining mark or control: attach nothing, draw nothing.
                continue
            }
            if column + w > right {
                if column < right, column >= left { self[column, y] = Cell(grapheme: " ", width: 1, style: style) }
                break
            }
            if column >= left {
                breakWideCell(at: column, y: y)
                self[column, y] = Cell(grapheme: shown, width: UInt8(w), style: style)
                if w == 2 {
                    breakWideCell(at: column + 1, y: y)
                    self[column + 1, y] = .continuation(style)
                }
            }
            column += w
        }
        return column
    }

    /// Writes text truncated with an ellipsis or padded to exactly `width` cells.
    public mutating func write(_ text: String, in rect: Rect, style: Style, alignment: Alignment = .left) {
        guard rect.height > 0, rect.width > 0 else { return }
        write(DisplayWidth.fit(text, to: rect.width, alignment: alignment), x: rect.x, y: rect.y,
              style: style, clip: rect)
    }

    /// Overwriting half of a wide grapheme leaves the other half blank, never a dangling half.
    private mutating func breakWideCell(at x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        let cell = self[x, y]
        if cell.isContinuation, x > 0, self[x - 1, y].width == 2 {
            self[x - 1, y] = Cell(grapheme: " ", width: 1, style: self[x - 1, y].style)
        } else if cell.width == 2, x + 1 < width {
            self[x + 1, y] = Cell(grapheme: " ", width: 1, style: cell.style)
        }
    }

    /// A box border around `rect` with an optional title in the top edge.
    public mutating func box(_ rect: Rect, style: Style, title: String? = nil, titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let g = glyphs
        let inner = String(repeating: g.horizontal, count: rect.width - 2)
        write(g.topLeft + inner + g.topRight, x: rect.x, y: rect.y, style: style)
        write(g.bottomLeft + inner + g.bottomRight, x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            write(g.vertical, x: rect.x, y: y, style: style)
            write(g.vertical, x: rect.maxX - 1, y: y, style: style)
        }
        if let title, !title.isEmpty, rect.width > 6 {
            write(" " + DisplayWidth.truncate(title, to: rect.width - 6) + " ", x: rect.x + 2, y: rect.y,
                  style: titleStyle ?? style)
        }
    }

    /// Each row as plain text (continuation cells omitted), for tests and screen captures.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].grapheme }
            return line
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}
