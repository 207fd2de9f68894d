/// A directed network with integer capacities and costs, for min-cost flow by successive
/// shortest paths. Arc `a` and its residual twin `a ^ 1` are stored side by side.
struct FlowNetwork {
    private var head: [Int]
    private var capacity: [Int] = []
    private var cost: [Int64] = []
    private var adjacency: [[Int]]

    init(nodeCount: Int) {
        head = []
        adjacency = [[Int]](repeating: [], count: nodeCount)
    }

    /// Adds an arc and its residual twin; returns the arc's number.
    @discardableResult
    mutating func addArc(from u: Int, to v: Int, capacity: Int, cost: Int64) -> Int {
        let arc = head.count
        head += [v, u]
        self.capacity += [capacity, 0]
        self.cost += [cost, -cost]
        adjacency[u].append(arc)
        adjacency[v].append(arc + 1)
        return arc
    }

    /// The flow on `arc` (what its residual twin can send back).
    func flow(onArc arc: Int) -> Int { capacity[arc ^ 1] }

    /// Sends flow one unit path at a time along cheapest paths. Path costs never fall from one
    /// path to the next, so stopping at the first path that costs more than zero gives the
    /// cheapest flow of any size; otherwise it runs to a maximum flow of least cost.
    mutating func minimumCostFlow(from source: Int, to sink: Int, stopWhenCostRises: Bool) {
        var potential = initialPotentials(from: source)
        let unreached = Int64.max
        var distance = [Int64](repeating: unreached, count: adjacency.count)
        var viaArc = [Int](repeating: -1, count: adjacency.count)
        var heap = MinimumHeap()
        while true {
            for i in distance.indices {
                distance[i] = unreached
                viaArc[i] = -1
            }
            distance[source] = 0
            heap.push(0, source)
            while let (d, u) = heap.pop() {
                guard d == distance[u] else { continue }
                for arc in adjacency[u] where capacity[arc] > 0 {
                    let v = head[arc]
                    // Reduced costs are never negative, so Dijkstra is exact.
                    let next = d + cost[arc] + potential[u] - potential[v]
                    if next < distance[v] {
                        distance[v] = next
                        viaArc[v] = arc
                        heap.push(next, v)
                    }
                }
            }
            guard distance[sink] != unreached else { return }
            let pathCost = distance[sink] + potential[sink] - potential[source]
            if stopWhenCostRises && pathCost > 0 { return }
            for node in potential.indices where distance[node] != unreached {
                potential[node] += distance[node]
            }
            var node = sink
            while node != source {
                let arc = viaArc[node]
                capacity[arc] -= 1
                capacity[arc ^ 1] += 1
                node = head[arc ^ 1]
            }
        }
    }

    /// Shortest distances from `source` over arcs with capacity, by Bellman–Ford (the first
    /// network has negative costs but no cycles); nodes out of reach get 0.
    private func initialPotentials(from source: Int) -> [Int64] {
        var distance = [Int64?](repeating: nil, count: adjacency.count)
        distance[source] = 0
        var changed = true
        var passes = 0
        while changed && passes < adjacency.count {
            changed = false
            passes += 1
            for u in adjacency.indices {
                guard let du = distance[u] else { continue }
                for arc in adjacency[u] where capacity[arc] > 0 {
                    let v = head[arc]
                    if distance[v].map({ du + cost[arc] < $0 }) ?? true {
                        distance[v] = du + cost[arc]
                        changed = true
                    }
                }
            }
        }
        return distance.map { $0 ?? 0 }
    }
}

/// A binary min-heap of (key, node), ties broken by node so the order is deterministic.
struct MinimumHeap {
    private var items: [(key: Int64, node: Int)] = []

    private func less(_ i: Int, _ j: Int) -> Bool {
        (items[i].key, items[i].node) < (items[j].key, items[j].node)
    }

    mutating func push(_ key: Int64, _ node: Int) {
        items.append((key, node))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Int64, Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && less(left, smallest) { smallest = left }
                if right < items.count && less(right, smallest) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (first.key, first.node)
    }
}
