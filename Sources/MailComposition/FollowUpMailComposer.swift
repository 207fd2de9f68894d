import Foundation
import Mail

/// Composes follow-up reminders ("due tomorrow", "overdue") to their owners: plain text and HTML,
/// with List-Unsubscribe. Pure: the same content and `now` always give the same message.
public struct FollowUpMailComposer: Sendable {
    public let sender: Mailbox
    /// The host name for Message-IDs.
    public let domain: String

    /// A composer sending as `sender`, naming messages under `domain`.
    public init(sender: Mailbox, domain: String) {
        self.sender = sender
        self.domain = domain
    }

    /// The message for `content`, dated `now`.
    public func compose(_ content: FollowUpMailContent, now: Date) throws(MeetingMailError) -> MailMessage {
        _ = try MeetingTimeFormatter(zoneID: content.recipient.timeZoneID, role: "recipient")
        let title = MailText.singleLine(content.title)
        let due = MeetingTimeFormatter.calendarDate(MailText.singleLine(content.dueOn))
        let heading: String
        var paragraphs: [String]
        switch content.kind {
        case .dueTomorrow:
            heading = "Due tomorrow: \(title)"
            paragraphs = ["Your follow-up \u{201C}\(title)\u{201D} is due tomorrow, \(due)."]
        case .overdue:
            heading = "Overdue: \(title)"
            paragraphs = ["Your follow-up \u{201C}\(title)\u{201D} was due on \(due) and is still open."]
        }
        if let origin = content.origin.map(MailText.singleLine), !origin.isEmpty {
            paragraphs.append("It was agreed for \u{201C}\(origin)\u{201D}.")
        }
        paragraphs.append(
            "When it is done, let your team lead know so it can be marked done; "
                + "if it no longer makes sense, it can be dropped with a reason.")
        let document = NoticeDocument(
            heading: heading, paragraphs: paragraphs, sections: [],
            reason: "You get this email because you own this follow-up in Circles.",
            stopText: "To stop these reminders, unsubscribe:", unsubscribeURL: content.unsubscribeURL)
        return try document.message(
            from: sender, to: NoticeDocument.mailbox(content.recipient), subject: heading, key: content.idempotencyKey, domain: domain, now: now)
    }
}
