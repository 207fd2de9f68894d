import Matching
import Testing

@Suite("maximum-weight matching agrees with networkx")
struct NetworkxAgreementTests {
    @Test(
        "on 1,200 seeded random graphs of up to 300 vertices, both maxcardinality values: same total weight (and size), every result a valid matching"
    )
    func agreesWithNetworkx() throws {
        var comparison = NetworkxComparison()
        for seed in UInt64(1)...600 {
            let graph = RandomGraph(seed: seed, maxVertices: 300)
            for maxCardinality in [false, true] {
                try comparison.solve(seed: seed, vertexCount: graph.vertexCount, edges: graph.edges, maxCardinality: maxCardinality)
            }
        }
        try comparison.expectAgreement()
    }
}
