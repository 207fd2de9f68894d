import Foundation
import TextOutput

/// Prints a listing as an aligned table (control characters shown escaped, see `TerminalText`),
/// JSON (an array of objects) or CSV (RFC 4180, formulas neutralised, see `CSVWriter`).
struct Listing {
    let columns: [String]
    let rows: [[String?]]
    /// Id columns a table shows whole, where a command takes only whole ids back (the audit log's entity ids).
    var wholeIDColumns: Set<String> = []

    func render(_ format: OutputOptions.Format) -> String {
        switch format {
        case .table: table()
        case .json: json()
        case .csv: csv()
        }
    }

    private func table() -> String {
        if rows.isEmpty { return "(none)\n" }
        let cells = ShortIDs.shortened(rows, columns: columns, except: wholeIDColumns).map { $0.map { TerminalText.escaped($0 ?? "") } }
        let widths = columns.indices.map { index in
            max(columns[index].count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(columns.map { $0.uppercased() })] + cells.map(line)).joined(separator: "\n") + "\n"
    }

    /// One object per row, column name to value (JSON keeps whole ids).
    var objects: [[String: String?]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: zip(columns, row).map { ($0, $1) }) }
    }

    private func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(objects)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func csv() -> String {
        CSVWriter.document(text: [columns] + rows)
    }
}
