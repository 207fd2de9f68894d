/// How a rule ends: never, after a number of occurrences, or at an inclusive limit.
public enum RecurrenceEnd: Sendable, Hashable, Codable {
    /// No COUNT or UNTIL: the rule repeats forever.
    case never
    /// `COUNT=n`: n occurrences in all, DTSTART counted as the first.
    case count(Int)
    /// `UNTIL=…`: occurrences up to and including this instant.
    case until(Until)
}
