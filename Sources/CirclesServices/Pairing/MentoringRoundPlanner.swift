import CirclesDomain
import Matching

/// Decides a mentoring round: a mentor for as many waiting mentees as capacity allows, new
/// starters first. Pure and deterministic for a given input and seed.
///
/// A mentee who started within `newStarterDays` of the round is a new starter and outranks anyone
/// else; among new starters, the one who started earliest (who has waited longest) comes first.
/// Pairs a mentee had before, hard exclusions and (for a cross-team scheme) a mentor from the
/// mentee's own team are not offered. The assignment is exact (min-cost flow, capacities kept).
struct MentoringRoundPlanner {
    struct Mentor {
        let id: String
        let teamIDs: [String]
        /// Places left: capacity minus the mentees they have now.
        let places: Int
    }

    struct Mentee {
        let id: String
        let teamIDs: [String]
        /// Days since they started, at the round (negative: starts later).
        let daysSinceStart: Int
    }

    static let newStarterDays = 365

    let mentors: [Mentor]
    let mentees: [Mentee]
    let exclusions: Set<PersonPair>
    let pastPairs: Set<PersonPair>
    let crossTeams: Bool
    let seed: UInt64

    /// The chosen pairs, `(mentor, mentee)`, in mentee order.
    func plan() throws -> [(mentor: String, mentee: String)] {
        let mentors = self.mentors.sorted { $0.id < $1.id }
        let mentees = self.mentees.sorted { $0.id < $1.id }
        var edges: [MentoringEdge] = []
        for (j, mentee) in mentees.enumerated() {
            let isNew = (0...Self.newStarterDays).contains(mentee.daysSinceStart)
            // New starters outrank everyone; among them, the longest waiting first.
            let priority: Int64 = isNew ? 1_000_000 + Int64(mentee.daysSinceStart) * 1_000 : 0
            for (i, mentor) in mentors.enumerated() where mentor.places > 0 && mentor.id != mentee.id {
                let pair = PersonPair(mentor.id, mentee.id)
                guard !exclusions.contains(pair), !pastPairs.contains(pair) else { continue }
                if crossTeams, !Set(mentor.teamIDs).isDisjoint(with: mentee.teamIDs) { continue }
                let tieBreak = Int64(Self.hash(pair, seed: seed) % 100)
                edges.append(MentoringEdge(mentor: i, mentee: j, weight: 10_000 + priority + tieBreak))
            }
        }
        let assignment = try MentoringMatcher.solve(
            capacities: mentors.map(\.places), menteeCount: mentees.count, edges: edges, maxCardinality: false)
        return assignment.mentorOf.enumerated().compactMap { j, i in i.map { (mentors[$0].id, mentees[j].id) } }
    }

    /// A tie-break that is the same in every process (FNV-1a, then SplitMix64's finaliser).
    static func hash(_ pair: PersonPair, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in (pair.first + "|" + pair.second).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var z = hash &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
