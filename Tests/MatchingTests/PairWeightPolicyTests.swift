import Matching
import Testing

@Suite("the pair-weight policy")
struct PairWeightPolicyTests {
    private let people = ["ana", "ben", "cal", "dee"].map { PairingMember(id: $0, joinedRound: 1) }
    private let plain = PairWeightPolicy(
        baseWeight: 1_000, waitingBonusPerRound: 100, maximumWaitingRounds: 3, repeatPenalty: 600,
        penaltyFadeRounds: 3, blockedRounds: 2, jitter: 1)

    private func weight(_ edges: [WeightedEdge], _ a: String, _ b: String, in members: [PairingMember]) -> Int64? {
        guard let i = members.firstIndex(where: { $0.id == a }), let j = members.firstIndex(where: { $0.id == b }) else { return nil }
        return edges.first { Pair($0.u, $0.v) == Pair(i, j) }?.weight
    }

    @Test("with no history every pair has the same base weight")
    func sameBase() {
        let edges = plain.edges(round: 1, members: people, history: PairingHistory(), exclusions: [], seed: 7)
        #expect(edges.count == 6)
        #expect(Set(edges.map(\.weight)) == [1_000])
    }

    @Test("people who have gone longest without a partner gain, up to the cap")
    func waitingBonus() {
        let history = PairingHistory(groups: [
            PastGroup(members: ["ana", "ben"], round: 5), PastGroup(members: ["cal", "dee"], round: 2),
        ])
        // Round 6: ana and ben met last round (wait 0); cal and dee waited 3 rounds (3, 4, 5).
        let edges = plain.edges(round: 6, members: people, history: history, exclusions: [], seed: 7)
        #expect(weight(edges, "ana", "cal", in: people) == 1_300)  // 1,000 + 3 rounds × 100
        #expect(weight(edges, "cal", "dee", in: people) == 1_200)  // 1,000 + 600 waiting − 400: met 4 rounds ago, 2 of 3 fade rounds left
        let later = plain.edges(round: 20, members: people, history: history, exclusions: [], seed: 7)
        #expect(weight(later, "ana", "ben", in: people) == 1_600)  // 1,000 + 300 + 300: the wait is capped at 3 rounds
    }

    @Test("a recent pair is blocked for the configured rounds, then penalised, the penalty fading to nothing")
    func repeatPenaltyFades() {
        let history = PairingHistory(groups: [PastGroup(members: ["ana", "ben"], round: 1)])
        let both = [people[0], people[1]]
        func ab(_ round: Int) -> Int64? {
            // Keep waiting out of it: both were last grouped in round 1, so subtract their bonus.
            weight(plain.edges(round: round, members: both, history: history, exclusions: [], seed: 1), "ana", "ben", in: both)
                .map { $0 - 2 * 100 * Int64(min(round - 2, 3)) }
        }
        #expect(ab(2) == nil)
        #expect(ab(3) == nil)
        #expect(ab(4) == 400)  // 1,000 − the full 600
        #expect(ab(5) == 600)
        #expect(ab(6) == 800)
        #expect(ab(7) == 1_000)
    }

    @Test("every two members of an earlier trio count as having been paired")
    func triosCount() {
        let history = PairingHistory(groups: [PastGroup(members: ["ana", "ben", "cal"], round: 4)])
        let edges = plain.edges(round: 5, members: people, history: history, exclusions: [], seed: 1)
        #expect(weight(edges, "ana", "cal", in: people) == nil)
        #expect(weight(edges, "ben", "cal", in: people) == nil)
        #expect(weight(edges, "ana", "dee", in: people) != nil)
    }

    @Test("an excluded pair is never an edge, and a repeat is still worth at least 1")
    func exclusionsAndFloor() {
        let harsh = PairWeightPolicy(baseWeight: 10, waitingBonusPerRound: 0, repeatPenalty: 1_000, penaltyFadeRounds: 5, blockedRounds: 0, jitter: 1)
        let history = PairingHistory(groups: [PastGroup(members: ["ana", "ben"], round: 1)])
        let edges = harsh.edges(round: 2, members: people, history: history, exclusions: [PersonPair("dee", "cal")], seed: 1)
        #expect(weight(edges, "cal", "dee", in: people) == nil)
        #expect(weight(edges, "ana", "ben", in: people) == 1)
        #expect(edges.count == 5)
    }

    @Test("the same seed and history give the same weights; another seed breaks ties differently; member order does not matter")
    func seeded() {
        let policy = PairWeightPolicy()
        let many = (0..<30).map { PairingMember(id: "p\($0)", joinedRound: 1) }
        let history = PairingHistory(groups: [PastGroup(members: ["p1", "p2"], round: 1)])
        let first = policy.edges(round: 5, members: many, history: history, exclusions: [], seed: 11)
        #expect(policy.edges(round: 5, members: many, history: history, exclusions: [], seed: 11) == first)
        #expect(policy.edges(round: 5, members: many, history: history, exclusions: [], seed: 12) != first)
        let reversed = Array(many.reversed())
        let again = policy.edges(round: 5, members: reversed, history: history, exclusions: [], seed: 11)
        for edge in first {
            #expect(weight(again, many[edge.u].id, many[edge.v].id, in: reversed) == edge.weight)
        }
    }
}

@Suite("candidate edges for a large network")
struct CandidateEdgesTests {
    @Test("each vertex keeps its best few partners; a pair is kept when either end ranks it, and never twice")
    func bestPerVertex() {
        // Weight = u + v, except pairs with 0 are not allowed.
        let edges = CandidateEdges.bestPerVertex(vertexCount: 6, limit: 2) { u, v in u == 0 ? nil : Int64(u + v) }
        // Best two: 1 → (5, 4); 2 → (5, 4); 3 → (5, 4); 4 → (5, 3); 5 → (4, 3). Vertex 0 has none.
        #expect(edges.map { Pair($0.u, $0.v) } == [Pair(1, 4), Pair(1, 5), Pair(2, 4), Pair(2, 5), Pair(3, 4), Pair(3, 5), Pair(4, 5)])
        #expect(edges.allSatisfy { $0.weight == Int64($0.u + $0.v) })
    }
}
