import Foundation
import Mail

/// Composes a pair's introduction: who the recipient is paired with (names, teams, addresses),
/// a suggested time to meet and the round's last day; plain text and HTML, with List-Unsubscribe.
/// Every value is made single-line and escaped for HTML by `NoticeDocument`; the subject is
/// encoded by `MailMessage`. Pure: the same content and `now` always give the same message.
public struct PairIntroductionMailComposer: Sendable {
    public let sender: Mailbox
    /// The host name for Message-IDs.
    public let domain: String

    /// A composer sending as `sender`, naming messages under `domain`.
    public init(sender: Mailbox, domain: String) {
        self.sender = sender
        self.domain = domain
    }

    /// The message for `content`, dated `now`.
    public func compose(_ content: PairIntroductionMailContent, now: Date) throws(MeetingMailError) -> MailMessage {
        let times = try MeetingTimeFormatter(zoneID: content.recipient.timeZoneID, role: "recipient")
        let scheme = MailText.singleLine(content.schemeName)
        let names = content.partners.map { MailText.singleLine($0.name) }
        let together = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        let what = content.isMentoring ? "mentoring pair" : content.partners.count > 1 ? "peer trio" : "peer pair"
        let heading = "Your \(what) in \u{201C}\(scheme)\u{201D}: \(together)"
        var paragraphs = [
            "Round \(content.roundNumber) of \u{201C}\(scheme)\u{201D} has paired you"
                + (content.recipientTeamName.map { " (\(MailText.singleLine($0)))" } ?? "") + " with \(together).",
            "A suggested time to meet: \(times.span(from: content.suggestedStart, to: content.suggestedStart.addingTimeInterval(1_800))). "
                + "Any time before \(MeetingTimeFormatter.calendarDate(MailText.singleLine(content.endsOn))) is fine; agree it between you.",
        ]
        if let met = content.metURL, let missed = content.missedURL {
            paragraphs.append("Once you have met, say so: \(met.absoluteString) — or, if you couldn't, \(missed.absoluteString)")
        } else {
            paragraphs.append("Afterwards, let your team lead know whether you met, so it counts as peer support.")
        }
        let partners = PairIntroductionMailComposer.partnerLines(content.partners)
        let document = NoticeDocument(
            heading: heading, paragraphs: paragraphs,
            sections: [.init(title: content.partners.count > 1 ? "Your partners" : "Your partner", items: partners, empty: "")],
            reason: "You get this email because you take part in \u{201C}\(scheme)\u{201D} in Circles.",
            stopText: "To stop these emails, unsubscribe:", unsubscribeURL: content.unsubscribeURL)
        return try document.message(
            from: sender, to: NoticeDocument.mailbox(content.recipient), subject: heading, key: content.idempotencyKey, domain: domain,
            now: now)
    }

    /// `Ben Ng (Children North) <ben@council.example>` per partner.
    static func partnerLines(_ partners: [PairIntroductionMailContent.Partner]) -> [String] {
        partners.map { partner in
            let team = partner.teamName.map { " (\(MailText.singleLine($0)))" } ?? ""
            return "\(MailText.singleLine(partner.name))\(team) <\(MailText.singleLine(partner.email))>"
        }
    }
}
