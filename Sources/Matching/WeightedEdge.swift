/// An undirected edge between two vertices (indices `0..<vertexCount`) with an integer weight.
public struct WeightedEdge: Sendable, Hashable {
    /// One end of the edge.
    public var u: Int
    /// The other end of the edge.
    public var v: Int
    /// The weight; a larger weight is a more desirable pair.
    public var weight: Int64

    /// An edge between `u` and `v` with `weight`.
    public init(_ u: Int, _ v: Int, weight: Int64) {
        self.u = u
        self.v = v
        self.weight = weight
    }
}
