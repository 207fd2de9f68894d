/// The one CSV writer: RFC 4180 records (CRLF line ends; a field is quoted, with quotes doubled,
/// when it holds a comma, quote or line break), with spreadsheet formulas neutralised.
///
/// Formula injection (OWASP, "CSV Injection"): a cell such as `=HYPERLINK("http://…","click")`
/// in a file opened in Excel or LibreOffice runs as a formula. Titles come from imported files,
/// so every text cell that begins with `=`, `+`, `-`, `@`, tab or carriage return is written
/// with a leading `'`, which spreadsheets take as "this is text" and do not display.
/// Numbers the program computed (`CSVCell.integer`, `.decimal`) are exempt; see `CSVCell`.
public enum CSVWriter {
    /// The first characters that make a spreadsheet read a cell as a formula.
    @usableFromInline static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D,
    ]

    /// Whether `text` would be read as a formula and so is written with a leading `'`.
    @inlinable
    public static func needsNeutralising(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        return formulaStarts.contains(first)
    }

    /// Appends one field (no separator) to `bytes`.
    @inlinable
    public static func append(_ cell: CSVCell, to bytes: inout [UInt8]) {
        switch cell {
        case .integer(let value): bytes.append(contentsOf: String(value).utf8)
        case .decimal(let value): bytes.append(contentsOf: "\(value)".utf8)
        case .text(let text): appendText(text, to: &bytes)
        }
    }

    @inlinable
    static func appendText(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            let neutralise = utf8.first.map { formulaStarts.contains($0) } ?? false
            let quote = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            if quote { bytes.append(UInt8(ascii: "\"")) }
            if neutralise { bytes.append(UInt8(ascii: "'")) }
            guard quote else { return bytes.append(contentsOf: utf8) }
            var start = 0
            for index in utf8.indices where utf8[index] == UInt8(ascii: "\"") {
                // Copy up to and including the quote, then write it a second time.
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...index]))
                bytes.append(UInt8(ascii: "\""))
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Appends one record: the fields separated by commas, then CRLF.
    @inlinable
    public static func appendRecord(_ cells: [CSVCell], to bytes: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(cell, to: &bytes)
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// A whole document: each record on its own CRLF-terminated line.
    public static func document(_ records: [[CSVCell]]) -> String {
        var bytes: [UInt8] = []
        for record in records { appendRecord(record, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A whole document of text cells (nil is an empty cell), as listings have them.
    public static func document(text records: [[String?]]) -> String {
        document(records.map { $0.map { .text($0 ?? "") } })
    }
}
