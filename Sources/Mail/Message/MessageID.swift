/// A `Message-ID` (RFC 5322 §3.6.4), derived from a stable key so a resent duplicate carries the same ID.
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// The identifier without angle brackets, e.g. `3f1c…@circles.example.org`.
    public let value: String

    /// The first 32 hex digits (128 bits) of SHA-256 of `key`, at `domain` (lower-cased).
    ///
    /// The same key always gives the same ID, so a receiving system or a person can see a
    /// duplicate for what it is; different keys give different IDs.
    public static func derived(from key: String, domain: String) throws(MailError) -> MessageID {
        let host = domain.lowercased()
        guard HostName.isValid(host) else {
            throw MailError(
                .invalidDomain,
                "a Message-ID domain must be a dotted host name such as circles.example.org, not \"\(MailText.singleLine(domain))\""
            )
        }
        return MessageID(value: "\(SHA256.hexDigest(of: key).prefix(32))@\(host)")
    }

    private init(value: String) { self.value = value }

    /// The header form, in angle brackets.
    public var description: String { "<\(value)>" }
}
