import CirclesDomain
import Foundation
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

    /// A composer sending as `sender`, naming messages under `domain`, with `unsubscribeURL`
    /// (https) in every footer and List-Unsubscribe header.
    public init(sender: Mailbox, domain: String, unsubscribeURL: URL) {
        meetings = MeetingMailComposer(sender: sender, domain: domain)
        followUps = FollowUpMailComposer(sender: sender, domain: domain)
        digests = DigestMailComposer(sender: sender, domain: domain)
        pairIntroductions = PairIntroductionMailComposer(sender: sender, domain: domain)
        self.unsubscribeURL = unsubscribeURL
    }

    /// The message for one claimed reminder, dated `now`.
    public func compose(_ context: ReminderDispatcher.Context, now: Date) throws -> MailMessage {
        switch context.reminder.kind {
        case .meetingReminder, .invitation, .cancellation:
            return try meetings.compose(context.mailContent(unsubscribeURL: unsubscribeURL), now: now)
        case .followUpDue, .followUpOverdue:
            return try followUps.compose(context.followUpMailContent(unsubscribeURL: unsubscribeURL), now: now)
        case .digest:
            return try digests.compose(context.digestMailContent(unsubscribeURL: unsubscribeURL), now: now)
        case .pairIntroduction:
            return try pairIntroductions.compose(context.pairIntroductionMailContent(unsubscribeURL: unsubscribeURL), now: now)
        }
    }

    /// The dispatcher's composer.
    public var composer: ReminderDispatcher.Composer {
        { [self] context in try compose(context, now: Date()) }
    }
}
