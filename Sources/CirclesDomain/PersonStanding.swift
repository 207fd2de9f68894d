/// What the access policy needs to know about a person someone wants to change or read.
public struct PersonStanding: Sendable, Hashable {
    /// The person's identifier.
    public let personID: String
    /// The person's email, for messages.
    public let email: String
    /// Whether the person is an administrator.
    public let isAdministrator: Bool
    /// Whether the person is active.
    public let isActive: Bool
    /// The teams the person belongs to: identifier to name (the name is for messages).
    public let teams: [String: String]
    /// How many active administrators there are besides this person.
    public let otherActiveAdministrators: Int

    /// Creates a standing.
    public init(
        personID: String, email: String, isAdministrator: Bool, isActive: Bool, teams: [String: String],
        otherActiveAdministrators: Int
    ) {
        self.personID = personID
        self.email = email
        self.isAdministrator = isAdministrator
        self.isActive = isActive
        self.teams = teams
        self.otherActiveAdministrators = otherActiveAdministrators
    }

    /// Whether this person is the only active administrator left.
    public var isLastActiveAdministrator: Bool { isAdministrator && isActive && otherActiveAdministrators == 0 }
}

/// A change to a person, from the harmless to the irreversible.
public enum PersonChange: String, Sendable, Hashable, CaseIterable {
    /// Name, time zone or email preference: the person may change their own.
    case details
    /// The email address: where their mail goes and who they act as.
    case email
    /// Deactivating them (their history stays).
    case deactivate
    /// Reactivating a deactivated person.
    case reactivate
    /// Erasing their personal data.
    case erase
    /// Taking away their administrator role.
    case removeAdministrator

    /// The verb for messages, e.g. "change the email address of".
    var verb: String {
        switch self {
        case .details: "change the name, time zone or email preference of"
        case .email: "change the email address of"
        case .deactivate: "deactivate"
        case .reactivate: "reactivate"
        case .erase: "erase"
        case .removeAdministrator: "remove the administrator role of"
        }
    }
}
