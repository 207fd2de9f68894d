import Foundation
import Mail

/// Composes a team lead's weekly digest: the coming week's meetings, overdue follow-ups, and
/// last week's cancelled or thinly attended meetings, in the lead's zone. Pure.
public struct DigestMailComposer: Sendable {
    public let sender: Mailbox
    /// The host name for Message-IDs.
    public let domain: String

    /// A composer sending as `sender`, naming messages under `domain`.
    public init(sender: Mailbox, domain: String) {
        self.sender = sender
        self.domain = domain
    }

    /// The message for `content`, dated `now` (overdue days are counted to `now`).
    public func compose(_ content: DigestMailContent, now: Date) throws(MeetingMailError) -> MailMessage {
        let time = try MeetingTimeFormatter(zoneID: content.recipient.timeZoneID, role: "recipient")
        let team = MailText.singleLine(content.teamName)
        func meeting(_ m: DigestMailContent.Meeting) -> String {
            "\(MailText.singleLine(m.title)), \(time.span(from: m.start, to: m.end))"
        }
        let upcoming = content.upcoming.map { m in
            meeting(m) + (m.facilitatorName.map { ", facilitated by \(MailText.singleLine($0))" } ?? ", no facilitator yet")
                + (m.invited > 0 && m.coming * 2 < m.invited
                    ? " — fewer than half have said they\u{2019}ll come (\(m.coming) of \(m.invited) invited)" : "")
        }
        let overdue = content.overdue.map { f in
            "\(MailText.singleLine(f.title)) — \(MailText.singleLine(f.ownerName)), "
                + "due \(MeetingTimeFormatter.calendarDate(MailText.singleLine(f.dueOn)))"
        }
        let cancelled = content.cancelled.map { m in
            meeting(m) + " — " + (m.cancelReason.map { "reason: \(MailText.singleLine($0))" } ?? "no reason given")
        }
        let thin = content.lowAttendance.map { m in
            meeting(m) + " — \(m.attended) of \(m.recorded) attended"
        }
        let heading = "Weekly digest: \(team)"
        let document = NoticeDocument(
            heading: heading,
            paragraphs: [
                "Here is how \u{201C}\(team)\u{201D} stands this week: "
                    + "\(content.upcoming.count) meeting\(content.upcoming.count == 1 ? "" : "s") coming up, "
                    + "\(content.overdue.count) overdue follow-up\(content.overdue.count == 1 ? "" : "s")."
            ],
            sections: [
                .init(title: "Meetings in the coming week", items: upcoming, empty: "No meetings are scheduled in the coming week."),
                .init(title: "Overdue follow-ups", items: overdue, empty: "No follow-ups are overdue."),
                .init(title: "Cancelled in the past week", items: cancelled, empty: "No meetings were cancelled."),
                .init(title: "Low attendance in the past week", items: thin, empty: "No meeting was attended by fewer than half of those recorded."),
            ],
            reason: "You get this email because you lead \u{201C}\(team)\u{201D} in Circles.",
            stopText: "To stop these digests, unsubscribe:", unsubscribeURL: content.unsubscribeURL)
        return try document.message(
            from: sender, to: NoticeDocument.mailbox(content.recipient), subject: heading, key: content.idempotencyKey, domain: domain, now: now)
    }
}
