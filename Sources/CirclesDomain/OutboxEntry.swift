import Foundation

/// One outbox row as an operator reads it (`circles reminders list`).
public struct OutboxEntry: Sendable, Hashable {
    /// Outbox row id.
    public let id: Int64
    /// What it is for, as stored (a newer version's kind is shown as it is).
    public let kind: String
    /// Where it stands, as stored.
    public let state: String
    /// The recipient's email.
    public let recipient: String
    /// The meeting's series title, if it is about a meeting.
    public let meetingTitle: String?
    /// When it was due.
    public let dueAt: Date
    /// When a worker may next try it; nil once it is sent, failed or cancelled.
    public let nextAttemptAt: Date?
    /// Delivery attempts so far.
    public let attempts: Int
    /// The last delivery error.
    public let lastError: String?

    /// Creates an entry.
    public init(
        id: Int64, kind: String, state: String, recipient: String, meetingTitle: String?, dueAt: Date, nextAttemptAt: Date?,
        attempts: Int, lastError: String?
    ) {
        self.id = id
        self.kind = kind
        self.state = state
        self.recipient = recipient
        self.meetingTitle = meetingTitle
        self.dueAt = dueAt
        self.nextAttemptAt = nextAttemptAt
        self.attempts = attempts
        self.lastError = lastError
    }
}
