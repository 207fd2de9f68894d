import Foundation
import ICalendar
import Mail

extension MeetingMailComposer {
    /// The occurrence as an iTIP REQUEST (reminder, invitation) or CANCEL (cancellation) attachment.
    ///
    /// The UID comes from the series id and the original start, so it stays the same when the
    /// meeting moves; SEQUENCE is the occurrence's own, which the store raises on every change.
    /// Attendees are the invited people plus the recipient and the facilitator (as CHAIR), once each.
    func calendarAttachment(
        _ content: MeetingMailContent, facts: MeetingMailFacts, now: Date
    ) throws -> MailAttachment {
        let cancelling = content.kind == .cancellation
        let event = CalendarEvent(
            uid: CalendarEvent.uid(
                seriesID: content.seriesID, originalStart: content.originalStart,
                domain: domain.lowercased()),
            sequence: content.sequence,
            dtstamp: now,
            start: content.start,
            end: content.end,
            timeZoneID: content.seriesTimeZoneID,
            summary: facts.title,
            location: facts.location,
            url: content.onlineURL,
            description: facts.calendarDescription,
            organizer: CalendarOrganizer(name: content.organizer.name, email: content.replyAddress ?? content.organizer.email),
            attendees: try Self.attendees(content),
            status: cancelling ? .cancelled : .confirmed)
        let invitation: CalendarInvitation
        do {
            invitation = try CalendarInvitation(
                method: cancelling ? .cancel : .request, events: [event])
        } catch {
            throw MeetingMailError(.invalidCalendar, error.description)
        }
        return try MailAttachment(
            filename: cancelling ? "cancellation.ics" : "invitation.ics",
            contentType: invitation.contentType,
            data: invitation.renderedBytes())
    }

    /// Invited people, the recipient and the facilitator, each once by address; the facilitator as CHAIR.
    private static func attendees(_ content: MeetingMailContent) throws -> [CalendarAttendee] {
        let facilitator = content.facilitator?.email.lowercased()
        var seen: Set<String> = []
        var result: [CalendarAttendee] = []
        let everyone =
            (content.facilitator.map { [$0] } ?? []) + content.attendees + [content.recipient.person]
        for person in everyone {
            let checked = try Mailbox(person.email, displayName: person.name)
            let key = checked.address.lowercased()
            guard seen.insert(key).inserted else { continue }
            result.append(
                CalendarAttendee(
                    name: checked.displayName, email: checked.address,
                    role: key == facilitator ? .chair : .requiredParticipant))
        }
        return result
    }
}
