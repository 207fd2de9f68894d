import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// Takes away a person's administrator role; they keep their teams. Administrators only,
    /// and never the last active administrator.
    public func removeAdministrator(email: String, as actorEmail: String) async throws -> Person {
        try await perform(as: actorEmail, action: "administrator.remove") { connection, actor in
            guard let person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
            let standing = try PeopleStore.standing(of: person, on: connection)
            try AccessPolicy.authorize(actor, .changePerson(standing, .removeAdministrator))
            guard try PeopleStore.revokeAdministrator(personID: person.id, on: connection) else {
                throw ServiceError(.notFound, "\(person.email) is not an administrator")
            }
            return person
        }
    }
}
