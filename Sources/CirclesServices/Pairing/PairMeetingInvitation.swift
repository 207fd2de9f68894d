import CirclesDomain

/// What the page behind a "we met" / "we couldn't" link shows its person: the scheme, the round,
/// who they were paired with, the round's last day, and what has been recorded so far.
public struct PairMeetingInvitation: Sendable, Hashable {
    /// The person the link was made for.
    public let personName: String
    public let schemeName: String
    public let isMentoring: Bool
    public let roundNumber: Int
    /// `YYYY-MM-DD`: the round's last day.
    public let endsOn: String
    /// The others in the pair or trio, by name.
    public let partnerNames: [String]
    /// Whether the pair met, as recorded so far (by anyone in it, or for them); nil when nothing is.
    public let met: Bool?
    /// False when the person has been deactivated: the page then says the link no longer works.
    public let isOpen: Bool
}

/// What a POST from a pair link did.
public enum PairMeetingOutcome: Sendable, Hashable {
    /// Stored (and audited), with the follow-up on the pair closed if it was open.
    case recorded
    /// The same outcome was already recorded: nothing was written.
    case unchanged
    /// The person has been deactivated: nothing was written.
    case refused
}
