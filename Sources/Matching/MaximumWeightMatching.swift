/// Maximum-weight matching on a general graph: Edmonds' blossom algorithm in its O(n³)
/// primal-dual form (Galil, "Efficient algorithms for finding maximum matching in graphs", 1986),
/// with integer weights so that every dual variable stays an exact integer.
///
/// The result is deterministic: the same vertex count and the same edges in the same order give
/// the same matching. Among matchings of equal weight, which one is returned depends on that order.
public enum MaximumWeightMatching {
    /// The largest absolute edge weight accepted (10¹²): dual variables and slacks stay far
    /// inside `Int64` for any graph of up to `maximumVertexCount` vertices.
    public static let maximumWeight: Int64 = 1_000_000_000_000

    /// The most vertices accepted (2²⁰).
    public static let maximumVertexCount = 1 << 20

    /// A matching of greatest total weight among the `edges` of a graph on `vertexCount` vertices.
    ///
    /// - Parameters:
    ///   - vertexCount: vertices are `0..<vertexCount`; vertices with no edges are allowed.
    ///   - edges: no self-loops and no edge given twice (in either direction).
    ///   - maxCardinality: when true, the heaviest among the matchings with the most edges;
    ///     when false, edges of negative weight are never worth taking.
    /// - Throws: `MatchingError` naming the first edge that breaks a rule above.
    public static func solve(
        vertexCount: Int, edges: [WeightedEdge], maxCardinality: Bool = false
    ) throws(MatchingError) -> Matching {
        try validate(vertexCount: vertexCount, edges: edges)
        var solver = BlossomSolver(vertexCount: vertexCount, edges: edges)
        solver.run(maxCardinality: maxCardinality)
        return solver.matching()
    }

    /// Checks the input against the rules `solve` documents.
    static func validate(vertexCount: Int, edges: [WeightedEdge]) throws(MatchingError) {
        guard (0...maximumVertexCount).contains(vertexCount) else {
            throw MatchingError(
                "vertex count \(vertexCount): expected 0 to \(maximumVertexCount)")
        }
        for (index, edge) in edges.enumerated() {
            guard (0..<vertexCount).contains(edge.u), (0..<vertexCount).contains(edge.v) else {
                throw MatchingError(
                    "edge \(index) (\(edge.u), \(edge.v)): vertices must be 0 to \(vertexCount - 1)")
            }
            guard edge.u != edge.v else {
                throw MatchingError(
                    "edge \(index) (\(edge.u), \(edge.v)): an edge must join two different vertices")
            }
            guard abs(edge.weight) <= maximumWeight else {
                throw MatchingError(
                    "edge \(index) (\(edge.u), \(edge.v)): weight \(edge.weight) is outside ±\(maximumWeight)")
            }
        }
        if hasRepeatedPair(vertexCount: vertexCount, edges: edges) {
            try nameFirstRepeatedPair(edges)
        }
    }

    /// Whether some pair of vertices is given twice: each vertex's neighbours are listed and
    /// marked in turn, which costs a few array passes where hashing every pair cost a tenth of
    /// a dense solve. `edges` must already be in range.
    private static func hasRepeatedPair(vertexCount: Int, edges: [WeightedEdge]) -> Bool {
        var start = [Int](repeating: 0, count: vertexCount + 1)
        for edge in edges {
            start[edge.u + 1] += 1
            start[edge.v + 1] += 1
        }
        for v in 0..<vertexCount { start[v + 1] += start[v] }
        var next = start
        var neighbours = [Int](repeating: 0, count: 2 * edges.count)
        for edge in edges {
            neighbours[next[edge.u]] = edge.v
            next[edge.u] += 1
            neighbours[next[edge.v]] = edge.u
            next[edge.v] += 1
        }
        var seenFrom = [Int](repeating: -1, count: vertexCount)
        for v in 0..<vertexCount {
            for index in start[v]..<start[v + 1] {
                if seenFrom[neighbours[index]] == v { return true }
                seenFrom[neighbours[index]] = v
            }
        }
        return false
    }

    /// Throws for the first edge, in input order, whose pair an earlier edge already gave.
    private static func nameFirstRepeatedPair(_ edges: [WeightedEdge]) throws(MatchingError) {
        var seen = Set<Pair>()
        for (index, edge) in edges.enumerated() {
            guard seen.insert(Pair(edge.u, edge.v)).inserted else {
                throw MatchingError(
                    "edge \(index) (\(edge.u), \(edge.v)): the same pair is given twice; give each pair once")
            }
        }
    }
}
