import Foundation

/// Everything a pair's introduction may say: the recipient, the others in their pair or trio
/// (names, addresses, teams), the scheme, a suggested time to meet and the round's last day.
public struct PairIntroductionMailContent: Sendable, Hashable {
    /// Someone the recipient is paired with.
    public struct Partner: Sendable, Hashable {
        public var name: String
        public var email: String
        public var teamName: String?

        /// Creates a partner.
        public init(name: String, email: String, teamName: String?) {
            self.name = name
            self.email = email
            self.teamName = teamName
        }
    }

    /// The outbox idempotency key; the Message-ID derives from it.
    public var idempotencyKey: String
    public var recipient: MeetingMailContent.Recipient
    public var recipientTeamName: String?
    public var partners: [Partner]
    public var schemeName: String
    public var isMentoring: Bool
    public var roundNumber: Int
    /// The suggested time to meet, shown in the recipient's zone.
    public var suggestedStart: Date
    /// `YYYY-MM-DD`: the round's last day.
    public var endsOn: String
    /// One-click "we met" and "we couldn't" pages, where `circles-web` serves them; nil until then.
    public var metURL: URL?
    public var missedURL: URL?
    public var unsubscribeURL: URL

    /// Creates the content of one introduction.
    public init(
        idempotencyKey: String, recipient: MeetingMailContent.Recipient, recipientTeamName: String?, partners: [Partner],
        schemeName: String, isMentoring: Bool, roundNumber: Int, suggestedStart: Date, endsOn: String, metURL: URL? = nil,
        missedURL: URL? = nil, unsubscribeURL: URL
    ) {
        self.idempotencyKey = idempotencyKey
        self.recipient = recipient
        self.recipientTeamName = recipientTeamName
        self.partners = partners
        self.schemeName = schemeName
        self.isMentoring = isMentoring
        self.roundNumber = roundNumber
        self.suggestedStart = suggestedStart
        self.endsOn = endsOn
        self.metURL = metURL
        self.missedURL = missedURL
        self.unsubscribeURL = unsubscribeURL
    }
}
