/// A node of the MIME tree a message renders to: a leaf with encoded content, or a multipart.
struct MIMEPart: Sendable {
    /// What a part contains.
    enum Body: Sendable {
        /// Content already in its transfer encoding, lines CRLF-separated, no final CRLF.
        case leaf([UInt8])
        /// `multipart/<subtype>` holding the parts in order.
        case multipart(subtype: String, parts: [MIMEPart])
    }

    /// `Content-*` header fields of this part (a multipart's `Content-Type` is added when rendered).
    var fields: [(name: String, atoms: [HeaderAtom])]
    /// The content.
    var body: Body

    /// A text part: canonical CRLF lines ending in a line break (one is added if missing),
    /// `charset=UTF-8` unless the type names one, and the transfer encoding that keeps lines
    /// short and the text as readable as possible.
    static func text(_ bytes: some Collection<UInt8>, type: MediaType) -> MIMEPart {
        let typed = type.parameter("charset") == nil ? type.setting("charset", to: "UTF-8") : type
        var canonical = ASCII.canonicalLines(bytes)
        if !canonical.reversed().starts(with: [ASCII.lf, ASCII.cr]) { canonical += ASCII.crlf }
        let (encoding, content) = TransferEncoding.encode(text: canonical)
        return MIMEPart(
            fields: [
                ("Content-Type", typed.headerAtoms),
                ("Content-Transfer-Encoding", [.literal(encoding.rawValue)]),
            ],
            body: .leaf(content))
    }

    /// An attachment part in base64 with its file name in both `Content-Type` (`name`, for older
    /// clients) and `Content-Disposition` (`filename`).
    static func attachment(_ attachment: MailAttachment, type: MediaType) -> MIMEPart {
        let typeAtoms = parameterList(
            type.headerAtoms, MailAttachment.parameterAtoms("name", attachment.filename))
        let dispositionAtoms = parameterList(
            [.literal("attachment")], MailAttachment.parameterAtoms("filename", attachment.filename)
        )
        return MIMEPart(
            fields: [
                ("Content-Type", typeAtoms), ("Content-Disposition", dispositionAtoms),
                ("Content-Transfer-Encoding", [.literal(TransferEncoding.base64.rawValue)]),
            ],
            body: .leaf(Base64.mimeBody(attachment.data)))
    }

    /// `head; param; param` as literal atoms, a `;` after every atom but the last.
    private static func parameterList(_ head: [HeaderAtom], _ parameters: [HeaderAtom])
        -> [HeaderAtom]
    {
        let all = head + parameters
        return all.enumerated().flatMap {
            $0.offset < all.count - 1 ? $0.element.appending(";") : [$0.element]
        }
    }
}
