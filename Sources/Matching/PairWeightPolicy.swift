/// How much each possible pair is worth in a round: the edges a round's matching is run on.
///
/// Every allowed pair starts from `baseWeight`; gains `waitingBonusPerRound` for each round each
/// of the two has gone without a partner (up to `maximumWaitingRounds` each); loses
/// `repeatPenalty` for each earlier time they were grouped, fading linearly to nothing over
/// `penaltyFadeRounds` rounds once the block has passed; and gains a seeded tie-break in
/// `0..<jitter`. A pair grouped within the last `blockedRounds` rounds is not offered at all,
/// and neither is an excluded pair. An offered pair is always worth at least 1: meeting again is
/// better than sitting out. The same members, history, exclusions and seed give the same edges.
public struct PairWeightPolicy: Sendable, Equatable {
    /// What every allowed pair starts from.
    public var baseWeight: Int64
    /// Added per round that each of the two has gone without a partner.
    public var waitingBonusPerRound: Int64
    /// The most rounds of waiting that count, per person.
    public var maximumWaitingRounds: Int
    /// Taken off for an earlier grouping of the same two, in the first round after the block.
    public var repeatPenalty: Int64
    /// Rounds over which that penalty fades to zero.
    public var penaltyFadeRounds: Int
    /// A pair grouped this many rounds ago or fewer is not offered (0: never blocked).
    public var blockedRounds: Int
    /// The seeded tie-break is `0..<jitter` (1: none).
    public var jitter: Int64

    /// A policy; the defaults keep a repeat always worth less than a first meeting of two people
    /// who have waited as long, and a long wait worth more than most repeat penalties.
    public init(
        baseWeight: Int64 = 10_000, waitingBonusPerRound: Int64 = 1_000, maximumWaitingRounds: Int = 6,
        repeatPenalty: Int64 = 4_000, penaltyFadeRounds: Int = 12, blockedRounds: Int = 2, jitter: Int64 = 100
    ) {
        self.baseWeight = baseWeight
        self.waitingBonusPerRound = waitingBonusPerRound
        self.maximumWaitingRounds = maximumWaitingRounds
        self.repeatPenalty = repeatPenalty
        self.penaltyFadeRounds = penaltyFadeRounds
        self.blockedRounds = blockedRounds
        self.jitter = jitter
    }

    /// Rounds `member` has gone without a partner before `round` (0 if grouped in the round before).
    public func waitingRounds(of member: PairingMember, before round: Int, history: PairingHistory) -> Int {
        let last = history.lastGroupedRound()[member.id] ?? member.joinedRound - 1
        return max(0, round - last - 1)
    }

    /// The edges for `round` among `members` (vertex `i` is `members[i]`), pairs `(i, j)` with
    /// `i < j` in that order; excluded and blocked pairs are left out.
    public func edges(
        round: Int, members: [PairingMember], history: PairingHistory, exclusions: Set<PersonPair>, seed: UInt64
    ) -> [WeightedEdge] {
        let met = history.roundsByPair()
        let last = history.lastGroupedRound()
        let bonus: [Int64] = members.map { member in
            let waited = max(0, round - (last[member.id] ?? member.joinedRound - 1) - 1)
            return waitingBonusPerRound * Int64(min(waited, maximumWaitingRounds))
        }
        var edges: [WeightedEdge] = []
        for i in members.indices {
            for j in members.indices where j > i {
                let pair = PersonPair(members[i].id, members[j].id)
                guard pair.first != pair.second, !exclusions.contains(pair) else { continue }
                guard let penalty = penalty(rounds: met[pair] ?? [], now: round) else { continue }
                let tieBreak = jitter > 1 ? Int64(StableHash.of(pair, seed: seed) % UInt64(jitter)) : 0
                let weight = baseWeight + bonus[i] + bonus[j] - penalty + tieBreak
                edges.append(WeightedEdge(i, j, weight: max(1, weight)))
            }
        }
        return edges
    }

    /// The penalty for having met in `rounds`, or nil when a meeting is too recent to pair again.
    func penalty(rounds: [Int], now: Int) -> Int64? {
        var total: Int64 = 0
        for earlier in rounds {
            let age = now - earlier
            if age <= blockedRounds { return nil }
            let sinceBlock = age - blockedRounds - 1  // 0 in the first round the pair is offered again
            let remaining = max(0, penaltyFadeRounds - sinceBlock)
            if penaltyFadeRounds > 0 { total += repeatPenalty * Int64(remaining) / Int64(penaltyFadeRounds) }
        }
        return total
    }
}
