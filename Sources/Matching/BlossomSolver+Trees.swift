extension BlossomSolver {
    /// After an augmentation: takes the labels off the two trees it joined (rooted at `root1` and
    /// `root2`, now both matched) and repairs what the other trees had recorded about them, so the
    /// stage can go on with the rest of its forest instead of rebuilding it.
    ///
    /// What the other trees may hold about a dissolved vertex: a least-slack edge to it (it was S),
    /// a T-blossom's note that it reached an inner vertex, and edges marked tight that stop being
    /// tight once its dual no longer moves. Each is recomputed from the current labels below.
    mutating func dissolveTrees(_ root1: Int, _ root2: Int) {
        var tops: [Int] = []
        for b in 0..<(2 * n)
        where blossomParent[b] == -1 && (b < n || blossomBase[b] >= 0) && label[b] != 0
            && (treeRoot[b] == root1 || treeRoot[b] == root2)
        {
            tops.append(b)
        }
        var vertices: [Int] = []
        var formerS: [Int] = []
        var zeroDualS: [Int] = []
        for b in tops {
            let wasS = label[b] == 1
            for leaf in leaves(b) {
                vertices.append(leaf)
                if wasS { formerS.append(leaf) }
            }
            clearLabels(b)
            // As at the end of a textbook stage: an S-blossom whose dual is zero is taken apart.
            if wasS && b >= n && dual[b] == 0 { zeroDualS.append(b) }
        }
        for b in zeroDualS { expandBlossom(b, endStage: true) }
        for x in vertices {
            for index in adjacencyStart[x]..<adjacencyStart[x + 1] { allowEdge[adjacency[index] >> 1] = false }
        }
        repairReferences(to: formerS)
        // Every dissolved vertex is offered to the S-vertices around it, as if they scanned it now.
        for x in vertices {
            for index in adjacencyStart[x]..<adjacencyStart[x + 1] {
                // Once x's blossom is S, its own scan from the queue sees these edges.
                if label[inBlossom[x]] == 1 { break }
                let y = neighbour[index]
                guard label[inBlossom[y]] == 1 else { continue }
                // Not S-to-S, so this never finds an augmenting path.
                _ = examine(from: y, to: x, endpoint: adjacency[index] ^ 1, weight: neighbourWeight[index])
            }
        }
    }

    /// Removes the labels of blossom `b`, its sub-blossoms and its vertices.
    private mutating func clearLabels(_ b: Int) {
        label[b] = 0
        labelEnd[b] = -1
        bestEdge[b] = -1
        treeRoot[b] = -1
        guard b >= n else { return }
        blossomBestEdges[b] = nil
        for sub in blossomChildren[b] { clearLabels(sub) }
    }

    /// Repairs what the remaining trees took from the dissolved S-vertices `formerS`: least-slack
    /// edges that led to them are cleared and queued for `refreshStaleBestEdges`, and inner vertices
    /// of T-blossoms that they had reached look for another S-vertex that reaches them.
    private mutating func repairReferences(to formerS: [Int]) {
        var reachedInside: [Int] = []
        for x in formerS {
            for index in adjacencyStart[x]..<adjacencyStart[x + 1] {
                let w = neighbour[index]
                let bw = inBlossom[w]
                if label[bw] == 1 {
                    if bestEdge[bw] != -1 && !leadsToS(bestEdge[bw], from: bw) { markStale(bw) }
                    continue
                }
                // Unlabelled, or inside a T-blossom (which may yet expand and leave w unlabelled).
                if bestEdge[w] != -1 && !leadsToS(bestEdge[w], from: bw) { markStale(w) }
                if label[bw] == 2 && label[w] == 2 && labelEnd[w] != -1 && endpoint(labelEnd[w]) == x {
                    reachedInside.append(w)
                }
            }
        }
        for w in reachedInside {
            label[w] = 0
            labelEnd[w] = -1
            for index in adjacencyStart[w]..<adjacencyStart[w + 1] {
                let y = neighbour[index]
                let by = inBlossom[y]
                let k = adjacency[index] >> 1
                if by != inBlossom[w] && label[by] == 1 && slack(k) <= 0 {
                    allowEdge[k] = true
                    label[w] = 2
                    labelEnd[w] = adjacency[index]
                    break
                }
            }
        }
    }

    /// Clears `bestEdge[entry]`, to be recomputed before the duals next move: until then, scans
    /// record new edges against nothing rather than against an edge that no longer counts.
    private mutating func markStale(_ entry: Int) {
        bestEdge[entry] = -1
        if !isStale[entry] {
            isStale[entry] = true
            staleBestEdges.append(entry)
        }
    }

    /// Recomputes the `bestEdge` entries cleared by `markStale` that still matter: a vertex not in an
    /// S-blossom (its least-slack edge to an S-vertex), and a top-level S-blossom (to another one).
    mutating func refreshStaleBestEdges() {
        for entry in staleBestEdges {
            isStale[entry] = false
            if entry < n {
                let top = inBlossom[entry]
                if top == entry || label[top] != 1 {
                    bestEdge[entry] = leastSlackEdgeToS(fromLeavesOf: entry, of: top)
                }
            } else if blossomParent[entry] == -1 && blossomBase[entry] >= 0 && label[entry] == 1 {
                if let own = blossomBestEdges[entry] {
                    var least = -1
                    for k in own where leadsToS(k, from: entry) && (least == -1 || slack(k) < slack(least)) {
                        least = k
                    }
                    bestEdge[entry] = least
                } else {
                    bestEdge[entry] = leastSlackEdgeToS(fromLeavesOf: entry, of: entry)
                }
            }
        }
        staleBestEdges.removeAll(keepingCapacity: true)
    }

    /// Whether edge `k`, with one end in top-level blossom `b`, leads to another S-blossom.
    private func leadsToS(_ k: Int, from b: Int) -> Bool {
        let far = inBlossom[edgeU[k]] == b ? edgeV[k] : edgeU[k]
        let bf = inBlossom[far]
        return bf != b && label[bf] == 1
    }

    /// The least-slack edge from the vertices of blossom (or vertex) `sub`, inside top-level
    /// blossom `b`, to an S-blossom other than `b`; -1 when there is none.
    private func leastSlackEdgeToS(fromLeavesOf sub: Int, of b: Int) -> Int {
        var least = -1
        var leastSlack: Int64 = 0
        for leaf in sub < n ? [sub] : leaves(sub) {
            for index in adjacencyStart[leaf]..<adjacencyStart[leaf + 1] {
                let by = inBlossom[neighbour[index]]
                guard by != b && label[by] == 1 else { continue }
                let s = dual[leaf] + dual[neighbour[index]] - 2 * neighbourWeight[index]
                if least == -1 || s < leastSlack {
                    least = adjacency[index] >> 1
                    leastSlack = s
                }
            }
        }
        return least
    }
}
