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
        var body: [UInt8]
        switch part.body {
        case .leaf(let bytes):
            body = bytes
        case .multipart(let subtype, let parts):
            let children = parts.map { render($0) }
            let boundary = pick(avoiding: children)
            let delimiter = Self.dashes + Array(boundary.utf8)
            body = []
            body.reserveCapacity(children.reduce(0) { $0 + $1.count + delimiter.count + 4 } + 4)
            for child in children {
                body += delimiter
                body += ASCII.crlf
                body += child
                body += ASCII.crlf
            }
            body += delimiter
            body += Self.dashes
            fields.insert(
                (
                    "Content-Type",
                    [.literal("multipart/\(subtype);"), .literal("boundary=\"\(boundary)\"")]
                ), at: 0)
        }
        var out: [UInt8] = []
        for field in fields { out += HeaderFolder.fold(name: field.name, atoms: field.atoms) }
        out.reserveCapacity(out.count + 2 + body.count)
        out += ASCII.crlf
        out += body
        return out
    }

    private static let dashes = Array("--".utf8)

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
