import CirclesDomain
import Matching

/// Decides a buddy round: who is grouped with whom. Pure: the same members, history, exclusions
/// and seed always give the same groups.
///
/// The graph offers every pair of members except the hard exclusions (either person's own list, a
/// lead with someone in a team they lead, pairs an administrator forbade) and, for a cross-team
/// scheme, two people who share a team. Weights come from `policy`; the matching is exact
/// (maximum cardinality first, then maximum weight); the odd person out joins the pair that makes
/// the cheapest trio, or sits out when the scheme says so (or no trio respects the exclusions).
struct PairingRoundPlanner {
    /// One person in the round: a stable id, their teams, and the round they joined in.
    struct Member: Hashable {
        let id: String
        let teamIDs: [String]
        let joinedRound: Int
    }

    /// What the round decided: groups of member ids (pairs and trios), and who sat out.
    struct Plan: Equatable {
        let groups: [[String]]
        let satOut: [String]
    }

    /// The weights for scheme rounds. A repeat loses far more than any waiting bonus or tie-break
    /// can give back while it fades (over a year of weekly rounds), so a pair meets again only
    /// when every alternative is blocked; waiting counts for more than the tie-break, so the same
    /// person does not sit out twice in a row when numbers are odd.
    static func policy(blockedRounds: Int) -> PairWeightPolicy {
        PairWeightPolicy(
            baseWeight: 100_000, waitingBonusPerRound: 5_000, maximumWaitingRounds: 6, repeatPenalty: 80_000,
            penaltyFadeRounds: 52, blockedRounds: blockedRounds, jitter: 100)
    }

    let round: Int
    let members: [Member]
    let history: [PastGroup]
    let exclusions: Set<PersonPair>
    let crossTeams: Bool
    let trios: Bool
    let blockedRounds: Int
    let seed: UInt64

    func plan() throws -> Plan {
        let members = self.members.sorted { $0.id < $1.id }
        var excluded = exclusions
        if crossTeams {
            for (i, a) in members.enumerated() {
                for b in members[(i + 1)...] where !Set(a.teamIDs).isDisjoint(with: b.teamIDs) {
                    excluded.insert(PersonPair(a.id, b.id))
                }
            }
        }
        let edges = Self.policy(blockedRounds: blockedRounds).edges(
            round: round, members: members.map { PairingMember(id: $0.id, joinedRound: $0.joinedRound) },
            history: PairingHistory(groups: history), exclusions: excluded, seed: seed)
        let matching = try MaximumWeightMatching.solve(vertexCount: members.count, edges: edges, maxCardinality: true)
        var groups = matching.pairs.map { [$0.first, $0.second] }
        var placed = Set(groups.joined())
        if trios {
            for trio in OddPersonOut.trios(for: matching, edges: edges) {
                guard let index = groups.firstIndex(of: [trio.pair.first, trio.pair.second]) else { continue }
                groups[index].append(trio.third)
                placed.insert(trio.third)
            }
        }
        let named = groups.map { $0.map { members[$0].id } }
        let satOut = members.indices.filter { !placed.contains($0) }.map { members[$0].id }
        return Plan(groups: named, satOut: satOut)
    }
}
