extension RecurrenceRule {
    /// Checks value ranges and RFC 5545 §3.3.10's constraints on combining rule parts.
    ///
    /// - Throws: `RecurrenceError` naming the part at fault.
    public func validate() throws(RecurrenceError) {
        guard (1...Self.maximumInterval).contains(interval) else {
            throw RecurrenceError(
                .malformedRule, part: "INTERVAL",
                "INTERVAL=\(interval): expected a whole number from 1 to \(Self.maximumInterval)")
        }
        if case .count(let n) = end, n < 1 {
            throw RecurrenceError(
                .malformedRule, part: "COUNT", "COUNT=\(n): expected a whole number of at least 1")
        }
        try Self.check(bySecond, "BYSECOND", 0...60, signed: false)
        try Self.check(byMinute, "BYMINUTE", 0...59, signed: false)
        try Self.check(byHour, "BYHOUR", 0...23, signed: false)
        try Self.check(byMonthDay, "BYMONTHDAY", 1...31, signed: true)
        try Self.check(byYearDay, "BYYEARDAY", 1...366, signed: true)
        try Self.check(byWeekNo, "BYWEEKNO", 1...53, signed: true)
        try Self.check(byMonth, "BYMONTH", 1...12, signed: false)
        try Self.check(bySetPos, "BYSETPOS", 1...366, signed: true)
        for item in byDay {
            if let n = item.ordinal, n == 0 || abs(n) > 53 {
                throw RecurrenceError(
                    .malformedRule, part: "BYDAY",
                    "BYDAY=\(item.code): the ordinal before a weekday must be from 1 to 53 or -53 to -1, such as 2TU or -1FR"
                )
            }
        }
        if !byWeekNo.isEmpty && frequency != .yearly {
            throw RecurrenceError(
                .invalidCombination, part: "BYWEEKNO",
                "BYWEEKNO is only allowed with FREQ=YEARLY (RFC 5545 §3.3.10), not FREQ=\(frequency.code)"
            )
        }
        if !byYearDay.isEmpty && [.daily, .weekly, .monthly].contains(frequency) {
            throw RecurrenceError(
                .invalidCombination, part: "BYYEARDAY",
                "BYYEARDAY is not allowed with FREQ=\(frequency.code); it works with YEARLY, HOURLY, MINUTELY and SECONDLY"
            )
        }
        if !byMonthDay.isEmpty && frequency == .weekly {
            throw RecurrenceError(
                .invalidCombination, part: "BYMONTHDAY",
                "BYMONTHDAY is not allowed with FREQ=WEEKLY; use FREQ=MONTHLY to pick days of the month"
            )
        }
        if let item = byDay.first(where: { $0.ordinal != nil }) {
            if frequency != .monthly && frequency != .yearly {
                throw RecurrenceError(
                    .invalidCombination, part: "BYDAY",
                    "BYDAY=\(item.code): an ordinal such as 2TU or -1FR is only allowed with FREQ=MONTHLY or FREQ=YEARLY; "
                        + "write \(item.weekday.code) for every \(item.weekday.name)")
            }
            if frequency == .yearly && !byWeekNo.isEmpty {
                throw RecurrenceError(
                    .invalidCombination, part: "BYDAY",
                    "BYDAY=\(item.code): an ordinal such as 2TU is not allowed together with BYWEEKNO; write \(item.weekday.code)"
                )
            }
        }
        if !bySetPos.isEmpty
            && bySecond.isEmpty && byMinute.isEmpty && byHour.isEmpty && byDay.isEmpty
            && byMonthDay.isEmpty
            && byYearDay.isEmpty && byWeekNo.isEmpty && byMonth.isEmpty
        {
            throw RecurrenceError(
                .invalidCombination, part: "BYSETPOS",
                "BYSETPOS needs another BYxxx part to choose from, such as BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
            )
        }
    }

    /// Throws unless every value is in `allowed` (or its negation when `signed`).
    private static func check(
        _ values: [Int], _ part: String, _ allowed: ClosedRange<Int>, signed: Bool
    ) throws(RecurrenceError) {
        for value in values where !allowed.contains(signed ? abs(value) : value) {
            let range =
                signed
                ? "from \(allowed.lowerBound) to \(allowed.upperBound) or -\(allowed.upperBound) to -\(allowed.lowerBound)"
                : "from \(allowed.lowerBound) to \(allowed.upperBound)"
            throw RecurrenceError(
                .malformedRule, part: part, "\(part)=\(value): expected whole numbers \(range)")
        }
    }
}
