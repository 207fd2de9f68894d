/// How DTSTART's wall-clock time is tied to the time line.
public enum TimeReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Local time in an IANA time zone (`Europe/London`).
    case zone(String)
    /// UTC (`…Z`).
    case utc
    /// Floating: the same wall-clock time wherever the reader is; instants are computed as if in UTC.
    case floating

    /// The zone name, `UTC`, or `floating`.
    public var description: String {
        switch self {
        case .zone(let name): name
        case .utc: "UTC"
        case .floating: "floating"
        }
    }

    /// The transition table to compute with.
    func rules() throws(RecurrenceError) -> ZoneRules {
        switch self {
        case .utc, .floating:
            return ZoneRules.utc
        case .zone(let name):
            guard let rules = ZoneRulesCache.shared.rules(for: name) else {
                throw RecurrenceError(
                    .unknownTimeZone, part: "TZID",
                    "time zone \"\(name)\" is not known: expected an IANA name such as Europe/London or America/New_York"
                )
            }
            return rules
        }
    }
}
