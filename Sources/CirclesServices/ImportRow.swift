/// One action item as read from an import file, before it is validated.
struct ImportRow: Sendable {
    /// The line on which its record starts, when known.
    let line: Int?
    /// Its 1-based position among the items, for when the line is unknown.
    let index: Int
    /// The non-empty values it gives, trimmed.
    var values: [ImportColumn: String] = [:]
    /// Problems found while reading it (e.g. a value that is not a string).
    var problems: [String] = []
    /// Columns whose value could not be read; their own problem is already in `problems`.
    var unreadable: Set<ImportColumn> = []
    /// False when the row as a whole could not be read (wrong number of fields, not an object),
    /// so checking its values would only add noise.
    var hasFields = true

    /// A problem with this row, placed by line (or by item number when the line is unknown).
    func problem(_ message: String) -> ImportError.Problem {
        line.map { ImportError.Problem(line: $0, message) } ?? ImportError.Problem(line: nil, "item \(index): \(message)")
    }
}
