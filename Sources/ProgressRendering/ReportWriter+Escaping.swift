extension ReportWriter {
    /// Text in HTML content or a quoted attribute value: `& < > " '` as entities.
    mutating func writeHTML(_ text: String) {
        write(text) { byte in
            switch byte {
            case UInt8(ascii: "&"): "&amp;"
            case UInt8(ascii: "<"): "&lt;"
            case UInt8(ascii: ">"): "&gt;"
            case UInt8(ascii: "\""): "&quot;"
            case UInt8(ascii: "'"): "&#39;"
            default: nil
            }
        }
    }

    /// A JSON string literal, quotes included, escaped exactly as Foundation's `JSONEncoder`
    /// does with `.withoutEscapingSlashes`: `"` and `\`, the short escapes for backspace, form
    /// feed, newline, return and tab, `\u00XX` for the other control characters, and nothing else.
    mutating func writeJSON(_ text: String) {
        write(byte: UInt8(ascii: "\""))
        write(text) { byte in
            switch byte {
            case UInt8(ascii: "\""): "\\\""
            case UInt8(ascii: "\\"): "\\\\"
            case 0x20...: nil
            default: Self.jsonControlEscapes[Int(byte)]
            }
        }
        write(byte: UInt8(ascii: "\""))
    }

    /// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break.
    mutating func writeCSV(_ text: String) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return write(text) }
        write(byte: UInt8(ascii: "\""))
        write(text) { $0 == UInt8(ascii: "\"") ? "\"\"" : nil }
        write(byte: UInt8(ascii: "\""))
    }

    /// The escapes for bytes 0x00–0x1F.
    private static let jsonControlEscapes: [StaticString] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ]
}
