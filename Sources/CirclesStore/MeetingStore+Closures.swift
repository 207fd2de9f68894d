import CirclesDomain
import Foundation
import Postgres

extension MeetingStore {
    /// An instance of a series' rule that fell on a closed day and is not held.
    public struct Skipped: Sendable, Hashable {
        public let seriesID: String
        /// The instant the rule produced (the calendar UID's RECURRENCE-ID).
        public let originalStart: Date
        /// Wall-clock start in the series' zone, ISO form.
        public let localStart: String
        /// The engine's reason: closed, no-open-day-nearby, outside-month, day-taken.
        public let skipReason: String
        /// The closure's own words, e.g. "Christmas Day".
        public let closureReason: String

        public init(seriesID: String, originalStart: Date, localStart: String, skipReason: String, closureReason: String) {
            self.seriesID = seriesID
            self.originalStart = originalStart
            self.localStart = localStart
            self.skipReason = skipReason
            self.closureReason = closureReason
        }
    }

    /// Records skipped instances (those recorded already stay as they are); returns how many were new.
    @discardableResult
    public static func insertSkipped(_ skipped: [Skipped], on connection: isolated PostgresConnection) throws -> Int {
        guard !skipped.isEmpty else { return 0 }
        return try connection.execute("""
            INSERT INTO skipped_meetings (series_id, original_start, local_start, skip_reason, closure_reason)
            SELECT series::uuid, start::timestamptz, local::timestamp, why, reason
            FROM unnest(\(skipped.map(\.seriesID))::text[], \(skipped.map { $0.originalStart.postgresText ?? "" })::text[],
                        \(skipped.map(\.localStart))::text[], \(skipped.map(\.skipReason))::text[], \(skipped.map(\.closureReason))::text[])
                AS s(series, start, local, why, reason)
            WHERE NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.series_id = s.series::uuid AND o.original_start = s.start::timestamptz)
            ON CONFLICT (series_id, original_start) DO NOTHING
            """)
    }

    /// A series' skipped instances from `from` on, by original start.
    public static func skipped(seriesID: ID<MeetingSeries>, from: Date, on connection: isolated PostgresConnection) throws -> [Date: Skipped] {
        var result: [Date: Skipped] = [:]
        for row in try connection.query("""
            SELECT series_id, original_start, local_start::text, skip_reason, closure_reason FROM skipped_meetings
            WHERE series_id = \(seriesID) AND original_start >= \(from)
            """) {
            let skipped = try Self.skipped(row)
            result[skipped.originalStart] = skipped
        }
        return result
    }

    /// Forgets skipped instances (their day opened again and they became meetings).
    public static func deleteSkipped(seriesID: ID<MeetingSeries>, originalStarts: [Date], on connection: isolated PostgresConnection) throws {
        guard !originalStarts.isEmpty else { return }
        try connection.execute("""
            DELETE FROM skipped_meetings
            WHERE series_id = \(seriesID) AND original_start = ANY(\(originalStarts.map { $0.postgresText ?? "" })::timestamptz[])
            """)
    }

    /// Skipped instances in `[from, to)` for a team, a person (as invitee) or a series, in time order.
    public static func listSkipped(_ scope: Scope, from: Date, to: Date, on connection: isolated PostgresConnection) throws -> [Skipped] {
        var team: ID<Team>?, series: ID<MeetingSeries>?, person: ID<Person>?
        switch scope {
        case .team(let id): team = id
        case .series(let id): series = id
        case .person(let id): person = id
        }
        return try connection.query("""
            SELECT k.series_id, k.original_start, k.local_start::text, k.skip_reason, k.closure_reason
            FROM skipped_meetings k JOIN series s ON s.id = k.series_id
            WHERE k.original_start >= \(from) AND k.original_start < \(to)
              AND (\(team)::uuid IS NULL OR s.team_id = \(team))
              AND (\(series)::uuid IS NULL OR k.series_id = \(series))
              AND (\(person)::uuid IS NULL
                   OR EXISTS (SELECT 1 FROM series_invitees i WHERE i.series_id = k.series_id AND i.person_id = \(person)))
            ORDER BY k.original_start, s.title
            """).map(skipped)
    }

    static func skipped(_ row: PostgresRow) throws -> Skipped {
        let (series, original, local, why, reason) = try row.decode((UUID, Date, String, String, String).self)
        return Skipped(
            seriesID: series.uuidString.lowercased(), originalStart: original, localStart: local.replacingOccurrences(of: " ", with: "T"),
            skipReason: why, closureReason: reason)
    }

    /// A series' meetings whose original start is at or after `from`, by original start.
    public static func byOriginalStart(seriesID: ID<MeetingSeries>, from: Date, on connection: isolated PostgresConnection) throws -> [Date: Meeting] {
        var result: [Date: Meeting] = [:]
        for meeting in try connection.query("""
            SELECT \(literal: columns) FROM occurrences o WHERE o.series_id = \(seriesID) AND o.original_start >= \(from)
            """).map(meeting) {
            result[meeting.originalStart] = meeting
        }
        return result
    }

    /// Puts a meeting where closures say it belongs, in one UPDATE (one SEQUENCE step): moved (or
    /// back) to `startsAt`, and scheduled again or cancelled, saying which closure decided it.
    public static func applyClosure(
        id: ID<Meeting>, localStart: String, startsAt: Date, endsAt: Date, cancelReason: String?, closureReason: String?,
        on connection: isolated PostgresConnection
    ) throws {
        let status = cancelReason == nil ? "scheduled" : "cancelled"
        try connection.execute("""
            UPDATE occurrences SET local_start = \(localStart)::timestamp, starts_at = \(startsAt), ends_at = \(endsAt),
                status = \(status), cancel_reason = \(cancelReason), closure_reason = \(closureReason)
            WHERE id = \(id)
            """)
    }
}

extension MeetingStore {
    /// After a meeting came back to a start it had before (a closure removed), its reminders for
    /// that start that were cancelled with the move are due again: their keys (which name the
    /// start) are taken, so the reminder pass cannot enqueue them afresh.
    public static func reopenReminders(meetingID: ID<Meeting>, now: Date, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            UPDATE reminder_outbox r SET state = 'pending', next_attempt_at = r.due_at, last_error = NULL
            FROM occurrences o
            WHERE o.id = \(meetingID) AND o.status = 'scheduled' AND r.occurrence_id = o.id AND r.kind = 'meeting_reminder'
              AND r.state = 'cancelled' AND r.due_at > \(now)
              AND r.idempotency_key LIKE 'meeting-reminder:%:' || extract(epoch FROM o.starts_at)::bigint::text
            """)
    }
}

extension SeriesStore {
    /// A team's active series.
    public static func active(teamID: ID<Team>, on connection: isolated PostgresConnection) throws -> [MeetingSeries] {
        try connection.query("""
            SELECT \(literal: columns) FROM series WHERE team_id = \(teamID) AND status = 'active' ORDER BY created_at, id
            """).map(series)
    }
}
