import Foundation

/// A mentor and a mentee, paired until someone ends it.
public struct MentoringPair: Sendable, Hashable, Codable {
    public let id: String
    public let schemeID: String
    public let mentorID: String
    public let mentorName: String
    public let menteeID: String
    public let menteeName: String
    /// The mentee's start date (`YYYY-MM-DD`), when known.
    public let menteeStartedOn: String?
    public let startedAt: Date
    public let endedAt: Date?
    public let endReason: String?

    /// Creates a mentoring pair value.
    public init(
        id: String, schemeID: String, mentorID: String, mentorName: String, menteeID: String, menteeName: String,
        menteeStartedOn: String?, startedAt: Date, endedAt: Date?, endReason: String?
    ) {
        self.id = id
        self.schemeID = schemeID
        self.mentorID = mentorID
        self.mentorName = mentorName
        self.menteeID = menteeID
        self.menteeName = menteeName
        self.menteeStartedOn = menteeStartedOn
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.endReason = endReason
    }
}
