import Foundation
import Mail

/// A plain notice email — heading, paragraphs, titled lists, and a footer with the unsubscribe
/// link — written as text and as HTML with the same content. Every value is made single-line,
/// so nothing a person typed can break the layout, and escaped in HTML.
struct NoticeDocument {
    /// A titled list; `empty` is said instead when it has no items.
    struct Section {
        let title: String
        let items: [String]
        let empty: String
    }

    let heading: String
    let paragraphs: [String]
    let sections: [Section]
    /// Why the recipient gets this email.
    let reason: String
    /// The sentence before the unsubscribe link.
    let stopText: String
    let unsubscribeURL: URL

    var text: String {
        var lines = [heading, ""] + paragraphs
        for section in sections {
            lines += ["", section.title + ":"]
            lines += section.items.isEmpty ? [section.empty] : section.items.map { "- " + MailText.singleLine($0) }
        }
        lines += ["", "--", reason, stopText, unsubscribeURL.absoluteString]
        return lines.joined(separator: "\n") + "\n"
    }

    var html: String {
        let e = { HTMLEscaping.escape(MailText.singleLine($0)) }
        var out = MailHTMLPage.opening(heading: heading)
        out += paragraphs.map { "<p>\(e($0))</p>" }
        for section in sections {
            out.append("<h2>\(e(section.title))</h2>")
            if section.items.isEmpty {
                out.append("<p>\(e(section.empty))</p>")
            } else {
                out.append("<ul>")
                out += section.items.map { "<li>\(e($0))</li>" }
                out.append("</ul>")
            }
        }
        out += MailHTMLPage.closing(reason: reason, stopText: stopText, unsubscribeURL: unsubscribeURL)
        return out.joined(separator: "\n") + "\n"
    }

    /// The recipient's mailbox, or the reason it is not one.
    static func mailbox(_ recipient: MeetingMailContent.Recipient) throws(MeetingMailError) -> Mailbox {
        do {
            return try Mailbox(recipient.person.email, displayName: recipient.person.name)
        } catch {
            throw MeetingMailError(.invalidMail, error.message)
        }
    }

    /// The message: From the sender to the recipient, Message-ID from the key, and the
    /// List-Unsubscribe headers (RFC 8058) every reminder and digest carries.
    func message(
        from sender: Mailbox, to recipient: Mailbox, subject: String, key: String, domain: String, now: Date
    ) throws(MeetingMailError) -> MailMessage {
        guard unsubscribeURL.scheme?.lowercased() == "https" else {
            throw MeetingMailError(.invalidLink, "the unsubscribe page must be an https URL (RFC 8058)")
        }
        do {
            return try MailMessage(
                from: sender, to: [recipient], subject: subject, date: now,
                messageID: MessageID.derived(from: key, domain: domain), textBody: text, htmlBody: html,
                headers: [
                    MailHeader.autoSubmitted, try MailHeader.listUnsubscribe([unsubscribeURL.absoluteString]),
                    MailHeader.listUnsubscribePost,
                ])
        } catch {
            throw MeetingMailError(.invalidMail, error.message)
        }
    }
}
