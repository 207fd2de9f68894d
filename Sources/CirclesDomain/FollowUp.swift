import Foundation

/// Something to do after a meeting (or for an action), with an owner and a due date.
public struct FollowUp: Sendable, Hashable, Codable {
    /// Stable identifier.
    public let id: String
    /// What to do.
    public var title: String
    /// Who does it.
    public var ownerID: String
    /// When it is due, `YYYY-MM-DD`.
    public var dueOn: String?
    /// Open, done or dropped.
    public var status: FollowUpStatus
    /// The meeting it came from, if any.
    public var originMeetingID: String?
    /// The action item it serves, if any.
    public var originActionID: String?

    /// Creates a follow-up value.
    public init(
        id: String, title: String, ownerID: String, dueOn: String?, status: FollowUpStatus, originMeetingID: String?,
        originActionID: String?
    ) {
        self.id = id
        self.title = title
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.status = status
        self.originMeetingID = originMeetingID
        self.originActionID = originActionID
    }
}
