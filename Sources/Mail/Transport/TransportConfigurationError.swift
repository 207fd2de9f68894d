/// A transport setting that cannot be used: names the bad part and says what would be accepted.
///
/// The description never repeats a password.
public struct TransportConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The part that was wrong: `scheme`, `host`, `port`, `user`, `password`, a query parameter
    /// such as `starttls` or `timeout`, or a retry setting such as `maxAttempts`.
    public var part: String
    /// What was wrong and what would be accepted.
    public var message: String

    /// Creates an error about one part of a setting.
    public init(part: String, message: String) {
        self.part = part
        self.message = message
    }

    /// `invalid mail transport setting (port): …`
    public var description: String {
        "invalid mail transport setting (\(part)): \(message)"
    }
}
