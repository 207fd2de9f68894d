/// The secret part of a calendar feed link (`…/feeds/<token>.ics`): 32 random bytes in
/// base64url without padding, 43 characters. Parsed where it arrives, so nothing that cannot be
/// one reaches the database; only its SHA-256 is stored.
public struct FeedToken: Sendable, Hashable, CustomStringConvertible {
    /// The 43 characters.
    public let text: String

    /// How many characters a token has.
    public static let length = 43

    /// A new token from the system's cryptographically secure generator.
    public static func random() -> FeedToken {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(33)
        for _ in 0..<32 { bytes.append(UInt8.random(in: .min ... .max, using: &generator)) }
        return FeedToken(unchecked: Self.base64URL(bytes))
    }

    /// Parses a token: exactly 43 characters of `A–Z a–z 0–9 - _`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == Self.length, bytes.allSatisfy(Self.isTokenByte) else { return nil }
        // The last character carries 2 padding bits that must be zero (canonical form).
        guard let last = bytes.last, let value = Self.alphabet.firstIndex(of: last), value & 0b11 == 0 else { return nil }
        self.text = String(text)
    }

    private init(unchecked text: String) { self.text = text }

    /// Hidden: a token is a credential and never printed by accident.
    public var description: String { "FeedToken(…)" }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            let characters = chunk.count + 1
            for position in 0..<characters { out.append(alphabet[Int((value >> (18 - 6 * position)) & 63)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
