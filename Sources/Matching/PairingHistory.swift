/// Someone taking part in a pairing round, by a stable identifier.
public struct PairingMember: Sendable, Hashable {
    /// A stable identifier (the same person has the same id in every round).
    public let id: String
    /// The round in which they joined the scheme; before any pairing, their wait counts from here.
    public let joinedRound: Int

    /// A member `id` who joined in `joinedRound`.
    public init(id: String, joinedRound: Int) {
        self.id = id
        self.joinedRound = joinedRound
    }
}

/// Two people, in either order (`PersonPair("a", "b") == PersonPair("b", "a")`).
public struct PersonPair: Sendable, Hashable {
    /// The identifier that sorts first.
    public let first: String
    /// The identifier that sorts second.
    public let second: String

    /// The pair of `a` and `b`.
    public init(_ a: String, _ b: String) {
        first = min(a, b)
        second = max(a, b)
    }
}

/// A group (pair or trio) that was formed in an earlier round.
public struct PastGroup: Sendable, Hashable {
    /// The members' identifiers; every two of them count as having been paired.
    public let members: [String]
    /// The round it was formed in.
    public let round: Int

    /// A group of `members` formed in `round`.
    public init(members: [String], round: Int) {
        self.members = members
        self.round = round
    }
}

/// What earlier rounds did, as plain values: the input to the pair-weight policy.
public struct PairingHistory: Sendable, Equatable {
    /// The groups formed so far, in any order.
    public let groups: [PastGroup]

    /// A history of `groups`.
    public init(groups: [PastGroup] = []) {
        self.groups = groups
    }

    /// For each pair that has met, the rounds in which they were grouped.
    func roundsByPair() -> [PersonPair: [Int]] {
        var result: [PersonPair: [Int]] = [:]
        for group in groups {
            for (i, a) in group.members.enumerated() {
                for b in group.members[(i + 1)...] where a != b {
                    result[PersonPair(a, b), default: []].append(group.round)
                }
            }
        }
        return result
    }

    /// Each person's latest round in any group.
    func lastGroupedRound() -> [String: Int] {
        var result: [String: Int] = [:]
        for group in groups {
            for member in group.members {
                result[member] = max(result[member] ?? group.round, group.round)
            }
        }
        return result
    }
}
