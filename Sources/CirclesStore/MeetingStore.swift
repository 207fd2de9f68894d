import CirclesDomain
import Foundation
import Postgres

/// SQL for materialised meetings (occurrences) and attendance.
public enum MeetingStore {
    static let columns: StaticString = """
        o.id, o.series_id, o.original_start, o.local_start::text, o.starts_at, o.ends_at, o.status, o.moved_from,
        o.cancel_reason, o.facilitator_id, o.sequence, o.closure_reason
        """

    static func meeting(_ row: PostgresRow) throws -> Meeting {
        let (id, series, original, local, starts, ends, status) = try row.decode((UUID, UUID, Date, String, Date, Date, OccurrenceStatus).self)
        var meeting = Meeting(
            id: id.uuidString.lowercased(), seriesID: series.uuidString.lowercased(), originalStart: original,
            localStart: local.replacingOccurrences(of: " ", with: "T"), startsAt: starts, endsAt: ends,
            status: status, movedFrom: try row.decode(Date?.self, at: 7),
            cancelReason: try row.decode(String?.self, at: 8),
            facilitatorID: try row.decode(UUID?.self, at: 9)?.uuidString.lowercased(), sequence: try row.decode(Int.self, at: 10))
        meeting.closureReason = try row.decode(String?.self, at: 11)
        return meeting
    }

    /// A meeting to create: one instance of a series' rule.
    public struct Planned: Sendable, Hashable {
        public let seriesID: String
        public let originalStart: Date
        public let localStart: String
        public let endsAt: Date
        public let facilitatorID: String?
        /// Where it starts, when a closure moved it off `originalStart`.
        public var startsAt: Date
        /// Why a closure moved it ("Christmas Day"), or nil.
        public var closureReason: String?

        public init(
            seriesID: String, originalStart: Date, localStart: String, endsAt: Date, facilitatorID: String?, startsAt: Date? = nil,
            closureReason: String? = nil
        ) {
            self.seriesID = seriesID
            self.originalStart = originalStart
            self.localStart = localStart
            self.endsAt = endsAt
            self.facilitatorID = facilitatorID
            self.startsAt = startsAt ?? originalStart
            self.closureReason = closureReason
        }
    }

    /// Creates the planned meetings that do not exist yet, in one statement; returns how many were new.
    /// A meeting at the series and original start of one withdrawn from calendars (see
    /// `withdrawn_meetings`) starts from the SEQUENCE after the last one people were sent.
    @discardableResult
    public static func insert(_ planned: [Planned], on connection: isolated PostgresConnection) throws -> Int {
        guard !planned.isEmpty else { return 0 }
        if planned.count > 1_000 { return try insertStaged(planned, on: connection) }
        let starts = planned.map { $0.originalStart.postgresText ?? "" }
        return try connection.execute("""
            INSERT INTO occurrences (series_id, original_start, local_start, starts_at, ends_at, facilitator_id, sequence, closure_reason)
            SELECT series::uuid, start::timestamptz, local::timestamp, moved::timestamptz, ends::timestamptz, nullif(facilitator, '')::uuid,
                   coalesce(w.last_sequence + 1, 0), nullif(reason, '')
            FROM unnest(\(planned.map(\.seriesID))::text[], \(starts)::text[], \(planned.map(\.localStart))::text[],
                        \(planned.map { $0.endsAt.postgresText ?? "" })::text[], \(planned.map { $0.facilitatorID ?? "" })::text[],
                        \(planned.map { $0.startsAt.postgresText ?? "" })::text[], \(planned.map { $0.closureReason ?? "" })::text[])
                AS p(series, start, local, ends, facilitator, moved, reason)
            LEFT JOIN withdrawn_meetings w ON w.series_id = p.series::uuid AND w.original_start = p.start::timestamptz
            ON CONFLICT (series_id, original_start) DO NOTHING
            """)
    }

    /// Large batches are COPYed into a session-private staging table and inserted from there.
    private static func insertStaged(_ planned: [Planned], on connection: isolated PostgresConnection) throws -> Int {
        try connection.execute("""
            CREATE TEMP TABLE IF NOT EXISTS occurrences_staging (
                series_id uuid, original_start timestamptz, local_start timestamp, ends_at timestamptz, facilitator_id uuid,
                starts_at timestamptz, closure_reason text
            )
            """)
        try connection.execute("TRUNCATE occurrences_staging")
        try connection.copyFrom("COPY occurrences_staging FROM STDIN") { writer in
            for meeting in planned {
                try writer.append(fields: [
                    meeting.seriesID, meeting.originalStart.postgresText, meeting.localStart, meeting.endsAt.postgresText,
                    meeting.facilitatorID, meeting.startsAt.postgresText, meeting.closureReason,
                ])
            }
        }
        let inserted = try connection.execute("""
            INSERT INTO occurrences (series_id, original_start, local_start, starts_at, ends_at, facilitator_id, sequence, closure_reason)
            SELECT p.series_id, p.original_start, p.local_start, p.starts_at, p.ends_at, p.facilitator_id,
                   coalesce(w.last_sequence + 1, 0), p.closure_reason
            FROM occurrences_staging p
            LEFT JOIN withdrawn_meetings w ON w.series_id = p.series_id AND w.original_start = p.original_start
            ON CONFLICT (series_id, original_start) DO NOTHING
            """)
        try connection.execute("TRUNCATE occurrences_staging")
        return inserted
    }

    /// Which meetings to list.
    public enum Scope: Sendable {
        case team(ID<Team>)
        case person(ID<Person>)
        case series(ID<MeetingSeries>)
    }

    /// Meetings starting in `[from, to)`, in time order, for a team, a person (as invitee or facilitator) or a series.
    public static func list(_ scope: Scope, from: Date, to: Date, on connection: isolated PostgresConnection) throws -> [Meeting] {
        var team: ID<Team>?, series: ID<MeetingSeries>?, person: ID<Person>?
        switch scope {
        case .team(let id): team = id
        case .series(let id): series = id
        case .person(let id): person = id
        }
        // One statement for every scope: the unused filters are NULL. The CLI runs it on a
        // fresh session, where PostgreSQL plans for the actual values.
        let query: PostgresQuery = """
            SELECT \(literal: columns) FROM occurrences o JOIN series s ON s.id = o.series_id
            WHERE o.starts_at >= \(from) AND o.starts_at < \(to)
              AND (\(team)::uuid IS NULL OR s.team_id = \(team))
              AND (\(series)::uuid IS NULL OR o.series_id = \(series))
              AND (\(person)::uuid IS NULL OR o.facilitator_id = \(person)
                   OR EXISTS (SELECT 1 FROM series_invitees i WHERE i.series_id = o.series_id AND i.person_id = \(person)))
            ORDER BY o.starts_at, s.title
            """
        return try connection.query(query).map(meeting)
    }

    /// The meeting with this identifier, if any.
    public static func find(id: ID<Meeting>, on connection: isolated PostgresConnection) throws -> Meeting? {
        try connection.query("SELECT \(literal: columns) FROM occurrences o WHERE o.id = \(id)").first.map(meeting)
    }

    /// Cancels a meeting with a reason.
    public static func cancel(id: ID<Meeting>, reason: String, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            UPDATE occurrences SET status = 'cancelled', cancel_reason = \(reason) WHERE id = \(id)
            """)
    }

    /// Moves a meeting to a new start (and end); the database keeps where it was.
    public static func move(id: ID<Meeting>, localStart: String, startsAt: Date, endsAt: Date, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            UPDATE occurrences SET local_start = \(localStart)::timestamp, starts_at = \(startsAt), ends_at = \(endsAt)
            WHERE id = \(id)
            """)
    }

    /// Records a meeting as held with attendance and short notes.
    public static func hold(
        id: ID<Meeting>, notes: String?, attendance: [(personID: ID<Person>, status: AttendanceStatus)], on connection: isolated PostgresConnection
    ) throws {
        let meeting = id
        try connection.execute("UPDATE occurrences SET status = 'held', notes = \(notes) WHERE id = \(meeting)")
        try connection.execute("""
            INSERT INTO attendance (occurrence_id, person_id, status)
            SELECT \(meeting), person::uuid, status
            FROM unnest(\(attendance.map(\.personID.description))::text[], \(attendance.map(\.status.rawValue))::text[]) AS a(person, status)
            ON CONFLICT (occurrence_id, person_id) DO UPDATE SET status = excluded.status, recorded_at = now()
            """)
    }

    /// Attendance recorded for a meeting, by person identifier.
    public static func attendance(meetingID: ID<Meeting>, on connection: isolated PostgresConnection) throws -> [String: AttendanceStatus] {
        var result: [String: AttendanceStatus] = [:]
        for row in try connection.query("SELECT person_id, status FROM attendance WHERE occurrence_id = \(meetingID)") {
            let (person, status) = try row.decode((UUID, AttendanceStatus).self)
            result[person.uuidString.lowercased()] = status
        }
        return result
    }
}

extension MeetingStore {
    /// Local dates (in the series' zone) of the meetings kept from `from` on — held, cancelled or
    /// moved — so that regenerating a changed series does not put a second meeting on those days.
    public static func keptDates(seriesID: ID<MeetingSeries>, from: Date, on connection: isolated PostgresConnection) throws -> Set<String> {
        Set(try connection.query("""
            SELECT ((o.original_start AT TIME ZONE s.tzid)::date)::text
            FROM occurrences o JOIN series s ON s.id = o.series_id
            WHERE o.series_id = \(seriesID) AND o.original_start >= \(from)
            """).map { try $0.decode(String.self, at: 0) })
    }
}
