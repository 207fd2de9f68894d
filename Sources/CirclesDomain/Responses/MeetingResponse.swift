import Foundation

/// A person's current answer to one meeting.
public struct MeetingResponse: Sendable, Hashable, Codable {
    /// The meeting.
    public let meetingID: ID<Meeting>
    /// Who answered.
    public let personID: ID<Person>
    /// Accepted, declined or tentative.
    public var answer: ResponseAnswer
    /// What they added ("on a home visit"); personal data, never mailed to others.
    public var note: String?
    /// Link, calendar or facilitator.
    public var source: ResponseSource
    /// When the answer was given (for a calendar reply: its DTSTAMP).
    public var answeredAt: Date
    /// The iTIP ordering of a calendar reply; nil for other sources.
    public var ordering: ResponseOrdering?

    /// Creates a response value.
    public init(
        meetingID: ID<Meeting>, personID: ID<Person>, answer: ResponseAnswer, note: String?, source: ResponseSource,
        answeredAt: Date, ordering: ResponseOrdering?
    ) {
        self.meetingID = meetingID
        self.personID = personID
        self.answer = answer
        self.note = note
        self.source = source
        self.answeredAt = answeredAt
        self.ordering = ordering
    }
}
