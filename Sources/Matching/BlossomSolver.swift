/// One run of the primal-dual blossom algorithm over arrays.
///
/// Indices: vertices are `0..<n`; non-trivial blossoms take numbers from `n..<2n`; edge `k` has
/// the endpoints `2k` (its `u`) and `2k + 1` (its `v`), so `p ^ 1` is the other end of endpoint `p`.
/// Vertex duals are stored doubled (`2u(v)`), so with integer weights every dual, slack and delta
/// stays an exact integer.
struct BlossomSolver {
    /// Owns the memory behind every `SolverBuffer` below.
    let pool = SolverBufferPool()
    let n: Int
    let edgeU: SolverBuffer<Int>
    let edgeV: SolverBuffer<Int>
    let edgeWeight: SolverBuffer<Int64>
    /// `adjacency[adjacencyStart[v]..<adjacencyStart[v + 1]]` are the remote endpoints of `v`'s edges;
    /// `neighbour` and `neighbourWeight` hold the vertex and weight at each endpoint, so that
    /// scanning a vertex reads memory in order (the edge arrays would be read at random).
    let adjacencyStart: SolverBuffer<Int>
    let adjacency: SolverBuffer<Int>
    let neighbour: SolverBuffer<Int>
    let neighbourWeight: SolverBuffer<Int64>

    /// The remote endpoint of `v`'s matched edge, or -1.
    let mate: SolverBuffer<Int>
    /// For a top-level blossom or vertex: 0 unlabelled, 1 S, 2 T (5 marks a breadcrumb in `scanBlossom`).
    let label: SolverBuffer<Int>
    /// The endpoint through which a blossom or vertex got its label, or -1.
    let labelEnd: SolverBuffer<Int>
    /// The top-level blossom that holds each vertex.
    let inBlossom: SolverBuffer<Int>
    let blossomParent: SolverBuffer<Int>
    /// Sub-blossoms in cyclic order, the base first.
    var blossomChildren: [[Int]]
    let blossomBase: SolverBuffer<Int>
    /// `blossomEndpoints[b][i]` joins `blossomChildren[b][i]` to the next sub-blossom.
    var blossomEndpoints: [[Int]]
    /// Least-slack edge to an S-blossom (for a free vertex) or to another S-blossom (for an S-blossom).
    let bestEdge: SolverBuffer<Int>
    var blossomBestEdges: [[Int]?]
    /// For a labelled top-level blossom or vertex: the unmatched vertex at the root of its tree.
    let treeRoot: SolverBuffer<Int>
    /// `bestEdge` entries cleared when a tree was dissolved, to be recomputed before duals next move.
    var staleBestEdges: [Int] = []
    let isStale: SolverBuffer<Bool>
    /// Scratch for `addBlossom`: the least-slack edge to each S-blossom, and which entries are set
    /// (kept between calls so that a blossom costs its edges, not a pass over every blossom).
    let bestEdgeTo: SolverBuffer<Int>
    let bestSlackTo: SolverBuffer<Int64>
    var bestEdgeToSet: [Int] = []
    /// Scratch for `adjustDuals`: edges that become tight at the chosen delta besides `deltaEdge`.
    var tightened: [Int] = []
    var unusedBlossoms: [Int]
    let dual: SolverBuffer<Int64>
    let allowEdge: SolverBuffer<Bool>
    var queue: [Int] = []

    init(vertexCount: Int, edges: [WeightedEdge]) {
        n = vertexCount
        let owner = self.pool
        edgeU = SolverBuffer(edges.map(\.u), in: owner)
        edgeV = SolverBuffer(edges.map(\.v), in: owner)
        edgeWeight = SolverBuffer(edges.map(\.weight), in: owner)
        var degree = [Int](repeating: 0, count: n + 1)
        for edge in edges {
            degree[edge.u + 1] += 1
            degree[edge.v + 1] += 1
        }
        for v in 0..<n { degree[v + 1] += degree[v] }
        adjacencyStart = SolverBuffer(degree, in: owner)
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
        self.adjacency = SolverBuffer(adjacency, in: owner)
        self.neighbour = SolverBuffer(neighbour, in: owner)
        self.neighbourWeight = SolverBuffer(neighbourWeight, in: owner)
        let maxWeight = max(0, edges.map(\.weight).max() ?? 0)
        mate = SolverBuffer(repeating: -1, count: n, in: owner)
        label = SolverBuffer(repeating: 0, count: 2 * n, in: owner)
        labelEnd = SolverBuffer(repeating: -1, count: 2 * n, in: owner)
        inBlossom = SolverBuffer(Array(0..<n), in: owner)
        blossomParent = SolverBuffer(repeating: -1, count: 2 * n, in: owner)
        blossomChildren = [[Int]](repeating: [], count: 2 * n)
        blossomBase = SolverBuffer(Array(0..<n) + [Int](repeating: -1, count: n), in: owner)
        blossomEndpoints = [[Int]](repeating: [], count: 2 * n)
        bestEdge = SolverBuffer(repeating: -1, count: 2 * n, in: owner)
        blossomBestEdges = [[Int]?](repeating: nil, count: 2 * n)
        treeRoot = SolverBuffer(repeating: -1, count: 2 * n, in: owner)
        isStale = SolverBuffer(repeating: false, count: 2 * n, in: owner)
        bestEdgeTo = SolverBuffer(repeating: -1, count: 2 * n, in: owner)
        bestSlackTo = SolverBuffer(repeating: 0, count: 2 * n, in: owner)
        unusedBlossoms = Array((n..<2 * n).reversed())
        dual = SolverBuffer([Int64](repeating: maxWeight, count: n) + [Int64](repeating: 0, count: n), in: owner)
        allowEdge = SolverBuffer(repeating: false, count: edges.count, in: owner)
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
