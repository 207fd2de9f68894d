import CirclesDomain
import Foundation
import Postgres

/// SQL for workshops and their action items.
public enum WorkshopStore {
    static let workshopColumns: StaticString = "id, team_id, title, held_on, facilitator_id, notes"
    static let actionColumns: StaticString =
        "id, workshop_id, title, description, perspective, source_card_text, owner_id, due_on, status, drop_reason"

    static func workshop(_ row: PostgresRow) throws -> Workshop {
        let (id, team, title, heldOn, facilitator, notes) = try row.decode((UUID, UUID, String, PostgresDate, UUID?, String?).self)
        return Workshop(
            id: id.uuidString.lowercased(), teamID: team.uuidString.lowercased(), title: title, heldOn: heldOn.description,
            facilitatorID: facilitator?.uuidString.lowercased(), notes: notes)
    }

    static func action(_ row: PostgresRow) throws -> ActionItem {
        let (id, workshop, title, description, perspective, card, owner, due, status, reason) = try row.decode(
            (UUID, UUID, String, String?, Perspective, String?, UUID?, PostgresDate?, ActionStatus, String?).self)
        return ActionItem(
            id: id.uuidString.lowercased(), workshopID: workshop.uuidString.lowercased(), title: title,
            description: description, perspective: perspective,
            sourceCardText: card, ownerID: owner?.uuidString.lowercased(), dueOn: due?.description,
            status: status, dropReason: reason)
    }

    /// Records a workshop.
    public static func insert(
        teamID: String, title: String, heldOn: PostgresDate, facilitatorID: String?, notes: String?,
        on connection: isolated PostgresConnection
    ) throws -> Workshop {
        try workshop(connection.query("""
            INSERT INTO workshops (team_id, title, held_on, facilitator_id, notes)
            VALUES (\(UUID(uuidString: teamID)), \(title), \(heldOn), \(facilitatorID.flatMap(UUID.init)), \(notes))
            RETURNING \(literal: workshopColumns)
            """)[0])
    }

    /// The workshop with this identifier, or the only one with this title (case-insensitively).
    public static func find(_ titleOrID: String, on connection: isolated PostgresConnection) throws -> [Workshop] {
        try connection.query("""
            SELECT \(literal: workshopColumns) FROM workshops
            WHERE id = \(UUID(uuidString: titleOrID)) OR lower(title) = lower(\(titleOrID))
            ORDER BY held_on DESC
            """).map(workshop)
    }

    /// A team's workshops, newest first (all teams when `teamID` is nil).
    public static func list(teamID: String?, on connection: isolated PostgresConnection) throws -> [Workshop] {
        try connection.query("""
            SELECT \(literal: workshopColumns) FROM workshops
            WHERE \(teamID.flatMap(UUID.init))::uuid IS NULL OR team_id = \(teamID.flatMap(UUID.init))
            ORDER BY held_on DESC, lower(title)
            """).map(workshop)
    }

    /// Adds an action item to a workshop.
    public static func insertAction(
        workshopID: String, title: String, description: String?, perspective: Perspective, sourceCardText: String?,
        ownerID: String?, dueOn: PostgresDate?, on connection: isolated PostgresConnection
    ) throws -> ActionItem {
        try action(connection.query("""
            INSERT INTO action_items (workshop_id, title, description, perspective, source_card_text, owner_id, due_on)
            VALUES (\(UUID(uuidString: workshopID)), \(title), \(description), \(perspective.rawValue), \(sourceCardText),
                    \(ownerID.flatMap(UUID.init)), \(dueOn))
            RETURNING \(literal: actionColumns)
            """)[0])
    }

    /// The action item with this identifier, if any.
    public static func findAction(id: String, on connection: isolated PostgresConnection) throws -> ActionItem? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        return try connection.query("SELECT \(literal: actionColumns) FROM action_items WHERE id = \(uuid)").first.map(action)
    }

    /// A workshop's action items in the order they were added.
    public static func actions(workshopID: String, on connection: isolated PostgresConnection) throws -> [ActionItem] {
        try connection.query("""
            SELECT \(literal: actionColumns) FROM action_items WHERE workshop_id = \(UUID(uuidString: workshopID))
            ORDER BY created_at, title
            """).map(action)
    }

    /// Moves an action item to a new status; the database records the history.
    public static func setStatus(
        actionID: String, status: ActionStatus, dropReason: String?, on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            UPDATE action_items SET status = \(status.rawValue), drop_reason = \(dropReason)
            WHERE id = \(UUID(uuidString: actionID))
            """)
    }
}
