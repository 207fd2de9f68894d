import CirclesDomain

/// A person as a reader may see them: the name always; the address, time zone and email
/// preference only where the read policy lets the reader see them (nil otherwise).
public struct PersonEntry: Sendable, Hashable {
    /// Stable identifier.
    public let id: String
    /// The name shown in listings.
    public let displayName: String
    /// Whether the person is active.
    public let active: Bool
    /// The email address, or nil when the reader may not see it.
    public let email: String?
    /// The person's time zone, or nil when the reader may not see it.
    public let timeZone: String?
    /// Whether they asked not to receive reminder emails, or nil when the reader may not see it.
    public let emailOptOut: Bool?

    /// The entry for a person, with their contact details only when `contactVisible`.
    public init(_ person: Person, contactVisible: Bool) {
        id = person.id
        displayName = person.displayName
        active = person.active
        email = contactVisible ? person.email : nil
        timeZone = contactVisible ? person.timeZone : nil
        emailOptOut = contactVisible ? person.emailOptOut : nil
    }
}

/// A team member as a reader may see them.
public struct MemberEntry: Sendable, Hashable {
    /// The member.
    public let person: PersonEntry
    /// Their role in the team.
    public let role: TeamRole

    /// Creates an entry.
    public init(person: PersonEntry, role: TeamRole) {
        self.person = person
        self.role = role
    }
}
