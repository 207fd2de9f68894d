import Matching
import Testing

@Suite("mentoring assignment")
struct MentoringTests {
    @Test("on 1,000 small instances the result equals an exhaustive search, for both maxcardinality values")
    func equalsExhaustiveSearch() throws {
        for seed in UInt64(1)...500 {
            let instance = RandomMentoring(seed: seed, maxMentors: 4, maxMentees: 7, maxCapacity: 3)
            for maxCardinality in [false, true] {
                let assignment = try MentoringMatcher.solve(
                    capacities: instance.capacities, menteeCount: instance.menteeCount, edges: instance.edges,
                    maxCardinality: maxCardinality)
                #expect(instance.invalidity(of: assignment) == nil, "seed \(seed)")
                let best = instance.exhaustiveBest(maxCardinality: maxCardinality)
                #expect(assignment.totalWeight == best.weight, "seed \(seed), maxcardinality \(maxCardinality)")
                if maxCardinality { #expect(assignment.assignedCount == best.count, "seed \(seed)") }
            }
        }
    }

    @Test("on 300 larger instances the total weight equals scipy's linear_sum_assignment on expanded mentor slots")
    func agreesWithScipy() throws {
        var requests: [String] = []
        var ours: [(MentoringAssignment, Bool)] = []
        for seed in UInt64(1)...150 {
            let instance = RandomMentoring(seed: seed &+ 90_000, maxMentors: 30, maxMentees: 120, maxCapacity: 5)
            for maxCardinality in [false, true] {
                let assignment = try MentoringMatcher.solve(
                    capacities: instance.capacities, menteeCount: instance.menteeCount, edges: instance.edges,
                    maxCardinality: maxCardinality)
                #expect(instance.invalidity(of: assignment) == nil, "seed \(seed)")
                ours.append((assignment, maxCardinality))
                requests.append(instance.jsonLine(maxCardinality: maxCardinality))
            }
        }
        let theirs = try PythonOracle.run(script: "scipy_assignment.py", lines: requests)
        try #require(theirs.count == requests.count)
        for (index, line) in theirs.enumerated() {
            let fields = line.split(separator: " ").map(String.init)
            let (assignment, maxCardinality) = ours[index]
            #expect(fields.first == String(assignment.totalWeight), "case \(index): scipy \(line), ours \(assignment.totalWeight)")
            if maxCardinality {
                #expect(fields.last == String(assignment.assignedCount), "case \(index): scipy \(line)")
            }
        }
    }

    @Test("a mentor never takes more mentees than their capacity, even when they are everyone's best")
    func capacityHolds() throws {
        let edges = (0..<4).flatMap { mentee in
            [MentoringEdge(mentor: 0, mentee: mentee, weight: 100), MentoringEdge(mentor: 1, mentee: mentee, weight: 1)]
        }
        let assignment = try MentoringMatcher.solve(capacities: [2, 5], menteeCount: 4, edges: edges)
        #expect(assignment.mentorOf.filter { $0 == 0 }.count == 2)
        #expect(assignment.totalWeight == 202)
    }

    @Test("an edge to a mentor or mentee that does not exist is refused, naming it")
    func refusesUnknownPeople() {
        #expect(throws: MatchingError("edge 0 (mentor 2, mentee 0): mentors are 0 to 1, mentees 0 to 2")) {
            try MentoringMatcher.solve(capacities: [1, 1], menteeCount: 3, edges: [MentoringEdge(mentor: 2, mentee: 0, weight: 1)])
        }
        #expect(throws: MatchingError("mentor 1: capacity -1 must be 0 to 1048576")) {
            try MentoringMatcher.solve(capacities: [1, -1], menteeCount: 3, edges: [])
        }
    }
}
