// A small RFC 4180 reader and writer: what spreadsheets save as "CSV UTF-8", and what we give back.

/// One record of a CSV file: its fields, and the physical line it starts on (1-based, for messages).
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Text that is not CSV, with the line where the trouble starts.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

public enum CSV {
    /// Reads `text` into records. Accepts a UTF-8 byte-order mark, LF, CRLF (or lone CR) line ends,
    /// quoted fields with commas, doubled quotes and line breaks. Completely empty lines are skipped.
    /// Lenient where it costs nothing: a quote inside an unquoted field is kept as it is, and blanks
    /// around a quoted field are ignored. Throws `CSVError` for an unclosed quote or text after one.
    public static func parse(_ text: String) throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        try forEachRecord(in: text) { records.append($0) }
        return records
    }

    /// `parse`, one record at a time: a large file is never held twice (as text and as records).
    public static func forEachRecord(in text: String, _ body: (CSVRecord) throws -> Void) throws {
        var text = text
        // Native strings are contiguous already; `makeContiguousUTF8` only copies bridged ones.
        text.makeContiguousUTF8()
        try text.utf8.withContiguousStorageIfAvailable { bytes in try forEachRecord(bytes: bytes, body) }!
    }

    static func forEachRecord(bytes: UnsafeBufferPointer<UInt8>, _ body: (CSVRecord) throws -> Void) throws {
        let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        let space: UInt8 = 0x20, tab: UInt8 = 0x09
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1, quoteLine = 1
        var inQuotes = false
        // The current field was quoted and its closing quote has been read.
        var closed = false
        // Anything (a comma, a quote, a character) has been read on this record.
        var started = false

        let n = bytes.count
        var i = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            closed = false
        }
        func endRecord() throws {
            endField()
            try body(CSVRecord(line: recordLine, fields: fields))
            fields.removeAll(keepingCapacity: true)
        }

        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < n && bytes[i + 1] == quote {
                        field.append(quote)
                        i += 2
                        continue
                    }
                    inQuotes = false
                    closed = true
                } else {
                    if b == lf || (b == cr && !(i + 1 < n && bytes[i + 1] == lf)) { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case comma:
                endField()
                started = true
            case cr, lf:
                if b == cr && i + 1 < n && bytes[i + 1] == lf { i += 1 }
                if started || !field.isEmpty || closed { try endRecord() }
                line += 1
                recordLine = line
                started = false
            case quote where !closed && field.allSatisfy({ $0 == space || $0 == tab }):
                field.removeAll(keepingCapacity: true)
                inQuotes = true
                quoteLine = line
                started = true
            case space where closed, tab where closed:
                break
            default:
                if closed {
                    throw CSVError(line: line, message: "text after a closing quote; a quote inside a quoted field is written twice (\"\")")
                }
                field.append(b)
                started = true
            }
            i += 1
        }
        if inQuotes {
            throw CSVError(line: quoteLine, message: "a quoted field starts here and is never closed")
        }
        if started || !field.isEmpty || closed { try endRecord() }
    }

    /// One field as it must be written: quoted when it holds a comma, a quote, a line break, or
    /// blanks at either end (which some readers would drop), or starts with a byte-order mark (which
    /// `parse` takes off the start of a file); quotes inside are doubled.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || field.unicodeScalars.first == "\u{FEFF}"
            || field.unicodeScalars.first?.properties.isWhitespace == true
            || field.unicodeScalars.last?.properties.isWhitespace == true
        guard needsQuotes else { return field }
        var out = "\""
        for ch in field.unicodeScalars {
            if ch == "\"" { out.unicodeScalars.append("\"") }
            out.unicodeScalars.append(ch)
        }
        out.unicodeScalars.append("\"")
        return out
    }

    /// One record, ending with CRLF as RFC 4180 says. A record of one empty field is written `""`:
    /// an empty line would be read as no record at all.
    public static func line(_ fields: [String]) -> String {
        if fields == [""] { return "\"\"\r\n" }
        return fields.map(escape).joined(separator: ",") + "\r\n"
    }

    /// Whole records.
    public static func write(_ records: [[String]]) -> String {
        records.map(line).joined()
    }
}
