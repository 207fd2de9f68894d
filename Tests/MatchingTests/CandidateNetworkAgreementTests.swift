import Matching
import SeededRandom
import Testing

/// Networks like a real round's: teams, a waiting bonus that makes a few people everyone's best,
/// and only each person's best few partners as edges. Many people stay single, so a stage finds
/// many augmenting paths one after another, and the trees they join are dissolved while the rest
/// of the forest is kept (`BlossomSolver.dissolveTrees`): the path that large rounds depend on.
@Suite("maximum-weight matching on candidate networks agrees with networkx")
struct CandidateNetworkAgreementTests {
    @Test(
        "on 300 seeded candidate networks (ties, people with no allowed partner, best 1 to 6 each), both maxcardinality values: same total weight as networkx, every result a valid matching"
    )
    func agreesWithNetworkx() throws {
        var comparison = NetworkxComparison()
        for seed in UInt64(1)...300 {
            let (n, edges) = Self.network(seed: seed)
            for maxCardinality in [false, true] {
                try comparison.solve(seed: seed, vertexCount: n, edges: edges, maxCardinality: maxCardinality)
            }
        }
        try comparison.expectAgreement()
    }

    /// Up to 160 people in teams; pairs within a team and pairs with an excluded person are not
    /// allowed; each person keeps their best 1 to 6 partners.
    static func network(seed: UInt64) -> (Int, [WeightedEdge]) {
        var random = SplitMix64(seed: seed &* 0x9E37)
        let n = 2 + random.below(159)
        let team = (0..<n).map { _ in random.below(max(2, n / 8)) }
        let excluded = Set((0..<random.below(n / 10 + 1)).map { _ in random.below(n) })
        let bonus = (0..<n).map { _ in Int64(random.below(4)) * [0, 5, 200][random.below(3)] }
        // A narrow spread makes many ties; a wide one makes every weight different.
        let spread = [1, 3, 4_000][random.below(3)]
        let salt = random.next()
        let best = 1 + random.below(6)
        let edges = CandidateEdges.bestPerVertex(vertexCount: n, limit: best) { u, v in
            guard team[u] != team[v], !excluded.contains(u), !excluded.contains(v) else { return nil }
            var z = (UInt64(u) << 32 | UInt64(v)) ^ salt
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return 10_000 + bonus[u] + bonus[v] + Int64((z ^ (z >> 31)) % UInt64(spread))
        }
        return (n, edges)
    }
}
