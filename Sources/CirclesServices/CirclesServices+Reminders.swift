import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// Enqueues the meeting reminders due for meetings in the next `lookahead` (at least the
    /// longest offset, 30 days). Idempotent: running it twice, or on two workers at once,
    /// enqueues each reminder once. Returns how many were new.
    public func enqueueMeetingReminders(now: Date = Date(), lookahead: TimeInterval = 31 * 86_400) async throws -> Int {
        try await pool.withTransaction { connection in
            let recipients = try OutboxStore.meetingRecipients(from: now, until: now.addingTimeInterval(lookahead), on: connection)
            let planned = recipients.flatMap { row in
                ReminderPlanner.reminders(
                    for: .init(meetingID: row.meetingID, startsAt: row.startsAt, personID: row.personID, offsets: row.offsets), now: now)
            }
            return try OutboxStore.enqueue(planned, on: connection)
        }
    }
}
