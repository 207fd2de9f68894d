/// A recurrence set: DTSTART in a time zone, an optional RRULE, and RDATE and EXDATE lists (RFC 5545 §3.8.5).
///
/// The set is the DTSTART instance, the rule's instances and the extra dates, minus the exception dates,
/// each instant once. Exception and extra dates are wall-clock times in the same time zone as DTSTART.
public struct RecurrenceSet: Sendable, Hashable, Codable {
    /// DTSTART's wall-clock time: the first instance.
    public let start: LocalDateTime
    /// DTSTART's time zone, or UTC, or floating.
    public let timeReference: TimeReference
    /// The RRULE, if any.
    public let rule: RecurrenceRule?
    /// EXDATE: wall-clock times to leave out.
    public let exceptionDates: [LocalDateTime]
    /// RDATE: extra wall-clock times to add.
    public let extraDates: [LocalDateTime]

    /// A recurrence set; checks the rule and that the time zone is known.
    ///
    /// - Throws: `RecurrenceError` for an unknown time zone or an invalid rule.
    public init(
        start: LocalDateTime,
        timeReference: TimeReference,
        rule: RecurrenceRule?,
        exceptionDates: [LocalDateTime] = [],
        extraDates: [LocalDateTime] = []
    ) throws(RecurrenceError) {
        _ = try timeReference.rules()
        try rule?.validate()
        self.start = start
        self.timeReference = timeReference
        self.rule = rule
        self.exceptionDates = exceptionDates
        self.extraDates = extraDates
    }

    /// A recurrence set from text: a rule (`FREQ=…`), a start (`2026-12-08T14:00`) and an IANA zone name.
    ///
    /// - Throws: `RecurrenceError` naming the part at fault.
    public init(rule: String, start: String, timeZone: String) throws(RecurrenceError) {
        guard let local = LocalDateTime(iso: start) else {
            throw RecurrenceError(
                .malformedDateTime, part: "DTSTART",
                "start \"\(start)\": expected a local date-time such as 2026-12-08T14:00 or 2026-12-08T14:00:00"
            )
        }
        let reference: TimeReference = timeZone == "UTC" || timeZone == "Z" ? .utc : .zone(timeZone)
        try self.init(
            start: local, timeReference: reference, rule: try RecurrenceRule(parsing: rule))
    }
}
