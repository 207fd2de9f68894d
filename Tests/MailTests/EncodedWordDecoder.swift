import Foundation

/// A small, independent RFC 2047 decoder for checking the renderer's headers word by word.
enum EncodedWordDecoder {
    /// Each `=?UTF-8?B|Q?…?=` word in `value` with its decoded text; nil text when a word alone
    /// is not valid UTF-8 (that is, a character was split between words).
    static func words(in value: String) -> [(word: String, text: String?)] {
        let pattern = /=\?UTF-8\?([BQ])\?([^?]*)\?=/
        return value.matches(of: pattern).map { match in
            let payload = String(match.output.2)
            let bytes: [UInt8]?
            if match.output.1 == "B" {
                bytes = Data(base64Encoded: payload).map(Array.init)
            } else {
                bytes = qDecode(payload)
            }
            return (String(match.output.0), bytes.flatMap { String(validating: $0, as: UTF8.self) })
        }
    }

    private static func qDecode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "_"): out.append(0x20)
            case UInt8(ascii: "="):
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                out.append(value)
            default: out.append(byte)
            }
        }
        return out
    }
}
