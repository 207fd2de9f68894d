import CirclesDomain
import Foundation
import Postgres

/// SQL for people and administrators.
public enum PeopleStore {
    static let columns: StaticString = "id, email, display_name, time_zone, email_opt_out, active"

    static func person(_ row: PostgresRow) throws -> Person {
        let (id, email, name, zone, optOut, active) = try row.decode((UUID, String, String, String, Bool, Bool).self)
        return Person(
            id: id.uuidString.lowercased(), email: email, displayName: name, timeZone: zone, emailOptOut: optOut,
            active: active)
    }

    /// The person with this email (compared case-insensitively), if any.
    public static func find(email: String, on connection: isolated PostgresConnection) throws -> Person? {
        try connection.query("SELECT \(literal: columns) FROM people WHERE lower(email) = lower(\(email))")
            .first.map(person)
    }

    /// The person with this identifier, if any.
    public static func find(id: String, on connection: isolated PostgresConnection) throws -> Person? {
        guard let uuid = UUID(uuidString: id) else { return nil }
        return try connection.query("SELECT \(literal: columns) FROM people WHERE id = \(uuid)").first.map(person)
    }

    /// People by email, in the order asked; missing ones are left out.
    public static func find(emails: [String], on connection: isolated PostgresConnection) throws -> [String: Person] {
        let lowered = emails.map { $0.lowercased() }
        let rows = try connection.query("SELECT \(literal: columns) FROM people WHERE lower(email) = ANY(\(lowered))")
        return Dictionary(try rows.map(person).map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Adds a person and returns them.
    public static func insert(
        email: String, displayName: String, timeZone: String, emailOptOut: Bool,
        on connection: isolated PostgresConnection
    ) throws -> Person {
        let rows = try connection.query("""
            INSERT INTO people (email, display_name, time_zone, email_opt_out)
            VALUES (\(email), \(displayName), \(timeZone), \(emailOptOut))
            RETURNING \(literal: columns)
            """)
        return try person(rows[0])
    }

    /// Writes a person's changeable fields.
    public static func update(_ updated: Person, on connection: isolated PostgresConnection) throws {
        guard let uuid = UUID(uuidString: updated.id) else { return }
        try connection.execute("""
            UPDATE people SET email = \(updated.email), display_name = \(updated.displayName),
                time_zone = \(updated.timeZone), email_opt_out = \(updated.emailOptOut), active = \(updated.active)
            WHERE id = \(uuid)
            """)
    }

    /// Everyone, by name; inactive people only when asked.
    public static func list(includeInactive: Bool, on connection: isolated PostgresConnection) throws -> [Person] {
        try connection.query("""
            SELECT \(literal: columns) FROM people WHERE active OR \(includeInactive)
            ORDER BY lower(display_name), lower(email)
            """).map(person)
    }

    /// Whether any administrator exists yet (the first one may be created without one).
    public static func hasAdministrators(on connection: isolated PostgresConnection) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM administrators)")[0].decode(Bool.self, at: 0)
    }

    /// Makes a person an administrator (idempotent).
    public static func grantAdministrator(personID: String, on connection: isolated PostgresConnection) throws {
        guard let uuid = UUID(uuidString: personID) else { return }
        try connection.execute("INSERT INTO administrators (person_id) VALUES (\(uuid)) ON CONFLICT DO NOTHING")
    }

    /// The actor for a person: administrator flag and team roles.
    public static func actor(for person: Person, on connection: isolated PostgresConnection) throws -> Actor {
        guard let uuid = UUID(uuidString: person.id) else {
            return Actor(personID: person.id, email: person.email, isAdministrator: false, roles: [:])
        }
        let isAdministrator = try connection.query("SELECT EXISTS (SELECT 1 FROM administrators WHERE person_id = \(uuid))")[0]
            .decode(Bool.self, at: 0)
        var roles: [String: TeamRole] = [:]
        for row in try connection.query("SELECT team_id, role FROM team_memberships WHERE person_id = \(uuid)") {
            let (team, role) = try row.decode((UUID, TeamRole).self)
            roles[team.uuidString.lowercased()] = role
        }
        return Actor(personID: person.id, email: person.email, isAdministrator: isAdministrator, roles: roles)
    }

    /// The teams a person belongs to.
    public static func teamIDs(of personID: String, on connection: isolated PostgresConnection) throws -> [String] {
        guard let uuid = UUID(uuidString: personID) else { return [] }
        return try connection.query("SELECT team_id FROM team_memberships WHERE person_id = \(uuid)")
            .map { try $0.decode(UUID.self, at: 0).uuidString.lowercased() }
    }
}
