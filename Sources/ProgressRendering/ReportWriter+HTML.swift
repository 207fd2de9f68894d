import CirclesDomain

/// An HTML table being written row by row: the first cell of a row is its header
/// (`<th scope="row">`); in a numeric table, cells holding a count or percentage are
/// right-aligned (`<td class="n">`).
struct HTMLTable {
    let numeric: Bool
    var column = 0
}

extension ReportWriter {
    /// `<table>`, its caption and its header row; follow with rows, then `closeTable()`.
    mutating func openTable(caption: String, headers: [String], numeric: Bool = false) -> HTMLTable {
        write(numeric ? "<table class=\"numeric\">\n<caption>" : "<table>\n<caption>")
        writeHTML(caption)
        write("</caption>\n<thead><tr>")
        for header in headers {
            write("<th scope=\"col\">")
            writeHTML(header)
            write("</th>")
        }
        write("</tr></thead>\n<tbody>\n")
        return HTMLTable(numeric: numeric)
    }

    mutating func closeTable() {
        write("</tbody>\n</table>\n")
    }

    mutating func openRow(_ table: inout HTMLTable) {
        write("<tr>")
        table.column = 0
    }

    mutating func closeRow() {
        write("</tr>\n")
    }

    /// A cell of text, escaped here.
    mutating func cell(_ text: String, in table: inout HTMLTable) {
        openCell(in: &table, number: table.numeric && Self.isNumber(text))
        writeHTML(text)
        closeCell(table)
    }

    /// A cell of markup that is already HTML.
    mutating func cell(html: String, in table: inout HTMLTable) {
        openCell(in: &table, number: table.numeric && Self.isNumber(html))
        write(html)
        closeCell(table)
    }

    /// A count (a right-aligned number unless negative, as its text would say).
    mutating func cell(_ value: Int, in table: inout HTMLTable) {
        openCell(in: &table, number: table.numeric && value >= 0)
        write(value)
        closeCell(table)
    }

    /// A day (never a number: it has dashes).
    mutating func cell(_ day: CalendarDay, in table: inout HTMLTable) {
        openCell(in: &table, number: false)
        write(day)
        closeCell(table)
    }

    private mutating func openCell(in table: inout HTMLTable, number: Bool) {
        table.column += 1
        write(table.column == 1 ? "<th scope=\"row\">" : number ? "<td class=\"n\">" : "<td>")
    }

    private mutating func closeCell(_ table: HTMLTable) {
        write(table.column == 1 ? "</th>" : "</td>")
    }

    /// Counts and percentages are right-aligned; words are not. Digits (any script), `%`, `.`
    /// and `–`; a byte-wise look first, as nearly every cell is ASCII.
    static func isNumber(_ cell: String) -> Bool {
        guard !cell.isEmpty else { return false }
        if cell.utf8.allSatisfy({ $0 < 0x80 }) {
            return cell.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: ".") }
        }
        return cell.allSatisfy { $0.isNumber || $0 == "%" || $0 == "." || $0 == "–" }
    }
}
