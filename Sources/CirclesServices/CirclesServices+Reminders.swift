import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// How far ahead a meeting's invitation goes out: four weeks, so the next meeting of a
    /// monthly series is in calendars well before it.
    public static let invitationWindow: TimeInterval = 28 * 86_400

    /// How many meetings the scheduling pass plans mail for at a time: a pass over thousands of
    /// meetings never holds all their recipients in memory at once (the worker stays small).
    static let meetingsPerPlanningChunk = 200

    /// Enqueues the meeting reminders due for meetings in the next `lookahead` (at least the
    /// longest offset, 30 days). Idempotent: running it twice, or on two workers at once,
    /// enqueues each reminder once. Returns how many were new.
    public func enqueueMeetingReminders(now: Date = Date(), lookahead: TimeInterval = 31 * 86_400) async throws -> Int {
        try await pool.withTransaction { connection in
            let meetings = try OutboxStore.upcomingMeetingIDs(from: now, until: now.addingTimeInterval(lookahead), on: connection)
            var enqueued = 0
            for chunk in meetings.chunks(of: Self.meetingsPerPlanningChunk) {
                let planned = try OutboxStore.meetingRecipients(meetingIDs: chunk, on: connection).flatMap { row in
                    ReminderPlanner.reminders(
                        for: .init(meetingID: row.meetingID, startsAt: row.startsAt, personID: row.personID, offsets: row.offsets), now: now)
                }
                enqueued += try OutboxStore.enqueue(planned, on: connection)
            }
            return enqueued
        }
    }

    /// Enqueues a calendar invitation for each person invited to each meeting in the next four
    /// weeks, once per meeting, person and SEQUENCE (a moved meeting is announced by its move).
    /// Returns how many were new.
    public func enqueueInvitations(now: Date = Date()) async throws -> Int {
        try await pool.withTransaction { connection in
            try Self.enqueueInvitations(now: now, seriesID: nil, on: connection)
        }
    }

    /// The invitations for one series (or all), in the caller's transaction.
    @discardableResult
    static func enqueueInvitations(now: Date, seriesID: String?, on connection: isolated PostgresConnection) throws -> Int {
        let meetings = try OutboxStore.upcomingMeetingIDs(
            from: now, until: now.addingTimeInterval(invitationWindow), seriesID: seriesID, on: connection)
        var enqueued = 0
        for chunk in meetings.chunks(of: meetingsPerPlanningChunk) {
            let invitations = try OutboxStore.meetingInvitees(meetingIDs: chunk, on: connection).map { invitee in
                PlannedReminder(
                    idempotencyKey: .invitation(meetingID: invitee.meetingID, personID: invitee.personID, sequence: invitee.sequence),
                    kind: .invitation, recipientID: invitee.personID, occurrenceID: invitee.meetingID, dueAt: now)
            }
            enqueued += try OutboxStore.enqueue(invitations, on: connection)
        }
        return enqueued
    }

    /// Enqueues "due tomorrow" and "overdue" reminders for open follow-ups (see
    /// `FollowUpReminderPlanner`) that fall due in the next `lookahead`. Returns how many were new.
    public func enqueueFollowUpReminders(now: Date = Date(), lookahead: TimeInterval = 2 * 86_400) async throws -> Int {
        try await pool.withTransaction { connection in
            // Wide enough in UTC days for every zone: the planner decides the exact times.
            let dated = try OutboxStore.datedFollowUps(
                dueFrom: Self.utcDate(now, plusDays: -17), through: Self.utcDate(now, plusDays: 3), on: connection)
            let planned = dated.flatMap { FollowUpReminderPlanner.reminders(for: $0, now: now, lookahead: lookahead) }
            return try OutboxStore.enqueue(planned, on: connection)
        }
    }

    /// Enqueues each team lead's weekly digest (see `DigestPlanner`). Returns how many were new.
    public func enqueueDigests(now: Date = Date(), lookahead: TimeInterval = 2 * 86_400) async throws -> Int {
        try await pool.withTransaction { connection in
            let planned = try OutboxStore.teamLeads(on: connection).flatMap {
                DigestPlanner.reminders(for: $0, now: now, lookahead: lookahead)
            }
            return try OutboxStore.enqueue(planned, on: connection)
        }
    }

    /// The UTC calendar date `days` after `date`.
    static func utcDate(_ date: Date, plusDays days: Int) -> PostgresDate {
        localDate(date.addingTimeInterval(Double(days) * 86_400), zone: "UTC")
    }

    /// The calendar date at `date` in the IANA zone `zone` (UTC when the zone is unknown).
    static func localDate(_ date: Date, zone: String) -> PostgresDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        // safe: a Gregorian calendar always yields a valid year, month and day for a real instant.
        return PostgresDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)!
    }
}
