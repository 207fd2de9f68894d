/// Why a link token was refused. Pages show people the same plain message for all of them; the
/// case is for logs, tests and metrics.
public enum LinkTokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a token at all: wrong length, not base64url, or an unknown format version.
    case malformed
    /// Signed with a key that is no longer configured.
    case unknownKey
    /// The signature does not match: the token was changed or forged.
    case badSignature
    /// A valid token made for something else (an unsubscribe link used to answer, say).
    case wrongPurpose
    /// A valid token past its end.
    case expired

    public var description: String {
        switch self {
        case .malformed: "the link is not a Circles link"
        case .unknownKey: "the link was signed with a key that is no longer configured"
        case .badSignature: "the link's signature does not match"
        case .wrongPurpose: "the link was made for something else"
        case .expired: "the link has expired"
        }
    }
}
