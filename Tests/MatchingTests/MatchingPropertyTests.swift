import Matching
import SeededRandom
import Testing

@Suite("maximum-weight matching: properties")
struct MatchingPropertyTests {
    @Test("on 2,000 small random graphs the result equals an exhaustive search, for both maxcardinality values")
    func equalsExhaustiveSearch() throws {
        for seed in UInt64(1)...1_000 {
            let graph = RandomGraph(seed: seed &* 7_919, maxVertices: 11)
            for maxCardinality in [false, true] {
                let matching = try MaximumWeightMatching.solve(
                    vertexCount: graph.vertexCount, edges: graph.edges, maxCardinality: maxCardinality)
                let best = exhaustiveBest(vertexCount: graph.vertexCount, edges: graph.edges, maxCardinality: maxCardinality)
                #expect(invalidity(of: matching, vertexCount: graph.vertexCount, edges: graph.edges) == nil)
                #expect(matching.totalWeight == best.weight, "seed \(seed), maxcardinality \(maxCardinality)")
                if maxCardinality {
                    #expect(matching.pairs.count == best.size, "seed \(seed)")
                }
            }
        }
    }

    @Test("the result is a valid matching at least as heavy as the greedy one, on 300 random graphs")
    func atLeastGreedy() throws {
        for seed in UInt64(1)...300 {
            let graph = RandomGraph(seed: seed &+ 50_000, maxVertices: 120)
            let matching = try MaximumWeightMatching.solve(vertexCount: graph.vertexCount, edges: graph.edges)
            #expect(invalidity(of: matching, vertexCount: graph.vertexCount, edges: graph.edges) == nil)
            #expect(matching.totalWeight >= greedyWeight(vertexCount: graph.vertexCount, edges: graph.edges))
        }
    }

    @Test("the same input gives the same pairs, run after run")
    func deterministic() throws {
        let graph = RandomGraph(seed: 424_242, maxVertices: 300)
        let first = try MaximumWeightMatching.solve(vertexCount: graph.vertexCount, edges: graph.edges)
        for _ in 0..<3 {
            #expect(try MaximumWeightMatching.solve(vertexCount: graph.vertexCount, edges: graph.edges) == first)
        }
    }

    @Test("greedy is beaten where it should be: a heavy middle edge loses to two outer ones")
    func beatsGreedyOnAPath() throws {
        // 0–1 (5), 1–2 (6), 2–3 (5): greedy takes 1–2 for 6; the optimum is 0–1 and 2–3 for 10.
        let edges = [WeightedEdge(0, 1, weight: 5), WeightedEdge(1, 2, weight: 6), WeightedEdge(2, 3, weight: 5)]
        let matching = try MaximumWeightMatching.solve(vertexCount: 4, edges: edges)
        #expect(matching.pairs == [Pair(0, 1), Pair(2, 3)])
        #expect(matching.totalWeight == 10)
    }

    @Test("an odd cycle with a pendant edge needs a blossom: the optimum goes round it")
    func blossom() throws {
        // Triangle 0-1-2 with 2–3 hanging off: best is 0–1 plus 2–3.
        let edges = [
            WeightedEdge(0, 1, weight: 8), WeightedEdge(1, 2, weight: 9), WeightedEdge(0, 2, weight: 10),
            WeightedEdge(2, 3, weight: 7),
        ]
        let matching = try MaximumWeightMatching.solve(vertexCount: 4, edges: edges)
        #expect(matching.pairs == [Pair(0, 1), Pair(2, 3)])
        #expect(matching.totalWeight == 15)
    }

    @Test("negative edges are taken only for cardinality, and vertices with no edges stay single")
    func negativeWeightsAndIsolatedVertices() throws {
        let edges = [WeightedEdge(0, 1, weight: 2), WeightedEdge(2, 3, weight: -1)]
        let plain = try MaximumWeightMatching.solve(vertexCount: 6, edges: edges)
        #expect(plain.pairs == [Pair(0, 1)])
        #expect(plain.unmatched == [2, 3, 4, 5])
        let cardinal = try MaximumWeightMatching.solve(vertexCount: 6, edges: edges, maxCardinality: true)
        #expect(cardinal.pairs == [Pair(0, 1), Pair(2, 3)])
        #expect(cardinal.totalWeight == 1)
        #expect(try MaximumWeightMatching.solve(vertexCount: 0, edges: []).mates.isEmpty)
    }

    @Test("bad input is refused with a message that names the edge and what is accepted")
    func refusesBadInput() {
        #expect(throws: MatchingError("edge 1 (2, 2): an edge must join two different vertices")) {
            try MaximumWeightMatching.solve(vertexCount: 3, edges: [WeightedEdge(0, 1, weight: 1), WeightedEdge(2, 2, weight: 1)])
        }
        #expect(throws: MatchingError("edge 0 (0, 3): vertices must be 0 to 2")) {
            try MaximumWeightMatching.solve(vertexCount: 3, edges: [WeightedEdge(0, 3, weight: 1)])
        }
        #expect(throws: MatchingError("edge 1 (1, 0): the same pair is given twice; give each pair once")) {
            try MaximumWeightMatching.solve(vertexCount: 2, edges: [WeightedEdge(0, 1, weight: 1), WeightedEdge(1, 0, weight: 2)])
        }
        #expect(throws: MatchingError("edge 0 (0, 1): weight 1000000000001 is outside ±1000000000000")) {
            try MaximumWeightMatching.solve(vertexCount: 2, edges: [WeightedEdge(0, 1, weight: 1_000_000_000_001)])
        }
    }

    @Test("the largest accepted weights do not overflow, with or without maxcardinality")
    func extremeWeights() throws {
        let top = MaximumWeightMatching.maximumWeight
        for seed in UInt64(1)...40 {
            var random = SplitMix64(seed: seed)
            let n = 2 + random.below(40)
            var edges: [WeightedEdge] = []
            for u in 0..<n {
                for v in (u + 1)..<n where random.below(3) == 0 {
                    edges.append(WeightedEdge(u, v, weight: random.below(2) == 0 ? top : -top + Int64(random.below(1000))))
                }
            }
            for maxCardinality in [false, true] {
                let matching = try MaximumWeightMatching.solve(vertexCount: n, edges: edges, maxCardinality: maxCardinality)
                #expect(invalidity(of: matching, vertexCount: n, edges: edges) == nil)
            }
        }
    }
}
