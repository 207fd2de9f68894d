import CirclesDomain
import Foundation

extension ReminderDispatcher.Context {
    /// What a meeting email may show, built from the reminder's context. Nothing here carries
    /// meeting notes: the content type has no place for them.
    public func mailContent(unsubscribeURL: URL, unsubscribeMailto: String? = nil) throws -> MeetingMailContent {
        guard let kind = MeetingMailKind(reminder.kind), let meeting, let series else {
            throw ServiceError(.invalid, "reminder \(reminder.id) (\(reminder.kind.rawValue)) is not about a meeting")
        }
        func person(_ person: Person) -> MeetingMailContent.Person {
            MeetingMailContent.Person(name: person.displayName, email: person.email)
        }
        let isFacilitator = meeting.facilitatorID == recipient.id
        return MeetingMailContent(
            idempotencyKey: reminder.idempotencyKey, kind: kind,
            recipient: .init(name: recipient.displayName, email: recipient.email, timeZoneID: recipient.timeZone),
            seriesID: series.id, seriesTitle: series.title, originalStart: meeting.originalStart, start: meeting.startsAt,
            end: meeting.endsAt, seriesTimeZoneID: series.timeZone, sequence: meeting.sequence, cancelReason: meeting.cancelReason,
            location: series.location, onlineURL: series.onlineURL.flatMap(URL.init(string:)), facilitator: facilitator.map(person),
            recipientIsFacilitator: isFacilitator,
            openFollowUps: isFacilitator ? openFollowUps.map { .init(title: $0.title, dueOn: $0.dueOn) } : [],
            organizer: person(organizer ?? recipient), attendees: invitees.map(person),
            unsubscribeURL: unsubscribeURL, unsubscribeMailto: unsubscribeMailto)
    }
}
