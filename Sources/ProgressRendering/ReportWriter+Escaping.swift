import TextOutput

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
    /// does with `.withoutEscapingSlashes` (the one escaper, `JSONString`).
    mutating func writeJSON(_ text: String) {
        append { JSONString.append(text, to: &$0) }
    }

    /// Text for a terminal, control characters shown as escapes (`TerminalText`).
    mutating func writeTerminal(_ text: String) {
        if TerminalText.isPlain(text) {
            write(text)
        } else {
            write(TerminalText.escaped(text))
        }
    }

    /// One CSV record and its CRLF, by the one CSV writer (RFC 4180, formulas neutralised).
    mutating func writeCSVRecord(_ cells: [CSVCell]) {
        append { CSVWriter.appendRecord(cells, to: &$0) }
    }
}
