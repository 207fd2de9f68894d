/// Aligned plain-text columns for the report's table output.
struct TextTable {
    let columns: [String]
    var rows: [[String]] = []

    /// The table with a header line, each line indented by `indent`. Widths count Unicode
    /// scalars (cheaper than grapheme clusters, and the same for the names and words used here).
    func render(indent: String = "") -> String {
        let header = columns.map { $0.uppercased() }
        let cells = rows.map { row in row.map { $0.contains("\n") ? $0.replacingOccurrences(of: "\n", with: " ") : $0 } }
        var widths = header.map(\.unicodeScalars.count)
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.unicodeScalars.count)
            }
        }
        var text = ""
        text.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + indent.count + 1) * (cells.count + 1))
        for row in [header] + cells {
            text += indent
            for (index, value) in row.enumerated() where index < widths.count {
                text += value
                if index < widths.count - 1 {
                    text += String(repeating: " ", count: widths[index] - value.unicodeScalars.count + 2)
                }
            }
            text += "\n"
        }
        return text
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
