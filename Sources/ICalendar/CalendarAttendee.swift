/// An ATTENDEE of an event: someone invited, with their role in the meeting.
public struct CalendarAttendee: Sendable, Hashable {
    /// The part someone plays in the meeting (the ROLE parameter).
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// An ordinary participant whose presence is expected.
        case requiredParticipant = "REQ-PARTICIPANT"
        /// The facilitator who chairs the meeting.
        case chair = "CHAIR"
    }

    /// Display name, written as the CN parameter; omitted when empty.
    public var name: String
    /// Email address, written as a `mailto:` URI.
    public var email: String
    /// Participant or chair.
    public var role: Role
    /// Whether the organizer asks for a reply (RSVP=TRUE) in a request.
    public var rsvp: Bool

    /// Creates an attendee; by default a participant asked to reply.
    public init(name: String, email: String, role: Role = .requiredParticipant, rsvp: Bool = true) {
        self.name = name
        self.email = email
        self.role = role
        self.rsvp = rsvp
    }
}
