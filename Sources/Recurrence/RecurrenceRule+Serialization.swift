extension RecurrenceRule: CustomStringConvertible {
    /// The RRULE value in RFC 5545 form, parts in the RFC's order (`FREQ=MONTHLY;BYDAY=2TU`).
    public var description: String {
        var parts = ["FREQ=\(frequency.code)"]
        switch end {
        case .never: break
        case .count(let n): parts.append("COUNT=\(n)")
        case .until(let u): parts.append("UNTIL=\(u.icalendar)")
        }
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        func list(_ name: String, _ values: [Int]) {
            if !values.isEmpty {
                parts.append("\(name)=" + values.map(String.init).joined(separator: ","))
            }
        }
        list("BYSECOND", bySecond)
        list("BYMINUTE", byMinute)
        list("BYHOUR", byHour)
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.code).joined(separator: ",")) }
        list("BYMONTHDAY", byMonthDay)
        list("BYYEARDAY", byYearDay)
        list("BYWEEKNO", byWeekNo)
        list("BYMONTH", byMonth)
        list("BYSETPOS", bySetPos)
        if let weekStart { parts.append("WKST=\(weekStart.code)") }
        return parts.joined(separator: ";")
    }
}
