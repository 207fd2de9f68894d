import Crypto

/// The anti-forgery value a page's form carries: an HMAC of the link token the page was opened
/// with, under the current signing key. A POST must bring back the value for its own link token,
/// which only a page served by circles-web can have given it.
public enum FormToken {
    static let context = Array("circles-form\u{0}".utf8)
    static let tagBytes = 16

    /// The form value for pages opened with `linkToken`.
    public static func make(for linkToken: some StringProtocol, keyring: LinkKeyring) -> String {
        Base64URL.encode([keyring.signing.id] + tag(linkToken, key: keyring.signing))
    }

    /// Whether `value` is the form value for `linkToken` under any configured key (so forms open
    /// while a key is rotated still work); compared in constant time.
    public static func isValid(_ value: some StringProtocol, for linkToken: some StringProtocol, keyring: LinkKeyring) -> Bool {
        guard value.utf8.count <= 32, let bytes = Base64URL.decode(value), bytes.count == 1 + tagBytes,
            let key = keyring.key(bytes[0])
        else { return false }
        return LinkToken.constantTimeEqual(tag(linkToken, key: key), bytes[1...])
    }

    static func tag(_ linkToken: some StringProtocol, key: LinkSigningKey) -> [UInt8] {
        var hmac = key.keyed
        hmac.update(data: context)
        hmac.update(data: Array(linkToken.utf8))
        return Array(Array(hmac.finalize()).prefix(tagBytes))
    }
}
