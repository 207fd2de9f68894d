import CirclesDomain
import Foundation
import Postgres

/// SQL for mentors and mentoring pairs.
public enum MentoringStore {
    /// Adds a mentor to a scheme or changes their capacity.
    public static func setMentor(
        schemeID: ID<PairingScheme>, personID: ID<Person>, capacity: Int, on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            INSERT INTO pairing_mentors (scheme_id, person_id, capacity) VALUES (\(schemeID), \(personID), \(capacity))
            ON CONFLICT (scheme_id, person_id) DO UPDATE SET capacity = excluded.capacity
            """)
    }

    /// A scheme's mentors (active people only): id, name, teams, capacity and mentees they have now.
    public static func mentors(
        schemeID: ID<PairingScheme>, on connection: isolated PostgresConnection
    ) throws -> [(personID: String, name: String, teamIDs: [String], capacity: Int, active: Int)] {
        try connection.query("""
            SELECT p.id::text, p.display_name,
                   coalesce((SELECT array_agg(m.team_id::text ORDER BY m.team_id) FROM team_memberships m WHERE m.person_id = p.id), '{}'),
                   pm.capacity,
                   (SELECT count(*) FROM mentoring_pairs mp WHERE mp.mentor_id = p.id AND mp.scheme_id = pm.scheme_id AND mp.ended_at IS NULL)::int
              FROM pairing_mentors pm JOIN people p ON p.id = pm.person_id
             WHERE pm.scheme_id = \(schemeID) AND p.active AND p.erased_at IS NULL
             ORDER BY p.id
            """).map { row in
                let (id, name, teams, capacity, active) = try row.decode((String, String, [String], Int, Int).self)
                return (id, name, teams, capacity, active)
            }
    }

    /// Everyone who has an active mentor now (in any scheme).
    public static func menteesWithMentor(on connection: isolated PostgresConnection) throws -> Set<String> {
        Set(try connection.query("SELECT mentee_id::text FROM mentoring_pairs WHERE ended_at IS NULL").map { try $0.decode(String.self, at: 0) })
    }

    /// Every pair a mentor and mentee have had in this scheme (ended ones included).
    public static func pastPairs(schemeID: ID<PairingScheme>, on connection: isolated PostgresConnection) throws -> [(String, String)] {
        try connection.query("""
            SELECT mentor_id::text, mentee_id::text FROM mentoring_pairs WHERE scheme_id = \(schemeID)
            """).map { try $0.decode((String, String).self) }
    }

    /// Adds a mentoring pair.
    public static func insert(
        schemeID: ID<PairingScheme>, mentorID: String, menteeID: String, groupID: ID<PairingRound.Group>,
        on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            INSERT INTO mentoring_pairs (scheme_id, mentor_id, mentee_id, group_id)
            VALUES (\(schemeID), \(mentorID)::uuid, \(menteeID)::uuid, \(groupID))
            """)
    }

    static let columns: StaticString = """
        mp.id::text, mp.scheme_id::text, mp.mentor_id::text, mentor.display_name, mp.mentee_id::text, mentee.display_name,
        (SELECT pm.started_on::text FROM pairing_memberships pm WHERE pm.scheme_id = mp.scheme_id AND pm.person_id = mp.mentee_id),
        mp.started_at, mp.ended_at, mp.end_reason
        """

    static func pair(_ row: PostgresRow) throws -> MentoringPair {
        let (id, scheme, mentorID, mentorName, menteeID, menteeName, started, startedAt, endedAt, reason) = try row.decode(
            (String, String, String, String, String, String, String?, Date, Date?, String?).self)
        return MentoringPair(
            id: id, schemeID: scheme, mentorID: mentorID, mentorName: mentorName, menteeID: menteeID, menteeName: menteeName,
            menteeStartedOn: started, startedAt: startedAt, endedAt: endedAt, endReason: reason)
    }

    /// The mentoring pair with this id, if any.
    public static func find(id: ID<MentoringPair>, on connection: isolated PostgresConnection) throws -> MentoringPair? {
        try connection.query("""
            SELECT \(literal: columns) FROM mentoring_pairs mp
              JOIN people mentor ON mentor.id = mp.mentor_id JOIN people mentee ON mentee.id = mp.mentee_id
             WHERE mp.id = \(id)
            """).first.map(pair)
    }

    /// A scheme's mentoring pairs, active first, then by start.
    public static func list(schemeID: ID<PairingScheme>, on connection: isolated PostgresConnection) throws -> [MentoringPair] {
        try connection.query("""
            SELECT \(literal: columns) FROM mentoring_pairs mp
              JOIN people mentor ON mentor.id = mp.mentor_id JOIN people mentee ON mentee.id = mp.mentee_id
             WHERE mp.scheme_id = \(schemeID)
             ORDER BY mp.ended_at IS NOT NULL, mp.started_at, lower(mentee.display_name)
            """).map(pair)
    }

    /// Ends a pair with a reason.
    public static func end(id: ID<MentoringPair>, reason: String, on connection: isolated PostgresConnection) throws {
        try connection.execute("UPDATE mentoring_pairs SET ended_at = now(), end_reason = \(reason) WHERE id = \(id) AND ended_at IS NULL")
    }
}
