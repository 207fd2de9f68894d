/// A co-production workshop whose agreed actions Circles follows through.
public struct Workshop: Sendable, Hashable, Codable {
    /// Stable identifier.
    public let id: String
    /// The team that held it.
    public let teamID: String
    /// Its title, e.g. "Whose Shoes? personalisation workshop".
    public var title: String
    /// The day it was held, `YYYY-MM-DD`.
    public var heldOn: String
    /// Who facilitated it, if recorded.
    public var facilitatorID: String?
    /// Free notes (personal data; never sent in mail).
    public var notes: String?

    /// Creates a workshop value.
    public init(id: String, teamID: String, title: String, heldOn: String, facilitatorID: String?, notes: String?) {
        self.id = id
        self.teamID = teamID
        self.title = title
        self.heldOn = heldOn
        self.facilitatorID = facilitatorID
        self.notes = notes
    }
}

/// Something a workshop agreed to do, and whose voice it came from.
public struct ActionItem: Sendable, Hashable, Codable {
    /// Stable identifier.
    public let id: String
    /// The workshop that agreed it.
    public let workshopID: String
    /// Short title.
    public var title: String
    /// Longer description.
    public var description: String?
    /// Whose perspective the card voiced.
    public var perspective: Perspective
    /// The text of the card it came from.
    public var sourceCardText: String?
    /// Who owns it.
    public var ownerID: String?
    /// When it is due, `YYYY-MM-DD`.
    public var dueOn: String?
    /// Where it stands.
    public var status: ActionStatus
    /// Why it was dropped, when it was.
    public var dropReason: String?

    /// Creates an action item value.
    public init(
        id: String, workshopID: String, title: String, description: String?, perspective: Perspective,
        sourceCardText: String?, ownerID: String?, dueOn: String?, status: ActionStatus, dropReason: String?
    ) {
        self.id = id
        self.workshopID = workshopID
        self.title = title
        self.description = description
        self.perspective = perspective
        self.sourceCardText = sourceCardText
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.status = status
        self.dropReason = dropReason
    }
}
