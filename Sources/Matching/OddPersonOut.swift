/// A pair with a third person added: what a round does with the person a matching leaves out.
public struct Trio: Sendable, Hashable {
    /// The matched pair the third person joins.
    public let pair: Pair
    /// The person who joins.
    public let third: Int
    /// `w(pair.first, third) + w(pair.second, third)`: what the third person adds.
    public let addedWeight: Int64

    /// A trio of `pair` and `third`, adding `addedWeight`.
    public init(pair: Pair, third: Int, addedWeight: Int64) {
        self.pair = pair
        self.third = third
        self.addedWeight = addedWeight
    }
}

/// Turns pairs into trios for the people a matching leaves unmatched.
///
/// Definition: person `x` may join pair `(a, b)` only when both `a–x` and `b–x` are edges (a
/// missing edge is an exclusion or a blocked repeat, and a trio must respect it). Joining adds
/// `w(a, x) + w(b, x)`; the trio that costs least is the one that adds the most. With one person
/// left over, that person joins the pair where the added weight is largest (ties: the pair with
/// the smaller vertices). With several, each joins a different pair, chosen together, exactly:
/// first as many placed as possible, then the greatest total added weight. Anyone who still
/// cannot be placed stays out (ties among such choices are broken deterministically).
public enum OddPersonOut {
    /// The trios for `matching`'s unmatched vertices, ordered by pair, given the graph's `edges`.
    public static func trios(for matching: Matching, edges: [WeightedEdge]) -> [Trio] {
        let unmatched = matching.unmatched
        let pairs = matching.pairs
        guard !unmatched.isEmpty, !pairs.isEmpty else { return [] }
        var weight: [Pair: Int64] = [:]
        weight.reserveCapacity(edges.count)
        for edge in edges { weight[Pair(edge.u, edge.v)] = edge.weight }
        if unmatched.count == 1 {
            let person = unmatched[0]
            var best: Trio?
            for pair in pairs {
                guard let a = weight[Pair(pair.first, person)], let b = weight[Pair(pair.second, person)]
                else { continue }
                if best.map({ a + b > $0.addedWeight }) ?? true {
                    best = Trio(pair: pair, third: person, addedWeight: a + b)
                }
            }
            return best.map { [$0] } ?? []
        }
        // Pairs are the "mentors" (each takes one person), the unmatched the "mentees".
        var options: [MentoringEdge] = []
        for (pairIndex, pair) in pairs.enumerated() {
            for (personIndex, person) in unmatched.enumerated() {
                guard let a = weight[Pair(pair.first, person)], let b = weight[Pair(pair.second, person)]
                else { continue }
                options.append(MentoringEdge(mentor: pairIndex, mentee: personIndex, weight: a + b))
            }
        }
        // safe: every index above is in range and each option is distinct, so this cannot throw.
        guard
            let assignment = try? MentoringMatcher.solve(
                capacities: [Int](repeating: 1, count: pairs.count), menteeCount: unmatched.count,
                edges: options, maxCardinality: true)
        else { return [] }
        var trios: [Trio] = []
        for (personIndex, pairIndex) in assignment.mentorOf.enumerated() {
            guard let pairIndex else { continue }
            let pair = pairs[pairIndex]
            let person = unmatched[personIndex]
            trios.append(
                Trio(
                    pair: pair, third: person,
                    addedWeight: (weight[Pair(pair.first, person)] ?? 0) + (weight[Pair(pair.second, person)] ?? 0)))
        }
        return trios.sorted { $0.pair < $1.pair }
    }
}
