import Foundation
import Matching

/// One `circles pairs match` request, checked field by field as it arrives.
struct MatchRequest {
    /// A node as given: a string or a whole number (`"1"` and `1` are different nodes).
    enum Node: Hashable {
        case string(String)
        case number(Int64)

        /// The node as JSON text.
        func json() throws -> String {
            switch self {
            case .string(let text): JSONLine.quote(text)
            case .number(let value): String(value)
            }
        }
    }

    let nodes: [Node]
    /// Edges between indices into `nodes`, in the order given.
    let edges: [WeightedEdge]
    let maxCardinality: Bool

    init(_ object: [String: Any]) throws(MatchingError) {
        if let id = object["id"], !(id is String) {
            throw MatchingError("id: expected a string")
        }
        let known: Set<String> = ["id", "nodes", "edges", "maxcardinality"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw MatchingError("\(unknown): not a field; expected id, nodes, edges and maxcardinality")
        }
        switch object["maxcardinality"] {
        case nil, is NSNull: maxCardinality = false
        case let flag as NSNumber where Self.isBoolean(flag): maxCardinality = flag.boolValue
        default: throw MatchingError("maxcardinality: expected true or false")
        }
        guard let rawNodes = object["nodes"] as? [Any] else {
            throw MatchingError("nodes: required, a list of strings or whole numbers")
        }
        guard rawNodes.count <= BatchMatching.maximumNodes else {
            throw MatchingError("nodes: \(rawNodes.count) nodes; at most \(BatchMatching.maximumNodes) in one request")
        }
        var nodes: [Node] = []
        var index: [Node: Int] = [:]
        for (position, raw) in rawNodes.enumerated() {
            guard let node = Self.node(raw) else {
                throw MatchingError("nodes[\(position)]: expected a string or a whole number")
            }
            guard index[node] == nil else {
                throw MatchingError("nodes[\(position)]: \(Self.show(node)) is listed twice; list each node once")
            }
            index[node] = position
            nodes.append(node)
        }
        guard let rawEdges = object["edges"] as? [Any] else {
            throw MatchingError("edges: required, a list of [a, b, weight]")
        }
        guard rawEdges.count <= BatchMatching.maximumEdges else {
            throw MatchingError("edges: \(rawEdges.count) edges; at most \(BatchMatching.maximumEdges) in one request")
        }
        var edges: [WeightedEdge] = []
        edges.reserveCapacity(rawEdges.count)
        var seen: [Pair: Int] = [:]
        for (position, raw) in rawEdges.enumerated() {
            let name = "edges[\(position)]"
            guard let triple = raw as? [Any], triple.count == 3 else {
                throw MatchingError("\(name): expected [a, b, weight]")
            }
            var ends: [Int] = []
            for end in triple.prefix(2) {
                guard let node = Self.node(end) else {
                    throw MatchingError("\(name): a node must be a string or a whole number")
                }
                guard let at = index[node] else {
                    throw MatchingError("\(name): \(Self.show(node)) is not in nodes")
                }
                ends.append(at)
            }
            guard ends[0] != ends[1] else {
                throw MatchingError("\(name): \(Self.show(nodes[ends[0]])) cannot be paired with itself")
            }
            guard let weight = Self.wholeNumber(triple[2]), abs(weight) <= BatchMatching.maximumWeight else {
                throw MatchingError(
                    "\(name): the weight must be a whole number from -\(BatchMatching.maximumWeight) to \(BatchMatching.maximumWeight)")
            }
            if let earlier = seen.updateValue(position, forKey: Pair(ends[0], ends[1])) {
                throw MatchingError(
                    "\(name): \(Self.show(nodes[ends[0]]))–\(Self.show(nodes[ends[1]])) is already edges[\(earlier)]; give each pair once")
            }
            edges.append(WeightedEdge(ends[0], ends[1], weight: weight))
        }
        self.nodes = nodes
        self.edges = edges
    }

    /// JSON `true`/`false`. Not `is Bool`: on Linux the numbers 0 and 1 pass that too; a
    /// JSON Boolean is the one NSNumber whose type is `char`.
    private static func isBoolean(_ value: Any?) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    private static func node(_ raw: Any) -> Node? {
        if let text = raw as? String { return .string(text) }
        return wholeNumber(raw).map(Node.number)
    }

    /// A JSON number with no fraction that fits in Int64 (not a Boolean).
    private static func wholeNumber(_ raw: Any) -> Int64? {
        guard let number = raw as? NSNumber, !isBoolean(number) else { return nil }
        let double = number.doubleValue
        guard double.isFinite, double == double.rounded(), abs(double) < 9.0e15 else { return nil }
        return number.int64Value
    }

    /// A node as a person would read it in a message.
    private static func show(_ node: Node) -> String {
        switch node {
        case .string(let text): "\"\(text)\""
        case .number(let value): String(value)
        }
    }
}
