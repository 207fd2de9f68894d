/// The `Content-Transfer-Encoding` of a body part, chosen so every line stays within 78 characters.
enum TransferEncoding: String, Sendable {
    /// Unencoded short lines of printable ASCII.
    case sevenBit = "7bit"
    /// Readable when the text is mostly ASCII.
    case quotedPrintable = "quoted-printable"
    /// Compact when the text is mostly not ASCII, and for all attachments.
    case base64

    /// 7bit when the text is already safe to send as it is; otherwise the shorter of
    /// quoted-printable and base64, preferring quoted-printable on a tie as people can read it.
    ///
    /// Base64's length follows from the input's, so it is only encoded when it wins.
    static func encode(text canonical: [UInt8]) -> (TransferEncoding, [UInt8]) {
        if isSafeAsIs(canonical) { return (.sevenBit, canonical) }
        let quoted = QuotedPrintable.encode(canonical)
        return quoted.count <= Base64.mimeBodyCount(canonical.count)
            ? (.quotedPrintable, quoted) : (.base64, Base64.mimeBody(canonical))
    }

    /// Printable ASCII (and tabs) in lines of at most 78 characters, none ending in white space,
    /// none starting with `From ` or `.`, which relays and mailbox files are known to alter.
    private static func isSafeAsIs(_ canonical: [UInt8]) -> Bool {
        var lineStart = 0
        while true {
            let lineEnd = ASCII.endOfLine(in: canonical, from: lineStart)
            guard isSafeLine(canonical[lineStart..<lineEnd]) else { return false }
            guard lineEnd < canonical.count else { return true }
            lineStart = lineEnd + 2
        }
    }

    private static func isSafeLine(_ line: ArraySlice<UInt8>) -> Bool {
        line.count <= HeaderFolder.lineLimit
            && line.allSatisfy { ASCII.isPrintable($0) || $0 == ASCII.tab }
            && line.last != ASCII.space && line.last != ASCII.tab
            && !line.starts(with: fromSpace) && line.first != UInt8(ascii: ".")
    }

    private static let fromSpace = Array("From ".utf8)
}
