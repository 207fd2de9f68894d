import Foundation
import Recurrence

/// Checks a wall-clock time against each BYxxx part of a rule, computed independently with Foundation's
/// Calendar (tests only). Returns the name of the first part it fails, or nil.
func failedFilter(_ t: LocalDateTime, _ rule: RecurrenceRule) -> String? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(
        from: DateComponents(year: t.year, month: t.month, day: t.day, hour: 12))!
    let daysInMonth = calendar.range(of: .day, in: .month, for: date)!.count
    let dayOfYear = calendar.ordinality(of: .day, in: .year, for: date)!
    let daysInYear = calendar.range(of: .day, in: .year, for: date)!.count
    let weekday = (calendar.component(.weekday, from: date) + 5) % 7  // Monday = 0

    if !rule.byMonth.isEmpty && !rule.byMonth.contains(t.month) { return "BYMONTH" }
    if !rule.byMonthDay.isEmpty && !rule.byMonthDay.contains(t.day)
        && !rule.byMonthDay.contains(t.day - daysInMonth - 1)
    {
        return "BYMONTHDAY"
    }
    if !rule.byYearDay.isEmpty && !rule.byYearDay.contains(dayOfYear)
        && !rule.byYearDay.contains(dayOfYear - daysInYear - 1)
    {
        return "BYYEARDAY"
    }
    if !rule.byWeekNo.isEmpty {
        var weeks = calendar
        weeks.firstWeekday = (rule.effectiveWeekStart.rawValue + 1) % 7 + 1
        weeks.minimumDaysInFirstWeek = 4
        let number = weeks.component(.weekOfYear, from: date)
        let weekYear = weeks.component(.yearForWeekOfYear, from: date)
        var probe = weeks.date(
            from: DateComponents(year: weekYear + 1, month: 1, day: 7, hour: 12))!
        while weeks.component(.yearForWeekOfYear, from: probe) != weekYear {
            probe = weeks.date(byAdding: .day, value: -1, to: probe)!
        }
        let count = weeks.component(.weekOfYear, from: probe)
        if !rule.byWeekNo.contains(number) && !rule.byWeekNo.contains(number - count - 1) {
            return "BYWEEKNO"
        }
    }
    if !rule.byDay.isEmpty {
        let inYear = rule.frequency == .yearly && rule.byMonth.isEmpty
        let position = inYear ? dayOfYear : t.day
        let length = inYear ? daysInYear : daysInMonth
        let nth = (position - 1) / 7 + 1
        let nthFromEnd = -((length - position) / 7 + 1)
        let ok = rule.byDay.contains { item in
            item.weekday.rawValue == weekday
                && (item.ordinal == nil || item.ordinal == nth || item.ordinal == nthFromEnd)
        }
        if !ok { return "BYDAY" }
    }
    if !rule.byHour.isEmpty && !rule.byHour.contains(t.hour) { return "BYHOUR" }
    if !rule.byMinute.isEmpty && !rule.byMinute.contains(t.minute) { return "BYMINUTE" }
    if !rule.bySecond.isEmpty && !rule.bySecond.contains(t.second) { return "BYSECOND" }
    return nil
}
