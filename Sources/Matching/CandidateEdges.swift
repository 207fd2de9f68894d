/// Thinning a large network before matching: every pair may be possible, but only each person's
/// best few are worth offering, and the full list of pairs need never be held in memory.
public enum CandidateEdges {
    /// The edges that are among the `limit` heaviest of at least one of their two vertices.
    ///
    /// `weight(u, v)` (called with `u < v`) gives a pair's weight, or nil when the pair is not
    /// allowed. Ties go to the smaller other vertex. Edges come out ordered by `(u, v)`, `u < v`.
    /// Takes O(n²) calls of `weight` and O(n · limit) memory.
    public static func bestPerVertex(
        vertexCount n: Int, limit: Int, weight: (Int, Int) -> Int64?
    ) -> [WeightedEdge] {
        guard limit > 0 else { return [] }
        var keep: [[(other: Int, weight: Int64)]] = Array(repeating: [], count: n)
        for u in 0..<n {
            // The `limit` best partners of u, kept sorted best first.
            var best: [(other: Int, weight: Int64)] = []
            best.reserveCapacity(limit + 1)
            for v in 0..<n where v != u {
                guard let w = weight(min(u, v), max(u, v)) else { continue }
                if best.count == limit, let last = best.last, w <= last.weight { continue }
                var at = best.count
                while at > 0 && best[at - 1].weight < w { at -= 1 }
                best.insert((v, w), at: at)
                if best.count > limit { best.removeLast() }
            }
            for entry in best { keep[min(u, entry.other)].append((max(u, entry.other), entry.weight)) }
        }
        var edges: [WeightedEdge] = []
        for u in 0..<n {
            var previous = -1
            for entry in keep[u].sorted(by: { $0.other < $1.other }) where entry.other != previous {
                edges.append(WeightedEdge(u, entry.other, weight: entry.weight))
                previous = entry.other
            }
        }
        return edges
    }
}
