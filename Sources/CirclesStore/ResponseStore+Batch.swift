import CirclesDomain
import Foundation
import Postgres

extension ResponseStore {
    /// What deciding one answer needs, read for many (meeting, person) pairs in one statement.
    public struct AnswerContext: Sendable {
        /// The person's email, or nil when there is no such person.
        public let personEmail: String?
        /// Whether the person is active.
        public let personActive: Bool
        /// The meeting's status and start, or nil when there is no such meeting (or series).
        public let meeting: (status: OccurrenceStatus, startsAt: Date)?
        /// Whether the person facilitates the meeting.
        public let facilitates: Bool
        /// Whether the person is invited to the meeting's series right now.
        public let invited: Bool
        /// The answer held now, if any.
        public let held: MeetingResponse?
    }

    /// Holds, until the transaction ends, the locks `lock(meeting:person:)` takes, for many pairs,
    /// in one order (sorted), so two writers of batches cannot wait for each other.
    public static func lock(pairs: [(meeting: ID<Meeting>, person: ID<Person>)], on connection: isolated PostgresConnection) throws {
        let keys = Set(pairs.map { "meeting-response:\($0.meeting):\($0.person)" }).sorted()
        _ = try connection.query("""
            SELECT pg_advisory_xact_lock(hashtext(k || current_schema())) FROM unnest(\(keys)::text[]) AS k
            """)
    }

    /// The context of each pair, in the order given.
    public static func contexts(
        pairs: [(meeting: ID<Meeting>, person: ID<Person>)], on connection: isolated PostgresConnection
    ) throws -> [AnswerContext] {
        let meetings = pairs.map(\.meeting.description), people = pairs.map(\.person.description)
        let rows = try connection.query("""
            SELECT p.email, coalesce(p.active, false), o.status, o.starts_at, s.id IS NOT NULL,
                   o.facilitator_id IS NOT DISTINCT FROM i.person_id AND o.facilitator_id IS NOT NULL,
                   EXISTS (SELECT 1 FROM series_invitees v WHERE v.series_id = o.series_id AND v.person_id = i.person_id),
                   \(literal: columns)
            FROM unnest(\(meetings)::uuid[], \(people)::uuid[]) WITH ORDINALITY AS i(meeting_id, person_id, n)
            LEFT JOIN people p ON p.id = i.person_id
            LEFT JOIN occurrences o ON o.id = i.meeting_id
            LEFT JOIN series s ON s.id = o.series_id
            LEFT JOIN meeting_responses r ON r.occurrence_id = i.meeting_id AND r.person_id = i.person_id
            ORDER BY i.n
            """)
        return try rows.map { row in
            let email = try row.decode(String?.self, at: 0)
            let status = try row.decode(OccurrenceStatus?.self, at: 2), startsAt = try row.decode(Date?.self, at: 3)
            let seriesFound = try row.decode(Bool.self, at: 4)
            var meeting: (status: OccurrenceStatus, startsAt: Date)?
            if let status, let startsAt, seriesFound { meeting = (status, startsAt) }
            var held: MeetingResponse?
            if try row.decode(ID<Meeting>?.self, at: 7) != nil { held = try response(row, from: 7) }
            return AnswerContext(
                personEmail: email, personActive: try row.decode(Bool.self, at: 1), meeting: meeting,
                facilitates: try row.decode(Bool.self, at: 5), invited: try row.decode(Bool.self, at: 6), held: held)
        }
    }

    /// `save(_:on:)` with the audit context of the answer's own person in the same statement, so
    /// the answers of a batch are each audited as who gave them (`circles.actor_id` and
    /// `circles.actor` set for the rest of the transaction, as `setAuditContext` does).
    /// `recorded_at` is the statement's clock, not the transaction's: two answers of one person to
    /// one meeting in the same batch are two recordings, each with its history row (0011b).
    public static func save(
        _ response: MeetingResponse, auditedAs actorLabel: String, action: String, on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            WITH audit AS (
                SELECT set_config('circles.actor_id', \(response.personID.description), true),
                       set_config('circles.actor', \(actorLabel), true),
                       set_config('circles.action', \(action), true)
            )
            INSERT INTO meeting_responses (occurrence_id, person_id, answer, note, source, answered_at, itip_sequence, itip_dtstamp,
                                           recorded_at)
            SELECT \(response.meetingID)::uuid, \(response.personID)::uuid, \(response.answer.rawValue)::text, \(response.note)::text,
                   \(response.source.rawValue)::text, \(response.answeredAt)::timestamptz, \(response.ordering?.sequence)::integer,
                   \(response.ordering?.timestamp)::timestamptz, clock_timestamp()
            FROM audit
            ON CONFLICT (occurrence_id, person_id) DO UPDATE
            SET answer = excluded.answer, note = excluded.note, source = excluded.source, answered_at = excluded.answered_at,
                itip_sequence = excluded.itip_sequence, itip_dtstamp = excluded.itip_dtstamp, recorded_at = excluded.recorded_at
            """)
    }

    /// A response from `row`'s columns `columns`, starting at `first`.
    static func response(_ row: PostgresRow, from first: Int) throws -> MeetingResponse {
        let sequence = try row.decode(Int?.self, at: first + 6), stamp = try row.decode(Date?.self, at: first + 7)
        var ordering: ResponseOrdering?
        if let sequence, let stamp { ordering = try ResponseOrdering(sequence: sequence, timestamp: stamp) }
        return MeetingResponse(
            meetingID: try row.decode(ID<Meeting>.self, at: first), personID: try row.decode(ID<Person>.self, at: first + 1),
            answer: try row.decode(ResponseAnswer.self, at: first + 2), note: try row.decode(String?.self, at: first + 3),
            source: try row.decode(ResponseSource.self, at: first + 4), answeredAt: try row.decode(Date.self, at: first + 5),
            ordering: ordering)
    }
}
