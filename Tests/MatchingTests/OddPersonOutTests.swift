import Matching
import SeededRandom
import Testing

@Suite("the odd person out joins the trio that costs least")
struct OddPersonOutTests {
    /// Everyone with everyone, weight from a table.
    private func complete(_ n: Int, _ weight: (Int, Int) -> Int64?) -> [WeightedEdge] {
        var edges: [WeightedEdge] = []
        for u in 0..<n {
            for v in (u + 1)..<n {
                if let w = weight(u, v) { edges.append(WeightedEdge(u, v, weight: w)) }
            }
        }
        return edges
    }

    @Test("with five people the one left out joins the pair they add most to")
    func joinsTheBestPair() throws {
        // 4 is worth a lot with 2 and 3 (5 + 6) and little with 0 and 1 (1 + 1).
        let table: [Pair: Int64] = [Pair(2, 4): 5, Pair(3, 4): 6, Pair(0, 4): 1, Pair(1, 4): 1]
        let edges = complete(5) { u, v in v == 4 ? table[Pair(u, v)] : 50 }
        let matching = try MaximumWeightMatching.solve(vertexCount: 5, edges: edges)
        #expect(matching.unmatched == [4])
        let trios = OddPersonOut.trios(for: matching, edges: edges)
        #expect(trios.count == 1)
        #expect(trios.first?.third == 4)
        // Whichever pairs the matching made, the trio is the one with the largest added weight.
        let best = matching.pairs.map { (table[Pair($0.first, 4)] ?? 0) + (table[Pair($0.second, 4)] ?? 0) }.max()
        #expect(trios.first?.addedWeight == best)
    }

    @Test("a pair with a missing edge to the odd person (an exclusion) is never their trio, however heavy the other edge")
    func respectsExclusions() {
        let matching = Matching(mates: [1, 0, 3, 2, nil], totalWeight: 0)
        let edges = [
            WeightedEdge(0, 1, weight: 9), WeightedEdge(2, 3, weight: 9),
            WeightedEdge(0, 4, weight: 1_000),  // 1–4 is excluded, so 0–1 cannot take 4
            WeightedEdge(2, 4, weight: 1), WeightedEdge(3, 4, weight: 1),
        ]
        #expect(OddPersonOut.trios(for: matching, edges: edges) == [Trio(pair: Pair(2, 3), third: 4, addedWeight: 2)])
        #expect(OddPersonOut.trios(for: matching, edges: Array(edges.prefix(3))).isEmpty)
    }

    @Test("ties go to the pair with the smaller vertices")
    func tiesGoToTheFirstPair() {
        let matching = Matching(mates: [1, 0, 3, 2, nil], totalWeight: 0)
        let edges = [0, 1, 2, 3].map { WeightedEdge($0, 4, weight: 5) }
        #expect(OddPersonOut.trios(for: matching, edges: edges).map(\.pair) == [Pair(0, 1)])
    }

    @Test("several people left out join different pairs: as many as possible, then the greatest total, as an exhaustive search finds")
    func severalLeftOver() {
        for seed in UInt64(1)...200 {
            var random = SplitMix64(seed: seed)
            let pairCount = 1 + random.below(4)
            let extra = 1 + random.below(4)
            let n = 2 * pairCount + extra
            var mates = [Int?](repeating: nil, count: n)
            for p in 0..<pairCount {
                mates[2 * p] = 2 * p + 1
                mates[2 * p + 1] = 2 * p
            }
            var edges: [WeightedEdge] = []
            for u in 0..<n {
                for v in (u + 1)..<n where random.below(4) != 0 {
                    edges.append(WeightedEdge(u, v, weight: Int64(random.below(20))))
                }
            }
            let matching = Matching(mates: mates, totalWeight: 0)
            let trios = OddPersonOut.trios(for: matching, edges: edges)
            #expect(Set(trios.map(\.pair)).count == trios.count && Set(trios.map(\.third)).count == trios.count)
            var weight: [Pair: Int64] = [:]
            for edge in edges { weight[Pair(edge.u, edge.v)] = edge.weight }
            // Exhaustive: each left-over person takes a free pair or none.
            let pairs = matching.pairs
            let people = matching.unmatched
            var taken = [Bool](repeating: false, count: pairs.count)
            func search(_ i: Int) -> (count: Int, weight: Int64) {
                guard i < people.count else { return (0, 0) }
                var best = search(i + 1)
                for (index, pair) in pairs.enumerated() where !taken[index] {
                    guard let a = weight[Pair(pair.first, people[i])], let b = weight[Pair(pair.second, people[i])] else { continue }
                    taken[index] = true
                    let rest = search(i + 1)
                    taken[index] = false
                    let candidate = (count: rest.count + 1, weight: rest.weight + a + b)
                    if (candidate.count, candidate.weight) > (best.count, best.weight) { best = candidate }
                }
                return best
            }
            let best = search(0)
            #expect(trios.count == best.count, "seed \(seed)")
            #expect(trios.map(\.addedWeight).reduce(0, +) == best.weight, "seed \(seed)")
        }
    }
}
