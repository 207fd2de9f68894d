/// How often a rule's basic period repeats (the `FREQ` rule part).
public enum Frequency: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case secondly = 0
    case minutely
    case hourly
    case daily
    case weekly
    case monthly
    case yearly

    /// The RFC 5545 spelling (`WEEKLY`).
    public var code: String {
        switch self {
        case .secondly: "SECONDLY"
        case .minutely: "MINUTELY"
        case .hourly: "HOURLY"
        case .daily: "DAILY"
        case .weekly: "WEEKLY"
        case .monthly: "MONTHLY"
        case .yearly: "YEARLY"
        }
    }

    /// The frequency for an RFC 5545 spelling, accepting any letter case.
    public init?(code: some StringProtocol) {
        guard let match = Frequency.allCases.first(where: { $0.code == code.uppercased() }) else {
            return nil
        }
        self = match
    }

    /// Orders frequencies from the finest (secondly) to the coarsest (yearly).
    public static func < (lhs: Frequency, rhs: Frequency) -> Bool { lhs.rawValue < rhs.rawValue }
}
