import Foundation
import Matching
import SeededRandom

/// A round of pairs: 300 people on a dense graph, side by side with networkx on the same instance
/// (`Benchmarks/networkx_matching_bench.py`, Python from `CIRCLES_NETWORKX_PYTHON`), and a round
/// across a 5,000-person network with each person's best 50 candidate partners; time and max RSS.
enum MatchingBenchmark {
    static func run() {
        Bench.say("Matching: maximum-weight matching (Edmonds' blossom, Swift) against networkx")
        let dense = denseRound(people: 300)
        Bench.say("300 people, dense: \(dense.edges.count) edges (weights from PairWeightPolicy over 10 past rounds)")
        var ours: Matching?
        var times: [Double] = []
        for _ in 0..<5 {
            let started = ContinuousClock.now
            ours = try? MaximumWeightMatching.solve(vertexCount: 300, edges: dense.edges)
            times.append(seconds(since: started))
        }
        guard let ours else {
            Bench.say("  the matcher refused the instance")
            exit(1)
        }
        let median = times.sorted()[times.count / 2]
        Bench.say("  Swift:    weight \(ours.totalWeight), \(ours.pairs.count) pairs, \(Bench.format(median * 1000, decimals: 1)) ms (median of 5)")
        Bench.say("  max RSS so far: \(maxRSSMegabytes()) MB")
        if let theirs = networkx(vertexCount: 300, edges: dense.edges) {
            Bench.say(
                "  networkx: weight \(theirs.weight), \(theirs.pairs) pairs, \(Bench.format(theirs.seconds * 1000, decimals: 1)) ms, max RSS \(theirs.maxRSSKilobytes / 1024) MB")
            let same = theirs.weight == ours.totalWeight
            Bench.say(
                "  \(Bench.format(theirs.seconds / median, decimals: 0))× faster (goal ≥ 100×), weights \(same ? "identical" : "DIFFER")")
            if !same { exit(1) }
        } else {
            Bench.say("  networkx: not run (set CIRCLES_NETWORKX_PYTHON to a Python with networkx)")
            exit(1)
        }
        network(people: 5_000, teams: 250, best: 50)
    }

    /// 300 people, all pairs but a few exclusions, weighted by the policy after 10 seeded rounds.
    static func denseRound(people n: Int) -> (edges: [WeightedEdge], members: [PairingMember]) {
        var random = SplitMix64(seed: 15)
        let members = (0..<n).map { PairingMember(id: "person-\($0)", joinedRound: 1 + random.below(4)) }
        var groups: [PastGroup] = []
        for round in 1...10 {
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, random.below(i + 1)) }
            for k in stride(from: 0, to: n - 1, by: 2) where random.below(10) != 0 {
                groups.append(PastGroup(members: [members[order[k]].id, members[order[k + 1]].id], round: round))
            }
        }
        var exclusions = Set<PersonPair>()
        for _ in 0..<(n * 2) {
            let a = random.below(n)
            let b = random.below(n)
            if a != b { exclusions.insert(PersonPair(members[a].id, members[b].id)) }
        }
        let edges = PairWeightPolicy().edges(
            round: 11, members: members, history: PairingHistory(groups: groups), exclusions: exclusions, seed: 2026)
        return (edges, members)
    }

    /// A round across `people` in `teams`, pairs across teams only, each person's `best` partners.
    static func network(people n: Int, teams: Int, best: Int) {
        var random = SplitMix64(seed: 5_000)
        let team = (0..<n).map { _ in random.below(teams) }
        // A small waiting bonus beside a wide pair-specific part, so that best-50 lists differ
        // from person to person (a large bonus makes everyone list the same few people).
        let bonus = (0..<n).map { _ in Int64(random.below(6)) * 200 }
        let salt = random.next()
        let weight: (Int, Int) -> Int64? = { u, v in
            guard team[u] != team[v] else { return nil }
            var z = (UInt64(u) << 32 | UInt64(v)) ^ salt
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return 10_000 + bonus[u] + bonus[v] + Int64((z ^ (z >> 31)) % 4_000)
        }
        Bench.say("")
        Bench.say("\(n) people in \(teams) teams, pairs across teams only, each person's best \(best) partners:")
        var started = ContinuousClock.now
        let edges = CandidateEdges.bestPerVertex(vertexCount: n, limit: best, weight: weight)
        let choosing = seconds(since: started)
        started = ContinuousClock.now
        guard let matching = try? MaximumWeightMatching.solve(vertexCount: n, edges: edges) else {
            Bench.say("  the matcher refused the instance")
            exit(1)
        }
        let matchingSeconds = seconds(since: started)
        Bench.say("  candidates: \(edges.count) edges in \(Bench.format(choosing, decimals: 2)) s (all \(n * (n - 1) / 2) pairs weighed)")
        Bench.say(
            "  matching: \(matching.pairs.count) pairs, weight \(matching.totalWeight), \(Bench.format(matchingSeconds, decimals: 2)) s (goal < 2 s)")
        Bench.say("  round in all: \(Bench.format(choosing + matchingSeconds, decimals: 2)) s; max RSS \(maxRSSMegabytes()) MB")
    }

    /// networkx's answer and time on the same instance, or nil when no Python with networkx is set.
    static func networkx(vertexCount: Int, edges: [WeightedEdge]) -> (weight: Int64, pairs: Int, seconds: Double, maxRSSKilobytes: Int)? {
        guard let python = ProcessInfo.processInfo.environment["CIRCLES_NETWORKX_PYTHON"] else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("circles-matching-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let list = edges.map { "[\($0.u),\($0.v),\($0.weight)]" }.joined(separator: ",")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("networkx_matching_bench.py").path
        do {
            try Data("{\"n\":\(vertexCount),\"edges\":[\(list)],\"maxcardinality\":false}".utf8).write(to: file)
            let output = try Bench.run(python, [script, file.path])
            struct Result: Decodable {
                let weight: Int64
                let pairs: Int
                let seconds: Double
                let maxrss_kb: Int
            }
            let result = try JSONDecoder().decode(Result.self, from: Data(output.utf8))
            return (result.weight, result.pairs, result.seconds, result.maxrss_kb)
        } catch {
            Bench.say("  networkx failed: \(error)")
            return nil
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The process's peak resident set so far.
    static func maxRSSMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)  // Glibc imports RUSAGE_SELF as an enum case
        return usage.ru_maxrss / 1024
    }
}
