/// Someone who takes part in Circles: a social worker, a lead, a citizen representative.
public struct Person: Sendable, Hashable, Codable {
    /// Stable identifier.
    public let id: String
    /// Email address, unique case-insensitively.
    public var email: String
    /// The name shown in listings and emails.
    public var displayName: String
    /// IANA time zone in which the person sees times.
    public var timeZone: String
    /// Whether the person asked not to receive reminder emails.
    public var emailOptOut: Bool
    /// Inactive people are left out of future meetings and rotations; history stays.
    public var active: Bool

    /// Creates a person value.
    public init(id: String, email: String, displayName: String, timeZone: String, emailOptOut: Bool, active: Bool) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.timeZone = timeZone
        self.emailOptOut = emailOptOut
        self.active = active
    }
}

/// A team: the unit that owns workshops, actions and meeting series.
public struct Team: Sendable, Hashable, Codable {
    /// Stable identifier.
    public let id: String
    /// The team's name, unique case-insensitively.
    public var name: String
    /// Default IANA time zone for the team's meetings.
    public var timeZone: String

    /// Creates a team value.
    public init(id: String, name: String, timeZone: String) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
    }
}

/// A person's membership of a team.
public struct Membership: Sendable, Hashable, Codable {
    /// The member.
    public let person: Person
    /// Their role.
    public let role: TeamRole

    /// Creates a membership value.
    public init(person: Person, role: TeamRole) {
        self.person = person
        self.role = role
    }
}
