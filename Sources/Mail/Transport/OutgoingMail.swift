/// One message ready for a transport: the SMTP envelope and the finished RFC 5322 bytes.
///
/// The bytes go on the wire as given (the transport only dot-stuffs them), so lines must
/// already end in CRLF. The envelope, not the `To:`/`Cc:` headers, decides who receives it.
public struct OutgoingMail: Sendable, Hashable, Identifiable {
    /// Names the mail in outcomes, logs and the file sink's file name (for example a reminder id).
    public var id: String
    /// The envelope sender (`MAIL FROM`), where bounces go.
    public var sender: String
    /// The envelope recipients (`RCPT TO`); if the server refuses any of them the mail fails.
    public var recipients: [String]
    /// The complete message: header fields, a blank line, the body, CRLF line endings.
    public var bytes: [UInt8]

    /// Creates a mail from its envelope and raw bytes.
    public init(id: String, sender: String, recipients: [String], bytes: [UInt8]) {
        self.id = id
        self.sender = sender
        self.recipients = recipients
        self.bytes = bytes
    }
}
