/// Base64 (RFC 4648 §4) with padding, and the MIME body form in lines of 76 characters.
enum Base64 {
    private static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// Characters per body line; a multiple of 4, so lines break between whole groups.
    private static let lineLength = 76

    /// `bytes` as one unbroken base64 string.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(encodedCount(bytes.count))
        append(Array(bytes), lineBreaks: false, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` as base64 in CRLF-separated lines of 76 characters (RFC 2045 §6.8), no final CRLF.
    static func mimeBody(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(mimeBodyCount(bytes.count))
        append(bytes, lineBreaks: true, to: &out)
        return out
    }

    /// The length of `mimeBody` for `count` bytes, without encoding them.
    static func mimeBodyCount(_ count: Int) -> Int {
        let encoded = encodedCount(count)
        return encoded == 0 ? 0 : encoded + (encoded - 1) / lineLength * 2
    }

    /// The length of unbroken base64 for `count` bytes, padding included.
    private static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Appends the encoding group by group (3 bytes to 4 characters), with a CRLF before every
    /// 77th character when `lineBreaks` is set.
    private static func append(_ bytes: [UInt8], lineBreaks: Bool, to out: inout [UInt8]) {
        let groupsPerLine = lineLength / 4
        var index = 0
        var group = 0
        while index < bytes.count {
            if lineBreaks, group > 0, group % groupsPerLine == 0 {
                out.append(ASCII.cr)
                out.append(ASCII.lf)
            }
            let remaining = bytes.count - index
            let b0 = bytes[index]
            let b1 = remaining > 1 ? bytes[index + 1] : 0
            let b2 = remaining > 2 ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(
                remaining > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(remaining > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
            group += 1
        }
    }
}
