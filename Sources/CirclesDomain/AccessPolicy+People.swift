extension AccessPolicy {
    /// Administrators are changed only by administrators. A lead may change a person who is not
    /// one only when they lead every team that person belongs to, so adding someone to your team
    /// gives you no power over them. Anyone may change their own name, time zone and email
    /// preference. Nobody may deactivate, erase or demote the last active administrator.
    static func authorizeChange(_ actor: Actor, of person: PersonStanding, _ change: PersonChange) throws(AccessDenied) {
        if actor.isAdministrator {
            let removesAnAdministrator = [.deactivate, .erase, .removeAdministrator].contains(change)
            guard !(removesAnAdministrator && person.isLastActiveAdministrator) else {
                throw AccessDenied(
                    "\(person.email) is the last active administrator and cannot be \(change.pastParticiple): make another person an administrator first (`circles admin add`)")
            }
            return
        }
        switch change {
        case .reactivate: throw AccessDenied("only an administrator may reactivate people; \(actor.email) is not one")
        case .erase: throw AccessDenied("only an administrator may erase people; \(actor.email) is not one")
        case .removeAdministrator: throw AccessDenied("only an administrator may remove administrators; \(actor.email) is not one")
        case .details, .email, .deactivate: break
        }
        guard !person.isAdministrator else {
            throw AccessDenied("only an administrator may \(change.verb) an administrator; \(actor.email) is not one")
        }
        if change == .details && person.personID == actor.personID { return }
        guard !person.teams.isEmpty else {
            throw AccessDenied(
                "only an administrator may \(change.verb) \(person.email), who is in no team; \(actor.email) is not an administrator")
        }
        let notLed = person.teams.filter { !actor.leads($0.key) }.map(\.value).sorted()
        guard notLed.isEmpty else {
            throw AccessDenied(
                "only an administrator or a lead of every team \(person.email) is in may \(change.verb) \(person.email); \(actor.email) does not lead \(notLed.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
    }
}

extension PersonChange {
    /// "deactivated", "erased", "removed as administrator", for messages.
    var pastParticiple: String {
        switch self {
        case .details, .email: "changed"
        case .deactivate: "deactivated"
        case .reactivate: "reactivated"
        case .erase: "erased"
        case .removeAdministrator: "removed as administrator"
        }
    }
}
