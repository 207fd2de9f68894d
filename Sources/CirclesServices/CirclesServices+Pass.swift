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
            try await lockHolder.withAdvisoryLockIfAvailable(key: "circles.scheduling-pass.") { _ in
                let meetings = try await self.extendHorizon(now: now)
                let reminders = try await self.enqueueMeetingReminders(now: now)
                    + self.enqueueInvitations(now: now)
                    + self.enqueueFollowUpReminders(now: now)
                    + self.enqueueDigests(now: now)
                return PassSummary(meetings: meetings, reminders: reminders)
            }
        }
    }
}
