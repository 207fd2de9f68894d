import CirclesDomain
import Foundation

/// What a signed link says: for whom, about which meeting, for what, and until when.
public struct LinkClaims: Sendable, Hashable {
    /// What the link may be used for.
    public var purpose: LinkPurpose
    /// The meeting it is about; nil for links about the person only (unsubscribe).
    public var meetingID: ID<Meeting>?
    /// The person it was made for.
    public var personID: ID<Person>
    /// The first instant it is refused, to the second (a response link: when the meeting ends).
    public var expiresAt: Date

    /// Claims for a link.
    public init(purpose: LinkPurpose, meetingID: ID<Meeting>?, personID: ID<Person>, expiresAt: Date) {
        self.purpose = purpose
        self.meetingID = meetingID
        self.personID = personID
        self.expiresAt = expiresAt
    }
}
