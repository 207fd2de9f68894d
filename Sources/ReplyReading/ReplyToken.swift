/// The per-invitation token in a reply address, `circles+<token>@council.example` (plus
/// addressing): 20 characters of lowercase base32, about 100 random bits, so a reply is matched
/// by what Circles sent and never by its From header alone.
public struct ReplyToken: Sendable, Hashable, CustomStringConvertible {
    /// The token's 20 characters, lowercase.
    public let value: String

    /// The token's alphabet (RFC 4648 base32, lowercase, since mail systems may lowercase local parts).
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    /// Characters in a token.
    public static let length = 20

    /// A token read from text; nil unless it is 20 base32 characters (any case).
    public init?(_ text: some StringProtocol) {
        let lowered = text.lowercased()
        guard lowered.count == Self.length, lowered.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        value = lowered
    }

    /// A new random token.
    public static func random() -> ReplyToken {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A new token from `generator` (seeded in tests).
    public static func random(using generator: inout some RandomNumberGenerator) -> ReplyToken {
        // safe: 20 characters of the alphabet always make a token.
        ReplyToken(String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt8(32)))] }))!
    }

    /// `circles+<token>@domain` for the base address `circles@domain`.
    public func address(base: String) -> String {
        guard let at = base.lastIndex(of: "@") else { return base }
        let local = base[..<at].split(separator: "+", maxSplits: 1).first.map(String.init) ?? String(base[..<at])
        return "\(local)+\(value)@\(base[base.index(after: at)...])"
    }

    /// The token in the first address of `candidates` that is `base`'s local part plus a token at
    /// `base`'s domain (case-insensitive); candidates may be header values with names and brackets.
    public static func find(in candidates: [String], base: String) -> ReplyToken? {
        guard let at = base.lastIndex(of: "@") else { return nil }
        let local = base[..<at].lowercased()
        let domain = base[base.index(after: at)...].lowercased()
        let prefix = local + "+"
        for candidate in candidates {
            for address in addresses(in: candidate) {
                guard let split = address.lastIndex(of: "@") else { continue }
                let addressLocal = address[..<split]
                guard address[address.index(after: split)...] == domain, addressLocal.hasPrefix(prefix) else { continue }
                if let token = ReplyToken(addressLocal.dropFirst(prefix.count)) { return token }
            }
        }
        return nil
    }

    /// The address-looking words of a header value, lowercased (`Name <a@b>, c@d` → a@b, c@d).
    static func addresses(in value: String) -> [String] {
        let separators: Set<Character> = [" ", ",", ";", "<", ">", "\"", "(", ")", "\t", "'"]
        return value.lowercased().split(whereSeparator: { separators.contains($0) }).map { word in
            word.hasPrefix("mailto:") ? String(word.dropFirst(7)) : String(word)
        }.filter { $0.contains("@") }
    }

    public var description: String { value }
}
