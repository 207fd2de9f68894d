/// A file carried with a message, such as the `.ics` of a meeting invitation.
public struct MailAttachment: Sendable, Hashable {
    /// The file name shown to the recipient, on one line and without path separators.
    public let filename: String
    /// The content type, e.g. `text/calendar; method=REQUEST; charset=UTF-8`.
    public let contentType: MediaType
    /// The file's bytes, sent unchanged (base64).
    public let data: [UInt8]

    /// Checks the file name: control characters become spaces, `/` and `\` become `-`, and the
    /// result must be 1 to 200 bytes of UTF-8.
    public init(filename: String, contentType: MediaType, data: [UInt8]) throws(MailError) {
        let cleaned = MailText.singleLine(filename).replacing("/", with: "-").replacing(
            "\\", with: "-")
        guard !cleaned.isEmpty, cleaned.utf8.count <= 200 else {
            throw MailError(
                .invalidAttachment,
                "an attachment needs a file name of 1 to 200 bytes, such as invitation.ics")
        }
        self.filename = cleaned
        self.contentType = contentType
        self.data = data
    }

    /// Parses the content type from text, e.g. `"text/calendar; method=REQUEST; charset=UTF-8"`.
    public init(filename: String, contentType: String, data: [UInt8]) throws(MailError) {
        try self.init(filename: filename, contentType: MediaType(contentType), data: data)
    }

    /// Whether this is an iTIP calendar object (`text/calendar` with a `method`), which the
    /// renderer also offers inline as an alternative so mail clients show it as an invitation.
    public var isCalendarInvitation: Bool {
        contentType.matches("text", "calendar") && contentType.parameter("method") != nil
    }

    /// `name="file"` or, for names that are not short printable ASCII, RFC 2231 `name*0*=UTF-8''…`
    /// continuations of at most 60 characters each, as header atoms.
    static func parameterAtoms(_ name: String, _ value: String) -> [HeaderAtom] {
        let bytes = Array(value.utf8)
        if bytes.allSatisfy(ASCII.isPrintable), bytes.count <= 60 {
            return [.literal(name + "=" + MediaType.quotedString(value))]
        }
        let hex = Array("0123456789ABCDEF".utf8)
        // RFC 2231 attribute-char: token characters other than `*`, `'` and `%`.
        let escaped: [[UInt8]] = bytes.map { byte in
            ASCII.isToken(byte) && byte != UInt8(ascii: "*") && byte != UInt8(ascii: "'")
                && byte != UInt8(ascii: "%")
                ? [byte] : [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
        var sections: [String] = []
        var current: [UInt8] = Array("UTF-8''".utf8)
        for piece in escaped {
            if current.count + piece.count > 60 {
                sections.append(String(decoding: current, as: UTF8.self))
                current = []
            }
            current += piece
        }
        sections.append(String(decoding: current, as: UTF8.self))
        if sections.count == 1 { return [.literal("\(name)*=\(sections[0])")] }
        return sections.enumerated().map { .literal("\(name)*\($0.offset)*=\($0.element)") }
    }
}
