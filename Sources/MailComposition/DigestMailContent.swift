import Foundation

/// Everything a team lead's weekly digest may say: meeting titles and times, facilitators'
/// names, cancellation reasons, attendance counts, follow-up titles and owners. Never notes.
public struct DigestMailContent: Sendable, Hashable {
    /// A meeting listed in the digest.
    public struct Meeting: Sendable, Hashable {
        public var title: String
        public var start: Date
        public var end: Date
        public var facilitatorName: String?
        public var cancelReason: String?
        /// Held meetings: how many attended of how many recorded.
        public var attended: Int
        public var recorded: Int
        /// Upcoming meetings: how many are invited, and how many have said they will come.
        public var invited = 0
        public var coming = 0

        /// Creates a listed meeting.
        public init(
            title: String, start: Date, end: Date, facilitatorName: String? = nil, cancelReason: String? = nil,
            attended: Int = 0, recorded: Int = 0
        ) {
            self.title = title
            self.start = start
            self.end = end
            self.facilitatorName = facilitatorName
            self.cancelReason = cancelReason
            self.attended = attended
            self.recorded = recorded
        }
    }

    /// An overdue follow-up.
    public struct FollowUp: Sendable, Hashable {
        public var title: String
        public var ownerName: String
        /// `YYYY-MM-DD`.
        public var dueOn: String

        /// Creates a listed follow-up.
        public init(title: String, ownerName: String, dueOn: String) {
            self.title = title
            self.ownerName = ownerName
            self.dueOn = dueOn
        }
    }

    /// The outbox idempotency key; the Message-ID derives from it.
    public var idempotencyKey: String
    /// The lead: name, address and zone.
    public var recipient: MeetingMailContent.Recipient
    public var teamName: String
    public var upcoming: [Meeting]
    public var cancelled: [Meeting]
    public var lowAttendance: [Meeting]
    public var overdue: [FollowUp]
    /// The page that stops these emails; must be `https`.
    public var unsubscribeURL: URL

    /// Creates the content of one digest.
    public init(
        idempotencyKey: String, recipient: MeetingMailContent.Recipient, teamName: String, upcoming: [Meeting],
        cancelled: [Meeting], lowAttendance: [Meeting], overdue: [FollowUp], unsubscribeURL: URL
    ) {
        self.idempotencyKey = idempotencyKey
        self.recipient = recipient
        self.teamName = teamName
        self.upcoming = upcoming
        self.cancelled = cancelled
        self.lowAttendance = lowAttendance
        self.overdue = overdue
        self.unsubscribeURL = unsubscribeURL
    }
}
