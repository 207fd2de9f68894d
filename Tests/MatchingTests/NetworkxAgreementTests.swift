import Matching
import Testing

@Suite("maximum-weight matching agrees with networkx")
struct NetworkxAgreementTests {
    @Test(
        "on 1,200 seeded random graphs of up to 300 vertices, both maxcardinality values: same total weight (and size), every result a valid matching"
    )
    func agreesWithNetworkx() throws {
        var requests: [String] = []
        var ours: [(weight: Int64, size: Int)] = []
        var cases: [(seed: UInt64, maxCardinality: Bool)] = []
        for seed in UInt64(1)...600 {
            let graph = RandomGraph(seed: seed, maxVertices: 300)
            for maxCardinality in [false, true] {
                let matching = try MaximumWeightMatching.solve(
                    vertexCount: graph.vertexCount, edges: graph.edges, maxCardinality: maxCardinality)
                if let problem = invalidity(of: matching, vertexCount: graph.vertexCount, edges: graph.edges) {
                    Issue.record("seed \(seed), maxcardinality \(maxCardinality): \(problem)")
                }
                ours.append((matching.totalWeight, matching.pairs.count))
                requests.append(graph.jsonLine(maxCardinality: maxCardinality))
                cases.append((seed, maxCardinality))
            }
        }
        let theirs = try PythonOracle.run(script: "networkx_matching.py", lines: requests)
        try #require(theirs.count == requests.count)
        var disagreements = 0
        for (index, line) in theirs.enumerated() {
            let expected = "\(ours[index].weight) \(ours[index].size)"
            // Size only has to agree under maxcardinality (zero-weight edges are optional otherwise).
            let agrees =
                cases[index].maxCardinality ? line == expected : line.split(separator: " ").first.map(String.init) == String(ours[index].weight)
            if !agrees {
                disagreements += 1
                Issue.record("seed \(cases[index].seed), maxcardinality \(cases[index].maxCardinality): networkx \(line), ours \(expected)")
            }
        }
        #expect(disagreements == 0)
    }
}
