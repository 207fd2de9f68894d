import CirclesDomain
import Foundation
import Postgres

extension ProgressStore {
    /// The teams with their pairing figures up to each team's cutoff: groups of rounds run by then
    /// that included one of its members (by the team they were grouped from), those rounds, how many said they met,
    /// and how many joined two people grouped before in an earlier round of the same scheme.
    static func peerPairs(
        _ p: Parameters, teams: [ProgressFacts.Team], on connection: isolated PostgresConnection
    ) throws -> [ProgressFacts.Team] {
        var figures: [String: PeerPairFigures] = [:]
        for row in try connection.query("""
            WITH scope AS MATERIALIZED (
                SELECT t.id AS team_id, c.cutoff
                FROM teams t
                CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                    ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
                WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            ),
            team_groups AS (
                -- Rounds run by the cutoff; a group counts as met if it said so by then.
                SELECT DISTINCT sc.team_id, g.id AS group_id, coalesce(g.met AND g.met_recorded_at < sc.cutoff, false) AS met,
                       r.id AS round_id, r.scheme_id, r.number
                FROM scope sc
                JOIN pairing_group_members gm ON gm.team_id = sc.team_id
                JOIN pairing_groups g ON g.id = gm.group_id
                JOIN pairing_rounds r ON r.id = g.round_id AND r.created_at < sc.cutoff
            )
            SELECT tg.team_id::text, count(DISTINCT tg.round_id)::int, count(*)::int, count(*) FILTER (WHERE tg.met)::int,
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1
                       FROM pairing_group_members a
                       JOIN pairing_group_members b ON b.group_id = a.group_id AND a.person_id < b.person_id
                       JOIN pairing_group_members a2 ON a2.person_id = a.person_id
                       JOIN pairing_group_members b2 ON b2.group_id = a2.group_id AND b2.person_id = b.person_id
                       JOIN pairing_groups g2 ON g2.id = a2.group_id
                       JOIN pairing_rounds r2 ON r2.id = g2.round_id AND r2.scheme_id = tg.scheme_id AND r2.number < tg.number
                       WHERE a.group_id = tg.group_id))::int
            FROM team_groups tg
            GROUP BY tg.team_id
            """) {
            let (team, rounds, matched, met, repeats) = try row.decode((String, Int, Int, Int, Int).self)
            figures[team] = PeerPairFigures(rounds: rounds, pairsMatched: matched, pairsMet: met, repeats: repeats)
        }
        return teams.map { team in
            var team = team
            team.peerPairs = figures[team.id] ?? PeerPairFigures()
            return team
        }
    }
}
