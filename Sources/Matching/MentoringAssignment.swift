/// A possible mentor–mentee pair and how desirable it is.
public struct MentoringEdge: Sendable, Hashable {
    /// A mentor, `0..<capacities.count`.
    public var mentor: Int
    /// A mentee, `0..<menteeCount`.
    public var mentee: Int
    /// The weight; a larger weight is a more desirable pair.
    public var weight: Int64

    /// The pair of `mentor` and `mentee` with `weight`.
    public init(mentor: Int, mentee: Int, weight: Int64) {
        self.mentor = mentor
        self.mentee = mentee
        self.weight = weight
    }
}

/// The result of a mentoring round: a mentor (or none) for each mentee.
public struct MentoringAssignment: Sendable, Equatable {
    /// `mentorOf[mentee]` is the mentee's mentor, or nil.
    public let mentorOf: [Int?]
    /// The sum of the weights of the chosen pairs.
    public let totalWeight: Int64

    /// An assignment from its mentors and total weight.
    public init(mentorOf: [Int?], totalWeight: Int64) {
        self.mentorOf = mentorOf
        self.totalWeight = totalWeight
    }

    /// How many mentees have a mentor.
    public var assignedCount: Int { mentorOf.lazy.filter { $0 != nil }.count }
}

/// Exact mentoring assignment: mentors with capacities, mentees with at most one mentor each,
/// greatest total weight. Solved as a min-cost flow (source → mentor with the mentor's capacity →
/// mentee → sink) by successive shortest paths with Dijkstra on reduced costs, so it is exact for
/// integer weights and deterministic for a given input order.
public enum MentoringMatcher {
    /// The heaviest assignment among `edges` (only those pairs may be chosen).
    ///
    /// - Parameters:
    ///   - capacities: how many mentees each mentor can take (0 or more).
    ///   - menteeCount: mentees are `0..<menteeCount`.
    ///   - edges: each mentor–mentee pair at most once.
    ///   - maxCardinality: when true, the heaviest among the assignments that give the most
    ///     mentees a mentor; when false, the heaviest overall (a pair that adds nothing, weight 0,
    ///     is still made when it costs nothing).
    /// - Throws: `MatchingError` naming the first capacity or edge that breaks a rule above.
    public static func solve(
        capacities: [Int], menteeCount: Int, edges: [MentoringEdge], maxCardinality: Bool = false
    ) throws(MatchingError) -> MentoringAssignment {
        try validate(capacities: capacities, menteeCount: menteeCount, edges: edges)
        let mentors = capacities.count
        // Nodes: 0 source, 1...mentors, then mentees, then the sink.
        let sink = mentors + menteeCount + 1
        var network = FlowNetwork(nodeCount: sink + 1)
        for (mentor, capacity) in capacities.enumerated() where capacity > 0 {
            network.addArc(from: 0, to: 1 + mentor, capacity: capacity, cost: 0)
        }
        var arcOfEdge: [Int] = []
        for edge in edges {
            arcOfEdge.append(
                network.addArc(
                    from: 1 + edge.mentor, to: 1 + mentors + edge.mentee, capacity: 1, cost: -edge.weight))
        }
        for mentee in 0..<menteeCount {
            network.addArc(from: 1 + mentors + mentee, to: sink, capacity: 1, cost: 0)
        }
        network.minimumCostFlow(from: 0, to: sink, stopWhenCostRises: !maxCardinality)
        var mentorOf = [Int?](repeating: nil, count: menteeCount)
        var total: Int64 = 0
        for (index, edge) in edges.enumerated() where network.flow(onArc: arcOfEdge[index]) > 0 {
            mentorOf[edge.mentee] = edge.mentor
            total += edge.weight
        }
        return MentoringAssignment(mentorOf: mentorOf, totalWeight: total)
    }

    static func validate(capacities: [Int], menteeCount: Int, edges: [MentoringEdge]) throws(MatchingError) {
        let limit = MaximumWeightMatching.maximumVertexCount
        guard capacities.count <= limit, (0...limit).contains(menteeCount) else {
            throw MatchingError(
                "\(capacities.count) mentors and \(menteeCount) mentees: expected at most \(limit) of each")
        }
        for (mentor, capacity) in capacities.enumerated() where !(0...limit).contains(capacity) {
            throw MatchingError("mentor \(mentor): capacity \(capacity) must be 0 to \(limit)")
        }
        var seen = Set<Pair>()
        for (index, edge) in edges.enumerated() {
            guard capacities.indices.contains(edge.mentor), (0..<menteeCount).contains(edge.mentee) else {
                throw MatchingError(
                    "edge \(index) (mentor \(edge.mentor), mentee \(edge.mentee)): mentors are 0 to \(capacities.count - 1), mentees 0 to \(menteeCount - 1)"
                )
            }
            guard abs(edge.weight) <= MaximumWeightMatching.maximumWeight else {
                throw MatchingError(
                    "edge \(index): weight \(edge.weight) is outside ±\(MaximumWeightMatching.maximumWeight)")
            }
            guard seen.insert(Pair(edge.mentor, -1 - edge.mentee)).inserted else {
                throw MatchingError(
                    "edge \(index) (mentor \(edge.mentor), mentee \(edge.mentee)): the same pair is given twice")
            }
        }
    }
}
