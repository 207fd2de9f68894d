/// What became of one mail handed to a transport.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The server accepted the mail for every envelope recipient (or the sink stored it).
    case delivered
    /// Worth trying again later: a 4xx answer, a refused or dropped connection, a timeout,
    /// a TLS or authentication problem of the session. The reason quotes the server where it spoke.
    case temporaryFailure(String)
    /// Trying again will not help: a 5xx answer to `MAIL FROM`, `RCPT TO` or the message, or an
    /// address that cannot be sent. The reason quotes the server's answer.
    case permanentFailure(String)

    /// Whether the mail reached the server (or the sink).
    public var isDelivered: Bool {
        if case .delivered = self { return true }
        return false
    }

    /// The failure's reason, or nil when delivered.
    public var reason: String? {
        switch self {
        case .delivered: nil
        case .temporaryFailure(let reason), .permanentFailure(let reason): reason
        }
    }
}
