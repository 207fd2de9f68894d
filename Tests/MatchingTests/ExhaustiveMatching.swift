import Matching

/// The best matching by trying every one (for graphs of a dozen vertices or fewer): the greatest
/// weight, or with `maxCardinality` the greatest (size, weight). Returns (weight, size).
func exhaustiveBest(vertexCount: Int, edges: [WeightedEdge], maxCardinality: Bool) -> (weight: Int64, size: Int) {
    var neighbours = [[(Int, Int64)]](repeating: [], count: vertexCount)
    for edge in edges {
        neighbours[edge.u].append((edge.v, edge.weight))
        neighbours[edge.v].append((edge.u, edge.weight))
    }
    var used = [Bool](repeating: false, count: vertexCount)
    func better(_ a: (weight: Int64, size: Int), than b: (weight: Int64, size: Int)) -> Bool {
        maxCardinality ? (a.size, a.weight) > (b.size, b.weight) : a.weight > b.weight
    }
    func search(from start: Int) -> (weight: Int64, size: Int) {
        var v = start
        while v < vertexCount && used[v] { v += 1 }
        guard v < vertexCount else { return (0, 0) }
        used[v] = true
        var best = search(from: v + 1)  // v stays unmatched
        for (w, weight) in neighbours[v] where !used[w] {
            used[w] = true
            let rest = search(from: v + 1)
            let candidate = (weight: rest.weight + weight, size: rest.size + 1)
            if better(candidate, than: best) { best = candidate }
            used[w] = false
        }
        used[v] = false
        return best
    }
    return search(from: 0)
}
