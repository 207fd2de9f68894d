import Foundation
import Postgres

extension OutboxStore {
    /// Deletes up to `limit` finished reminders (sent, failed or cancelled) sent — or, if never
    /// sent, due — before `cutoff`. A reminder for a meeting that has not started yet is kept
    /// whatever its age: the scheduling pass would enqueue it again under the same key and send it twice. Rows other workers hold are skipped. Returns how many went;
    /// call again until it returns less than `limit`.
    public static func prune(before cutoff: Date, now: Date, limit: Int, on connection: isolated PostgresConnection) throws -> Int {
        try connection.execute("""
            DELETE FROM reminder_outbox WHERE id IN (
                SELECT r.id FROM reminder_outbox r
                WHERE r.state IN ('sent', 'failed', 'cancelled')
                  AND coalesce(r.sent_at, r.due_at) < \(cutoff)
                  AND NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.id = r.occurrence_id AND o.starts_at > \(now))
                LIMIT \(limit)
                FOR UPDATE OF r SKIP LOCKED)
            """)
    }
}
