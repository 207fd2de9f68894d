extension AccessPolicy {
    /// A person sees their own teams and what happens in them; other people's addresses only
    /// when they lead a team those people are in; a team's progress only when they lead it.
    /// Administrators see everything (decided before this is asked).
    static func authorizeRead(_ actor: Actor, _ reading: Reading) throws(AccessDenied) {
        switch reading {
        case .team(let teamID, let teamName, let what):
            guard actor.roles[teamID] != nil else {
                throw AccessDenied(
                    "only an administrator or someone in team \"\(teamName)\" may see its \(what); \(actor.email) \(standing(of: actor, in: teamID, teamName))")
            }
        case .teamProgress(let teamID, let teamName):
            guard actor.leads(teamID) else {
                throw AccessDenied(
                    "only an administrator or a lead of team \"\(teamName)\" may read its progress report; \(actor.email) \(standing(of: actor, in: teamID, teamName))")
            }
        case .meetingsOf(let personID, let email, let teamIDs):
            guard personID == actor.personID || teamIDs.contains(where: actor.leads) else {
                throw AccessDenied(
                    "only an administrator, \(email) themselves or a lead of one of their teams may list \(email)'s meetings; \(actor.email) is none of these")
            }
        case .name(let personID, let teamIDs):
            guard personID == actor.personID || teamIDs.contains(where: { actor.roles[$0] != nil }) else {
                throw AccessDenied("only an administrator or someone who shares a team with a person may see them; \(actor.email) shares none")
            }
        case .contact(let personID, let teamIDs):
            guard personID == actor.personID || teamIDs.contains(where: actor.leads) else {
                throw AccessDenied(
                    "only an administrator, the person themselves or a lead of one of their teams may see their email address; \(actor.email) is none of these")
            }
        }
    }
}
