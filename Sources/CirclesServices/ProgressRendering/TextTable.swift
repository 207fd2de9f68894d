/// Aligned plain-text columns for the report's table output.
struct TextTable {
    let columns: [String]
    var rows: [[String]] = []

    /// The table with a header line, each line indented by `indent`.
    func render(indent: String = "") -> String {
        let cells = rows.map { $0.map { $0.replacingOccurrences(of: "\n", with: " ") } }
        let widths = columns.indices.map { index in
            max(columns[index].count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            var text = ""
            for (index, (value, width)) in zip(values, widths).enumerated() {
                text += value
                if index < widths.count - 1 { text += String(repeating: " ", count: width - value.count + 2) }
            }
            return indent + text
        }
        return ([line(columns.map { $0.uppercased() })] + cells.map(line)).joined(separator: "\n") + "\n"
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
