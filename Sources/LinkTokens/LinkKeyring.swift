import Foundation

/// The keys circles-web and the worker share: the first signs new links, every one verifies, so a
/// key can be rotated in (put first) and an old one retired later (removed once its links expired).
public struct LinkKeyring: Sendable, CustomStringConvertible {
    /// The key new tokens are signed with.
    public let signing: LinkSigningKey
    let verifying: [UInt8: LinkSigningKey]

    /// A keyring; the first key signs. Key numbers must differ.
    public init(_ keys: [LinkSigningKey]) throws(LinkKeyError) {
        guard let first = keys.first else { throw LinkKeyError("no signing key is configured; give at least one as ID:BASE64SECRET") }
        var byID: [UInt8: LinkSigningKey] = [:]
        for key in keys {
            guard byID[key.id] == nil else { throw LinkKeyError("key \(key.id) is given twice; every key needs its own number") }
            byID[key.id] = key
        }
        signing = first
        verifying = byID
    }

    /// Parses `ID:BASE64SECRET[,ID:BASE64SECRET…]` (the `web.signingKeys` setting), the first
    /// key signing. Errors never repeat a secret.
    public init(parsing text: String) throws(LinkKeyError) {
        var keys: [LinkSigningKey] = []
        for (index, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let item = part.trimmingCharacters(in: .whitespaces)
            let pieces = item.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2, let id = UInt8(pieces[0]) else {
                throw LinkKeyError("key \(index + 1) is not ID:BASE64SECRET with ID a number from 0 to 255")
            }
            guard let secret = Data(base64Encoded: String(pieces[1])) else {
                throw LinkKeyError("key \(id): the secret is not base64 (e.g. the output of `openssl rand -base64 32`)")
            }
            keys.append(try LinkSigningKey(id: id, secret: secret))
        }
        try self.init(keys)
    }

    /// The key with this number, if it is still configured.
    public func key(_ id: UInt8) -> LinkSigningKey? { verifying[id] }

    public var description: String { "link keyring (signing with key \(signing.id), \(verifying.count) verifying)" }
}

extension LinkKeyring {
    /// How many keys verify.
    public var count: Int { verifying.count }
}
