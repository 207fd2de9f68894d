/// One run of the primal-dual blossom algorithm over arrays.
///
/// Indices: vertices are `0..<n`; non-trivial blossoms take numbers from `n..<2n`; edge `k` has
/// the endpoints `2k` (its `u`) and `2k + 1` (its `v`), so `p ^ 1` is the other end of endpoint `p`.
/// Vertex duals are stored doubled (`2u(v)`), so with integer weights every dual, slack and delta
/// stays an exact integer.
struct BlossomSolver {
    let n: Int
    let edgeU: [Int]
    let edgeV: [Int]
    let edgeWeight: [Int64]
    /// `adjacency[adjacencyStart[v]..<adjacencyStart[v + 1]]` are the remote endpoints of `v`'s edges;
    /// `neighbour` and `neighbourWeight` hold the vertex and weight at each endpoint, so that
    /// scanning a vertex reads memory in order (the edge arrays would be read at random).
    let adjacencyStart: [Int]
    let adjacency: [Int]
    let neighbour: [Int]
    let neighbourWeight: [Int64]

    /// The remote endpoint of `v`'s matched edge, or -1.
    var mate: [Int]
    /// For a top-level blossom or vertex: 0 unlabelled, 1 S, 2 T (5 marks a breadcrumb in `scanBlossom`).
    var label: [Int]
    /// The endpoint through which a blossom or vertex got its label, or -1.
    var labelEnd: [Int]
    /// The top-level blossom that holds each vertex.
    var inBlossom: [Int]
    var blossomParent: [Int]
    /// Sub-blossoms in cyclic order, the base first.
    var blossomChildren: [[Int]]
    var blossomBase: [Int]
    /// `blossomEndpoints[b][i]` joins `blossomChildren[b][i]` to the next sub-blossom.
    var blossomEndpoints: [[Int]]
    /// Least-slack edge to an S-blossom (for a free vertex) or to another S-blossom (for an S-blossom).
    var bestEdge: [Int]
    var blossomBestEdges: [[Int]?]
    /// For a labelled top-level blossom or vertex: the unmatched vertex at the root of its tree.
    var treeRoot: [Int]
    /// `bestEdge` entries cleared when a tree was dissolved, to be recomputed before duals next move.
    var staleBestEdges: [Int] = []
    var isStale: [Bool]
    /// Scratch for `addBlossom`: the least-slack edge to each S-blossom, and which entries are set
    /// (kept between calls so that a blossom costs its edges, not a pass over every blossom).
    var bestEdgeTo: [Int]
    var bestSlackTo: [Int64]
    var bestEdgeToSet: [Int] = []
    /// Scratch for `adjustDuals`: edges that become tight at the chosen delta besides `deltaEdge`.
    var tightened: [Int] = []
    var unusedBlossoms: [Int]
    var dual: [Int64]
    var allowEdge: [Bool]
    var queue: [Int] = []

    init(vertexCount: Int, edges: [WeightedEdge]) {
        n = vertexCount
        edgeU = edges.map(\.u)
        edgeV = edges.map(\.v)
        edgeWeight = edges.map(\.weight)
        var degree = [Int](repeating: 0, count: n + 1)
        for edge in edges {
            degree[edge.u + 1] += 1
            degree[edge.v + 1] += 1
        }
        for v in 0..<n { degree[v + 1] += degree[v] }
        adjacencyStart = degree
        var next = degree
        var adjacency = [Int](repeating: 0, count: 2 * edges.count)
        var neighbour = [Int](repeating: 0, count: 2 * edges.count)
        var neighbourWeight = [Int64](repeating: 0, count: 2 * edges.count)
        for (k, edge) in edges.enumerated() {
            adjacency[next[edge.u]] = 2 * k + 1
            neighbour[next[edge.u]] = edge.v
            neighbourWeight[next[edge.u]] = edge.weight
            next[edge.u] += 1
            adjacency[next[edge.v]] = 2 * k
            neighbour[next[edge.v]] = edge.u
            neighbourWeight[next[edge.v]] = edge.weight
            next[edge.v] += 1
        }
        self.adjacency = adjacency
        self.neighbour = neighbour
        self.neighbourWeight = neighbourWeight
        let maxWeight = max(0, edges.map(\.weight).max() ?? 0)
        mate = [Int](repeating: -1, count: n)
        label = [Int](repeating: 0, count: 2 * n)
        labelEnd = [Int](repeating: -1, count: 2 * n)
        inBlossom = Array(0..<n)
        blossomParent = [Int](repeating: -1, count: 2 * n)
        blossomChildren = [[Int]](repeating: [], count: 2 * n)
        blossomBase = Array(0..<n) + [Int](repeating: -1, count: n)
        blossomEndpoints = [[Int]](repeating: [], count: 2 * n)
        bestEdge = [Int](repeating: -1, count: 2 * n)
        blossomBestEdges = [[Int]?](repeating: nil, count: 2 * n)
        treeRoot = [Int](repeating: -1, count: 2 * n)
        isStale = [Bool](repeating: false, count: 2 * n)
        bestEdgeTo = [Int](repeating: -1, count: 2 * n)
        bestSlackTo = [Int64](repeating: 0, count: 2 * n)
        unusedBlossoms = Array((n..<2 * n).reversed())
        dual = [Int64](repeating: maxWeight, count: n) + [Int64](repeating: 0, count: n)
        allowEdge = [Bool](repeating: false, count: edges.count)
    }

    /// The vertex at endpoint `p`.
    @inline(__always) func endpoint(_ p: Int) -> Int {
        p & 1 == 0 ? edgeU[p >> 1] : edgeV[p >> 1]
    }

    /// Twice the slack of edge `k` (meaningless for an edge inside a blossom).
    @inline(__always) func slack(_ k: Int) -> Int64 {
        dual[edgeU[k]] + dual[edgeV[k]] - 2 * edgeWeight[k]
    }

    /// The vertices inside blossom (or vertex) `b`.
    func leaves(_ b: Int) -> [Int] {
        if b < n { return [b] }
        var result: [Int] = []
        var stack = [b]
        while let top = stack.popLast() {
            if top < n {
                result.append(top)
            } else {
                stack.append(contentsOf: blossomChildren[top].reversed())
            }
        }
        return result
    }

    /// The result: mates as vertices, and the total weight of the matched edges.
    func matching() -> Matching {
        var total: Int64 = 0
        var mates = [Int?](repeating: nil, count: n)
        for v in 0..<n where mate[v] >= 0 {
            let other = endpoint(mate[v])
            mates[v] = other
            if v < other { total += edgeWeight[mate[v] >> 1] }
        }
        return Matching(mates: mates, totalWeight: total)
    }
}
