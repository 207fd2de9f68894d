import Foundation

/// Everything a follow-up reminder may say: the follow-up's title, its due date, and where it
/// came from (the meeting series or action title). Never meeting notes.
public struct FollowUpMailContent: Sendable, Hashable {
    /// "Due tomorrow" or "overdue".
    public enum Kind: String, Sendable, Hashable {
        case dueTomorrow, overdue
    }

    /// The outbox idempotency key; the Message-ID derives from it.
    public var idempotencyKey: String
    public var kind: Kind
    /// The owner: name, address and zone.
    public var recipient: MeetingMailContent.Recipient
    /// What is to be done.
    public var title: String
    /// `YYYY-MM-DD`.
    public var dueOn: String
    /// The meeting series or action it came from, if known.
    public var origin: String?
    /// The page that stops these emails; must be `https`.
    public var unsubscribeURL: URL

    /// Creates the content of one follow-up reminder.
    public init(
        idempotencyKey: String, kind: Kind, recipient: MeetingMailContent.Recipient, title: String, dueOn: String,
        origin: String?, unsubscribeURL: URL
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.recipient = recipient
        self.title = title
        self.dueOn = dueOn
        self.origin = origin
        self.unsubscribeURL = unsubscribeURL
    }
}
