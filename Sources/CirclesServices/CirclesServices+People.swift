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
            try PeopleStore.grantAdministrator(personID: try Self.stored(person.id), on: connection)
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

    /// Changes a person's details, deactivates them (`active: false`, which keeps their history)
    /// or reactivates them (`active: true`, administrators only). Administrators are changed only
    /// by administrators; a lead changes only people every one of whose teams they lead; anyone
    /// may change their own name, time zone and email preference (see `AccessPolicy`).
    public func updatePerson(_ email: String, _ changes: PersonChanges, as actorEmail: String) async throws -> Person {
        let newEmail = try changes.email.map { try EmailAddress($0).value }
        let newName = try changes.displayName.map(Self.validateName)
        let newZone = try changes.timeZone.map { try TimeZoneName.validate($0) }
        let action = changes.active.map { $0 ? "person.reactivate" : "person.deactivate" } ?? "person.update"
        return try await perform(as: actorEmail, action: action) { connection, actor in
            guard var person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
            let standing = try PeopleStore.standing(of: person, on: connection)
            for change in changes.kinds {
                try AccessPolicy.authorize(actor, .changePerson(standing, change))
            }
            if changes.active == true {
                guard try !PersonDataStore.isErased(personID: try Self.stored(person.id), on: connection) else {
                    throw ServiceError(.invalid, "\(person.email) has been erased and cannot be reactivated")
                }
                guard !person.active else { throw ServiceError(.invalid, "\(person.email) is already active") }
            }
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
                try OutboxStore.cancelPending(recipientID: try Self.stored(person.id), reason: "the person was deactivated", on: connection)
                // Their calendar feed links stop at once and stay stopped should they come back.
                try FeedStore.revokeAll(personID: try Self.stored(person.id), on: connection)
            }
            if changes.emailOptOut == true {
                try OutboxStore.cancelPending(recipientID: try Self.stored(person.id), reason: "the person opted out of email", on: connection)
            }
            return person
        }
    }

    /// The people the reader may see, by name: everyone for administrators; otherwise themselves
    /// and the people who share a team with them. Addresses, time zones and email preferences
    /// only where the reader may see them (`AccessPolicy.Reading.contact`); names otherwise.
    public func listPeople(includeInactive: Bool, as actorEmail: String) async throws -> [PersonEntry] {
        try await read(as: actorEmail) { connection, actor in
            let everyone = try PeopleStore.list(includeInactive: includeInactive, on: connection)
            guard !actor.isAdministrator else { return everyone.map { PersonEntry($0, contactVisible: true) } }
            let teamsOf = try PeopleStore.teamIDs(ofPeopleIn: try actor.roles.keys.map { try Self.stored($0) }, on: connection)
            return everyone.compactMap { person in
                let teams = teamsOf[person.id] ?? []
                guard AccessPolicy.permits(actor, .read(.name(personID: person.id, teamIDs: teams))) else { return nil }
                return PersonEntry(person, contactVisible: AccessPolicy.permits(actor, .read(.contact(personID: person.id, teamIDs: teams))))
            }
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

extension CirclesServices.PersonChanges {
    /// The kinds of change asked for, as the access policy weighs them.
    var kinds: [PersonChange] {
        var kinds: [PersonChange] = []
        if displayName != nil || timeZone != nil || emailOptOut != nil { kinds.append(.details) }
        if email != nil { kinds.append(.email) }
        switch active {
        case false?: kinds.append(.deactivate)
        case true?: kinds.append(.reactivate)
        case nil: break
        }
        return kinds
    }
}
