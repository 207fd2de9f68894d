/// Two matched vertices, the smaller index first.
public struct Pair: Sendable, Hashable, Comparable {
    /// The smaller index.
    public let first: Int
    /// The larger index.
    public let second: Int

    /// The pair of `a` and `b`, in either order.
    public init(_ a: Int, _ b: Int) {
        first = min(a, b)
        second = max(a, b)
    }

    public static func < (lhs: Pair, rhs: Pair) -> Bool {
        (lhs.first, lhs.second) < (rhs.first, rhs.second)
    }
}
