extension BlossomSolver {
    /// `index` taken cyclically into `0..<count` (walks round a blossom go below zero).
    @inline(__always) private func wrap(_ index: Int, _ count: Int) -> Int {
        index < 0 ? index + count : index
    }

    /// Labels the top-level blossom of `w` with `t` (1 S, 2 T), reached through endpoint `p`;
    /// a T-blossom's base mate becomes S in turn.
    mutating func assignLabel(_ w: Int, _ t: Int, _ p: Int) {
        var w = w
        var t = t
        var p = p
        while true {
            let b = inBlossom[w]
            let root = p == -1 ? w : treeRoot[inBlossom[endpoint(p)]]
            label[w] = t
            label[b] = t
            labelEnd[w] = p
            labelEnd[b] = p
            treeRoot[w] = root
            treeRoot[b] = root
            bestEdge[w] = -1
            bestEdge[b] = -1
            if t == 1 {
                queue.append(contentsOf: leaves(b))
                return
            }
            let baseMate = mate[blossomBase[b]]
            w = endpoint(baseMate)
            t = 1
            p = baseMate ^ 1
        }
    }

    /// Traces back from two S-vertices joined by a tight edge: the base of the blossom their
    /// paths close, or -1 when the paths end at two different unmatched vertices (an augmenting path).
    mutating func scanBlossom(_ v: Int, _ w: Int) -> Int {
        var path: [Int] = []
        var base = -1
        var v = v
        var w = w
        while v != -1 {
            var b = inBlossom[v]
            if label[b] & 4 != 0 {
                base = blossomBase[b]
                break
            }
            path.append(b)
            label[b] = 5
            if labelEnd[b] == -1 {
                v = -1  // the base of b is unmatched: this path ends here
            } else {
                v = endpoint(labelEnd[b])
                b = inBlossom[v]  // a T-blossom; one more step back
                v = endpoint(labelEnd[b])
            }
            if w != -1 { swap(&v, &w) }
        }
        for b in path { label[b] = 1 }
        return base
    }

    /// Makes a new S-blossom with `base` from the cycle that edge `k` closes.
    mutating func addBlossom(base: Int, edge k: Int) {
        let bb = inBlossom[base]
        var bv = inBlossom[edgeU[k]]
        var bw = inBlossom[edgeV[k]]
        let b = unusedBlossoms.removeLast()
        blossomBase[b] = base
        blossomParent[b] = -1
        blossomParent[bb] = b
        var path: [Int] = []
        var endpoints: [Int] = []
        while bv != bb {
            blossomParent[bv] = b
            path.append(bv)
            endpoints.append(labelEnd[bv])
            bv = inBlossom[endpoint(labelEnd[bv])]
        }
        path.append(bb)
        path.reverse()
        endpoints.reverse()
        endpoints.append(2 * k)
        while bw != bb {
            blossomParent[bw] = b
            path.append(bw)
            endpoints.append(labelEnd[bw] ^ 1)
            bw = inBlossom[endpoint(labelEnd[bw])]
        }
        blossomChildren[b] = path
        blossomEndpoints[b] = endpoints
        label[b] = 1
        labelEnd[b] = labelEnd[bb]
        treeRoot[b] = treeRoot[bb]
        dual[b] = 0
        for leaf in leaves(b) {
            if label[inBlossom[leaf]] == 2 { queue.append(leaf) }  // T-vertices become S
            inBlossom[leaf] = b
        }
        // The least-slack edge from the new blossom to each other S-blossom.
        for sub in path {
            if let own = blossomBestEdges[sub] {
                for edge in own { consider(edge, from: b) }
            } else {
                for leaf in leaves(sub) {
                    for index in adjacencyStart[leaf]..<adjacencyStart[leaf + 1] {
                        let bj = inBlossom[neighbour[index]]
                        guard bj != b && label[bj] == 1 else { continue }
                        let s = dual[leaf] + dual[neighbour[index]] - 2 * neighbourWeight[index]
                        keep(adjacency[index] >> 1, slack: s, to: bj)
                    }
                }
            }
            blossomBestEdges[sub] = nil
            bestEdge[sub] = -1
        }
        // In order of the blossoms they lead to, as a pass over all of `bestEdgeTo` would give them.
        bestEdgeToSet.sort()
        var best: [Int] = []
        best.reserveCapacity(bestEdgeToSet.count)
        for bj in bestEdgeToSet {
            best.append(bestEdgeTo[bj])
            bestEdgeTo[bj] = -1
        }
        bestEdgeToSet.removeAll(keepingCapacity: true)
        blossomBestEdges[b] = best
        var least = -1
        for edge in best where least == -1 || slack(edge) < slack(least) { least = edge }
        bestEdge[b] = least
    }

    /// Keeps edge `k` in `bestEdgeTo` if it is the least-slack edge from blossom `b` to an S-blossom.
    private mutating func consider(_ k: Int, from b: Int) {
        let far = inBlossom[edgeV[k]] == b ? edgeU[k] : edgeV[k]
        let bj = inBlossom[far]
        guard bj != b && label[bj] == 1 else { return }
        keep(k, slack: slack(k), to: bj)
    }

    /// Keeps edge `k`, of slack `s`, as the edge to S-blossom `bj` if it is the first or the least.
    @inline(__always)
    private mutating func keep(_ k: Int, slack s: Int64, to bj: Int) {
        if bestEdgeTo[bj] == -1 {
            bestEdgeToSet.append(bj)
            bestEdgeTo[bj] = k
            bestSlackTo[bj] = s
        } else if s < bestSlackTo[bj] {
            bestEdgeTo[bj] = k
            bestSlackTo[bj] = s
        }
    }

    /// Dissolves top-level blossom `b` into its sub-blossoms; at the end of a stage, also every
    /// sub-blossom whose dual is zero. Mid-stage, a T-blossom's sub-blossoms are relabelled so the
    /// alternating tree stays whole. Recursion depth is at most the blossom nesting depth.
    mutating func expandBlossom(_ b: Int, endStage: Bool) {
        for sub in blossomChildren[b] {
            blossomParent[sub] = -1
            if sub < n {
                inBlossom[sub] = sub
            } else if endStage && dual[sub] == 0 {
                expandBlossom(sub, endStage: endStage)
            } else {
                for leaf in leaves(sub) { inBlossom[leaf] = sub }
            }
        }
        if !endStage && label[b] == 2 { relabelExpandedTBlossom(b) }
        label[b] = 0
        labelEnd[b] = -1
        blossomChildren[b] = []
        blossomEndpoints[b] = []
        blossomBase[b] = -1
        blossomBestEdges[b] = nil
        bestEdge[b] = -1
        unusedBlossoms.append(b)
    }

    /// Relabels the sub-blossoms of an expanding T-blossom: T and S alternately along the even
    /// path from the entry sub-blossom to the base, and T where the rest are reached from outside.
    private mutating func relabelExpandedTBlossom(_ b: Int) {
        let children = blossomChildren[b]
        let endpoints = blossomEndpoints[b]
        let count = children.count
        let entryChild = inBlossom[endpoint(labelEnd[b] ^ 1)]
        // safe: the entry vertex lies in b, so its top-level blossom is one of b's children.
        guard var j = children.firstIndex(of: entryChild) else { return }
        let step: Int
        let trick: Int
        if j & 1 != 0 {
            j -= count  // odd: go forward and wrap
            step = 1
            trick = 0
        } else {
            step = -1  // even: go backward
            trick = 1
        }
        var p = labelEnd[b]
        while j != 0 {
            label[endpoint(p ^ 1)] = 0
            label[endpoint(endpoints[wrap(j - trick, count)] ^ trick ^ 1)] = 0
            assignLabel(endpoint(p ^ 1), 2, p)
            allowEdge[endpoints[wrap(j - trick, count)] >> 1] = true
            j += step
            p = endpoints[wrap(j - trick, count)] ^ trick
            allowEdge[p >> 1] = true
            j += step
        }
        // The base sub-blossom becomes T without passing the label on to its mate.
        let baseChild = children[wrap(j, count)]
        label[endpoint(p ^ 1)] = 2
        label[baseChild] = 2
        labelEnd[endpoint(p ^ 1)] = p
        labelEnd[baseChild] = p
        treeRoot[endpoint(p ^ 1)] = treeRoot[b]
        treeRoot[baseChild] = treeRoot[b]
        bestEdge[baseChild] = -1
        j += step
        while children[wrap(j, count)] != entryChild {
            let sub = children[wrap(j, count)]
            if label[sub] == 1 {
                j += step  // already S through one of its neighbours
                continue
            }
            if let reached = leaves(sub).first(where: { label[$0] != 0 }) {
                label[reached] = 0
                label[endpoint(mate[blossomBase[sub]])] = 0
                assignLabel(reached, 2, labelEnd[reached])
            }
            j += step
        }
    }

    /// Swaps matched and unmatched edges along the even path inside blossom `b` from vertex `v`
    /// to the base, and makes `v` the base.
    mutating func augmentBlossom(_ b: Int, _ v: Int) {
        var t = v
        while blossomParent[t] != b { t = blossomParent[t] }
        if t >= n { augmentBlossom(t, v) }
        let children = blossomChildren[b]
        let endpoints = blossomEndpoints[b]
        let count = children.count
        // safe: t is a child of b by the loop above.
        guard let i = children.firstIndex(of: t) else { return }
        var j = i
        let step: Int
        let trick: Int
        if i & 1 != 0 {
            j -= count
            step = 1
            trick = 0
        } else {
            step = -1
            trick = 1
        }
        while j != 0 {
            j += step
            var sub = children[wrap(j, count)]
            let p = endpoints[wrap(j - trick, count)] ^ trick
            if sub >= n { augmentBlossom(sub, endpoint(p)) }
            j += step
            sub = children[wrap(j, count)]
            if sub >= n { augmentBlossom(sub, endpoint(p ^ 1)) }
            mate[endpoint(p)] = p ^ 1
            mate[endpoint(p ^ 1)] = p
        }
        blossomChildren[b] = Array(children[i...] + children[..<i])
        blossomEndpoints[b] = Array(endpoints[i...] + endpoints[..<i])
        blossomBase[b] = blossomBase[children[i]]
    }

    /// Augments the matching along the path through tight edge `k` between two S-vertices.
    mutating func augmentMatching(_ k: Int) {
        for (start, startEndpoint) in [(edgeU[k], 2 * k + 1), (edgeV[k], 2 * k)] {
            var s = start
            var p = startEndpoint
            while true {
                let bs = inBlossom[s]
                if bs >= n { augmentBlossom(bs, s) }
                mate[s] = p
                if labelEnd[bs] == -1 { break }  // reached an unmatched vertex
                let bt = inBlossom[endpoint(labelEnd[bs])]
                s = endpoint(labelEnd[bt])
                let j = endpoint(labelEnd[bt] ^ 1)
                if bt >= n { augmentBlossom(bt, j) }
                mate[j] = labelEnd[bt]
                p = labelEnd[bt] ^ 1
            }
        }
    }
}
