import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// What one scheduling pass did.
    public struct PassSummary: Sendable, Hashable {
        /// Meetings materialised.
        public let meetings: Int
        /// Emails enqueued (reminders, invitations, digests).
        public let reminders: Int
    }

    /// The worker's periodic pass: extend every series to the horizon, then enqueue what is due —
    /// meeting reminders, invitations, follow-up reminders and weekly digests. Only one worker runs it at a time (a session advisory lock); returns nil when
    /// another worker holds the lock. Correctness never depends on the lock — both halves are
    /// idempotent — it only saves duplicate work. Needs a pool of at least two connections.
    public func schedulingPass(now: Date = Date()) async throws -> PassSummary? {
        try await pool.withConnection { lockHolder in
            let locked = try lockHolder.query("SELECT pg_try_advisory_lock(hashtext('circles.scheduling-pass.' || current_schema()))")[0]
                .decode(Bool.self, at: 0)
            guard locked else { return nil }
            do {
                let meetings = try await self.extendHorizon(now: now)
                let reminders = try await self.enqueueMeetingReminders(now: now)
                    + self.enqueueInvitations(now: now)
                    + self.enqueueFollowUpReminders(now: now)
                    + self.enqueueDigests(now: now)
                try lockHolder.execute("SELECT pg_advisory_unlock(hashtext('circles.scheduling-pass.' || current_schema()))")
                return PassSummary(meetings: meetings, reminders: reminders)
            } catch {
                _ = try? lockHolder.execute("SELECT pg_advisory_unlock(hashtext('circles.scheduling-pass.' || current_schema()))")
                throw error
            }
        }
    }
}
