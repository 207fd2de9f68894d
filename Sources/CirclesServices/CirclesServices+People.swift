import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// The details of a new person.
    public struct NewPerson: Sendable {
        public var email: String
        public var displayName: String
        public var timeZone: String?
        public var emailOptOut: Bool

        public init(email: String, displayName: String, timeZone: String? = nil, emailOptOut: Bool = false) {
            self.email = email
            self.displayName = displayName
            self.timeZone = timeZone
            self.emailOptOut = emailOptOut
        }
    }

    /// Adds a person. Administrators and team leads may.
    public func addPerson(_ new: NewPerson, as actorEmail: String) async throws -> Person {
        let (email, name, zone) = try Self.validate(new)
        return try await perform(as: actorEmail, action: "person.add") { connection, actor in
            try AccessPolicy.authorize(actor, .addPeople)
            return try Self.insertPerson(email: email, name: name, zone: zone, optOut: new.emailOptOut, on: connection)
        }
    }

    /// Creates the first administrator of an empty installation, or adds one as an administrator.
    public func addAdministrator(_ new: NewPerson, as actorEmail: String?) async throws -> Person {
        let (email, name, zone) = try Self.validate(new)
        return try await pool.withTransaction { connection in
            if try PeopleStore.hasAdministrators(on: connection) {
                guard let actorEmail else {
                    throw ServiceError(.invalid, "only an administrator may add administrators: pass --as EMAIL of one")
                }
                // An active administrator (a deactivated one can change nothing), recorded as the actor.
                let actor = try Self.acting(actorEmail, action: "administrator.add", on: connection)
                try AccessPolicy.authorize(actor, .administer(what: "add administrators"))
            } else {
                try Self.setAuditContext(actorID: nil, actorEmail: "bootstrap", action: "administrator.add", on: connection)
            }
            let person =
                try PeopleStore.find(email: email, on: connection)
                ?? Self.insertPerson(email: email, name: name, zone: zone, optOut: new.emailOptOut, on: connection)
            try PeopleStore.grantAdministrator(personID: person.id, on: connection)
            return person
        }
    }

    /// The changes to make to a person; `nil` leaves a field as it is.
    public struct PersonChanges: Sendable {
        public var email: String?
        public var displayName: String?
        public var timeZone: String?
        public var emailOptOut: Bool?
        public var active: Bool?

        public init(email: String? = nil, displayName: String? = nil, timeZone: String? = nil, emailOptOut: Bool? = nil, active: Bool? = nil) {
            self.email = email
            self.displayName = displayName
            self.timeZone = timeZone
            self.emailOptOut = emailOptOut
            self.active = active
        }
    }

    /// Changes a person's details, or deactivates them (`active: false`), which keeps their history.
    public func updatePerson(_ email: String, _ changes: PersonChanges, as actorEmail: String) async throws -> Person {
        let newEmail = try changes.email.map { try EmailAddress($0).value }
        let newName = try changes.displayName.map(Self.validateName)
        let newZone = try changes.timeZone.map { try TimeZoneName.validate($0) }
        return try await perform(as: actorEmail, action: changes.active == false ? "person.deactivate" : "person.update") { connection, actor in
            guard var person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
            let teams = try PeopleStore.teamIDs(of: person.id, on: connection)
            try AccessPolicy.authorize(actor, .updatePerson(personID: person.id, teamIDs: teams))
            if let newEmail { person.email = newEmail }
            if let newName { person.displayName = newName }
            if let newZone { person.timeZone = newZone }
            if let optOut = changes.emailOptOut { person.emailOptOut = optOut }
            if let active = changes.active { person.active = active }
            do {
                try PeopleStore.update(person, on: connection)
            } catch let error as PostgresError where error.violatedConstraint == "people_email_key" {
                throw ServiceError(.conflict, "another person already has the email \(newEmail ?? person.email)")
            }
            if changes.active == false {
                try Self.releaseFutureTurns(of: person, now: Date(), on: connection)
                try OutboxStore.cancelPending(recipientID: person.id, reason: "the person was deactivated", on: connection)
            }
            if changes.emailOptOut == true {
                try OutboxStore.cancelPending(recipientID: person.id, reason: "the person opted out of email", on: connection)
            }
            return person
        }
    }

    /// Everyone in Circles, by name.
    public func listPeople(includeInactive: Bool, as actorEmail: String) async throws -> [Person] {
        try await read(as: actorEmail) { connection, _ in
            try PeopleStore.list(includeInactive: includeInactive, on: connection)
        }
    }

    static func validate(_ new: NewPerson) throws -> (String, String, String) {
        let email = try EmailAddress(new.email).value
        let name = try validateName(new.displayName)
        let zone = try TimeZoneName.validate(new.timeZone ?? "Europe/London")
        return (email, name, zone)
    }

    static func validateName(_ text: String) throws -> String {
        let name = try TextRule.personName.check(text)
        guard !name.isEmpty else { throw DomainError(field: "name", "a name is required (--name \"Full Name\")") }
        return name
    }

    static func insertPerson(email: String, name: String, zone: String, optOut: Bool, on connection: isolated PostgresConnection) throws -> Person {
        do {
            return try PeopleStore.insert(email: email, displayName: name, timeZone: zone, emailOptOut: optOut, on: connection)
        } catch let error as PostgresError where error.violatedConstraint == "people_email_key" {
            throw ServiceError(.conflict, "a person with email \(email) already exists")
        }
    }
}
