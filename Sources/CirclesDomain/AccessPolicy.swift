import Foundation

/// Who may do what, reads included. Administrators may do anything, except leave Circles
/// without an active administrator; a team lead works only within their own teams and changes
/// only people every one of whose teams they lead; a member sees their own teams, records
/// meetings they facilitate and completes their own follow-ups.
public enum AccessPolicy {
    /// Something an actor asks to do, with the facts the decision needs.
    public enum Operation: Sendable, Hashable {
        /// Administrator-only work (granting administrators, creating teams, the audit trail, the outbox).
        case administer(what: String)
        /// Adding people to Circles; any team lead may, so they can build their teams.
        case addPeople
        /// Changing a person: their details, address or standing.
        case changePerson(PersonStanding, PersonChange)
        /// Work inside one team: memberships, workshops, actions, series, cancelling meetings.
        case manageTeam(teamID: String, teamName: String, what: String)
        /// Recording a held meeting, its attendance and follow-ups.
        case recordMeeting(teamID: String, teamName: String, facilitatorID: String?)
        /// Completing or dropping a follow-up.
        case closeFollowUp(teamID: String, teamName: String, ownerID: String)
        /// Reading something (see `Reading`).
        case read(Reading)
        /// Issuing or revoking a calendar feed link (see `FeedSubject`).
        case feedLink(FeedSubject)
    }

    /// Something an actor asks to see.
    public enum Reading: Sendable, Hashable {
        /// A team's records: its members, workshops, action items, series, meetings, agendas and follow-ups.
        case team(teamID: String, teamName: String, what: String)
        /// A team's progress report and peer-support coverage.
        case teamProgress(teamID: String, teamName: String)
        /// The meetings a person is invited to or facilitates.
        case meetingsOf(personID: String, email: String, teamIDs: Set<String>)
        /// That a person exists, with their name: people who share a team with the reader.
        case name(personID: String, teamIDs: Set<String>)
        /// A person's email address, time zone and email preference.
        case contact(personID: String, teamIDs: Set<String>)
    }

    /// Allows the operation or explains who may do it.
    public static func authorize(_ actor: Actor, _ operation: Operation) throws(AccessDenied) {
        switch operation {
        case .changePerson(let person, let change):
            try authorizeChange(actor, of: person, change)
            return
        case .feedLink(let subject):
            try authorizeFeedLink(actor, subject)
            return
        default:
            break
        }
        if actor.isAdministrator { return }
        switch operation {
        case .administer(let what):
            throw AccessDenied("only an administrator may \(what); \(actor.email) is not one")
        case .addPeople:
            guard actor.roles.values.contains(.lead) else {
                throw AccessDenied("only an administrator or a team lead may add people; \(actor.email) is neither")
            }
        case .changePerson, .feedLink:
            break  // decided above
        case .manageTeam(let teamID, let teamName, let what):
            guard actor.leads(teamID) else {
                throw AccessDenied("only an administrator or a lead of team \"\(teamName)\" may \(what); \(actor.email) \(standing(of: actor, in: teamID, teamName))")
            }
        case .recordMeeting(let teamID, let teamName, let facilitatorID):
            guard actor.leads(teamID) || (facilitatorID == actor.personID && actor.roles[teamID] != nil) else {
                throw AccessDenied(
                    "only an administrator, a lead of team \"\(teamName)\" or the meeting's facilitator may record it; \(actor.email) \(standing(of: actor, in: teamID, teamName))")
            }
        case .closeFollowUp(let teamID, let teamName, let ownerID):
            guard actor.leads(teamID) || ownerID == actor.personID else {
                throw AccessDenied(
                    "only an administrator, a lead of team \"\(teamName)\" or the follow-up's owner may close it; \(actor.email) \(standing(of: actor, in: teamID, teamName))")
            }
        case .read(let reading):
            try authorizeRead(actor, reading)
        }
    }

    /// Whether the operation is allowed, for filtering listings by the same rules.
    public static func permits(_ actor: Actor, _ operation: Operation) -> Bool {
        do {
            try authorize(actor, operation)
            return true
        } catch {
            return false
        }
    }

    static func standing(of actor: Actor, in teamID: String, _ teamName: String) -> String {
        guard let role = actor.roles[teamID] else { return "is not in that team" }
        return "is a \(role.name.replacingOccurrences(of: "-", with: " ")) there"
    }
}

/// A refusal that says who may do what was asked.
public struct AccessDenied: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sentence for the person at the terminal.
    public let description: String
    /// Creates a refusal.
    public init(_ description: String) { self.description = description }
}
