import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// After a series' invitee list changed (attendees edited, whole team switched, a member
    /// left the team), in the same transaction: those no longer invited have their pending
    /// reminders cancelled and get a calendar cancellation for each upcoming meeting they had
    /// been invited to; newcomers get invitations.
    static func reconcileInvitations(
        seriesID: String, previouslyInvited: Set<String>, now: Date, on connection: isolated PostgresConnection
    ) throws {
        let current = Set(try SeriesStore.invitees(seriesID: seriesID, on: connection).map(\.id))
        var notices: [OutboxStore.NewReminder] = []
        for person in previouslyInvited.subtracting(current).sorted() {
            for meetingID in try OutboxStore.withdrawInvitations(personID: person, seriesID: seriesID, after: now, on: connection) {
                guard let meeting = try MeetingStore.find(id: meetingID, on: connection) else { continue }
                notices.append(OutboxStore.NewReminder(
                    idempotencyKey: "cancellation:\(meeting.id):\(person):seq\(meeting.sequence)", kind: .cancellation,
                    recipientID: person, occurrenceID: meeting.id, dueAt: now))
            }
        }
        try OutboxStore.enqueue(notices, on: connection)
        try enqueueInvitations(now: now, seriesID: seriesID, on: connection)
    }

    /// Who is invited to each of these series now, to compare after a change.
    static func invitedNow(seriesIDs: [String], on connection: isolated PostgresConnection) throws -> [String: Set<String>] {
        var invited: [String: Set<String>] = [:]
        for id in seriesIDs { invited[id] = Set(try SeriesStore.invitees(seriesID: id, on: connection).map(\.id)) }
        return invited
    }
}
