/// One `BYDAY` item: a weekday, optionally with a signed ordinal (`2TU`, `-1FR`).
public struct WeekdayRule: Sendable, Hashable, Codable {
    /// Which occurrence of the weekday within the month or year (1 first, -1 last); nil for every one.
    public var ordinal: Int?
    /// The weekday.
    public var weekday: Weekday

    /// A weekday item; `ordinal` must be nil or in ±1…53 (checked when a rule is validated).
    public init(_ weekday: Weekday, ordinal: Int? = nil) {
        self.weekday = weekday
        self.ordinal = ordinal
    }

    /// The RFC 5545 form (`TU`, `2TU`, `-1FR`).
    public var code: String {
        guard let ordinal else { return weekday.code }
        return "\(ordinal)\(weekday.code)"
    }
}
