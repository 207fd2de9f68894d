import Foundation
import Postgres

extension OutboxStore {
    /// How much work waits in the outbox: what a metrics scrape reports.
    public struct Depth: Sendable, Hashable {
        /// Reminders waiting to be sent, due or not.
        public let pending: Int
        /// Reminders claimed by a worker and not yet settled.
        public let leased: Int
        /// Pending reminders whose time has come.
        public let due: Int
        /// The earliest next attempt among the due reminders, if any.
        public let oldestDue: Date?
    }

    /// The live part of the outbox, by state. Each count reads only the open reminders, through
    /// the claim query's partial index (`next_attempt_at IS NOT NULL`), so it stays cheap as sent
    /// rows accumulate; the terminal states (sent, failed, cancelled) are not counted here for that reason.
    public static func depth(now: Date, on connection: isolated PostgresConnection) throws -> Depth {
        let row = try connection.query("""
            SELECT (SELECT count(*) FROM reminder_outbox WHERE next_attempt_at IS NOT NULL AND state = 'pending'),
                   (SELECT count(*) FROM reminder_outbox WHERE next_attempt_at IS NOT NULL AND state = 'leased'),
                   (SELECT count(*) FROM reminder_outbox WHERE state = 'pending' AND next_attempt_at <= \(now)),
                   (SELECT min(next_attempt_at) FROM reminder_outbox WHERE state = 'pending' AND next_attempt_at <= \(now))
            """)[0]
        let (pending, leased, due, oldest) = try row.decode((Int, Int, Int, Date?).self)
        return Depth(pending: pending, leased: leased, due: due, oldestDue: oldest)
    }
}
