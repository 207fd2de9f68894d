/// Where an answer came from.
public enum ResponseSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// A signed link in an invitation or reminder, answered on circles-web.
    case link
    /// An iTIP REPLY from the person's calendar program.
    case calendar
    /// The facilitator (or a lead) recorded it for the person.
    case facilitator
}
