import CirclesDomain
import Foundation
import Postgres

/// What a pair's introduction may say, read when it is sent: the scheme, the round's suggested
/// time and end, and who is in the group (names, addresses, teams). Never exclusions.
public struct PairIntroductionFacts: Sendable, Hashable {
    public struct Member: Sendable, Hashable {
        public let id: String
        public let name: String
        public let email: String
        public let teamName: String?
    }

    public let groupID: String
    public let schemeName: String
    public let isMentoring: Bool
    public let roundNumber: Int
    public let startsAt: Date
    public let timeZone: String
    public let endsOn: String
    public let members: [Member]
    /// Whether the group already recorded that it met (or could not).
    public let met: Bool?

    /// The facts for the group a pair follow-up is about, if it still exists.
    public static func read(followUpID: ID<FollowUp>, on connection: isolated PostgresConnection) throws -> PairIntroductionFacts? {
        guard let row = try connection.query("""
            SELECT g.id::text, s.name, s.kind = 'mentoring', r.number, r.starts_at, s.tzid, r.ends_on::text, g.met
              FROM follow_ups f
              JOIN pairing_groups g ON g.id = f.origin_pairing_group_id
              JOIN pairing_rounds r ON r.id = g.round_id
              JOIN pairing_schemes s ON s.id = r.scheme_id
             WHERE f.id = \(followUpID)
            """).first else { return nil }
        let (groupID, scheme, mentoring, number, startsAt, zone, endsOn, met) = try row.decode(
            (String, String, Bool, Int, Date, String, String, Bool?).self)
        let members = try connection.query("""
            SELECT p.id::text, p.display_name, p.email, t.name
              FROM pairing_group_members gm JOIN people p ON p.id = gm.person_id LEFT JOIN teams t ON t.id = gm.team_id
             WHERE gm.group_id = \(groupID)::uuid
             ORDER BY lower(p.display_name), p.id
            """).map { row in
                let (id, name, email, team) = try row.decode((String, String, String, String?).self)
                return Member(id: id, name: name, email: email, teamName: team)
            }
        return PairIntroductionFacts(
            groupID: groupID, schemeName: scheme, isMentoring: mentoring, roundNumber: number, startsAt: startsAt, timeZone: zone,
            endsOn: endsOn, members: members, met: met)
    }
}
