/// An import refused as a whole, with every problem found and where it is in the file.
///
/// Nothing is written when an import fails: the description starts with a summary and
/// lists one problem per line, e.g. `  line 7: invalid due date "2026-02-30"; …`.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A short name, e.g. `invalid-rows`.
        public let description: String

        /// The file has no content, or a header but no rows.
        public static let empty = Code(description: "empty")
        /// The file is not UTF-8 text.
        public static let notUTF8 = Code(description: "not-utf8")
        /// The file is not well-formed CSV or JSON, or not shaped as a list of action items.
        public static let malformed = Code(description: "malformed")
        /// The header row names unknown columns, repeats one, or lacks a required one.
        public static let invalidHeader = Code(description: "invalid-header")
        /// One or more rows are invalid.
        public static let invalidRows = Code(description: "invalid-rows")
        /// The file is larger, or holds more rows, than one import accepts (`ImportLimits`).
        public static let tooLarge = Code(description: "too-large")
    }

    /// One problem, and the line of the file it is on (the line where its record starts).
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number, when known.
        public let line: Int?
        /// What is wrong and what would be accepted.
        public let message: String

        /// Creates a problem.
        public init(line: Int?, _ message: String) {
            self.line = line
            self.message = message
        }

        /// `line 7: …`, or the message alone when the line is unknown.
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// The kind of failure.
    public let code: Code
    /// The name of the file as the person gave it.
    public let fileName: String
    /// The first sentence of the description.
    public let summary: String
    /// Every problem found, in file order.
    public let problems: [Problem]

    /// Creates an error.
    public init(_ code: Code, fileName: String, summary: String, problems: [Problem] = []) {
        self.code = code
        self.fileName = fileName
        self.summary = summary
        self.problems = problems
    }

    /// The summary, then each problem on its own indented line.
    public var description: String {
        guard !problems.isEmpty else { return summary }
        return ([summary + ":"] + problems.map { "  \($0)" }).joined(separator: "\n")
    }

    /// Rows that failed validation: `problems` in file order, found in `rows` distinct rows.
    static func invalidRows(_ problems: [Problem], rows: Int, fileName: String) -> ImportError {
        let summary =
            rows == 1
            ? "1 row of \(fileName) is invalid; nothing was imported"
            : "\(rows) rows of \(fileName) are invalid; nothing was imported"
        return ImportError(.invalidRows, fileName: fileName, summary: summary, problems: problems)
    }
}
