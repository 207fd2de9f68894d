import CirclesDomain
import Foundation
import Postgres

/// SQL for pairing rounds, their groups and whether the groups met.
public enum PairingRoundStore {
    /// The groups of earlier rounds of a scheme: each group's round number and members.
    public static func history(schemeID: ID<PairingScheme>, on connection: isolated PostgresConnection) throws -> [(round: Int, members: [String])] {
        try connection.query("""
            SELECT r.number, array_agg(gm.person_id::text ORDER BY gm.person_id)
              FROM pairing_rounds r
              JOIN pairing_groups g ON g.round_id = r.id
              JOIN pairing_group_members gm ON gm.group_id = g.id
             WHERE r.scheme_id = \(schemeID)
             GROUP BY g.id, r.number
             ORDER BY r.number, g.id
            """).map { row in
                let (round, members) = try row.decode((Int, [String]).self)
                return (round, members)
            }
    }

    /// The latest round's number (0 before the first).
    public static func lastNumber(schemeID: ID<PairingScheme>, on connection: isolated PostgresConnection) throws -> Int {
        try connection.query("SELECT coalesce(max(number), 0) FROM pairing_rounds WHERE scheme_id = \(schemeID)")[0].decode(Int.self, at: 0)
    }

    /// A group to store: its members and each one's team.
    public struct NewGroup: Sendable {
        public let members: [(personID: String, teamID: String?)]
        public init(members: [(personID: String, teamID: String?)]) { self.members = members }
    }

    /// Adds a round and its groups; returns the round's id and the groups' ids in order.
    public static func insert(
        schemeID: ID<PairingScheme>, number: Int, seed: Int64, startsAt: Date, endsOn: PostgresDate, satOut: [String],
        groups: [NewGroup], createdBy: ID<Person>, on connection: isolated PostgresConnection
    ) throws -> (round: ID<PairingRound>, groups: [ID<PairingRound.Group>]) {
        let round = try connection.query("""
            INSERT INTO pairing_rounds (scheme_id, number, seed, starts_at, ends_on, sat_out, created_by)
            VALUES (\(schemeID), \(number), \(seed), \(startsAt), \(endsOn), \(satOut)::uuid[], \(createdBy))
            RETURNING id::text
            """)[0].decode(String.self, at: 0)
        var ids: [ID<PairingRound.Group>] = []
        for (position, group) in groups.enumerated() {
            let id = try connection.query("""
                INSERT INTO pairing_groups (round_id, position) VALUES (\(round)::uuid, \(position)) RETURNING id::text
                """)[0].decode(String.self, at: 0)
            try connection.execute("""
                INSERT INTO pairing_group_members (group_id, person_id, team_id)
                SELECT \(id)::uuid, p::uuid, nullif(t, '')::uuid
                  FROM unnest(\(group.members.map(\.personID))::text[], \(group.members.map { $0.teamID ?? "" })::text[]) AS m(p, t)
                """)
            ids.append(try ID(stored: id))
        }
        return (try ID(stored: round), ids)
    }

    /// Links a group to the follow-up on it.
    public static func setFollowUp(groupID: ID<PairingRound.Group>, followUpID: ID<FollowUp>, on connection: isolated PostgresConnection) throws {
        try connection.execute("UPDATE pairing_groups SET follow_up_id = \(followUpID) WHERE id = \(groupID)")
    }

    /// Adds the follow-up on a pair: owned by `ownerID`, due at the end of the round.
    public static func insertFollowUp(
        title: String, ownerID: ID<Person>, dueOn: PostgresDate, groupID: ID<PairingRound.Group>, actionID: ID<ActionItem>?,
        on connection: isolated PostgresConnection
    ) throws -> ID<FollowUp> {
        try ID(stored: connection.query("""
            INSERT INTO follow_ups (title, owner_id, due_on, origin_action_item_id, origin_pairing_group_id)
            VALUES (\(title), \(ownerID), \(dueOn), \(actionID), \(groupID))
            RETURNING id::text
            """)[0].decode(String.self, at: 0))
    }

    /// The round with this id, with its groups in order, if any.
    public static func find(id: ID<PairingRound>, on connection: isolated PostgresConnection) throws -> PairingRound? {
        guard let row = try connection.query("""
            SELECT r.id::text, r.scheme_id::text, s.name, r.number, r.seed, r.starts_at, r.ends_on::text,
                   coalesce((SELECT array_agg(p.id::text ORDER BY lower(p.display_name)) FROM people p WHERE p.id = ANY (r.sat_out)), '{}'),
                   coalesce((SELECT array_agg(p.display_name ORDER BY lower(p.display_name)) FROM people p WHERE p.id = ANY (r.sat_out)), '{}')
              FROM pairing_rounds r JOIN pairing_schemes s ON s.id = r.scheme_id
             WHERE r.id = \(id)
            """).first else { return nil }
        let (roundID, schemeID, schemeName, number, seed, startsAt, endsOn, satOutIDs, satOutNames) = try row.decode(
            (String, String, String, Int, Int64, Date, String, [String], [String]).self)
        var groups: [PairingRound.Group] = []
        var current: (id: String, met: Bool?, followUp: String?, members: [PairingRound.Group.Member])?
        for row in try connection.query("""
            SELECT g.id::text, g.met, g.follow_up_id::text, p.id::text, p.display_name, t.name
              FROM pairing_groups g
              JOIN pairing_group_members gm ON gm.group_id = g.id
              JOIN people p ON p.id = gm.person_id
              LEFT JOIN teams t ON t.id = gm.team_id
             WHERE g.round_id = \(id)
             ORDER BY g.position, lower(p.display_name), p.id
            """) {
            let (groupID, met, followUp, personID, name, team) = try row.decode((String, Bool?, String?, String, String, String?).self)
            let member = PairingRound.Group.Member(personID: personID, name: name, teamName: team)
            if current?.id == groupID {
                current?.members.append(member)
            } else {
                if let done = current { groups.append(.init(id: done.id, members: done.members, met: done.met, followUpID: done.followUp)) }
                current = (groupID, met, followUp, [member])
            }
        }
        if let done = current { groups.append(.init(id: done.id, members: done.members, met: done.met, followUpID: done.followUp)) }
        return PairingRound(
            id: roundID, schemeID: schemeID, schemeName: schemeName, number: number, seed: seed, startsAt: startsAt, endsOn: endsOn,
            groups: groups,
            unpaired: zip(satOutIDs, satOutNames).map { .init(personID: $0, name: $1, teamName: nil) })
    }

    /// A group's round and whether it met, if the group exists.
    public static func group(
        id: ID<PairingRound.Group>, on connection: isolated PostgresConnection
    ) throws -> (roundID: ID<PairingRound>, schemeID: ID<PairingScheme>, memberIDs: [String], met: Bool?, followUpID: String?)? {
        guard let row = try connection.query("""
            SELECT g.round_id::text, r.scheme_id::text,
                   coalesce((SELECT array_agg(person_id::text ORDER BY person_id) FROM pairing_group_members WHERE group_id = g.id), '{}'),
                   g.met, g.follow_up_id::text
              FROM pairing_groups g JOIN pairing_rounds r ON r.id = g.round_id
             WHERE g.id = \(id)
            """).first else { return nil }
        let (round, scheme, members, met, followUp) = try row.decode((String, String, [String], Bool?, String?).self)
        return (try ID(stored: round), try ID(stored: scheme), members, met, followUp)
    }

    /// Records whether a group met.
    public static func setMet(groupID: ID<PairingRound.Group>, met: Bool, on connection: isolated PostgresConnection) throws {
        try connection.execute("UPDATE pairing_groups SET met = \(met), met_recorded_at = now() WHERE id = \(groupID)")
    }

    /// The rounds of a scheme, newest first: id, number, start, groups and how many met.
    public static func rounds(
        schemeID: ID<PairingScheme>, on connection: isolated PostgresConnection
    ) throws -> [(id: String, number: Int, startsAt: Date, groups: Int, met: Int)] {
        try connection.query("""
            SELECT r.id::text, r.number, r.starts_at, count(g.id)::int, count(g.id) FILTER (WHERE g.met)::int
              FROM pairing_rounds r LEFT JOIN pairing_groups g ON g.round_id = r.id
             WHERE r.scheme_id = \(schemeID)
             GROUP BY r.id ORDER BY r.number DESC
            """).map { row in
                let (id, number, starts, groups, met) = try row.decode((String, Int, Date, Int, Int).self)
                return (id, number, starts, groups, met)
            }
    }
}
