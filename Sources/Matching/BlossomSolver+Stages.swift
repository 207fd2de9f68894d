extension BlossomSolver {
    /// Runs stages until no augmenting path improves the matching.
    ///
    /// Each stage grows alternating trees from the unmatched vertices over tight edges; when the
    /// trees are stuck, the duals change by the least `delta` that makes a new edge tight, expands
    /// a T-blossom, or (without `maxCardinality`) brings a vertex dual to zero, which ends the run.
    mutating func run(maxCardinality: Bool) {
        for _ in 0..<n {
            guard runStage(maxCardinality: maxCardinality) else { break }
            // End of a stage: expand the S-blossoms whose dual fell to zero.
            for b in n..<(2 * n)
            where blossomParent[b] == -1 && blossomBase[b] >= 0 && label[b] == 1 && dual[b] == 0 {
                expandBlossom(b, endStage: true)
            }
        }
    }

    /// One stage; returns whether it augmented the matching.
    ///
    /// Unlike the textbook stage, which ends at the first augmentation and then rebuilds every tree,
    /// this one augments as often as it can: only the two trees an augmenting path joins lose their
    /// labels (`dissolveTrees`), and the rest of the forest stays. On a large sparse graph with many
    /// vertices left single, rebuilding the forest after each augmentation is what costs the time.
    private mutating func runStage(maxCardinality: Bool) -> Bool {
        label.fill(0)
        bestEdge.fill(-1)
        for b in n..<(2 * n) { blossomBestEdges[b] = nil }
        allowEdge.fill(false)
        for entry in staleBestEdges { isStale[entry] = false }
        staleBestEdges.removeAll(keepingCapacity: true)
        queue.removeAll(keepingCapacity: true)
        for v in 0..<n where mate[v] == -1 && label[inBlossom[v]] == 0 {
            assignLabel(v, 1, -1)
        }
        var augmented = false
        while true {
            if let k = scanQueue() {
                let roots = (treeRoot[inBlossom[edgeU[k]]], treeRoot[inBlossom[edgeV[k]]])
                augmentMatching(k)
                dissolveTrees(roots.0, roots.1)
                augmented = true
            } else if !adjustDuals(maxCardinality: maxCardinality) {
                return augmented
            }
        }
    }

    /// Labels from the queue's S-vertices over tight edges; returns the edge that completes an
    /// augmenting path, if one is found.
    private mutating func scanQueue() -> Int? {
        while let v = queue.popLast() {
            // A vertex queued in a tree that has since been dissolved is no longer S.
            guard label[inBlossom[v]] == 1 else { continue }
            for index in adjacencyStart[v]..<adjacencyStart[v + 1] {
                let w = neighbour[index]
                if inBlossom[v] == inBlossom[w] { continue }  // inside one blossom
                if let k = examine(from: v, to: w, endpoint: adjacency[index], weight: neighbourWeight[index]) {
                    return k
                }
            }
        }
        return nil
    }

    /// Looks at the edge from S-vertex `v` to `w` (in another top-level blossom) that ends at
    /// endpoint `p`: labels, makes a blossom, or notes the edge's slack. Returns the edge when it
    /// completes an augmenting path.
    @inline(__always)
    mutating func examine(from v: Int, to w: Int, endpoint p: Int, weight: Int64) -> Int? {
        let k = p >> 1
        var kSlack: Int64 = 0
        if !allowEdge[k] {
            kSlack = dual[v] + dual[w] - 2 * weight
            if kSlack <= 0 { allowEdge[k] = true }
        }
        let bw = inBlossom[w]
        if allowEdge[k] {
            if label[bw] == 0 {
                // w is free: label it T and its mate S.
                assignLabel(w, 2, p ^ 1)
            } else if label[bw] == 1 {
                // Two S-vertices: a new blossom, or an augmenting path.
                let base = scanBlossom(v, w)
                if base < 0 { return k }
                addBlossom(base: base, edge: k)
            } else if label[w] == 0 {
                // w is inside a T-blossom but not yet reached: note how, for its expansion.
                label[w] = 2
                labelEnd[w] = p ^ 1
            }
        } else if label[bw] == 1 {
            let bv = inBlossom[v]
            if bestEdge[bv] == -1 || kSlack < slack(bestEdge[bv]) { bestEdge[bv] = k }
        } else if label[w] == 0 {
            if bestEdge[w] == -1 || kSlack < slack(bestEdge[w]) { bestEdge[w] = k }
        }
        return nil
    }

    /// Moves the duals by the least delta that changes something; returns false when the
    /// optimum is reached.
    ///
    /// One pass over the vertices and one over the blossoms find the delta, and one of each moves
    /// the duals: this runs thousands of times on a large graph. With integer weights many edges
    /// often become tight at the same delta; all of them are taken at once (`tightened`), rather
    /// than one per call with the others following at a delta of zero.
    private mutating func adjustDuals(maxCardinality: Bool) -> Bool {
        refreshStaleBestEdges()
        tightened.removeAll(keepingCapacity: true)
        var deltaType = -1
        var delta: Int64 = 0
        var deltaEdge = -1
        var deltaBlossom = -1
        var leastVertexDual = Int64.max
        for v in 0..<n {
            leastVertexDual = min(leastVertexDual, dual[v])
            let e = bestEdge[v]
            guard e != -1 else { continue }
            let top = inBlossom[v]
            switch label[top] {
            case 0:
                // An unlabelled vertex and its least-slack edge to an S-vertex.
                let d = slack(e)
                if deltaType == -1 || d < delta {
                    delta = d
                    deltaType = 2
                    deltaEdge = e
                    tightened.removeAll(keepingCapacity: true)
                } else if d == delta {
                    tightened.append(e)
                }
            case 1 where top == v:
                // Between two S-blossoms both duals move, so half the slack; it is even here.
                let d = slack(e) / 2
                if deltaType == -1 || d < delta {
                    delta = d
                    deltaType = 3
                    deltaEdge = e
                    tightened.removeAll(keepingCapacity: true)
                } else if d == delta {
                    tightened.append(e)
                }
            default:
                break
            }
        }
        if !maxCardinality && (deltaType == -1 || leastVertexDual <= delta) {
            deltaType = 1
            delta = leastVertexDual
        }
        for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 {
            if label[b] == 1 && bestEdge[b] != -1 {
                let d = slack(bestEdge[b]) / 2
                if deltaType == -1 || d < delta {
                    delta = d
                    deltaType = 3
                    deltaEdge = bestEdge[b]
                    tightened.removeAll(keepingCapacity: true)
                } else if d == delta && (deltaType == 2 || deltaType == 3) {
                    tightened.append(bestEdge[b])
                }
            } else if label[b] == 2 && (deltaType == -1 || dual[b] < delta) {
                delta = dual[b]
                deltaType = 4
                deltaBlossom = b
            }
        }
        if deltaType == -1 {
            // Only with maxCardinality: no further augmentation is possible.
            deltaType = 1
            delta = max(0, leastVertexDual)
        }
        for v in 0..<n {
            switch label[inBlossom[v]] {
            case 1: dual[v] -= delta
            case 2: dual[v] += delta
            default: break
            }
        }
        for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 {
            switch label[b] {
            case 1: dual[b] += delta
            case 2: dual[b] -= delta
            default: break
            }
        }
        switch deltaType {
        case 2, 3:
            // Each edge is now tight; scanning its S end again takes it.
            tightened.append(deltaEdge)
            for e in tightened {
                allowEdge[e] = true
                let u = edgeU[e]
                queue.append(label[inBlossom[u]] == 1 ? u : edgeV[e])
            }
        case 4:
            expandBlossom(deltaBlossom, endStage: false)
        default:
            return false
        }
        return true
    }
}
