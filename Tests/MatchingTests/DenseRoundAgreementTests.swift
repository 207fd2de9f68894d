import Matching
import SeededRandom
import Testing

/// Dense graphs weighted the way rounds are: the shape the benchmark's 300-person round has and the
/// general random graphs (kept near 3,000 edges for the oracle's sake) reach only when small.
@Suite("maximum-weight matching agrees with networkx on dense, round-like graphs")
struct DenseRoundAgreementTests {
    @Test(
        "on 30 seeded dense graphs of 40 to 160 vertices with per-person bonuses and many ties, both maxcardinality values: same total weight (and size), every result a valid matching"
    )
    func agreesOnDenseRounds() throws {
        var comparison = NetworkxComparison()
        for seed in UInt64(1)...30 {
            let graph = Self.denseRound(seed: seed)
            for maxCardinality in [false, true] {
                try comparison.solve(seed: seed, vertexCount: graph.vertexCount, edges: graph.edges, maxCardinality: maxCardinality)
            }
        }
        try comparison.expectAgreement()
    }

    @Test("the benchmark's dense 300-person round: the same total weight as networkx")
    func agreesOnTheBenchmarkRound() throws {
        let graph = Self.denseRound(seed: 2026, vertices: 300)
        let matching = try MaximumWeightMatching.solve(vertexCount: graph.vertexCount, edges: graph.edges)
        #expect(invalidity(of: matching, vertexCount: graph.vertexCount, edges: graph.edges) == nil)
        let theirs = try PythonOracle.run(script: "networkx_matching.py", lines: [graph.jsonLine(maxCardinality: false)])
        #expect(theirs.first?.split(separator: " ").first.map(String.init) == String(matching.totalWeight))
    }

    /// A dense graph (70–100 % of pairs) whose weights are a base, a bonus per vertex (as for
    /// waiting), a penalty on some pairs (as for meeting before) and a small jitter, so that the
    /// duals differ from vertex to vertex and many edges tie; a few weights are negative.
    static func denseRound(seed: UInt64, vertices: Int? = nil) -> RandomGraph {
        var random = SplitMix64(seed: seed &* 7_919)
        let n = vertices ?? 40 + random.below(121)
        let density = 0.7 + Double(random.below(31)) / 100
        let bonus = (0..<n).map { _ in Int64(random.below(7)) * 1_000 }
        let jitter = Int64([1, 3, 100][random.below(3)])
        var edges: [WeightedEdge] = []
        for u in 0..<n {
            for v in (u + 1)..<max(n, u + 1) {
                guard Double(random.next() % 1_000) < density * 1_000 else { continue }
                let penalty: Int64 = random.below(8) == 0 ? Int64(random.below(5)) * 4_000 : 0
                let weight = 10_000 + bonus[u] + bonus[v] - penalty + Int64(random.next() % UInt64(jitter)) - (random.below(50) == 0 ? 30_000 : 0)
                edges.append(random.next() & 1 == 0 ? WeightedEdge(u, v, weight: weight) : WeightedEdge(v, u, weight: weight))
            }
        }
        for i in stride(from: edges.count - 1, to: 0, by: -1) {
            edges.swapAt(i, random.below(i + 1))
        }
        return RandomGraph(vertexCount: n, edges: edges)
    }
}

extension RandomGraph {
    /// A graph given outright.
    init(vertexCount: Int, edges: [WeightedEdge]) {
        self.vertexCount = vertexCount
        self.edges = edges
    }
}
