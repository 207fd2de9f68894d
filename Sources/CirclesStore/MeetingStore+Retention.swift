import Foundation
import Postgres

extension MeetingStore {
    /// Removes up to `limit` meeting and workshop notes older than `days` days through
    /// `purge_expired_notes()`, which the worker role may run although it cannot read notes.
    /// Returns how many were removed; call again until it returns less than `limit`.
    public static func purgeExpiredNotes(olderThanDays days: Int, limit: Int, on connection: isolated PostgresConnection) throws -> Int {
        try connection.query("SELECT purge_expired_notes(make_interval(days => \(days)::int), \(limit)::int)")[0].decode(Int.self, at: 0)
    }
}
