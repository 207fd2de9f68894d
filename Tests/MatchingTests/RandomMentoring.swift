import Matching
import SeededRandom

/// A seeded random mentoring instance: capacities from 0 to `maxCapacity`, sparse to complete
/// edges, narrow to wide and sometimes negative weights.
struct RandomMentoring {
    let capacities: [Int]
    let menteeCount: Int
    let edges: [MentoringEdge]

    init(seed: UInt64, maxMentors: Int, maxMentees: Int, maxCapacity: Int) {
        var random = SplitMix64(seed: seed)
        capacities = (0..<random.below(maxMentors + 1)).map { _ in random.below(maxCapacity + 1) }
        menteeCount = random.below(maxMentees + 1)
        let density = [0.2, 0.5, 1.0][random.below(3)]
        let range: ClosedRange<Int64> = [1...2, 0...10, -4...12, 1...100_000][random.below(4)]
        var edges: [MentoringEdge] = []
        for mentor in capacities.indices {
            for mentee in 0..<menteeCount where Double(random.below(1000)) < density * 1000 {
                let weight = range.lowerBound + Int64(random.next() % UInt64(range.upperBound - range.lowerBound + 1))
                edges.append(MentoringEdge(mentor: mentor, mentee: mentee, weight: weight))
            }
        }
        for i in stride(from: edges.count - 1, to: 0, by: -1) { edges.swapAt(i, random.below(i + 1)) }
        self.edges = edges
    }

    func jsonLine(maxCardinality: Bool) -> String {
        let list = edges.map { "[\($0.mentor),\($0.mentee),\($0.weight)]" }.joined(separator: ",")
        let capacities = self.capacities.map(String.init).joined(separator: ",")
        return "{\"capacities\":[\(capacities)],\"mentees\":\(menteeCount),\"edges\":[\(list)],\"maxcardinality\":\(maxCardinality)}"
    }

    /// What is wrong with `assignment`, or nil: only given pairs, capacities kept, weight the sum.
    func invalidity(of assignment: MentoringAssignment) -> String? {
        guard assignment.mentorOf.count == menteeCount else { return "wrong number of mentees" }
        var weight: [Pair: Int64] = [:]
        for edge in edges { weight[Pair(edge.mentor, -1 - edge.mentee)] = edge.weight }
        var load = [Int](repeating: 0, count: capacities.count)
        var total: Int64 = 0
        for (mentee, mentor) in assignment.mentorOf.enumerated() {
            guard let mentor else { continue }
            guard let w = weight[Pair(mentor, -1 - mentee)] else { return "mentor \(mentor)–mentee \(mentee) is not an edge" }
            load[mentor] += 1
            total += w
        }
        for (mentor, count) in load.enumerated() where count > capacities[mentor] {
            return "mentor \(mentor) has \(count) mentees, capacity \(capacities[mentor])"
        }
        return total == assignment.totalWeight ? nil : "reported \(assignment.totalWeight), pairs weigh \(total)"
    }

    /// The best (weight, count) by trying every assignment (small instances only).
    func exhaustiveBest(maxCardinality: Bool) -> (weight: Int64, count: Int) {
        var options = [[(Int, Int64)]](repeating: [], count: menteeCount)
        for edge in edges { options[edge.mentee].append((edge.mentor, edge.weight)) }
        var load = [Int](repeating: 0, count: capacities.count)
        func better(_ a: (weight: Int64, count: Int), _ b: (weight: Int64, count: Int)) -> Bool {
            maxCardinality ? (a.count, a.weight) > (b.count, b.weight) : a.weight > b.weight
        }
        func search(_ mentee: Int) -> (weight: Int64, count: Int) {
            guard mentee < menteeCount else { return (0, 0) }
            var best = search(mentee + 1)
            for (mentor, weight) in options[mentee] where load[mentor] < capacities[mentor] {
                load[mentor] += 1
                let rest = search(mentee + 1)
                load[mentor] -= 1
                let candidate = (weight: rest.weight + weight, count: rest.count + 1)
                if better(candidate, best) { best = candidate }
            }
            return best
        }
        return search(0)
    }
}
