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
        var notices: [PlannedReminder] = []
        for person in previouslyInvited.subtracting(current).sorted() {
            for meetingID in try OutboxStore.withdrawInvitations(personID: person, seriesID: seriesID, after: now, on: connection) {
                guard let meeting = try MeetingStore.find(id: meetingID, on: connection) else { continue }
                notices.append(PlannedReminder(
                    idempotencyKey: .cancellation(meetingID: meeting.id, personID: person, sequence: meeting.sequence), kind: .cancellation,
                    recipientID: person, occurrenceID: meeting.id, dueAt: now))
            }
        }
        try OutboxStore.enqueue(notices, on: connection)
        try enqueueInvitations(now: now, seriesID: seriesID, on: connection)
    }

    /// After a series change deleted meetings (see `MeetingStore.deleteUntouchedFuture`), in the
    /// same transaction: each announced meeting that the series no longer has at the same original
    /// start — the same calendar event — is withdrawn from the calendars of everyone who was
    /// invited, by a cancellation one SEQUENCE above theirs, saying `reason`. One the series has
    /// again was inserted with a higher SEQUENCE already, and its invitation updates the event.
    static func withdrawFromCalendars(
        _ removed: [MeetingStore.Withdrawn], reason: String, now: Date, on connection: isolated PostgresConnection
    ) throws {
        var notices: [PlannedReminder] = []
        for (seriesID, removedFromSeries) in Dictionary(grouping: removed, by: \.meeting.seriesID) {
            let back = try MeetingStore.originalStarts(
                seriesID: seriesID, among: removedFromSeries.map(\.meeting.originalStart), on: connection)
            var cancelledSequences: [(originalStart: Date, sequence: Int)] = []
            for withdrawn in removedFromSeries where !back.contains(withdrawn.meeting.originalStart) {
                var cancelled = withdrawn.meeting
                cancelled.status = .cancelled
                cancelled.cancelReason = reason
                cancelled.sequence += 1
                cancelledSequences.append((cancelled.originalStart, cancelled.sequence))
                notices += withdrawn.invitedIDs.map { person in
                    PlannedReminder(
                        idempotencyKey: .cancellation(meetingID: cancelled.id, personID: person, sequence: cancelled.sequence), kind: .cancellation,
                        recipientID: person, dueAt: now, withdrawnMeeting: cancelled)
                }
            }
            try MeetingStore.recordWithdrawn(seriesID: seriesID, sequences: cancelledSequences, on: connection)
        }
        try OutboxStore.enqueue(notices, on: connection)
    }

    /// Who is invited to each of these series now, to compare after a change.
    static func invitedNow(seriesIDs: [String], on connection: isolated PostgresConnection) throws -> [String: Set<String>] {
        var invited: [String: Set<String>] = [:]
        for id in seriesIDs { invited[id] = Set(try SeriesStore.invitees(seriesID: id, on: connection).map(\.id)) }
        return invited
    }
}
