import Foundation
import Mail

/// Messages and helpers shared by the mail tests.
enum Fixtures {
    /// 2024-05-14 09:30:00 UTC.
    static let date = Date(timeIntervalSince1970: 1_715_679_000)

    static func mailbox(_ address: String, _ name: String? = nil) throws -> Mailbox {
        try Mailbox(address, displayName: name)
    }

    static func messageID(_ key: String = "reminder:42:2024-05-14T10:00") throws -> MessageID {
        try MessageID.derived(from: key, domain: "circles.example.org")
    }

    /// A plain-text reminder with nothing unusual in it.
    static func simple() throws -> MailMessage {
        try MailMessage(
            from: mailbox("circles@example.org", "Circles"),
            to: [mailbox("ada@example.org", "Ada Lovelace")],
            subject: "Reminder: Peer support circle on Tuesday",
            date: date,
            messageID: messageID(),
            textBody:
                "Peer support circle\nTuesday 14 May 2024, 11:00 BST (Europe/London)\nRoom 2\n")
    }

    /// The calendar object of an invitation, as the ICalendar module would write it.
    static let invitation = Array(
        """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Circles//EN\r
        METHOD:REQUEST\r
        BEGIN:VEVENT\r
        UID:meeting-42@circles.example.org\r
        DTSTAMP:20240514T093000Z\r
        DTSTART;TZID=Europe/London:20240521T110000\r
        SUMMARY:Réunion de soutien entre pairs\r
        END:VEVENT\r
        END:VCALENDAR\r

        """.utf8)

    /// A reminder with everything: non-ASCII names and subject, HTML, an invitation and a PDF-ish file.
    static func full() throws -> MailMessage {
        try MailMessage(
            from: mailbox("circles@example.org", "Équipe Circles"),
            to: [
                mailbox("zoe@example.org", "Zoë Ångström"),
                mailbox("bob@example.org", "O'Brien, \"Bob\""),
                mailbox("kim@example.org"),
            ],
            replyTo: mailbox("facilitator@example.org", "Søren Kierkegaard-Facilitator"),
            subject:
                "Rappel : Réunion de soutien entre pairs — mardi 21 mai à 11 h 00 (Europe/Paris) ✅",
            date: date,
            messageID: messageID("reminder:7:2024-05-21T11:00"),
            textBody:
                "Réunion de soutien entre pairs\nMardi 21 mai 2024, 11:00 CEST (Europe/Paris)\n"
                + "Lien : https://meet.example.org/circle/7?token=abc=def\n"
                + "From the facilitator: bring your follow-ups.\n.\n"
                + String(repeating: "Une très longue ligne sans retour ", count: 8) + "\n",
            htmlBody: "<p>Réunion de soutien entre pairs</p>\n<p>"
                + HTMLEscaping.escape("<Mardi> & 'demain'") + "</p>",
            attachments: [
                MailAttachment(
                    filename: "invitation.ics",
                    contentType: "text/calendar; method=REQUEST; charset=UTF-8", data: invitation),
                MailAttachment(
                    filename: "Compte rendu – séance très détaillée du groupe de soutien.pdf",
                    contentType: "application/pdf",
                    data: (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37) }),
            ],
            headers: [
                .listUnsubscribe([
                    "https://circles.example.org/unsubscribe/7f3a",
                    "mailto:unsubscribe@circles.example.org?subject=7f3a",
                ]),
                .listUnsubscribePost, .autoSubmitted,
            ])
    }

    /// The rendered message as text.
    static func text(_ message: MailMessage) -> String {
        String(decoding: message.rendered(), as: UTF8.self)
    }

    /// The header section, unfolded: each field as (name, value) with folds removed.
    static func headers(_ message: MailMessage) -> [(name: String, value: String)] {
        let text = Self.text(message)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        return unfolded.components(separatedBy: "\r\n").map { line in
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            return (
                String(line[..<colon]),
                String(line[colon...].dropFirst().drop(while: { $0 == " " }))
            )
        }
    }

    /// The physical lines of the rendered message.
    static func lines(_ message: MailMessage) -> [String] {
        text(message).components(separatedBy: "\r\n")
    }
}
