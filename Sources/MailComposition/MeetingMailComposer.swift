import Foundation
import ICalendar
import Mail

/// Composes meeting reminders, invitations and cancellations as RFC 5322 messages: a plain-text
/// and an HTML part in the recipient's time zone, and an iTIP calendar attachment.
///
/// Pure: the same content and `now` always give the same message. The Message-ID derives from
/// the reminder's idempotency key, so a resent duplicate is recognisable as one.
public struct MeetingMailComposer: Sendable {
    /// The `From` mailbox, e.g. `Circles <circles@example.org>`.
    public let sender: Mailbox
    /// The host name for Message-IDs and calendar UIDs, e.g. `circles.example.org`.
    public let domain: String

    /// A composer sending as `sender`, naming messages and events under `domain`.
    public init(sender: Mailbox, domain: String) {
        self.sender = sender
        self.domain = domain
    }

    /// The message for `content`, dated `now` (also the calendar DTSTAMP).
    ///
    /// Reminders carry `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058); invitations and
    /// cancellations are transactional notices about one meeting and do not, though their footer
    /// still links to the unsubscribe page. Every message carries `Auto-Submitted: auto-generated`.
    public func compose(_ content: MeetingMailContent, now: Date) throws(MeetingMailError)
        -> MailMessage
    {
        let facts = try MeetingMailFacts(content)
        do {
            let recipient = try Mailbox(
                content.recipient.person.email, displayName: content.recipient.person.name)
            let organizer = try Mailbox(content.organizer.email, displayName: content.organizer.name)
            var replyTo =
                organizer.address.lowercased() == sender.address.lowercased() ? nil : organizer
            if let replyAddress = content.replyAddress {
                replyTo = try Mailbox(replyAddress, displayName: sender.displayName)
            }
            let unsubscribe = try MailHeader.listUnsubscribe(
                [content.unsubscribeURL.absoluteString] + (content.unsubscribeMailto.map { [$0] } ?? []))
            var headers = [MailHeader.autoSubmitted]
            if content.kind.isReminder {
                headers += [unsubscribe, MailHeader.listUnsubscribePost]
            }
            return try MailMessage(
                from: sender,
                to: [recipient],
                replyTo: replyTo,
                subject: facts.subject,
                date: now,
                messageID: MessageID.derived(from: content.idempotencyKey, domain: domain),
                textBody: facts.text,
                htmlBody: facts.html,
                attachments: [calendarAttachment(content, facts: facts, now: now)],
                headers: headers)
        } catch let error as MailError {
            throw MeetingMailError(.invalidMail, error.message)
        } catch let error as MeetingMailError {
            throw error
        } catch {
            throw MeetingMailError(.invalidMail, "\(error)")
        }
    }
}
