/// The value of a rule's `UNTIL` part, kept in the form it was written so that it serialises back unchanged.
public enum Until: Sendable, Hashable, Codable {
    /// A UTC date-time (`19971224T000000Z`), the form RFC 5545 requires with a zoned DTSTART.
    case utc(LocalDateTime)
    /// A local date-time with no `Z`, read in DTSTART's time zone (or floating).
    case local(LocalDateTime)
    /// A date (`19971224`): occurrences on that local date are still included.
    case date(LocalDate)

    /// The RFC 5545 text of the value.
    public var icalendar: String {
        switch self {
        case .utc(let value): value.icalendar + "Z"
        case .local(let value): value.icalendar
        case .date(let value): value.icalendar
        }
    }
}
