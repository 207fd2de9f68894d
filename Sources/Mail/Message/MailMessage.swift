import Foundation

/// An email ready to render as RFC 5322 bytes: addresses, subject, a plain-text body, optionally
/// an HTML body, attachments and extra headers.
///
/// Everything that reaches a header is single-line by construction (see `MailText.singleLine`),
/// so no title, name or note can add a header of its own.
public struct MailMessage: Sendable, Hashable {
    /// The author.
    public let from: Mailbox
    /// The recipients, at least one.
    public let to: [Mailbox]
    /// Where replies should go, if not to `from`.
    public let replyTo: Mailbox?
    /// The subject on one line.
    public let subject: String
    /// When the message was composed; written in UTC.
    public let date: Date
    /// The identifier, derived from a stable key so duplicates are recognisable.
    public let messageID: MessageID
    /// The plain-text body; line breaks of any kind become CRLF, and a final one is added if missing.
    public let textBody: String
    /// The HTML body, offered as the preferred alternative to `textBody`; escape interpolated text with `HTMLEscaping`.
    public let htmlBody: String?
    /// Files carried with the message; a calendar invitation is also offered inline.
    public let attachments: [MailAttachment]
    /// Extra headers in the order to write them, such as `List-Unsubscribe`.
    public let headers: [MailHeader]

    /// Composes a message; refuses one with no recipients.
    public init(
        from: Mailbox,
        to: [Mailbox],
        replyTo: Mailbox? = nil,
        subject: String,
        date: Date,
        messageID: MessageID,
        textBody: String,
        htmlBody: String? = nil,
        attachments: [MailAttachment] = [],
        headers: [MailHeader] = []
    ) throws(MailError) {
        guard !to.isEmpty else {
            throw MailError(.noRecipients, "a message needs at least one recipient")
        }
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = MailText.singleLine(subject)
        self.date = date
        self.messageID = messageID
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.headers = headers
    }

    /// The addresses to give the SMTP server as envelope recipients (`RCPT TO`), in order.
    public var recipientAddresses: [String] { to.map(\.address) }
}
