/// An extra header field such as `List-Unsubscribe` or `Auto-Submitted`; the renderer writes the
/// standard ones (`From`, `To`, `Subject`, `Content-*` …) itself and refuses them here.
public struct MailHeader: Sendable, Hashable {
    /// The field name as written, e.g. `List-Unsubscribe`.
    public let name: String
    /// The value on one line: control characters are spaces, runs of spaces collapsed.
    public let value: String

    /// `Auto-Submitted: auto-generated` (RFC 3834), so auto-responders do not reply to reminders.
    public static let autoSubmitted = MailHeader(
        checkedName: "Auto-Submitted", value: "auto-generated")
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), paired with `listUnsubscribe`.
    public static let listUnsubscribePost = MailHeader(
        checkedName: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click")

    private static let reservedNames: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id",
        "mime-version",
    ]

    /// A header with a checked name; the value is made single-line and, if not ASCII, sent as encoded-words.
    ///
    /// Names are 1 to 50 printable ASCII characters without `:`; the renderer's own fields and
    /// any `Content-*` field are refused. ASCII words longer than 900 bytes are refused, as no line
    /// may exceed 998.
    public init(_ name: String, _ value: String) throws(MailError) {
        let bytes = Array(name.utf8)
        guard (1...50).contains(bytes.count),
            bytes.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ":") })
        else {
            throw MailError(
                .invalidHeader,
                "a header name must be 1 to 50 printable characters without a colon, such as X-Circles-Team"
            )
        }
        let lowered = name.lowercased()
        guard !Self.reservedNames.contains(lowered), !lowered.hasPrefix("content-") else {
            throw MailError(
                .invalidHeader,
                "the \(name) header is written from the message's own fields and cannot be added as an extra header"
            )
        }
        let line = MailText.singleLine(value)
        guard line.split(separator: " ").allSatisfy({ $0.utf8.count <= 900 }) else {
            throw MailError(
                .invalidHeader, "the value of \(name) has a word longer than 900 characters")
        }
        self.init(checkedName: name, value: line)
    }

    private init(checkedName name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `List-Unsubscribe: <https://…>, <mailto:…>` (RFC 2369); for one-click (RFC 8058) the first
    /// URI must be HTTPS and `listUnsubscribePost` must accompany it.
    ///
    /// Each URI must be ASCII without spaces or angle brackets, and `https:` or `mailto:`.
    public static func listUnsubscribe(_ uris: [String]) throws(MailError) -> MailHeader {
        guard !uris.isEmpty else {
            throw MailError(
                .invalidHeader,
                "List-Unsubscribe needs at least one URI, such as https://circles.example.org/unsubscribe/…"
            )
        }
        for uri in uris {
            let lowered = uri.lowercased()
            guard lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:"),
                uri.utf8.allSatisfy({
                    (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">")
                }),
                uri.utf8.count <= 900
            else {
                throw MailError(
                    .invalidHeader,
                    "List-Unsubscribe takes https: or mailto: URIs without spaces or angle brackets"
                )
            }
        }
        return MailHeader(
            checkedName: "List-Unsubscribe", value: uris.map { "<\($0)>" }.joined(separator: ", "))
    }

    /// The value as atoms: words of an ASCII value fold at its spaces; other text becomes encoded-words.
    var headerAtoms: [HeaderAtom] {
        if value.utf8.allSatisfy(ASCII.isPrintable) {
            return value.split(separator: " ").map { .literal(String($0)) }
        }
        return [.encoded(value)]
    }
}
