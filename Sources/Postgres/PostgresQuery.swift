/// A SQL statement and its bound parameters.
///
/// Built by string interpolation, every interpolated value becomes a `$n` parameter,
/// so user input can never become SQL:
///
///     let query: PostgresQuery = "SELECT id FROM people WHERE lower(email) = lower(\(email))"
///
/// Raw SQL text can only be spliced in through the explicitly named `unsafeSQL:` entry points.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text with `$1`, `$2`, … placeholders.
    public private(set) var sql: String
    /// The parameters in text format; `nil` is SQL NULL.
    public private(set) var binds: [String?]

    /// A statement from raw text. The caller vouches that `sql` holds no user input.
    public init(unsafeSQL sql: String, binds: [String?] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// The SQL text only; parameters are never printed.
    public var description: String { sql }

    /// Builds the statement text and its parameters.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var binds: [String?]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next `$n` parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            binds.append(value.postgresText)
            sql += "$\(binds.count)"
        }

        /// Binds an optional value; `nil` is SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(value?.postgresText ?? nil)
            sql += "$\(binds.count)"
        }

        /// Splices raw SQL text. The caller vouches that it holds no user input.
        public mutating func appendInterpolation(unsafeSQL text: String) {
            sql += text
        }

        /// Splices a SQL fragment written in the source, such as a column list. A `StaticString`
        /// can only be a literal, so no input can reach the statement this way.
        public mutating func appendInterpolation(literal fragment: StaticString) {
            sql += fragment.description
        }
    }
}
