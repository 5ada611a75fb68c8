/// The audit log's JSON for a record's fields, written directly.
///
/// JSONSerialization with sorted keys cost a third of a 100,000-row import (it boxes every value and
/// sorts keys with locale-aware comparison). This writes an object with its keys sorted by code
/// point (not always JSONSerialization's order, which no reader depends on) and strings escaped as
/// JSONSerialization escapes them; `AuditEntry.decode` reads it back to the same values.
enum AuditJSON {
    static func encode(_ values: [String: StoredValue]) -> String {
        var out = "{"
        out.reserveCapacity(32 * values.count)
        for (index, key) in values.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            appendString(key, to: &out)
            out += ":"
            switch values[key]! {
            case .null: out += "null"
            case .integer(let i): out += String(i)
            case .real(let d): out += d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)) : "null"
            case .text(let s): appendString(s, to: &out)
            case .blob(let b): appendString(Data(b).base64EncodedString(), to: &out)
            }
        }
        out += "}"
        return out
    }

    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        // Most text needs no escape: copy it whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x2F }) {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "/": out += "\\/"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{8}": out += "\\b"
                case "\u{C}": out += "\\f"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        out += "\""
    }
}

import Foundation
