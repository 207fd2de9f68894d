/// Quoted-printable body encoding (RFC 2045 §6.7) for canonical text whose lines end in CRLF.
enum QuotedPrintable {
    /// Encoded lines are at most 76 characters, the soft-break `=` included.
    static let lineLimit = 76

    /// Encodes `text` (CRLF line breaks) without a final CRLF.
    ///
    /// Besides what RFC 2045 requires, it encodes a line-initial `From ` (`=46rom `) and a
    /// line-initial `.`, so neither mbox storage nor a careless SMTP relay can alter the text.
    static func encode(_ text: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        let from = Array("From ".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 8)
        for (lineNumber, line) in ASCII.lines(text).enumerated() {
            if lineNumber > 0 { out += ASCII.crlf }
            var width = 0
            let lastIndex = line.endIndex - 1
            for index in line.indices {
                let byte = line[index]
                let atLineStart = index == line.startIndex
                let escape =
                    byte == UInt8(ascii: "=") || byte > 0x7E || (byte < 0x20 && byte != ASCII.tab)
                    || ((byte == ASCII.space || byte == ASCII.tab) && index == lastIndex)
                    || (atLineStart && byte == UInt8(ascii: "."))
                    || (atLineStart && line.starts(with: from))
                let token: [UInt8] =
                    escape
                    ? [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] : [byte]
                // Leave room for the soft break's `=` unless this token ends the line.
                let room = index == lastIndex ? lineLimit : lineLimit - 1
                if width + token.count > room {
                    out += [UInt8(ascii: "=")] + ASCII.crlf
                    width = 0
                }
                out += token
                width += token.count
            }
        }
        return out
    }
}
