import Foundation
import Postgres

/// SQL for a person's data as a whole: erasure (through `erase_person()`) and export.
public enum PersonDataStore {
    /// Whether the person with this id has been erased (false for an unknown id).
    public static func isErased(personID: String, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM people WHERE id = \(UUID(uuidString: personID)) AND erased_at IS NOT NULL)")[0]
            .decode(Bool.self, at: 0)
    }

    /// Pseudonymises the person everywhere (see `erase_person` in sql/migrations/0008); returns
    /// how many audit records were rewritten.
    public static func erase(personID: String, on connection: isolated PostgresConnection) throws -> Int {
        try connection.query("SELECT erase_person(\(UUID(uuidString: personID)))")[0].decode(Int.self, at: 0)
    }

    /// Records in the audit trail that the person's data was exported (no personal data in it).
    public static func recordExport(personID: String, on connection: isolated PostgresConnection) throws {
        try connection.execute("SELECT audit_event('person.export', 'people', \(personID), NULL)")
    }

    /// Everything held about the person with this id, or nil when there is none.
    public static func export(personID: String, now: Date, on connection: isolated PostgresConnection) throws -> PersonExport? {
        guard let id = UUID(uuidString: personID) else { return nil }
        guard let profileRow = try connection.query("""
            SELECT p.email, p.display_name, p.time_zone, p.email_opt_out, p.active,
                   EXISTS (SELECT 1 FROM administrators a WHERE a.person_id = p.id), p.created_at, p.erased_at
            FROM people p WHERE p.id = \(id)
            """).first
        else { return nil }
        let (email, name, zone, optOut, active, administrator, created, erased) = try profileRow.decode(
            (String, String, String, Bool, Bool, Bool, Date, Date?).self)
        let profile = PersonExport.Profile(
            id: personID, email: email, displayName: name, timeZone: zone, emailOptOut: optOut, active: active,
            administrator: administrator, createdAt: created, erasedAt: erased)

        let memberships = try connection.query("""
            SELECT t.id, t.name, m.role, m.joined_at FROM team_memberships m JOIN teams t ON t.id = m.team_id
            WHERE m.person_id = \(id) ORDER BY lower(t.name)
            """).map { row in
                let (team, teamName, role, joined) = try row.decode((UUID, String, String, Date).self)
                return PersonExport.TeamMembership(teamID: team.uuidString.lowercased(), team: teamName, role: role, joinedAt: joined)
            }

        let actions = try connection.query("""
            SELECT a.id, w.title, a.title, a.status, a.due_on::text FROM action_items a JOIN workshops w ON w.id = a.workshop_id
            WHERE a.owner_id = \(id) ORDER BY a.created_at, a.id
            """).map { row in
                let (action, workshop, title, status, due) = try row.decode((UUID, String, String, String, String?).self)
                return PersonExport.OwnedAction(
                    id: action.uuidString.lowercased(), workshop: workshop, title: title, status: status, dueOn: due)
            }

        let meetings = try connection.query("""
            SELECT o.id, s.title, t.name, o.starts_at, o.status, o.facilitator_id IS NOT DISTINCT FROM \(id), at.status
            FROM occurrences o JOIN series s ON s.id = o.series_id JOIN teams t ON t.id = s.team_id
            LEFT JOIN attendance at ON at.occurrence_id = o.id AND at.person_id = \(id)
            WHERE o.facilitator_id = \(id) OR at.person_id IS NOT NULL
            ORDER BY o.starts_at, o.id
            """).map { row in
                let (meeting, series, team, starts, status, facilitator, attendance) = try row.decode(
                    (UUID, String, String, Date, String, Bool, String?).self)
                return PersonExport.MeetingRecord(
                    id: meeting.uuidString.lowercased(), series: series, team: team, startsAt: starts, status: status,
                    facilitator: facilitator, attendance: attendance)
            }

        let followUps = try connection.query("""
            SELECT f.id, f.title, f.status, f.due_on::text, f.completed_at FROM follow_ups f
            WHERE f.owner_id = \(id) ORDER BY f.created_at, f.id
            """).map { row in
                let (followUp, title, status, due, completed) = try row.decode((UUID, String, String, String?, Date?).self)
                return PersonExport.FollowUpRecord(
                    id: followUp.uuidString.lowercased(), title: title, status: status, dueOn: due, completedAt: completed)
            }

        let reminders = try connection.query("""
            SELECT r.id, r.kind, r.state, r.occurrence_id, r.due_at, r.sent_at FROM reminder_outbox r
            WHERE r.recipient_id = \(id) ORDER BY r.due_at, r.id
            """).map { row in
                let (reminder, kind, state, meeting, due, sent) = try row.decode((Int64, String, String, UUID?, Date, Date?).self)
                return PersonExport.ReminderRecord(
                    id: reminder, kind: kind, state: state, meetingID: meeting?.uuidString.lowercased(), dueAt: due, sentAt: sent)
            }

        // Composite keys are joined with '/', so a person's id can be any part of one.
        let audit = try connection.query("""
            SELECT a.id, a.occurred_at, a.action, a.entity_table, a.entity_id, a.actor_person_id IS NOT DISTINCT FROM \(id),
                   (coalesce(a.before, '{}') || coalesce(a.personal_before, '{}'))::text,
                   (coalesce(a.after, '{}') || coalesce(a.personal_after, '{}'))::text
            FROM audit_log a
            WHERE a.actor_person_id = \(id)
               OR a.entity_id = \(personID)
               OR a.entity_id LIKE '%/' || \(personID) OR a.entity_id LIKE \(personID) || '/%'
            ORDER BY a.id
            """).map { row in
                let (entry, at, action, table, entity, byThem, before, after) = try row.decode(
                    (Int64, Date, String, String, String?, Bool, String, String).self)
                return PersonExport.AuditRecord(
                    id: entry, occurredAt: at, action: action, entityTable: table, entityID: entity, byThem: byThem,
                    before: before == "{}" ? nil : before, after: after == "{}" ? nil : after)
            }

        return PersonExport(
            exportedAt: now, profile: profile, memberships: memberships, ownedActions: actions, meetings: meetings,
            followUps: followUps, reminders: reminders, auditEntries: audit)
    }
}
