import CirclesDomain
import Foundation
import Postgres

/// Reads of the answers people gave to meetings (`meeting_responses`, migration 0011) for the
/// places answers show: the responses listing, the agenda, `meeting hold` and the digest.
public enum ResponseSummaryStore {
    /// One person invited to (or facilitating) a meeting, with their answer if they gave one.
    public struct Entry: Sendable, Hashable {
        public let personID: ID<Person>
        public let email: String
        public let name: String
        public let isFacilitator: Bool
        /// `accepted`, `declined` or `tentative`; nil when they have not answered.
        public let answer: String?
        public let note: String?
        /// `link`, `calendar` or `facilitator`.
        public let source: String?
        public let answeredAt: Date?
    }

    /// Everyone invited to the meeting's series now, and its facilitator, with their answers;
    /// people who answered but are no longer invited too. Ordered by name.
    public static func entries(meeting: ID<Meeting>, on connection: isolated PostgresConnection) throws -> [Entry] {
        try connection.query("""
            WITH m AS (SELECT id, series_id, facilitator_id FROM occurrences WHERE id = \(meeting)),
            people_of AS (
                SELECT i.person_id FROM series_invitees i JOIN m ON m.series_id = i.series_id
                UNION SELECT facilitator_id FROM m WHERE facilitator_id IS NOT NULL
                UNION SELECT r.person_id FROM meeting_responses r JOIN m ON m.id = r.occurrence_id
            )
            SELECT p.id, p.email, p.display_name, p.id = m.facilitator_id, r.answer, r.note, r.source, r.answered_at
            FROM people_of x JOIN people p ON p.id = x.person_id CROSS JOIN m
            LEFT JOIN meeting_responses r ON r.occurrence_id = m.id AND r.person_id = p.id
            ORDER BY lower(p.display_name), p.id
            """).map { row in
            Entry(
                personID: try row.decode(ID<Person>.self, at: 0), email: try row.decode(String.self, at: 1),
                name: try row.decode(String.self, at: 2), isFacilitator: try row.decode(Bool?.self, at: 3) ?? false,
                answer: try row.decode(String?.self, at: 4), note: try row.decode(String?.self, at: 5),
                source: try row.decode(String?.self, at: 6), answeredAt: try row.decode(Date?.self, at: 7))
        }
    }

    /// The people who said, before the meeting started, that they cannot come.
    public static func declinedInAdvance(meeting: ID<Meeting>, on connection: isolated PostgresConnection) throws -> Set<ID<Person>> {
        Set(try connection.query("""
            SELECT r.person_id FROM meeting_responses r JOIN occurrences o ON o.id = r.occurrence_id
            WHERE r.occurrence_id = \(meeting) AND r.answer = 'declined' AND r.answered_at <= o.starts_at
            """).map { try $0.decode(ID<Person>.self, at: 0) })
    }
}
