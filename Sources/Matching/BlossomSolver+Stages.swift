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
    private mutating func runStage(maxCardinality: Bool) -> Bool {
        for i in label.indices { label[i] = 0 }
        for i in bestEdge.indices { bestEdge[i] = -1 }
        for b in n..<(2 * n) { blossomBestEdges[b] = nil }
        for k in allowEdge.indices { allowEdge[k] = false }
        queue.removeAll(keepingCapacity: true)
        for v in 0..<n where mate[v] == -1 && label[inBlossom[v]] == 0 {
            assignLabel(v, 1, -1)
        }
        while true {
            if scanQueue() { return true }
            if !adjustDuals(maxCardinality: maxCardinality) { return false }
        }
    }

    /// Labels from the queue's S-vertices over tight edges; returns whether it augmented.
    private mutating func scanQueue() -> Bool {
        while let v = queue.popLast() {
            for index in adjacencyStart[v]..<adjacencyStart[v + 1] {
                let w = neighbour[index]
                if inBlossom[v] == inBlossom[w] { continue }  // inside one blossom
                let p = adjacency[index]
                let k = p >> 1
                var kSlack: Int64 = 0
                if !allowEdge[k] {
                    kSlack = dual[v] + dual[w] - 2 * neighbourWeight[index]
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
                        if base >= 0 {
                            addBlossom(base: base, edge: k)
                        } else {
                            augmentMatching(k)
                            return true
                        }
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
            }
        }
        return false
    }

    /// Moves the duals by the least delta that changes something; returns false when the
    /// optimum is reached.
    private mutating func adjustDuals(maxCardinality: Bool) -> Bool {
        var deltaType = -1
        var delta: Int64 = 0
        var deltaEdge = -1
        var deltaBlossom = -1
        if !maxCardinality {
            deltaType = 1
            delta = dual[0..<n].min() ?? 0
        }
        for v in 0..<n where label[inBlossom[v]] == 0 && bestEdge[v] != -1 {
            let d = slack(bestEdge[v])
            if deltaType == -1 || d < delta {
                delta = d
                deltaType = 2
                deltaEdge = bestEdge[v]
            }
        }
        for b in 0..<(2 * n) where blossomParent[b] == -1 && label[b] == 1 && bestEdge[b] != -1 {
            // Between two S-blossoms both duals move, so half the slack; it is even here.
            let d = slack(bestEdge[b]) / 2
            if deltaType == -1 || d < delta {
                delta = d
                deltaType = 3
                deltaEdge = bestEdge[b]
            }
        }
        for b in n..<(2 * n)
        where blossomBase[b] >= 0 && blossomParent[b] == -1 && label[b] == 2
            && (deltaType == -1 || dual[b] < delta)
        {
            delta = dual[b]
            deltaType = 4
            deltaBlossom = b
        }
        if deltaType == -1 {
            // Only with maxCardinality: no further augmentation is possible.
            deltaType = 1
            delta = max(0, dual[0..<n].min() ?? 0)
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
        case 2:
            allowEdge[deltaEdge] = true
            let u = edgeU[deltaEdge]
            queue.append(label[inBlossom[u]] == 0 ? edgeV[deltaEdge] : u)
        case 3:
            allowEdge[deltaEdge] = true
            queue.append(edgeU[deltaEdge])
        case 4:
            expandBlossom(deltaBlossom, endStage: false)
        default:
            return false
        }
        return true
    }
}
