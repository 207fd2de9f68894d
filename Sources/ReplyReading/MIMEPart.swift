/// One leaf of a message, decoded: its type, its parameters, and its bytes after the transfer encoding.
public struct MIMEPart: Sendable, Hashable {
    /// Content-Type, e.g. `text/calendar; method=REPLY; charset=utf-8`.
    public var contentType: MIMEContentType
    /// The attachment's file name (Content-Disposition `filename` or Content-Type `name`), if any.
    public var filename: String?
    /// The decoded bytes.
    public var body: [UInt8]

    /// The body as text in its declared charset (UTF-8 by default), or nil when it is not.
    public var text: String? { MIMEText.text(body, charset: contentType.parameters["charset"]) }
}
