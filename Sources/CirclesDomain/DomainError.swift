/// A request the domain refuses: what was wrong, where, and what would be accepted.
public struct DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input or rule involved, e.g. `email` or `duration`.
    public let field: String
    /// A sentence for the person at the terminal.
    public let message: String

    /// Creates an error about one field.
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
