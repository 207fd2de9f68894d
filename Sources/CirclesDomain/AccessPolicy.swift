import Foundation

/// Who may do what. Administrators may do anything; a team lead only within their own
/// teams; a member may record meetings they facilitate and complete their own follow-ups.
public enum AccessPolicy {
    /// Something an actor asks to do, with the facts the decision needs.
    public enum Operation: Sendable, Hashable {
        /// Administrator-only work (granting administrators, erasing people, creating teams).
        case administer(what: String)
        /// Adding people to Circles; any team lead may, so they can build their teams.
        case addPeople
        /// Changing a person's details or deactivating them.
        case updatePerson(personID: String, teamIDs: [String])
        /// Work inside one team: memberships, workshops, actions, series, cancelling meetings.
        case manageTeam(teamID: String, teamName: String, what: String)
        /// Recording a held meeting, its attendance and follow-ups.
        case recordMeeting(teamID: String, teamName: String, facilitatorID: String?)
        /// Completing or dropping a follow-up.
        case closeFollowUp(teamID: String, teamName: String, ownerID: String)
    }

    /// Allows the operation or explains who may do it.
    public static func authorize(_ actor: Actor, _ operation: Operation) throws(AccessDenied) {
        if actor.isAdministrator { return }
        switch operation {
        case .administer(let what):
            throw AccessDenied("only an administrator may \(what); \(actor.email) is not one")
        case .addPeople:
            guard actor.roles.values.contains(.lead) else {
                throw AccessDenied("only an administrator or a team lead may add people; \(actor.email) is neither")
            }
        case .updatePerson(let personID, let teamIDs):
            guard personID == actor.personID || teamIDs.contains(where: actor.leads) else {
                throw AccessDenied(
                    "only an administrator, the person themselves or a lead of one of their teams may change a person; \(actor.email) is none of these")
            }
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
        }
    }

    private static func standing(of actor: Actor, in teamID: String, _ teamName: String) -> String {
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
