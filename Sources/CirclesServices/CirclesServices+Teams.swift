import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// Creates a team. Administrators only.
    public func createTeam(name: String, timeZone: String, as actorEmail: String) async throws -> Team {
        let name = try Self.validateTeamName(name)
        let zone = try TimeZoneName.validate(timeZone)
        return try await perform(as: actorEmail, action: "team.create") { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "create teams"))
            do {
                return try TeamStore.insert(name: name, timeZone: zone, on: connection)
            } catch let error as PostgresError where error.violatedConstraint == "teams_name_key" {
                throw ServiceError(.conflict, "a team named \"\(name)\" already exists")
            }
        }
    }

    /// Adds people to a team in a role, or changes their role. Administrators and the team's leads.
    public func addMembers(team teamName: String, emails: [String], role: TeamRole, as actorEmail: String) async throws -> [Membership] {
        let addresses = try emails.map { try EmailAddress($0).value }
        guard !addresses.isEmpty else { throw DomainError(field: "email", "name at least one person to add (--email …)") }
        return try await perform(as: actorEmail, action: "team.add-member") { connection, actor in
            let team = try Self.team(teamName, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "change its members"))
            let people = try PeopleStore.find(emails: addresses, on: connection)
            let missing = addresses.filter { people[$0.lowercased()] == nil }
            guard missing.isEmpty else {
                throw ServiceError(.notFound, "no person with email \(missing.joined(separator: ", ")); add them first with `circles person add`")
            }
            let affected = try SeriesStore.wholeTeamSeriesIDs(teamID: team.id, on: connection)
            let invitedBefore = try Self.invitedNow(seriesIDs: affected, on: connection)
            for address in addresses {
                guard let person = people[address.lowercased()] else { continue }
                try TeamStore.setMembership(teamID: team.id, personID: person.id, role: role, on: connection)
            }
            for series in affected {
                try Self.reconcileInvitations(seriesID: series, previouslyInvited: invitedBefore[series] ?? [], now: Date(), on: connection)
            }
            return try TeamStore.members(teamID: team.id, on: connection)
        }
    }

    /// Takes a person out of a team; their history stays.
    public func removeMember(team teamName: String, email: String, as actorEmail: String) async throws {
        try await perform(as: actorEmail, action: "team.remove-member") { connection, actor in
            let team = try Self.team(teamName, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "change its members"))
            guard let person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
            let affected = try SeriesStore.wholeTeamSeriesIDs(teamID: team.id, on: connection)
            let invitedBefore = try Self.invitedNow(seriesIDs: affected, on: connection)
            guard try TeamStore.removeMembership(teamID: team.id, personID: person.id, on: connection) else {
                throw ServiceError(.notFound, "\(email) is not a member of team \"\(team.name)\"")
            }
            for series in affected {
                try Self.reconcileInvitations(seriesID: series, previouslyInvited: invitedBefore[series] ?? [], now: Date(), on: connection)
            }
        }
    }

    /// The teams the reader belongs to; every team for administrators.
    public func listTeams(as actorEmail: String) async throws -> [Team] {
        try await read(as: actorEmail) { connection, actor in
            try TeamStore.list(on: connection).filter { team in
                AccessPolicy.permits(actor, .read(.team(teamID: team.id, teamName: team.name, what: "name")))
            }
        }
    }

    /// A team's members, leads first: for the team's members and administrators. Addresses only
    /// for the team's leads and administrators (and each reader's own); names otherwise.
    public func members(of teamName: String, as actorEmail: String) async throws -> [MemberEntry] {
        try await read(as: actorEmail) { connection, actor in
            let team = try Self.team(teamName, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "members")))
            let teamsOf = try PeopleStore.teamIDs(ofPeopleIn: Array(actor.roles.keys), on: connection)
            return try TeamStore.members(teamID: team.id, on: connection).map { member in
                let teams = teamsOf[member.person.id, default: []].union([team.id])
                let visible = AccessPolicy.permits(actor, .read(.contact(personID: member.person.id, teamIDs: teams)))
                return MemberEntry(person: PersonEntry(member.person, contactVisible: visible), role: member.role)
            }
        }
    }

    static func team(_ name: String, on connection: isolated PostgresConnection) throws -> Team {
        guard let team = try TeamStore.find(name, on: connection) else { throw ServiceError.unknownTeam(name) }
        return team
    }

    static func validateTeamName(_ text: String) throws -> String {
        let name = try TextRule.teamName.check(text)
        guard !name.isEmpty else { throw DomainError(field: "name", "a team name is required (--name \"…\")") }
        return name
    }
}
