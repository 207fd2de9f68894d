/// A rule turned into bit masks and sorted tables for fast expansion from one DTSTART.
///
/// A class so that iterators hold it by reference and never copy it; it is not changed after `init`.
final class CompiledRule {
    let frequency: Frequency
    let interval: Int
    /// Week start, Monday = 0.
    let weekStart: Int

    let hasMonth: Bool
    /// Bit m set for each BYMONTH value m.
    let monthMask: UInt16
    let hasMonthDay: Bool
    /// Bit d set for each positive BYMONTHDAY d.
    let monthDayPositive: UInt32
    /// Each negative BYMONTHDAY as a positive count from the end (−1 → 1).
    let monthDayFromEnd: [Int]
    let hasYearDay: Bool
    let yearDays: [Int]
    let hasWeekNo: Bool
    let weekNos: [Int]
    let hasByDay: Bool
    /// Bit w set for each BYDAY weekday without an ordinal (Monday = 0).
    let weekdayMask: UInt8
    /// For each weekday of a month's first day, the days (bits 1…31) of the BYDAY weekdays without an ordinal.
    let plainDaysByFirstWeekday: [UInt32]
    /// BYDAY items with an ordinal.
    let ordinals: [(n: Int, weekday: Int)]
    /// Whether BYDAY ordinals count within the year (YEARLY without BYMONTH) rather than the month.
    let ordinalsCountInYear: Bool
    let setPositions: [Int]

    let hasHour: Bool
    let hourMask: UInt32
    let hasMinute: Bool
    let minuteMask: UInt64
    let hasSecond: Bool
    let secondMask: UInt64

    /// Seconds added to each period's start to give its candidate times, ascending.
    let timeOffsets: [Int64]
    /// WEEKLY: offsets of candidate days from the week's first day, ascending.
    let weekDayOffsets: [Int]
    /// DTSTART's month and day, the defaults for YEARLY and MONTHLY.
    let startMonth: Int
    let startDay: Int
    /// Whether no time of day can ever match (e.g. only BYSECOND=60, or an interval that never reaches BYHOUR).
    let timesNeverMatch: Bool
    /// Whether the rule can never produce an instance besides DTSTART (times, BYSETPOS or day filters).
    private(set) var neverMatches = false

    /// Bits 1…n set.
    @inline(__always)
    static func monthBits(_ n: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(n + 1)) - 2)
    }

    /// Bits for days k+1, k+8, k+15, … (≤ 31): one weekday's days in a month whose first day is k days before it.
    static let weeklyBits: [UInt32] = (0..<7).map { k in
        var mask: UInt32 = 0
        var day = k + 1
        while day <= 31 {
            mask |= 1 << UInt32(day)
            day += 7
        }
        return mask
    }

    init(_ rule: RecurrenceRule, start: LocalDateTime) {
        frequency = rule.frequency
        interval = rule.interval
        weekStart = rule.effectiveWeekStart.rawValue
        hasMonth = !rule.byMonth.isEmpty
        monthMask = rule.byMonth.reduce(0) { $0 | UInt16(1) << UInt16($1) }
        hasMonthDay = !rule.byMonthDay.isEmpty
        monthDayPositive = rule.byMonthDay.filter { $0 > 0 }.reduce(0) {
            $0 | UInt32(1) << UInt32($1)
        }
        monthDayFromEnd = Array(Set(rule.byMonthDay.filter { $0 < 0 }.map { -$0 })).sorted()
        hasYearDay = !rule.byYearDay.isEmpty
        yearDays = Array(Set(rule.byYearDay)).sorted()
        hasWeekNo = !rule.byWeekNo.isEmpty
        weekNos = Array(Set(rule.byWeekNo)).sorted()
        hasByDay = !rule.byDay.isEmpty
        weekdayMask = rule.byDay.filter { $0.ordinal == nil }.reduce(0) {
            $0 | UInt8(1) << UInt8($1.weekday.rawValue)
        }
        let plainMask = weekdayMask
        plainDaysByFirstWeekday = (0..<7).map { firstWeekday in
            var mask: UInt32 = 0
            for w in 0..<7 where plainMask & (1 << UInt8(w)) != 0 {
                mask |= Self.weeklyBits[(w - firstWeekday + 7) % 7]
            }
            return mask
        }
        ordinals = rule.byDay.compactMap { item in
            item.ordinal.map { (n: $0, weekday: item.weekday.rawValue) }
        }
        ordinalsCountInYear = rule.frequency == .yearly && rule.byMonth.isEmpty
        setPositions = rule.bySetPos

        hasHour = !rule.byHour.isEmpty
        hourMask = rule.byHour.reduce(0) { $0 | UInt32(1) << UInt32($1) }
        hasMinute = !rule.byMinute.isEmpty
        minuteMask = rule.byMinute.reduce(0) { $0 | UInt64(1) << UInt64($1) }
        // Unix time has no leap seconds, so BYSECOND=60 never matches.
        let seconds = Array(Set(rule.bySecond.filter { $0 < 60 })).sorted()
        hasSecond = !rule.bySecond.isEmpty
        secondMask = seconds.reduce(0) { $0 | UInt64(1) << UInt64($1) }
        let hours = hasHour ? Array(Set(rule.byHour)).sorted() : [start.hour]
        let minutes = hasMinute ? Array(Set(rule.byMinute)).sorted() : [start.minute]
        let secondList = hasSecond ? seconds : [start.second]

        var offsets: [Int64] = []
        switch rule.frequency {
        case .yearly, .monthly, .weekly, .daily:
            for h in hours {
                for m in minutes {
                    for s in secondList { offsets.append(Int64(h * 3600 + m * 60 + s)) }
                }
            }
        case .hourly:
            for m in minutes { for s in secondList { offsets.append(Int64(m * 60 + s)) } }
        case .minutely:
            offsets = secondList.map { Int64($0) }
        case .secondly:
            offsets = [0]
        }
        timeOffsets = offsets

        let weekdays: [Int] =
            rule.byDay.isEmpty
            ? [start.weekday.rawValue] : Array(Set(rule.byDay.map(\.weekday.rawValue)))
        weekDayOffsets = weekdays.map { ($0 - rule.effectiveWeekStart.rawValue + 7) % 7 }.sorted()
        startMonth = start.month
        startDay = start.day

        timesNeverMatch =
            offsets.isEmpty
            || !Self.timeOfDayReachable(
                rule, start: start, hourMask: hourMask, minuteMask: minuteMask,
                secondMask: secondMask)
        if rule.frequency <= .daily && !timesNeverMatch {
            // Each period is one day (or less), so its candidates are exactly the time offsets.
            let positionMissed =
                !rule.bySetPos.isEmpty && !rule.bySetPos.contains { abs($0) <= offsets.count }
            neverMatches = positionMissed || !anyDayPasses()
        } else {
            neverMatches = timesNeverMatch
        }
    }

    /// For DAILY and finer: whether any date passes the day filters. Those depend only on the year's length
    /// and the weekday of 1 January, and 2001–2028 has every such kind of year.
    private func anyDayPasses() -> Bool {
        guard hasMonth || hasMonthDay || hasYearDay || hasByDay else { return true }
        let first = Civil.days(year: 2001, month: 1, day: 1)
        let end = Civil.days(year: 2029, month: 1, day: 1)
        return (first..<end).contains { dayPasses($0) }
    }

    /// For sub-daily rules, whether any time of day the interval can reach passes BYHOUR, BYMINUTE and BYSECOND.
    private static func timeOfDayReachable(
        _ rule: RecurrenceRule, start: LocalDateTime, hourMask: UInt32, minuteMask: UInt64,
        secondMask: UInt64
    ) -> Bool {
        let hasHour = !rule.byHour.isEmpty
        let hasMinute = !rule.byMinute.isEmpty
        let hasSecond = !rule.bySecond.isEmpty
        func hourOK(_ h: Int) -> Bool { !hasHour || hourMask & (UInt32(1) << UInt32(h)) != 0 }
        func minuteOK(_ m: Int) -> Bool { !hasMinute || minuteMask & (UInt64(1) << UInt64(m)) != 0 }
        func secondOK(_ s: Int) -> Bool { !hasSecond || secondMask & (UInt64(1) << UInt64(s)) != 0 }
        func reachable(period: Int, first: Int, step: Int, matches: (Int) -> Bool) -> Bool {
            var t = first % step
            while t < period {
                if matches(t) { return true }
                t += step
            }
            return false
        }
        switch rule.frequency {
        case .hourly:
            guard hasHour else { return true }
            return reachable(
                period: 24, first: start.hour, step: Civil.gcd(rule.interval, 24), matches: hourOK)
        case .minutely:
            guard hasHour || hasMinute else { return true }
            return reachable(
                period: 1440, first: start.hour * 60 + start.minute,
                step: Civil.gcd(rule.interval, 1440)
            ) { t in hourOK(t / 60) && minuteOK(t % 60) }
        case .secondly:
            guard hasHour || hasMinute || hasSecond else { return true }
            return reachable(
                period: 86400, first: start.hour * 3600 + start.minute * 60 + start.second,
                step: Civil.gcd(rule.interval, 86400)
            ) { t in hourOK(t / 3600) && minuteOK(t / 60 % 60) && secondOK(t % 60) }
        default:
            return true
        }
    }

    /// Mask of the BYMONTHDAY days in a month of `length` days.
    @inline(__always)
    func monthDayMask(length: Int) -> UInt32 {
        var mask = monthDayPositive & Self.monthBits(length)
        for k in monthDayFromEnd where k <= length { mask |= 1 << UInt32(length + 1 - k) }
        return mask
    }

    /// Mask of the BYDAY days in a month of `length` days whose first day is `firstWeekday`,
    /// ordinals counted within the month.
    @inline(__always)
    func byDayMask(firstWeekday: Int, length: Int) -> UInt32 {
        var mask: UInt32 = 0
        if weekdayMask != 0 {
            mask = plainDaysByFirstWeekday[firstWeekday] & Self.monthBits(length)
        }
        for item in ordinals {
            let first = 1 + (item.weekday - firstWeekday + 7) % 7
            let day: Int
            if item.n > 0 {
                day = first + 7 * (item.n - 1)
            } else {
                let last = first + 7 * ((length - first) / 7)
                day = last + 7 * (item.n + 1)
            }
            if day >= 1 && day <= length { mask |= 1 << UInt32(day) }
        }
        return mask
    }

    /// Whether a day passes the limit-style filters used by DAILY and finer frequencies.
    @inline(__always)
    func dayPasses(_ day: Int) -> Bool {
        if hasByDay && weekdayMask & (1 << UInt8(Civil.weekday(days: day))) == 0 { return false }
        guard hasMonth || hasMonthDay || hasYearDay else { return true }
        let (y, m, d) = Civil.date(days: day)
        if hasMonth && monthMask & (1 << UInt16(m)) == 0 { return false }
        if hasMonthDay
            && monthDayMask(length: Civil.daysInMonth(year: y, month: m)) & (1 << UInt32(d)) == 0
        {
            return false
        }
        if hasYearDay {
            let dayOfYear = day - Civil.days(year: y, month: 1, day: 1) + 1
            let fromEnd = dayOfYear - Civil.daysInYear(y) - 1
            if !yearDays.contains(dayOfYear) && !yearDays.contains(fromEnd) { return false }
        }
        return true
    }
}
