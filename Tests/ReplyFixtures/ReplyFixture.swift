import Foundation

/// Reply mails written for this project from each client's documented shape, as templates with
/// `{{NAME}}` placeholders; `{{base64}}…{{/base64}}` and `{{qp}}…{{/qp}}` blocks are encoded after
/// the placeholders are filled, as the client would have encoded them.
public enum ReplyFixture: String, CaseIterable, Sendable {
    /// Outlook/Exchange: no ORGANIZER, the note in COMMENT, a Windows TZID, base64.
    case outlook
    /// Google Calendar: each occurrence's own SEQUENCE, the calendar inline and as invite.ics.
    case google
    /// Apple Calendar: quoted-printable, EMAIL parameter, often an alias address.
    case apple
    /// Thunderbird: the master event only, 8bit, plus invite.ics.
    case thunderbird
    /// A person's plain reply, no calendar.
    case plain
    /// A REPLY whose VEVENT is never closed.
    case malformed
    /// Outlook's winmail.dat (TNEF) with no calendar part.
    case tnef
    /// A REPLY with a big attachment (`PADDING_BYTES` of it).
    case large

    /// The template as written in Templates/.
    public var template: String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Templates/\(rawValue).eml")
        // safe: the templates are part of the source tree.
        return try! String(contentsOf: url, encoding: .utf8)
    }

    /// The message with `values` filled in, CRLF line ends, encoded blocks encoded.
    public func render(_ values: [String: String]) -> [UInt8] {
        var text = template
        for (key, value) in values { text = text.replacingOccurrences(of: "{{\(key)}}", with: value) }
        if let size = values["PADDING_BYTES"].flatMap(Int.init) {
            text = text.replacingOccurrences(of: "{{PADDING}}", with: Self.base64Lines([UInt8](repeating: 0x41, count: size)))
        }
        text = Self.encodeBlocks(text, tag: "base64") { Self.base64Lines(Array(Self.crlf($0).utf8)) }
        text = Self.encodeBlocks(text, tag: "qp") { Self.quotedPrintable(Self.crlf($0)) }
        return Array(Self.crlf(text).utf8)
    }

    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    private static func encodeBlocks(_ text: String, tag: String, _ encode: (String) -> String) -> String {
        var result = text
        while let open = result.range(of: "{{\(tag)}}\n"), let close = result.range(of: "{{/\(tag)}}", range: open.upperBound..<result.endIndex) {
            let inner = String(result[open.upperBound..<close.lowerBound])
            result.replaceSubrange(open.lowerBound..<close.upperBound, with: encode(inner))
        }
        return result
    }

    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quotedPrintable(_ text: String) -> String {
        var output = ""
        for line in text.components(separatedBy: "\r\n") {
            var current = ""
            for byte in line.utf8 {
                let piece =
                    (byte >= 33 && byte <= 126 && byte != 61) || byte == 32
                    ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if current.count + piece.count > 75 {
                    output += current + "=\n"
                    current = ""
                }
                current += piece
            }
            output += current + "\n"
        }
        return output
    }
}
