/// Quoted-printable body encoding (RFC 2045 §6.7) for canonical text whose lines end in CRLF.
///
/// Written as one pass over the bytes into a buffer sized up front: this runs for every text
/// part of every message (the calendar part included), and building a small array per byte
/// once cost a third of composing a reminder. Tests/MailTests compare it with a plain
/// token-by-token reference on random text.
enum QuotedPrintable {
    /// Encoded lines are at most 76 characters, the soft-break `=` included.
    static let lineLimit = 76

    private static let equals = UInt8(ascii: "=")
    private static let dot = UInt8(ascii: ".")
    private static let from = Array("From ".utf8)

    /// Encodes `text` (CRLF line breaks) without a final CRLF.
    ///
    /// Besides what RFC 2045 requires, it encodes a line-initial `From ` (`=46rom `) and a
    /// line-initial `.`, so neither mbox storage nor a careless SMTP relay can alter the text.
    static func encode(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 4 + 16)
        var lineStart = 0
        while true {
            let lineEnd = ASCII.endOfLine(in: text, from: lineStart)
            encodeLine(text[lineStart..<lineEnd], into: &out)
            guard lineEnd < text.count else { return out }
            out.append(ASCII.cr)
            out.append(ASCII.lf)
            lineStart = lineEnd + 2
        }
    }

    /// One line without its CRLF, with soft breaks (`=` CRLF) keeping each output line within the limit.
    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        guard let last = line.indices.last else { return }
        let first = line.startIndex
        let startsWithFrom = line.starts(with: from)
        // A short line with nothing to escape is written as it is (most lines of our mail are).
        if line.count <= lineLimit, line[first] != dot, !startsWithFrom,
            line[last] != ASCII.space, line[last] != ASCII.tab,
            line.allSatisfy({ ((0x20...0x7E).contains($0) && $0 != equals) || $0 == ASCII.tab })
        {
            out += line
            return
        }
        var width = 0
        for index in line.indices {
            let byte = line[index]
            let escape =
                byte == equals || byte > 0x7E || (byte < 0x20 && byte != ASCII.tab)
                || (index == last && (byte == ASCII.space || byte == ASCII.tab))
                || (index == first && (byte == dot || startsWithFrom))
            let tokenWidth = escape ? 3 : 1
            // Leave room for the soft break's `=` unless this token ends the line.
            let room = index == last ? lineLimit : lineLimit - 1
            if width + tokenWidth > room {
                out.append(equals)
                out.append(ASCII.cr)
                out.append(ASCII.lf)
                width = 0
            }
            if escape {
                out.append(equals)
                out.append(ASCII.hexDigit(byte >> 4))
                out.append(ASCII.hexDigit(byte & 0x0F))
            } else {
                out.append(byte)
            }
            width += tokenWidth
        }
    }
}
