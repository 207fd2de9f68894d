/// One cell of a CSV record: text, which may have come from anyone, or a number this program
/// computed.
///
/// The distinction is what formula neutralisation needs: text beginning with `=`, `+`, `-`,
/// `@`, tab or carriage return is prefixed with `'` so a spreadsheet shows it instead of
/// evaluating it, while a computed number such as `-3` is written as it is, so it stays a number
/// a spreadsheet can sum (digits and one leading minus can never form a formula).
public enum CSVCell: Sendable, Hashable, ExpressibleByStringLiteral {
    /// Text, neutralised and quoted as needed.
    case text(String)
    /// A whole number the program computed.
    case integer(Int)
    /// A fraction the program computed, written as Swift describes it (`0.75`).
    case decimal(Double)

    /// Text from a literal (column names).
    public init(stringLiteral value: String) { self = .text(value) }

    /// A computed whole number; nil is an empty cell.
    public static func number(_ value: Int?) -> CSVCell { value.map(CSVCell.integer) ?? .text("") }

    /// A computed fraction; nil is an empty cell.
    public static func fraction(_ value: Double?) -> CSVCell { value.map(CSVCell.decimal) ?? .text("") }
}
