import CirclesDomain
import Foundation
import Postgres

/// SQL for meeting responses: the current answer per meeting and person, and its history.
public enum ResponseStore {
    static let columns: StaticString = """
        r.occurrence_id, r.person_id, r.answer, r.note, r.source, r.answered_at, r.itip_sequence, r.itip_dtstamp
        """

    static func response(_ row: PostgresRow) throws -> MeetingResponse {
        let (meeting, person, answer, note, source, answeredAt, sequence, stamp) =
            try row.decode((ID<Meeting>, ID<Person>, ResponseAnswer, String?, ResponseSource, Date, Int?, Date?).self)
        var ordering: ResponseOrdering?
        if let sequence, let stamp { ordering = try ResponseOrdering(sequence: sequence, timestamp: stamp) }
        return MeetingResponse(
            meetingID: meeting, personID: person, answer: answer, note: note, source: source, answeredAt: answeredAt,
            ordering: ordering)
    }

    /// The person's current answer to the meeting, locked for update when `forUpdate`.
    public static func find(
        meeting: ID<Meeting>, person: ID<Person>, forUpdate: Bool = false, on connection: isolated PostgresConnection
    ) throws -> MeetingResponse? {
        let lock: StaticString = forUpdate ? "FOR UPDATE" : ""
        return try connection.query("""
            SELECT \(literal: columns) FROM meeting_responses r
            WHERE r.occurrence_id = \(meeting) AND r.person_id = \(person) \(literal: lock)
            """).first.map(response)
    }

    /// Stores `response` as the current answer (inserting or replacing); the history row and the
    /// audit record are written by triggers.
    public static func save(_ response: MeetingResponse, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            INSERT INTO meeting_responses (occurrence_id, person_id, answer, note, source, answered_at, itip_sequence, itip_dtstamp)
            VALUES (\(response.meetingID), \(response.personID), \(response.answer.rawValue), \(response.note),
                    \(response.source.rawValue), \(response.answeredAt), \(response.ordering?.sequence), \(response.ordering?.timestamp))
            ON CONFLICT (occurrence_id, person_id) DO UPDATE
            SET answer = excluded.answer, note = excluded.note, source = excluded.source, answered_at = excluded.answered_at,
                itip_sequence = excluded.itip_sequence, itip_dtstamp = excluded.itip_dtstamp, recorded_at = now()
            """)
    }

    /// Every current answer to the meeting.
    public static func list(meeting: ID<Meeting>, on connection: isolated PostgresConnection) throws -> [MeetingResponse] {
        try connection.query("""
            SELECT \(literal: columns) FROM meeting_responses r WHERE r.occurrence_id = \(meeting)
            ORDER BY r.answered_at, r.person_id
            """).map(response)
    }

    /// Every answer the person ever gave to the meeting, oldest first.
    public static func history(
        meeting: ID<Meeting>, person: ID<Person>, on connection: isolated PostgresConnection
    ) throws -> [MeetingResponse] {
        try connection.query("""
            SELECT \(literal: columns) FROM meeting_response_history r
            WHERE r.occurrence_id = \(meeting) AND r.person_id = \(person)
            ORDER BY r.id
            """).map(response)
    }

    /// Holds, until the transaction ends, the lock that serialises answers for one meeting and person,
    /// so two replies arriving together are compared one after the other.
    public static func lock(meeting: ID<Meeting>, person: ID<Person>, on connection: isolated PostgresConnection) throws {
        let key = "meeting-response:\(meeting):\(person)"
        _ = try connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)::text || current_schema()))")
    }

    /// Whether the person is invited to the series right now (an active attendee, or a member of a
    /// whole-team series).
    public static func isInvited(
        series: ID<MeetingSeries>, person: ID<Person>, on connection: isolated PostgresConnection
    ) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (SELECT 1 FROM series_invitees WHERE series_id = \(series) AND person_id = \(person))
            """)[0].decode(Bool.self, at: 0)
    }
}
