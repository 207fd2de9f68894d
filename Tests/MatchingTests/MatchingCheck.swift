import Matching

/// What is wrong with `matching` as a matching of the given graph, or nil when it is valid:
/// mates symmetric, every matched pair an edge, and the total weight their sum.
func invalidity(of matching: Matching, vertexCount: Int, edges: [WeightedEdge]) -> String? {
    guard matching.mates.count == vertexCount else {
        return "\(matching.mates.count) mates for \(vertexCount) vertices"
    }
    var weights: [Pair: Int64] = [:]
    for edge in edges { weights[Pair(edge.u, edge.v)] = edge.weight }
    var total: Int64 = 0
    for (v, mate) in matching.mates.enumerated() {
        guard let mate else { continue }
        guard matching.mates[mate] == v else { return "\(v) → \(mate) but \(mate) → \(String(describing: matching.mates[mate]))" }
        guard let weight = weights[Pair(v, mate)] else { return "\(v)–\(mate) is not an edge" }
        if v < mate { total += weight }
    }
    guard total == matching.totalWeight else {
        return "reported weight \(matching.totalWeight), pairs weigh \(total)"
    }
    return nil
}

/// The weight of the greedy matching: heaviest positive edges first (ties by input order).
func greedyWeight(vertexCount: Int, edges: [WeightedEdge]) -> Int64 {
    var used = [Bool](repeating: false, count: vertexCount)
    var total: Int64 = 0
    for edge in edges.enumerated().sorted(by: { ($0.element.weight, -$0.offset) > ($1.element.weight, -$1.offset) })
    where edge.element.weight > 0 && !used[edge.element.u] && !used[edge.element.v] {
        used[edge.element.u] = true
        used[edge.element.v] = true
        total += edge.element.weight
    }
    return total
}
