/// A matching: a set of vertex-disjoint edges, and what they weigh together.
public struct Matching: Sendable, Equatable {
    /// `mates[v]` is the vertex matched with `v`, or nil when `v` is unmatched.
    public let mates: [Int?]
    /// The sum of the weights of the matched edges.
    public let totalWeight: Int64

    /// A matching from its mates and total weight.
    public init(mates: [Int?], totalWeight: Int64) {
        self.mates = mates
        self.totalWeight = totalWeight
    }

    /// The matched pairs, ordered by their smaller vertex.
    public var pairs: [Pair] {
        mates.enumerated().compactMap { vertex, mate in
            guard let mate, vertex < mate else { return nil }
            return Pair(vertex, mate)
        }
    }

    /// The vertices that have no mate, in increasing order.
    public var unmatched: [Int] {
        mates.indices.filter { mates[$0] == nil }
    }
}
