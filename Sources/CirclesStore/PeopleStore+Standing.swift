import CirclesDomain
import Foundation
import Postgres

extension PeopleStore {
    /// What the access policy needs to know about a person: administrator or not, their teams,
    /// and how many other active administrators there are. Locks the administrators first, so
    /// two administrators deactivating or demoting each other at once cannot both succeed and
    /// leave none: the second waits, then counts what the first left.
    public static func standing(of person: Person, on connection: isolated PostgresConnection) throws -> PersonStanding {
        guard let uuid = UUID(uuidString: person.id) else {
            return PersonStanding(
                personID: person.id, email: person.email, isAdministrator: false, isActive: person.active, teams: [:],
                otherActiveAdministrators: 0)
        }
        try connection.execute("SELECT person_id FROM administrators ORDER BY person_id FOR UPDATE")
        let counts = try connection.query("""
            SELECT EXISTS (SELECT 1 FROM administrators WHERE person_id = \(uuid)),
                   (SELECT count(*) FROM administrators a JOIN people p ON p.id = a.person_id
                     WHERE p.active AND a.person_id <> \(uuid))::int8
            """)[0]
        let (isAdministrator, others) = try counts.decode((Bool, Int64).self)
        var teams: [String: String] = [:]
        for row in try connection.query("""
            SELECT t.id, t.name FROM team_memberships m JOIN teams t ON t.id = m.team_id WHERE m.person_id = \(uuid)
            """)
        {
            let (id, name) = try row.decode((UUID, String).self)
            teams[id.uuidString.lowercased()] = name
        }
        return PersonStanding(
            personID: person.id, email: person.email, isAdministrator: isAdministrator, isActive: person.active, teams: teams,
            otherActiveAdministrators: Int(others))
    }

    /// Takes away a person's administrator role; returns whether they had it.
    public static func revokeAdministrator(personID: String, on connection: isolated PostgresConnection) throws -> Bool {
        guard let uuid = UUID(uuidString: personID) else { return false }
        return try connection.execute("DELETE FROM administrators WHERE person_id = \(uuid)") > 0
    }

    /// The teams of everyone in the given teams: person identifier to their team identifiers
    /// (only the given teams), for deciding what a reader who belongs to those teams may see.
    public static func teamIDs(ofPeopleIn teamIDs: [String], on connection: isolated PostgresConnection) throws -> [String: Set<String>] {
        let uuids = teamIDs.compactMap { UUID(uuidString: $0)?.uuidString.lowercased() }
        guard !uuids.isEmpty else { return [:] }
        var result: [String: Set<String>] = [:]
        for row in try connection.query("SELECT person_id, team_id FROM team_memberships WHERE team_id = ANY(\(uuids)::uuid[])") {
            let (person, team) = try row.decode((UUID, UUID).self)
            result[person.uuidString.lowercased(), default: []].insert(team.uuidString.lowercased())
        }
        return result
    }
}
