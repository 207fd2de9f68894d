/// RFC 2047 encoded-words in UTF-8: `=?UTF-8?B?…?=` or `=?UTF-8?Q?…?=`.
enum EncodedWord {
    /// The two encodings RFC 2047 defines.
    enum Scheme: Sendable {
        /// Base64: compact for text that is mostly not ASCII.
        case b
        /// Q (quoted-printable-like): readable for text that is mostly ASCII.
        case q
    }

    /// `=?UTF-8?X?` and `?=` together.
    static let overhead = 12
    /// RFC 2047 §2: an encoded-word is at most 75 characters.
    static let maximumLength = 75

    /// The shorter scheme for the whole of `text` (Q on a tie, as it stays readable).
    static func scheme(for text: String) -> Scheme {
        let bytes = Array(text.utf8)
        return qLength(bytes) <= bLength(bytes.count) ? .q : .b
    }

    /// The encoded-text length of `count` bytes in base64.
    static func bLength(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// The encoded-text length of `bytes` in Q.
    static func qLength(_ bytes: some Sequence<UInt8>) -> Int {
        bytes.reduce(0) { $0 + (isQLiteral($1) || $1 == ASCII.space ? 1 : 3) }
    }

    /// Whether a byte may stand for itself in Q within a phrase (RFC 2047 §5(3)), the strictest context.
    static func isQLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "/"):
            true
        default:
            ASCII.isAlphanumeric(byte)
        }
    }

    /// One encoded-word holding `bytes`, which must be whole UTF-8 sequences.
    static func encode(_ bytes: [UInt8], scheme: Scheme) -> String {
        switch scheme {
        case .b:
            return "=?UTF-8?B?" + Base64.encode(bytes) + "?="
        case .q:
            let hex = Array("0123456789ABCDEF".utf8)
            var out: [UInt8] = []
            for byte in bytes {
                if isQLiteral(byte) {
                    out.append(byte)
                } else if byte == ASCII.space {
                    out.append(UInt8(ascii: "_"))
                } else {
                    out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
            }
            return "=?UTF-8?Q?" + String(decoding: out, as: UTF8.self) + "?="
        }
    }

    /// Splits `scalars` (from `start`) into the longest run whose encoded-word is at most `width` characters.
    ///
    /// Returns the word and the index after the run; never splits a scalar's UTF-8 sequence.
    /// Returns nil when not even one scalar fits.
    static func longestWord(
        _ scalars: [Unicode.Scalar], from start: Int, width: Int, scheme: Scheme
    ) -> (word: String, next: Int)? {
        var bytes: [UInt8] = []
        var qTotal = 0
        var end = start
        while end < scalars.count {
            let next = Array(String(scalars[end]).utf8)
            let length: Int
            switch scheme {
            case .b: length = bLength(bytes.count + next.count)
            case .q: length = qTotal + qLength(next)
            }
            guard overhead + length <= width else { break }
            bytes += next
            qTotal = length
            end += 1
        }
        return end == start ? nil : (encode(bytes, scheme: scheme), end)
    }
}
