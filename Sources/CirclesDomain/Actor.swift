/// The person on whose behalf a command runs, with what they may act on.
public struct Actor: Sendable, Hashable {
    /// The person's identifier.
    public let personID: String
    /// The person's email, for messages.
    public let email: String
    /// Whether the person is an administrator.
    public let isAdministrator: Bool
    /// The person's role in each team they belong to, by team identifier.
    public let roles: [String: TeamRole]

    /// Creates an actor.
    public init(personID: String, email: String, isAdministrator: Bool, roles: [String: TeamRole]) {
        self.personID = personID
        self.email = email
        self.isAdministrator = isAdministrator
        self.roles = roles
    }

    /// Whether the actor leads the team.
    public func leads(_ teamID: String) -> Bool { roles[teamID] == .lead }
}
