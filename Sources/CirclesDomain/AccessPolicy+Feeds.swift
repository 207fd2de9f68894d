extension AccessPolicy {
    /// Whose calendar a feed link shows.
    public enum FeedSubject: Sendable, Hashable {
        /// Every meeting the person is invited to or facilitates.
        case person(PersonStanding)
        /// Every meeting of the team.
        case team(teamID: String, teamName: String)
    }

    /// A feed link is a standing read of someone's meetings. A person's link: the person, an
    /// administrator, or a lead of every team the person is in (not of an administrator). A
    /// team's link: its leads and administrators.
    static func authorizeFeedLink(_ actor: Actor, _ subject: FeedSubject) throws(AccessDenied) {
        if actor.isAdministrator { return }
        switch subject {
        case .team(let teamID, let teamName):
            guard actor.leads(teamID) else {
                throw AccessDenied(
                    "only an administrator or a lead of team \"\(teamName)\" may have its calendar feed link; \(actor.email) \(standing(of: actor, in: teamID, teamName))")
            }
        case .person(let person):
            if person.personID == actor.personID { return }
            guard !person.isAdministrator else {
                throw AccessDenied("only an administrator or \(person.email) may have the calendar feed link of \(person.email), an administrator")
            }
            let notLed = person.teams.filter { !actor.leads($0.key) }.map(\.value).sorted()
            guard !person.teams.isEmpty, notLed.isEmpty else {
                throw AccessDenied(
                    "only \(person.email), an administrator or a lead of every team \(person.email) is in may have their calendar feed link; \(actor.email) "
                        + (person.teams.isEmpty ? "is not an administrator" : "does not lead \(notLed.map { "\"\($0)\"" }.joined(separator: ", "))"))
            }
        }
    }
}
