/// An IMAP command that did not succeed: which command, and why, never with the password.
public struct IMAPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it was.
    public enum Kind: Sendable, Hashable {
        /// The server could not be reached, refused the login, or the connection broke.
        case connection
        /// The mailbox's UIDVALIDITY is no longer the one the command was for.
        case uidValidityChanged
        /// The server answered NO or BAD.
        case refused
        /// A message was larger than the limit given.
        case tooLarge
    }

    /// What kind of failure it was.
    public var kind: Kind
    /// The command, e.g. `UID MOVE`.
    public var command: String
    /// libcurl's or the server's reason.
    public var reason: String

    /// Creates an error.
    public init(_ kind: Kind, command: String, reason: String) {
        self.kind = kind
        self.command = command
        self.reason = reason
    }

    /// `IMAP UID MOVE failed: …`
    public var description: String { "IMAP \(command) failed: \(reason)" }
}
