import Matching
import SeededRandom
import Testing

@Suite("rounds of pairs built from the policy, the matcher and trios")
struct RoundSimulationTests {
    @Test("26 rounds of 41 people with exclusions: exclusions never broken, no blocked pair grouped, everyone placed every round, no repeat in the first 12 rounds")
    func twentySixRounds() throws {
        var random = SplitMix64(seed: 26)
        let members = (0..<41).map { PairingMember(id: "person-\($0)", joinedRound: 1) }
        var exclusions = Set<PersonPair>()
        while exclusions.count < 60 {
            let a = random.below(41)
            let b = random.below(41)
            if a != b { exclusions.insert(PersonPair(members[a].id, members[b].id)) }
        }
        let policy = PairWeightPolicy()
        var groups: [PastGroup] = []
        var repeats = 0
        for round in 1...26 {
            let history = PairingHistory(groups: groups)
            let edges = policy.edges(round: round, members: members, history: history, exclusions: exclusions, seed: 99)
            let matching = try MaximumWeightMatching.solve(vertexCount: members.count, edges: edges, maxCardinality: true)
            let trios = OddPersonOut.trios(for: matching, edges: edges)
            var formed: [[Int]] = matching.pairs.map { [$0.first, $0.second] }
            for trio in trios {
                formed[formed.firstIndex(of: [trio.pair.first, trio.pair.second])!].append(trio.third)
            }
            #expect(Set(formed.flatMap { $0 }).count == members.count, "round \(round): someone sat out")
            let earlier = Set(groups.flatMap { group in
                group.members.flatMap { a in group.members.filter { $0 != a }.map { PersonPair(a, $0) } }
            })
            let recent = Set(groups.filter { round - $0.round <= policy.blockedRounds }.flatMap { group in
                group.members.flatMap { a in group.members.filter { $0 != a }.map { PersonPair(a, $0) } }
            })
            for group in formed {
                for (i, a) in group.enumerated() {
                    for b in group[(i + 1)...] {
                        let pair = PersonPair(members[a].id, members[b].id)
                        #expect(!exclusions.contains(pair), "round \(round): excluded \(pair) grouped")
                        #expect(!recent.contains(pair), "round \(round): \(pair) met within \(policy.blockedRounds) rounds")
                        if earlier.contains(pair) && round <= 12 { repeats += 1 }
                    }
                }
                groups.append(PastGroup(members: group.map { members[$0].id }, round: round))
            }
        }
        // In 12 rounds each person meets about 12 of their ~37 possible partners, and a repeat's
        // penalty has not yet faded, so every pair should be new. (Later the default penalty has
        // faded to nothing after 2 + 12 rounds, and repeats are as good as first meetings.)
        #expect(repeats == 0)
    }
}
