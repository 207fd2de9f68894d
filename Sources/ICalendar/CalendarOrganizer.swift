/// The ORGANIZER of an event: the sender to whom calendar clients address replies.
public struct CalendarOrganizer: Sendable, Hashable {
    /// Display name, written as the CN parameter; omitted when empty.
    public var name: String
    /// Email address, written as a `mailto:` URI.
    public var email: String

    /// Creates an organizer.
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}
