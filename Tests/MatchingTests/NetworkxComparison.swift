import Matching
import Testing

/// Seeded graphs solved by `MaximumWeightMatching` and then, all in one run, by networkx: each
/// result must be a valid matching of its graph and weigh what networkx's does (and, under
/// maxcardinality, have as many pairs; otherwise zero-weight edges are optional).
struct NetworkxComparison {
    private var requests: [String] = []
    private var ours: [(weight: Int64, size: Int)] = []
    private var cases: [(seed: UInt64, maxCardinality: Bool)] = []

    /// Solves the graph, records an issue if the result is not a valid matching, and keeps it for networkx.
    mutating func solve(seed: UInt64, vertexCount: Int, edges: [WeightedEdge], maxCardinality: Bool) throws {
        let matching = try MaximumWeightMatching.solve(vertexCount: vertexCount, edges: edges, maxCardinality: maxCardinality)
        if let problem = invalidity(of: matching, vertexCount: vertexCount, edges: edges) {
            Issue.record("seed \(seed), maxcardinality \(maxCardinality): \(problem)")
        }
        ours.append((matching.totalWeight, matching.pairs.count))
        requests.append(RandomGraph.jsonLine(vertexCount: vertexCount, edges: edges, maxCardinality: maxCardinality))
        cases.append((seed, maxCardinality))
    }

    /// Asks networkx about every graph kept; each disagreement is an issue naming its seed.
    func expectAgreement() throws {
        let theirs = try PythonOracle.run(script: "networkx_matching.py", lines: requests)
        try #require(theirs.count == requests.count)
        var disagreements = 0
        for (index, line) in theirs.enumerated() {
            let expected = "\(ours[index].weight) \(ours[index].size)"
            let agrees =
                cases[index].maxCardinality
                ? line == expected : line.split(separator: " ").first.map(String.init) == String(ours[index].weight)
            if !agrees {
                disagreements += 1
                Issue.record("seed \(cases[index].seed), maxcardinality \(cases[index].maxCardinality): networkx \(line), ours \(expected)")
            }
        }
        #expect(disagreements == 0)
    }
}
