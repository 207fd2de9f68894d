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

    /// Holds, until the transaction ends, the locks `lock(meeting:person:)` takes, for many pairs
    /// (in one order, sorted, so two writers of batches cannot wait for each other), then reads
    /// the context of each pair, in the order given: two statements in one round trip.
    public static func lockedContexts(
        pairs: [(meeting: ID<Meeting>, person: ID<Person>)], on connection: isolated PostgresConnection
    ) throws -> [AnswerContext] {
        let keys = Set(pairs.map { "meeting-response:\($0.meeting):\($0.person)" }).sorted()
        let meetings = pairs.map(\.meeting.description), people = pairs.map(\.person.description)
        let results = try connection.pipeline([
            "SELECT pg_advisory_xact_lock(hashtext(k || current_schema())) FROM unnest(\(keys)::text[]) AS k",
            """
            SELECT p.email, coalesce(p.active, false), o.status, o.starts_at, s.id IS NOT NULL,
                   o.facilitator_id IS NOT DISTINCT FROM i.person_id AND o.facilitator_id IS NOT NULL,
                   -- series_invitees, spelt out: two index probes instead of a UNION per row
                   coalesce(p.active, false)
                       AND (EXISTS (SELECT 1 FROM series_attendees a WHERE a.series_id = o.series_id AND a.person_id = i.person_id)
                            OR (s.include_whole_team
                                AND EXISTS (SELECT 1 FROM team_memberships m WHERE m.team_id = s.team_id AND m.person_id = i.person_id))),
                   \(literal: columns)
            FROM unnest(\(meetings)::uuid[], \(people)::uuid[]) WITH ORDINALITY AS i(meeting_id, person_id, n)
            LEFT JOIN people p ON p.id = i.person_id
            LEFT JOIN occurrences o ON o.id = i.meeting_id
            LEFT JOIN series s ON s.id = o.series_id
            LEFT JOIN meeting_responses r ON r.occurrence_id = i.meeting_id AND r.person_id = i.person_id
            ORDER BY i.n
            """,
        ])
        return try results[1].map { row in
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

    /// One answer to store with who gave it, for `save(_:action:on:)`.
    public struct AuditedAnswer: Sendable {
        /// The answer.
        public let response: MeetingResponse
        /// Who the audit record and the history name as having recorded it.
        public let actor: ID<Person>
        /// The audit record's actor label (`circles.actor`), e.g. `link:sam@example.org`.
        public let actorLabel: String

        /// An answer given by `actor`, labelled `actorLabel`.
        public init(_ response: MeetingResponse, actor: ID<Person>, actorLabel: String) {
            self.response = response
            self.actor = actor
            self.actorLabel = actorLabel
        }
    }

    /// `save(_:on:)` for many answers at once, each audited as who gave it: one statement for all
    /// (one more for each time a meeting and person come again: statement k holds the k-th answer
    /// of each pair, so a later answer follows an earlier one), whose audit records and history
    /// rows are written per statement (migration 0015), each naming its own actor through
    /// `circles.row_actors`; `circles.action` is `action` for the rest of the transaction.
    /// `recorded_at` is each row's own clock, so two answers of one person to one meeting are two
    /// recordings, each with its history row (0011b). The statements go in one round trip.
    ///
    /// With `committing`, they also commit the caller's transaction in that round trip
    /// (`executeCommitting`): the audit chain's head, which every audited write waits for, is then
    /// held no longer than the statements run. Nothing may follow them then.
    public static func save(
        _ answers: [AuditedAnswer], action: String, committing: Bool = false, on connection: isolated PostgresConnection
    ) throws {
        let statements = try saving(answers, action: action)
        if committing {
            try connection.executeCommitting(statements)
        } else if !statements.isEmpty {
            _ = try connection.pipeline(statements)
        }
    }

    /// The statements `save(_:action:committing:on:)` runs, for a caller that sends them with
    /// statements of its own (in this order, in one transaction); none for no answers.
    public static func saving(_ answers: [AuditedAnswer], action: String) throws -> [PostgresQuery] {
        var rounds: [[BatchRow]] = []
        var answered: [String: Int] = [:]
        for answer in answers {
            let pair = "\(answer.response.meetingID)/\(answer.response.personID)"
            let round = answered[pair, default: 0]
            answered[pair] = round + 1
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(BatchRow(rounds[round].count + 1, answer))
        }
        return try rounds.map { try statement(saving: $0, action: action) }
    }

    /// One row of a batch statement, as JSON (`jsonb_to_recordset`); times in PostgreSQL's text form.
    struct BatchRow: Encodable {
        let n: Int
        let occurrenceID: String, personID: String, answer: String, note: String?, source: String
        let answeredAt: String?, itipSequence: Int?, itipDtstamp: String?
        let actorID: String, actor: String

        init(_ n: Int, _ answer: AuditedAnswer) {
            let response = answer.response
            self.n = n
            occurrenceID = response.meetingID.description
            personID = response.personID.description
            self.answer = response.answer.rawValue
            note = response.note
            source = response.source.rawValue
            answeredAt = response.answeredAt.postgresText
            itipSequence = response.ordering?.sequence
            itipDtstamp = response.ordering?.timestamp.postgresText
            actorID = answer.actor.description
            actor = answer.actorLabel
        }

        enum CodingKeys: String, CodingKey {
            case n, answer, note, source, actor
            case occurrenceID = "occurrence_id", personID = "person_id", answeredAt = "answered_at"
            case itipSequence = "itip_sequence", itipDtstamp = "itip_dtstamp", actorID = "actor_id"
        }
    }

    /// The statement that saves `rows`, whose meetings and people are all different.
    private static func statement(saving rows: [BatchRow], action: String) throws -> PostgresQuery {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let json = String(decoding: try encoder.encode(rows), as: UTF8.self)
        return """
            WITH r AS MATERIALIZED (
                SELECT * FROM jsonb_to_recordset(\(json)::jsonb)
                    AS r(n integer, occurrence_id uuid, person_id uuid, answer text, note text, source text,
                         answered_at timestamptz, itip_sequence integer, itip_dtstamp timestamptz, actor_id uuid, actor text)
            ), audit AS (
                SELECT set_config('circles.row_actors', jsonb_object_agg(r.occurrence_id || '/' || r.person_id,
                           jsonb_build_object('n', r.n, 'actor_id', r.actor_id, 'actor', r.actor))::text, true) AS row_actors,
                       set_config('circles.action', \(action), true) AS action
                FROM r
            )
            INSERT INTO meeting_responses (occurrence_id, person_id, answer, note, source, answered_at, itip_sequence, itip_dtstamp,
                                           recorded_at)
            SELECT r.occurrence_id, r.person_id, r.answer, r.note, r.source, r.answered_at, r.itip_sequence, r.itip_dtstamp,
                   clock_timestamp()
            FROM r CROSS JOIN audit
            ORDER BY r.n
            ON CONFLICT (occurrence_id, person_id) DO UPDATE
            SET answer = excluded.answer, note = excluded.note, source = excluded.source, answered_at = excluded.answered_at,
                itip_sequence = excluded.itip_sequence, itip_dtstamp = excluded.itip_dtstamp, recorded_at = excluded.recorded_at
            """
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
