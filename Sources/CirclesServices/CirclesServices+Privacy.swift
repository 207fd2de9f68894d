import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// What erasing a person did.
    public struct Erasure: Sendable, Hashable {
        /// The person's id, which stays so counts and history keep adding up.
        public let personID: String
        /// The pseudonym that replaced their email address.
        public let pseudonymEmail: String
        /// The pseudonym that replaced their name.
        public let pseudonymName: String
        /// How many audit records were rewritten (personal section or redacted values).
        public let auditRecordsRewritten: Int
    }

    /// Erases a person's personal data (right to erasure): their email, name and the notes they
    /// wrote are replaced or removed everywhere, mentions of them in others' free text and the
    /// audit trail's copies included (see `erase_person` in sql/migrations/0008), while their
    /// id, memberships, attendance and ownership stay so statistics still add up and the audit
    /// chain still verifies. Future meetings they were to facilitate pass to the next person in
    /// the rotation. Administrators only; nobody may erase themselves. Cannot be undone.
    public func erasePerson(email: String, as actorEmail: String, now: Date = Date()) async throws -> Erasure {
        try await perform(as: actorEmail, action: "person.erase") { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "erase people"))
            guard let person = try PeopleStore.find(email: email, on: connection) else {
                throw ServiceError(
                    .notFound,
                    "no person with email \(email); an erased person can no longer be found by their old address")
            }
            guard try !PersonDataStore.isErased(personID: person.id, on: connection) else {
                throw ServiceError(.conflict, "\(email) has already been erased")
            }
            guard person.id != actor.personID else {
                throw ServiceError(.invalid, "you cannot erase yourself; ask another administrator")
            }
            // Never the last active administrator (see AccessPolicy).
            try AccessPolicy.authorize(actor, .changePerson(try PeopleStore.standing(of: person, on: connection), .erase))
            let rewritten = try PersonDataStore.erase(personID: person.id, on: connection)
            try Self.releaseFutureTurns(of: person, now: now, on: connection)
            guard let erased = try PeopleStore.find(id: person.id, on: connection) else {
                throw ServiceError(.notFound, "no person with email \(email)")
            }
            return Erasure(
                personID: person.id, pseudonymEmail: erased.email, pseudonymName: erased.displayName,
                auditRecordsRewritten: rewritten)
        }
    }

    /// Everything Circles holds about a person, for a subject access request. Administrators,
    /// and the person themselves. The export is recorded in the audit trail.
    public func exportPerson(email: String, as actorEmail: String, now: Date = Date()) async throws -> PersonExport {
        try await perform(as: actorEmail, action: "person.export") { connection, actor in
            guard let person = try PeopleStore.find(email: email, on: connection) else {
                throw ServiceError(.notFound, "no person with email \(email)")
            }
            if person.id != actor.personID {
                try AccessPolicy.authorize(actor, .administer(what: "export another person's data"))
            }
            guard let export = try PersonDataStore.export(personID: person.id, now: now, on: connection) else {
                throw ServiceError(.notFound, "no person with email \(email)")
            }
            try PersonDataStore.recordExport(personID: person.id, on: connection)
            return export
        }
    }
}
