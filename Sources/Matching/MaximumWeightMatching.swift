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
        var seen = Set<Pair>()
        seen.reserveCapacity(edges.count)
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
            guard seen.insert(Pair(edge.u, edge.v)).inserted else {
                throw MatchingError(
                    "edge \(index) (\(edge.u), \(edge.v)): the same pair is given twice; give each pair once")
            }
        }
    }
}
