import Foundation

/// What a reminder email is for.
public enum ReminderKind: String, Sendable, Hashable, Codable, CaseIterable {
    case meetingReminder = "meeting_reminder"
    case invitation
    case cancellation
    case followUpDue = "followup_due"
    case followUpOverdue = "followup_overdue"
    case digest
    /// A pairing round's introduction of a pair or trio to one of its members.
    case pairIntroduction = "pair_introduction"
}

/// Where a reminder stands in the outbox.
public enum ReminderState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, leased, sent, failed, cancelled
}

/// One email waiting in (or gone from) the outbox.
public struct Reminder: Sendable, Hashable {
    /// Outbox row id.
    public let id: Int64
    /// Unique per (what, whom, when): enqueuing twice enqueues once.
    public let idempotencyKey: String
    /// What it is for.
    public let kind: ReminderKind
    /// Who receives it.
    public let recipientID: String
    /// The meeting it is about, if any.
    public let occurrenceID: String?
    /// The follow-up it is about, if any.
    public let followUpID: String?
    /// The team it is about (digests), if any.
    public let teamID: String?
    /// When it should go out.
    public let dueAt: Date
    /// Where it stands.
    public var state: ReminderState
    /// Delivery attempts so far.
    public var attempts: Int
    /// The worker holding its lease, while leased.
    public var leaseHolder: String?
    /// The last delivery error.
    public var lastError: String?

    /// Creates a reminder value.
    public init(
        id: Int64, idempotencyKey: String, kind: ReminderKind, recipientID: String, occurrenceID: String?, followUpID: String?,
        dueAt: Date, state: ReminderState, attempts: Int, leaseHolder: String?, lastError: String?, teamID: String? = nil
    ) {
        self.teamID = teamID
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.recipientID = recipientID
        self.occurrenceID = occurrenceID
        self.followUpID = followUpID
        self.dueAt = dueAt
        self.state = state
        self.attempts = attempts
        self.leaseHolder = leaseHolder
        self.lastError = lastError
    }
}
