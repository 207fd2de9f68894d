/// Who may run pairing schemes: administrators any scheme; a team lead the schemes of teams they
/// all lead (a whole-network scheme is administrators' only); every person their own membership
/// and their own "please don't pair me with" list, which only they and administrators may read.
extension AccessPolicy {
    /// A scheme's teams, by id and name; empty for a whole-network scheme.
    public typealias SchemeTeams = [(id: String, name: String)]

    /// Creating, changing or running a scheme (rounds, mentors, recording whether pairs met).
    public static func authorizeScheme(_ actor: Actor, teams: SchemeTeams, what: String) throws(AccessDenied) {
        if actor.isAdministrator { return }
        guard !teams.isEmpty else {
            throw AccessDenied("only an administrator may \(what) for a whole-network scheme; \(actor.email) is not one")
        }
        for team in teams where !actor.leads(team.id) {
            throw AccessDenied(
                "only an administrator or a lead of team \"\(team.name)\" may \(what); \(actor.email) \(standing(of: actor, in: team.id, team.name))")
        }
    }

    /// Seeing a scheme and its rounds: administrators, and anyone in one of its teams (anyone in a
    /// team at all for a whole-network scheme).
    public static func authorizeSchemeRead(_ actor: Actor, teams: SchemeTeams, schemeName: String) throws(AccessDenied) {
        if actor.isAdministrator { return }
        if teams.isEmpty ? !actor.roles.isEmpty : teams.contains(where: { actor.roles[$0.id] != nil }) { return }
        throw AccessDenied(
            "only an administrator or someone in one of the teams of scheme \"\(schemeName)\" may see it; \(actor.email) is in none of them")
    }

    /// Joining, leaving or pausing: the person themselves, or someone who may run the scheme.
    public static func authorizeMembership(
        _ actor: Actor, personID: String, email: String, teams: SchemeTeams
    ) throws(AccessDenied) {
        if actor.personID == personID { return }
        do {
            try authorizeScheme(actor, teams: teams, what: "change someone else's membership")
        } catch {
            throw AccessDenied(
                "only \(email) themselves, an administrator or a lead of the scheme's teams may change \(email)'s membership; \(actor.email) is none of these")
        }
    }

    /// A "please don't pair me with" list, to read or change: its owner and administrators only.
    public static func authorizeExclusions(_ actor: Actor, ownerID: String, ownerEmail: String) throws(AccessDenied) {
        guard actor.isAdministrator || actor.personID == ownerID else {
            throw AccessDenied(
                "only \(ownerEmail) themselves or an administrator may see or change \(ownerEmail)'s pairing exclusions; \(actor.email) is neither")
        }
    }

    /// Forbidding two people to be paired: administrators only.
    public static func authorizeForbiddingPairs(_ actor: Actor) throws(AccessDenied) {
        guard actor.isAdministrator else {
            throw AccessDenied("only an administrator may forbid a pair; \(actor.email) is not one")
        }
    }
}
