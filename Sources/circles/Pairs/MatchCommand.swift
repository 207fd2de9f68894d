import ArgumentParser

extension PairsCommand {
    /// `circles pairs match --input FILE`: maximum-weight matching over JSON Lines, no database.
    struct MatchCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "match",
            abstract: "Find the heaviest set of pairs in each graph read as JSON Lines.",
            discussion: """
                Reads one request per line from FILE (- for standard input):
                  {"id": "r1", "nodes": ["ana", "ben", "cal"],
                   "edges": [["ana", "ben", 5], ["ben", "cal", 6]], "maxcardinality": false}
                and writes one line per request, in order, as soon as it is answered:
                  {"id":"r1","pairs":[["ben","cal"]],"weight":6}
                or {"id":"r1","error":"..."}; a bad line does not stop the others.

                Nodes are strings or whole numbers, each listed once; nodes with no edges are
                allowed. Each edge joins two different listed nodes, at most once, with a whole
                weight from -\(BatchMatching.maximumWeight) to \(BatchMatching.maximumWeight). With
                "maxcardinality": true the result is the heaviest among the matchings with the most
                pairs; otherwise (the default) the heaviest of all, so negative edges are never used.
                Each pair lists the node that comes first in "nodes" first; pairs follow that order.
                Limits per line: \(BatchMatching.maximumLineBytes) bytes, \(BatchMatching.maximumNodes) nodes,
                \(BatchMatching.maximumEdges) edges. The algorithm is Edmonds' blossom algorithm
                (exact, O(n³)); the same line always gives the same pairs.

                Examples:
                  circles pairs match --input round.jsonl > pairs.jsonl
                  some-program | circles pairs match --input - | another-program
                """
        )

        @Option(help: "Read JSON Lines requests from FILE (- for standard input).")
        var input: String

        func run() async throws {
            try BatchMatching.run(path: input)
        }
    }
}
