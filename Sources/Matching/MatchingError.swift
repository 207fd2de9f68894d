/// Why a matching problem was refused: says what was wrong, where, and what would be accepted.
public struct MatchingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sentence a person can act on.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
