import Foundation

/// Everything a meeting email may say, and nothing more: title, time, place or link, facilitator
/// and follow-up titles.
///
/// There is deliberately no field for meeting notes, so notes cannot reach a mailbox by mistake.
public struct MeetingMailContent: Sendable, Hashable {
    /// A person named in the email: display name and address.
    public struct Person: Sendable, Hashable {
        /// The name shown to people; may be empty.
        public var name: String
        /// The email address, e.g. `sam@example.org`.
        public var email: String

        /// Creates a person.
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    /// Who receives the email and the IANA time zone they read times in.
    public struct Recipient: Sendable, Hashable {
        /// The recipient's name and address.
        public var person: Person
        /// The recipient's own IANA zone, e.g. `America/New_York`; every time is shown in it first.
        public var timeZoneID: String

        /// Creates a recipient.
        public init(name: String, email: String, timeZoneID: String) {
            self.person = Person(name: name, email: email)
            self.timeZoneID = timeZoneID
        }
    }

    /// An open follow-up from the last meeting, by title only.
    public struct FollowUpLine: Sendable, Hashable {
        /// What is to be done.
        public var title: String
        /// Who owns it, if known.
        public var ownerName: String?
        /// When it is due, as a calendar date `YYYY-MM-DD`, if it has one.
        public var dueOn: String?

        /// Creates a follow-up line.
        public init(title: String, ownerName: String? = nil, dueOn: String? = nil) {
            self.title = title
            self.ownerName = ownerName
            self.dueOn = dueOn
        }
    }

    /// The outbox idempotency key; the Message-ID derives from it, so a resent duplicate is recognisable.
    public var idempotencyKey: String
    /// Reminder, invitation or cancellation.
    public var kind: MeetingMailKind
    /// Who receives it.
    public var recipient: Recipient
    /// The series id; with `originalStart` it makes the calendar UID of the occurrence.
    public var seriesID: String
    /// The series title, e.g. `Peer support – social workers`.
    public var seriesTitle: String
    /// The occurrence's start as the series first scheduled it; stays the same when the meeting moves.
    public var originalStart: Date
    /// When the meeting starts.
    public var start: Date
    /// When the meeting ends; after `start`.
    public var end: Date
    /// The series' own IANA time zone, e.g. `Europe/London`.
    public var seriesTimeZoneID: String
    /// The occurrence's iCalendar SEQUENCE; it goes up with every change, a cancellation included.
    public var sequence: Int
    /// Why the meeting was cancelled, for cancellations.
    public var cancelReason: String?
    /// Where the meeting is held, if it has a place.
    public var location: String?
    /// The link for joining online (http or https), if any.
    public var onlineURL: URL?
    /// Who facilitates, if anyone has been chosen.
    public var facilitator: Person?
    /// Whether the recipient is the facilitator; only then are open follow-ups listed.
    public var recipientIsFacilitator: Bool
    /// Open follow-ups from the last meeting, shown to the facilitator.
    public var openFollowUps: [FollowUpLine]
    /// Who organises the meeting: the calendar ORGANIZER, and where replies go.
    public var organizer: Person
    /// Who is invited, for the calendar attachment; the recipient and the facilitator are added if missing.
    public var attendees: [Person]
    /// The page that stops these emails; must be `https`. First in List-Unsubscribe (RFC 8058 one-click).
    public var unsubscribeURL: URL
    /// A `mailto:` alternative for List-Unsubscribe, e.g. `mailto:unsubscribe@example.org?subject=…`.
    public var unsubscribeMailto: String?
    /// For a cancellation: the meeting goes ahead, but the recipient is no longer invited.
    public var withdrawn = false
    /// The recipient's answer links (invitations and reminders); nil when circles-web is not set up.
    public var responseLinks: ResponseLinks?
    /// For the facilitator: the answers so far; nil for everyone else.
    public var answersSoFar: AnswersSoFar?

    /// Creates the content of one meeting email.
    public init(
        idempotencyKey: String,
        kind: MeetingMailKind,
        recipient: Recipient,
        seriesID: String,
        seriesTitle: String,
        originalStart: Date,
        start: Date,
        end: Date,
        seriesTimeZoneID: String,
        sequence: Int,
        cancelReason: String? = nil,
        location: String? = nil,
        onlineURL: URL? = nil,
        facilitator: Person? = nil,
        recipientIsFacilitator: Bool = false,
        openFollowUps: [FollowUpLine] = [],
        organizer: Person,
        attendees: [Person] = [],
        unsubscribeURL: URL,
        unsubscribeMailto: String? = nil
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.recipient = recipient
        self.seriesID = seriesID
        self.seriesTitle = seriesTitle
        self.originalStart = originalStart
        self.start = start
        self.end = end
        self.seriesTimeZoneID = seriesTimeZoneID
        self.sequence = sequence
        self.cancelReason = cancelReason
        self.location = location
        self.onlineURL = onlineURL
        self.facilitator = facilitator
        self.recipientIsFacilitator = recipientIsFacilitator
        self.openFollowUps = openFollowUps
        self.organizer = organizer
        self.attendees = attendees
        self.unsubscribeURL = unsubscribeURL
        self.unsubscribeMailto = unsubscribeMailto
    }
}
