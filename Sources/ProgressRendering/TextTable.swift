import TextOutput

/// Aligned plain-text columns for the report's table output.
struct TextTable {
    let columns: [String]
    var rows: [[String]] = []

    /// The table with a header line, each line indented by `indent`. Widths count Unicode
    /// scalars (cheaper than grapheme clusters, and the same for the names and words used here);
    /// control characters inside a cell (a line break too) are shown escaped, as `TerminalText` does.
    func render(indent: StaticString = "", to output: inout ReportWriter) {
        let header = columns.map { $0.uppercased() }
        let plain = rows.allSatisfy { $0.allSatisfy(TerminalText.isPlain) }
        let rows = plain ? rows : rows.map { row in row.map { TerminalText.escaped($0) } }
        var widths = header.map(\.unicodeScalars.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.unicodeScalars.count)
            }
        }
        func line(_ row: [String]) {
            output.write(indent)
            for (index, value) in row.enumerated() where index < widths.count {
                output.write(value)
                if index < widths.count - 1 {
                    output.write(UInt8(ascii: " "), count: widths[index] - value.unicodeScalars.count + 2)
                }
            }
            output.write(byte: 0x0A)
        }
        line(header)
        for row in rows { line(row) }
    }
}

/// Small wording helpers shared by the renderers.
enum ReportText {
    /// `61%`, or `–` when there is nothing to divide.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        return "\(Int((rate * 100).rounded()))%"
    }

    /// `3 days`, `1 day`.
    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }

    /// A count of people, meetings…: `1 meeting`, `2 meetings`.
    static func count(_ value: Int, _ noun: String) -> String { value == 1 ? "1 \(noun)" : "\(value) \(noun)s" }
}
