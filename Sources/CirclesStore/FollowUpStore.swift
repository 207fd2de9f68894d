import CirclesDomain
import Foundation
import Postgres

/// SQL for follow-ups.
public enum FollowUpStore {
    static let columns: StaticString = "f.id, f.title, f.owner_id, f.due_on, f.status, f.origin_occurrence_id, f.origin_action_item_id"

    static func followUp(_ row: PostgresRow) throws -> FollowUp {
        let (id, title, owner, due, status, meeting, action) = try row.decode((UUID, String, UUID, PostgresDate?, FollowUpStatus, UUID?, UUID?).self)
        return FollowUp(
            id: id.uuidString.lowercased(), title: title, ownerID: owner.uuidString.lowercased(), dueOn: due?.description,
            status: status, originMeetingID: meeting?.uuidString.lowercased(),
            originActionID: action?.uuidString.lowercased())
    }

    /// Adds a follow-up from a meeting (and its series' action item).
    public static func insert(
        title: String, ownerID: String, dueOn: PostgresDate?, meetingID: String?, actionID: String?,
        on connection: isolated PostgresConnection
    ) throws -> FollowUp {
        try followUp(connection.query("""
            INSERT INTO follow_ups AS f (title, owner_id, due_on, origin_occurrence_id, origin_action_item_id)
            VALUES (\(title), \(UUID(uuidString: ownerID)), \(dueOn), \(meetingID.flatMap(UUID.init)), \(actionID.flatMap(UUID.init)))
            RETURNING \(literal: columns)
            """)[0])
    }

    /// The follow-up with this identifier, if any.
    public static func find(id: String, on connection: isolated PostgresConnection) throws -> FollowUp? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        return try connection.query("SELECT \(literal: columns) FROM follow_ups f WHERE f.id = \(uuid)").first.map(followUp)
    }

    /// Closes a follow-up as done or dropped (dropping needs a reason).
    public static func close(id: String, status: FollowUpStatus, reason: String?, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            UPDATE follow_ups SET status = \(status.rawValue),
                completed_at = CASE WHEN \(status.rawValue) = 'done' THEN now() END,
                drop_reason = \(reason)
            WHERE id = \(UUID(uuidString: id))
            """)
    }

    /// Open follow-ups raised at earlier meetings of the series, oldest first: the next meeting's agenda.
    public static func openBefore(seriesID: String, before start: Date, on connection: isolated PostgresConnection) throws -> [FollowUp] {
        try connection.query("""
            SELECT \(literal: columns) FROM follow_ups f JOIN occurrences o ON o.id = f.origin_occurrence_id
            WHERE o.series_id = \(UUID(uuidString: seriesID)) AND o.starts_at < \(start) AND f.status = 'open'
            ORDER BY o.starts_at, f.created_at
            """).map(followUp)
    }

    /// Where a follow-up came from, as people know it: its meeting series' title, else its action's.
    public static func originTitle(id: String, on connection: isolated PostgresConnection) throws -> String? {
        try connection.query("""
            SELECT coalesce(s.title, a.title)
            FROM follow_ups f
            LEFT JOIN occurrences o ON o.id = f.origin_occurrence_id
            LEFT JOIN series s ON s.id = o.series_id
            LEFT JOIN action_items a ON a.id = f.origin_action_item_id
            WHERE f.id = \(UUID(uuidString: id))
            """).first?.decode(String?.self, at: 0)
    }
}
