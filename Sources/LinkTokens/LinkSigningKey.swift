import Crypto
import Foundation

/// One HMAC-SHA-256 key with the small number that names it inside every token it signs, so a
/// token finds its key after rotation. Its description never shows the secret.
public struct LinkSigningKey: Sendable, CustomStringConvertible {
    /// The key's number, 0 to 255, written into each token.
    public let id: UInt8
    /// HMAC-SHA-256 already keyed (the key's inner and outer pads hashed once): each token's tag
    /// starts from a copy instead of keying a new HMAC.
    let keyed: HMAC<SHA256>

    /// The fewest secret bytes accepted (the HMAC-SHA-256 block is 64; RFC 2104 asks for at least the output, 32).
    public static let minimumSecretBytes = 32

    /// A key from its number and secret bytes (at least 32).
    public init(id: UInt8, secret: some ContiguousBytes) throws(LinkKeyError) {
        let count = secret.withUnsafeBytes { $0.count }
        guard count >= Self.minimumSecretBytes else {
            throw LinkKeyError("key \(id): the secret has \(count) bytes; at least \(Self.minimumSecretBytes) are needed (e.g. `openssl rand -base64 32`)")
        }
        self.id = id
        self.keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    public var description: String { "link signing key \(id) ([redacted])" }
}

/// A signing key that cannot be used, with what would be accepted.
public struct LinkKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
