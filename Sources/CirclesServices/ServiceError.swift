/// A request that cannot be carried out, worded for the person who made it.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the request failed.
    public enum Kind: Sendable, Hashable {
        /// Something named in the request does not exist.
        case notFound
        /// The request clashes with what is already there.
        case conflict
        /// The request is malformed or breaks a rule.
        case invalid
        /// Someone else changed the thing since it was read.
        case stale
    }

    /// Why it failed.
    public let kind: Kind
    /// The sentence for the person at the terminal.
    public let description: String

    /// Creates an error.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    static func unknownPerson(_ email: String) -> ServiceError {
        ServiceError(.notFound, "no person with email \(email); add them first with `circles person add --email \(email) --name …`")
    }

    static func unknownTeam(_ name: String) -> ServiceError {
        ServiceError(.notFound, "no team named \"\(name)\"; `circles team list` shows the teams")
    }
}
