import CirclesDomain
import Foundation

/// What a response page may show a person about the one meeting a link names: its title, time,
/// place and their own current answer. Deliberately nothing about other people or notes.
public struct ResponseInvitation: Sendable, Hashable {
    /// Whether the meeting still takes answers.
    public enum State: Sendable, Hashable {
        /// Answers can be given or changed.
        case open
        /// Nothing can change any more, for this reason.
        case closed(ResponseRefusal)
    }

    /// The meeting.
    public let meetingID: ID<Meeting>
    /// The person the link was made for.
    public let personID: ID<Person>
    /// Their display name.
    public let personName: String
    /// Their IANA time zone: the page shows times in it.
    public let personTimeZone: String
    /// The series title.
    public let title: String
    /// When it starts and ends.
    public let start: Date
    public let end: Date
    /// The series' own time zone.
    public let seriesTimeZone: String
    /// Where it is held, if it has a place.
    public let location: String?
    /// Whether the meeting takes answers.
    public let state: State
    /// Their current answer, if they have given one.
    public let current: MeetingResponse?
}
