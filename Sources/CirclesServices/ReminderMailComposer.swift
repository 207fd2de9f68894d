import CirclesDomain
import Foundation
import LinkTokens
import Mail
import MailComposition

/// Composes the mail for any outbox reminder: meeting reminders, invitations and cancellations
/// with a calendar attachment, follow-up reminders, and weekly digests.
public struct ReminderMailComposer: Sendable {
    let meetings: MeetingMailComposer
    let followUps: FollowUpMailComposer
    let digests: DigestMailComposer
    let pairIntroductions: PairIntroductionMailComposer
    let unsubscribeURL: URL
    let links: MailLinks?

    /// A composer sending as `sender`, naming messages under `domain`, with `unsubscribeURL`
    /// (https) in every footer and List-Unsubscribe header. With `links` (circles-web set up), each
    /// recipient gets their own signed unsubscribe link instead, and invitations and reminders
    /// carry their answer links.
    public init(sender: Mailbox, domain: String, unsubscribeURL: URL, links: MailLinks? = nil) {
        meetings = MeetingMailComposer(sender: sender, domain: domain)
        followUps = FollowUpMailComposer(sender: sender, domain: domain)
        digests = DigestMailComposer(sender: sender, domain: domain)
        pairIntroductions = PairIntroductionMailComposer(sender: sender, domain: domain)
        self.unsubscribeURL = unsubscribeURL
        self.links = links
    }

    /// The message for one claimed reminder, dated `now`.
    public func compose(_ context: ReminderDispatcher.Context, now: Date) throws -> MailMessage {
        var unsubscribeURL = self.unsubscribeURL
        if let links { unsubscribeURL = links.unsubscribe(person: try CirclesServices.stored(context.recipient.id), now: now) }
        switch context.reminder.kind {
        case .meetingReminder, .invitation, .cancellation:
            return try meetings.compose(context.mailContent(unsubscribeURL: unsubscribeURL, links: links), now: now)
        case .followUpDue, .followUpOverdue:
            return try followUps.compose(context.followUpMailContent(unsubscribeURL: unsubscribeURL), now: now)
        case .digest:
            return try digests.compose(context.digestMailContent(unsubscribeURL: unsubscribeURL), now: now)
        case .pairIntroduction:
            return try pairIntroductions.compose(context.pairIntroductionMailContent(unsubscribeURL: unsubscribeURL, links: links), now: now)
        }
    }

    /// The dispatcher's composer.
    public var composer: ReminderDispatcher.Composer {
        { [self] context in try compose(context, now: Date()) }
    }
}
