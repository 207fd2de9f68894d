/// Rendering a message to RFC 5322 / MIME bytes.
///
/// The MIME structure is the smallest that carries the content, in the shape mail clients expect:
///
/// ```
/// multipart/mixed                     only when there are attachments
/// ├─ multipart/alternative            only when there is more than the plain text
/// │  ├─ text/plain; charset=UTF-8
/// │  ├─ text/html; charset=UTF-8      when there is an HTML body
/// │  └─ text/calendar; method=…       the first calendar invitation, inline
/// └─ application/ics; name=….ics      each attachment, base64 (invitations as application/ics)
/// ```
///
/// An invitation is offered inline as the last alternative because that is where Outlook,
/// Gmail and Apple Mail look for an iTIP object to show Accept/Decline; the same bytes are
/// attached as `application/ics` (not a second `text/calendar; method=…`) so a person can save
/// the file while no client processes the invitation twice. Google Calendar sends this shape.
extension MailMessage {
    /// The complete message as bytes with CRLF line endings, ready for SMTP `DATA` (before dot-stuffing).
    public func rendered() -> [UInt8] {
        var out: [UInt8] = []
        out += HeaderFolder.fold(
            name: "Date",
            atoms: RFC5322Date.string(from: date).split(separator: " ").map { .literal(String($0)) }
        )
        out += HeaderFolder.fold(name: "From", atoms: from.headerAtoms)
        out += HeaderFolder.fold(name: "To", atoms: Self.mailboxList(to))
        if let replyTo { out += HeaderFolder.fold(name: "Reply-To", atoms: replyTo.headerAtoms) }
        out += HeaderFolder.fold(
            name: "Subject", atoms: HeaderAtom.unstructured(subject, headerName: "Subject"))
        out += HeaderFolder.fold(name: "Message-ID", atoms: [.literal(messageID.description)])
        for header in headers {
            out += HeaderFolder.fold(name: header.name, atoms: header.headerAtoms)
        }
        out += HeaderFolder.fold(name: "MIME-Version", atoms: [.literal("1.0")])
        var renderer = BoundaryPicker(messageID: messageID)
        out += renderer.render(mimeTree)
        // A single text part already ends in CRLF; a multipart or base64 body does not.
        if !out.reversed().starts(with: [ASCII.lf, ASCII.cr]) { out += ASCII.crlf }
        return out
    }

    /// The parts this message is made of, in the shape described on this extension.
    var mimeTree: MIMEPart {
        var alternatives = [MIMEPart.text(Array(textBody.utf8), type: .plainText)]
        if let htmlBody { alternatives.append(.text(Array(htmlBody.utf8), type: .html)) }
        if let invitation = attachments.first(where: \.isCalendarInvitation) {
            alternatives.append(.text(invitation.data, type: invitation.contentType))
        }
        let body =
            alternatives.count == 1
            ? alternatives[0]
            : MIMEPart(fields: [], body: .multipart(subtype: "alternative", parts: alternatives))
        guard !attachments.isEmpty else { return body }
        let files = attachments.map { attachment in
            MIMEPart.attachment(
                attachment,
                type: attachment.isCalendarInvitation ? MediaType.icsFile : attachment.contentType)
        }
        return MIMEPart(fields: [], body: .multipart(subtype: "mixed", parts: [body] + files))
    }

    /// Mailboxes separated by commas, each folding as a unit where it can.
    private static func mailboxList(_ mailboxes: [Mailbox]) -> [HeaderAtom] {
        mailboxes.enumerated().flatMap { item -> [HeaderAtom] in
            var atoms = item.element.headerAtoms
            if item.offset < mailboxes.count - 1, let last = atoms.popLast() {
                atoms += last.appending(",")
            }
            return atoms
        }
    }
}
