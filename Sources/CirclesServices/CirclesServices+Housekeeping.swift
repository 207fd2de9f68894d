import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// What one housekeeping run removed.
    public struct HousekeepingSummary: Sendable, Hashable {
        /// Meeting and workshop notes removed by the retention rule (0 when retention is off).
        public let notesRemoved: Int
        /// Finished reminders deleted from the outbox.
        public let remindersPruned: Int
    }

    /// Removes meeting and workshop notes older than `olderThanDays`, `batchSize` rows per
    /// transaction so no lock is held for long, until none are left. Runs as the worker,
    /// which cannot read notes: the database function does the work. Returns how many went.
    public func purgeExpiredNotes(olderThanDays days: Int, batchSize: Int = 100) async throws -> Int {
        try await inBatches(of: batchSize) { connection in
            try MeetingStore.purgeExpiredNotes(olderThanDays: days, limit: batchSize, on: connection)
        }
    }

    /// Deletes sent, failed and cancelled reminders whose last event is more than `olderThanDays`
    /// old, `batchSize` rows per statement, until none are left; reminders for meetings still to
    /// come are kept. Returns how many went.
    public func pruneOutbox(olderThanDays days: Int, now: Date = Date(), batchSize: Int = 1_000) async throws -> Int {
        let cutoff = now.addingTimeInterval(-TimeInterval(days) * 86_400)
        return try await inBatches(of: batchSize) { connection in
            try OutboxStore.prune(before: cutoff, now: now, limit: batchSize, on: connection)
        }
    }

    /// The worker's housekeeping: notes retention (when `notesRetentionDays` is set) and outbox pruning.
    public func housekeeping(notesRetentionDays: Int?, outboxRetentionDays: Int, now: Date = Date()) async throws -> HousekeepingSummary {
        var notes = 0
        if let notesRetentionDays { notes = try await purgeExpiredNotes(olderThanDays: notesRetentionDays) }
        let reminders = try await pruneOutbox(olderThanDays: outboxRetentionDays, now: now)
        return HousekeepingSummary(notesRemoved: notes, remindersPruned: reminders)
    }

    /// Runs `batch` in its own transaction until it does less than `size`, or the task is cancelled.
    private func inBatches(
        of size: Int, _ batch: @escaping @Sendable (isolated PostgresConnection) throws -> Int
    ) async throws -> Int {
        var total = 0
        while !Task.isCancelled {
            let done = try await pool.withTransaction { connection in try batch(connection) }
            total += done
            if done < size { break }
        }
        return total
    }
}
