/// Renders a MIME tree, choosing each multipart boundary deterministically from the Message-ID
/// and checking that it occurs nowhere in what it encloses.
///
/// Boundaries start with `=_`, which quoted-printable and base64 output can never contain; the
/// check covers 7bit parts and nested boundaries, and picks the next candidate on a clash.
struct BoundaryPicker {
    let messageID: MessageID
    private var multipartCount = 0

    /// A picker whose boundaries derive from `messageID`.
    init(messageID: MessageID) { self.messageID = messageID }

    /// The part's header fields, a blank line and its body; no final CRLF.
    mutating func render(_ part: MIMEPart) -> [UInt8] {
        var fields = part.fields
        let content: [UInt8]
        switch part.body {
        case .leaf(let bytes):
            content = bytes
        case .multipart(let subtype, let parts):
            let children = parts.map { render($0) }
            let boundary = pick(avoiding: children)
            var body: [UInt8] = []
            for child in children {
                body += Array("--\(boundary)".utf8) + ASCII.crlf + child + ASCII.crlf
            }
            body += Array("--\(boundary)--".utf8)
            content = body
            fields.insert(
                (
                    "Content-Type",
                    [.literal("multipart/\(subtype);"), .literal("boundary=\"\(boundary)\"")]
                ), at: 0)
        }
        var out: [UInt8] = []
        for field in fields { out += HeaderFolder.fold(name: field.name, atoms: field.atoms) }
        return out + ASCII.crlf + content
    }

    /// The first candidate for this multipart that none of `children` contains.
    private mutating func pick(avoiding children: [[UInt8]]) -> String {
        multipartCount += 1
        var attempt = 0
        while true {
            let candidate =
                "=_"
                + SHA256.hexDigest(of: "boundary|\(messageID.value)|\(multipartCount)|\(attempt)")
                .prefix(32)
            let bytes = Array(candidate.utf8)
            if !children.contains(where: { ASCII.contains($0, bytes) }) { return candidate }
            attempt += 1
        }
    }
}
