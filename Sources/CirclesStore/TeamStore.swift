import CirclesDomain
import Foundation
import Postgres

/// SQL for teams and memberships.
public enum TeamStore {
    static func team(_ row: PostgresRow) throws -> Team {
        let (id, name, zone) = try row.decode((UUID, String, String).self)
        return Team(id: id.uuidString.lowercased(), name: name, timeZone: zone)
    }

    /// The team with this name (case-insensitively) or identifier, if any.
    public static func find(_ nameOrID: String, on connection: isolated PostgresConnection) throws -> Team? {
        let uuid = UUID(uuidString: nameOrID)
        return try connection.query("""
            SELECT id, name, time_zone FROM teams WHERE lower(name) = lower(\(nameOrID)) OR id = \(uuid)
            """).first.map(team)
    }

    /// Adds a team.
    public static func insert(name: String, timeZone: String, on connection: isolated PostgresConnection) throws -> Team {
        try team(connection.query("""
            INSERT INTO teams (name, time_zone) VALUES (\(name), \(timeZone)) RETURNING id, name, time_zone
            """)[0])
    }

    /// Every team, by name.
    public static func list(on connection: isolated PostgresConnection) throws -> [Team] {
        try connection.query("SELECT id, name, time_zone FROM teams ORDER BY lower(name)").map(team)
    }

    /// Adds a member or changes their role.
    public static func setMembership(teamID: String, personID: String, role: TeamRole, on connection: isolated PostgresConnection) throws {
        guard let team = UUID(uuidString: teamID), let person = UUID(uuidString: personID) else { return }
        try connection.execute("""
            INSERT INTO team_memberships (team_id, person_id, role) VALUES (\(team), \(person), \(role.rawValue))
            ON CONFLICT (team_id, person_id) DO UPDATE SET role = excluded.role
            """)
    }

    /// Removes a member; returns whether they were one.
    public static func removeMembership(teamID: String, personID: String, on connection: isolated PostgresConnection) throws -> Bool {
        guard let team = UUID(uuidString: teamID), let person = UUID(uuidString: personID) else { return false }
        return try connection.execute("DELETE FROM team_memberships WHERE team_id = \(team) AND person_id = \(person)") > 0
    }

    /// The team's members with their roles, leads first.
    public static func members(teamID: String, on connection: isolated PostgresConnection) throws -> [Membership] {
        guard let team = UUID(uuidString: teamID) else { return [] }
        return try connection.query("""
            SELECT p.id, p.email, p.display_name, p.time_zone, p.email_opt_out, p.active, m.role
            FROM team_memberships m JOIN people p ON p.id = m.person_id
            WHERE m.team_id = \(team)
            ORDER BY m.role = 'lead' DESC, lower(p.display_name)
            """).map { row in
                Membership(person: try PeopleStore.person(row), role: try row.decode(TeamRole.self, at: 6))
            }
    }
}
