/// An RFC 5545 recurrence rule (`RRULE`) with every rule part, as written.
///
/// Lists keep the order they were given in, so `RecurrenceRule(parsing: rule.description) == rule`.
/// Use `validated()` (called by the parser) to check the RFC's constraints on combining parts.
public struct RecurrenceRule: Sendable, Hashable, Codable {
    /// `FREQ`: the basic period.
    public var frequency: Frequency
    /// `INTERVAL`: how many periods between repetitions (1 when absent).
    public var interval: Int
    /// `COUNT` or `UNTIL`, or neither.
    public var end: RecurrenceEnd
    /// `BYSECOND` values, 0…60.
    public var bySecond: [Int]
    /// `BYMINUTE` values, 0…59.
    public var byMinute: [Int]
    /// `BYHOUR` values, 0…23.
    public var byHour: [Int]
    /// `BYDAY` items, each a weekday with an optional signed ordinal.
    public var byDay: [WeekdayRule]
    /// `BYMONTHDAY` values, ±1…31 (negative counts from the end of the month).
    public var byMonthDay: [Int]
    /// `BYYEARDAY` values, ±1…366.
    public var byYearDay: [Int]
    /// `BYWEEKNO` values, ±1…53.
    public var byWeekNo: [Int]
    /// `BYMONTH` values, 1…12.
    public var byMonth: [Int]
    /// `BYSETPOS` values, ±1…366.
    public var bySetPos: [Int]
    /// `WKST` as written; nil means the RFC default, Monday.
    public var weekStart: Weekday?

    /// A rule; only `frequency` is required.
    public init(
        frequency: Frequency,
        interval: Int = 1,
        end: RecurrenceEnd = .never,
        bySecond: [Int] = [],
        byMinute: [Int] = [],
        byHour: [Int] = [],
        byDay: [WeekdayRule] = [],
        byMonthDay: [Int] = [],
        byYearDay: [Int] = [],
        byWeekNo: [Int] = [],
        byMonth: [Int] = [],
        bySetPos: [Int] = [],
        weekStart: Weekday? = nil
    ) {
        self.frequency = frequency
        self.interval = interval
        self.end = end
        self.bySecond = bySecond
        self.byMinute = byMinute
        self.byHour = byHour
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.byYearDay = byYearDay
        self.byWeekNo = byWeekNo
        self.byMonth = byMonth
        self.bySetPos = bySetPos
        self.weekStart = weekStart
    }

    /// The week start in effect (`WKST`, Monday by default).
    public var effectiveWeekStart: Weekday { weekStart ?? .monday }

    /// `COUNT`, if the rule has one.
    public var count: Int? {
        if case .count(let n) = end { return n }
        return nil
    }

    /// `UNTIL`, if the rule has one.
    public var until: Until? {
        if case .until(let value) = end { return value }
        return nil
    }
}
