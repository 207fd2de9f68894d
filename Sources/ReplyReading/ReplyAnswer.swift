/// What a person said in a calendar reply (PARTSTAT).
public enum ReplyAnswer: String, Sendable, Hashable, CaseIterable {
    case accepted
    case declined
    case tentative

    /// ACCEPTED, DECLINED or TENTATIVE (case-insensitive); nil for anything else (NEEDS-ACTION, DELEGATED, …).
    public init?(partstat: String) {
        switch partstat.uppercased() {
        case "ACCEPTED": self = .accepted
        case "DECLINED": self = .declined
        case "TENTATIVE": self = .tentative
        default: return nil
        }
    }
}
