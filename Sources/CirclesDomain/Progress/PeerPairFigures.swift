/// A team's one-to-one peer support up to the as-of day: the pairing rounds its members were
/// grouped in, the pairs and trios (and mentoring pairs) that included one of them, how many met,
/// and how many put together two people who had been grouped before in the same scheme.
public struct PeerPairFigures: Sendable, Hashable, Codable {
    public var rounds: Int
    public var pairsMatched: Int
    public var pairsMet: Int
    public var repeats: Int

    /// Figures (all zero: the team took part in no round).
    public init(rounds: Int = 0, pairsMatched: Int = 0, pairsMet: Int = 0, repeats: Int = 0) {
        self.rounds = rounds
        self.pairsMatched = pairsMatched
        self.pairsMet = pairsMet
        self.repeats = repeats
    }

    /// Repeats as a share of the pairs matched (nil with none matched).
    public var repeatRate: Double? { pairsMatched == 0 ? nil : Double(repeats) / Double(pairsMatched) }
    /// Pairs that met as a share of the pairs matched (nil with none matched).
    public var metRate: Double? { pairsMatched == 0 ? nil : Double(pairsMet) / Double(pairsMatched) }

    private enum CodingKeys: String, CodingKey {
        case rounds, pairsMatched, pairsMet, repeats, metRate, repeatRate
    }

    /// Reads the four counts; the rates are derived from them, so any given are not read.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rounds = try container.decode(Int.self, forKey: .rounds)
        pairsMatched = try container.decode(Int.self, forKey: .pairsMatched)
        pairsMet = try container.decode(Int.self, forKey: .pairsMet)
        repeats = try container.decode(Int.self, forKey: .repeats)
    }

    /// Writes the four counts and, when any pair was matched, the two rates, so that a reader of
    /// the JSON sees the same figures as the table.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rounds, forKey: .rounds)
        try container.encode(pairsMatched, forKey: .pairsMatched)
        try container.encode(pairsMet, forKey: .pairsMet)
        try container.encode(repeats, forKey: .repeats)
        try container.encodeIfPresent(metRate, forKey: .metRate)
        try container.encodeIfPresent(repeatRate, forKey: .repeatRate)
    }

    /// One line for people: "3 rounds, 12 pairs matched, 9 met (75%), repeat rate 0%".
    public var summary: String {
        func percent(_ share: Double?) -> String { share.map { "\(Int(($0 * 100).rounded()))%" } ?? "n/a" }
        return "\(rounds) round\(rounds == 1 ? "" : "s"), \(pairsMatched) pair\(pairsMatched == 1 ? "" : "s") matched, "
            + "\(pairsMet) met (\(percent(metRate))), repeat rate \(percent(repeatRate))"
    }
}
