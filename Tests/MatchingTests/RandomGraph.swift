import Matching
import SeededRandom

/// A seeded random graph for the agreement and property tests: up to `maxVertices` vertices,
/// some with no edges, densities from sparse to complete, weights from a narrow range (many
/// ties) to a wide one, sometimes negative.
struct RandomGraph {
    let vertexCount: Int
    let edges: [WeightedEdge]

    init(seed: UInt64, maxVertices: Int) {
        var random = SplitMix64(seed: seed)
        let n = random.below(maxVertices + 1)
        vertexCount = n
        // A few vertices take no part at all.
        let isolated = Set((0..<random.below(max(1, n / 5) + 1)).map { _ in random.below(max(n, 1)) })
        let density = [0.02, 0.1, 0.3, 1.0][random.below(4)]
        let weightRange: ClosedRange<Int64> =
            [1...1, 1...3, 0...10, -5...20, 1...1_000_000][random.below(5)]
        let span = UInt64(weightRange.upperBound - weightRange.lowerBound + 1)
        // For big graphs keep the edge count near 3,000 so that the oracle stays quick.
        let target = min(Double(n * (n - 1) / 2) * density, 3_000)
        let probability = n > 1 ? target / Double(n * (n - 1) / 2) : 0
        var edges: [WeightedEdge] = []
        for u in 0..<n where !isolated.contains(u) {
            for v in (u + 1)..<max(n, u + 1) where !isolated.contains(v) {
                guard Double(random.next() % 1_000_000) < probability * 1_000_000 else { continue }
                let weight = weightRange.lowerBound + Int64(random.next() % span)
                // Shuffle the ends so that edges do not all point one way.
                edges.append(random.next() & 1 == 0 ? WeightedEdge(u, v, weight: weight) : WeightedEdge(v, u, weight: weight))
            }
        }
        // Edge order is part of the input; shuffle it with the same seed.
        for i in stride(from: edges.count - 1, to: 0, by: -1) {
            edges.swapAt(i, random.below(i + 1))
        }
        self.edges = edges
    }

    /// The request line the networkx script reads.
    func jsonLine(maxCardinality: Bool) -> String {
        Self.jsonLine(vertexCount: vertexCount, edges: edges, maxCardinality: maxCardinality)
    }

    /// A graph as one line of networkx_matching.py's input.
    static func jsonLine(vertexCount: Int, edges: [WeightedEdge], maxCardinality: Bool) -> String {
        let list = edges.map { "[\($0.u),\($0.v),\($0.weight)]" }.joined(separator: ",")
        return "{\"n\":\(vertexCount),\"edges\":[\(list)],\"maxcardinality\":\(maxCardinality)}"
    }
}
