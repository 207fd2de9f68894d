import Foundation

/// A notice a planner decided to send: what the outbox is asked to hold, once per key.
public struct PlannedReminder: Sendable, Hashable {
    /// What it is, once: enqueuing the same key again enqueues nothing.
    public let idempotencyKey: IdempotencyKey
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
    /// For the cancellation of a meeting that no longer exists (a series change removed it):
    /// the meeting as the cancellation shows it, kept with the notice.
    public let withdrawnMeeting: Meeting?

    /// Creates a planned reminder.
    public init(
        idempotencyKey: IdempotencyKey, kind: ReminderKind, recipientID: String, occurrenceID: String? = nil,
        followUpID: String? = nil, teamID: String? = nil, dueAt: Date, withdrawnMeeting: Meeting? = nil
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.recipientID = recipientID
        self.occurrenceID = occurrenceID
        self.followUpID = followUpID
        self.teamID = teamID
        self.dueAt = dueAt
        self.withdrawnMeeting = withdrawnMeeting
    }
}
