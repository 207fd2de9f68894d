import Foundation

/// Everything Circles takes from one incoming message, read once and bounded: who it claims to be
/// from, the token it was sent to, the receiving server's verdict, and the calendar replies in it.
public struct IncomingReply: Sendable, Hashable {
    /// Message-ID without brackets, trimmed to 500 characters; nil when absent.
    public var messageID: String?
    /// The From address, lowercased; informational only, never trusted alone.
    public var from: String?
    /// The token of the address it was delivered to.
    public var token: ReplyToken?
    /// The topmost Authentication-Results.
    public var authentication: AuthenticationResults?
    /// What the calendar parts said.
    public var calendar: CalendarReplyReader.Finding
    /// What the MIME reader skipped (size, count, depth).
    public var skipped: [String]

    /// Reads `bytes`; `base` is the reply mailbox's own address (`circles@council.example`). With
    /// `authservID`, the authentication results are the topmost header that names that server
    /// (RFC 8601 §5: others may have come with the message); without, the topmost header.
    public init(
        parsing bytes: [UInt8], base: String, limits: MIMELimits = .init(), authservID: String? = nil, reader: CalendarReplyReader = .init()
    ) {
        let message = MIMEMessage(parsing: bytes, limits: limits)
        let headers = message.headers
        messageID = headers.first("Message-ID").map { value in
            value.withoutControls.trimmingCharacters(in: CharacterSet(charactersIn: " <>")).clipped(toScalars: 500)
        }.flatMap { $0.isEmpty ? nil : $0 }
        from = headers.first("From").flatMap { ReplyToken.addresses(in: $0).first }
        // Where the receiving server put the envelope recipient first, then what the sender wrote.
        let candidates =
            headers.all("Delivered-To") + headers.all("X-Original-To") + headers.all("Envelope-To") + headers.all("To")
            + headers.all("Cc")
        let results = headers.all("Authentication-Results").lazy.compactMap(AuthenticationResults.init(header:))
        authentication = authservID.map { id in results.first { $0.server.lowercased() == id.lowercased() } } ?? results.first
        calendar = reader.replies(in: message)
        skipped = message.skipped
        token = ReplyToken.find(in: candidates, base: base)
            ?? ReplyToken.find(in: calendar.replies.compactMap(\.organizer), base: base)
    }
}
