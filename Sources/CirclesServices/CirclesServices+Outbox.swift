import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// The outbox at a glance.
    public struct OutboxStatus: Sendable {
        public let counts: [ReminderState: Int]
        /// How long the oldest due reminder has waited, if one is waiting.
        public let oldestDueAge: TimeInterval?
        /// The latest failures.
        public let recentFailures: [OutboxEntry]
    }

    /// Counts by state, the oldest due reminder's age, and recent failures. Administrators only.
    public func outboxStatus(as actorEmail: String, now: Date = Date()) async throws -> OutboxStatus {
        try await read(as: actorEmail) { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "inspect the reminder outbox"))
            let failures = try OutboxStore.list(state: .failed, until: nil, limit: 1_000, on: connection).suffix(5)
            return OutboxStatus(
                counts: try OutboxStore.counts(on: connection),
                oldestDueAge: try OutboxStore.oldestDue(now: now, on: connection).map { now.timeIntervalSince($0) },
                recentFailures: Array(failures))
        }
    }

    /// Reminders in a state, or those that would be sent by `until` (a preview: nothing is sent).
    public func listReminders(state: ReminderState?, until: Date?, limit: Int, as actorEmail: String) async throws -> [OutboxEntry] {
        guard (1...10_000).contains(limit) else {
            throw DomainError(field: "limit", "the limit must be between 1 and 10000 (got \(limit))")
        }
        return try await read(as: actorEmail) { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "inspect the reminder outbox"))
            return try OutboxStore.list(state: state, until: until, limit: limit, on: connection)
        }
    }

    /// Sends a failed or cancelled reminder again, now. Administrators only.
    public func retryReminder(_ id: Int64, as actorEmail: String, now: Date = Date()) async throws {
        try await perform(as: actorEmail, action: "reminder.retry") { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "retry reminders"))
            guard try OutboxStore.retry(id: id, now: now, on: connection) else {
                throw ServiceError(.invalid, "reminder \(id) is not failed or cancelled (or does not exist); `circles reminders list --failed` shows those that are")
            }
        }
    }
}
