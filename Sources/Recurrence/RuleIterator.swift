/// Generates a rule's instances period by period, in wall-clock order, following RFC 5545 §3.3.10.
///
/// DTSTART comes first and counts toward COUNT. Instances at wall-clock times inside a daylight-saving gap
/// are moved forward by the gap's length and flagged, so their instants may run ahead of the next few
/// instances; `OccurrenceSequence` puts them back in order. Stops after COUNT or past UNTIL, and also after
/// a whole calendar cycle (400 years) of periods with no instance, so contradictory rules end quickly.
struct RuleIterator {
    private let rule: CompiledRule
    private let zone: ZoneRules
    private var cursor = -1
    private let startLocal: Int64
    private let start: RawOccurrence
    private var startPending: Bool
    private var remaining: Int
    private let untilInstant: Int64
    private var finished: Bool

    /// Index of the current period, counted in intervals from the period that holds DTSTART.
    private var period: Int
    /// First period's absolute index: year, month number, week's first day, day, hour, minute or second.
    private let firstUnit: Int
    /// Candidate days, BYSETPOS picks and month masks of the current period.
    private var buffer: PeriodBuffer
    /// Seconds from the candidate day's midnight to the current period's start (sub-daily frequencies).
    private var timeBase: Int64 = 0
    private var candidateCount = 0
    private var position = 0
    /// Periods covered since the last one with a candidate.
    private var emptyPeriods = 0
    private let emptyLimit: Int
    /// Loop iterations since the last instance; a last-resort guard for sub-daily rules.
    private var idleSteps = 0
    private var checkedDay = Int.min
    /// Whether the period's days were already narrowed by BYSETPOS while filling it.
    private var preselected = false
    private var checkedDayPasses = false

    /// Largest year expanded; RFC 5545 dates have four-digit years.
    static let lastYear = 9999
    /// Iterations without an instance after which a sub-daily rule is taken to have no more.
    static let idleStepLimit = 20_000_000

    /// Instances of `rule` from `start` in `zone`, optionally skipping periods that end before the wall-clock
    /// time `skipBefore` (only when the rule has no COUNT, which must count from DTSTART).
    init(
        rule source: RecurrenceRule, start startTime: LocalDateTime, zone: ZoneRules,
        untilInstant: Int64?, skipBefore: Int64?
    ) {
        rule = CompiledRule(source, start: startTime)
        self.zone = zone
        startLocal = startTime.localSeconds
        let resolved = zone.resolve(local: startLocal, cursor: &cursor)
        start = RawOccurrence(
            instant: resolved.instant, offset: resolved.offset, shifted: resolved.shifted)
        startPending = true
        remaining = source.count ?? Int.max
        self.untilInstant = untilInstant ?? Int64.max
        finished = false
        period = 0
        buffer = PeriodBuffer()

        let startDay = Civil.floorDiv(Int(startLocal), 86400)
        let i = rule.interval
        switch rule.frequency {
        case .yearly:
            firstUnit = startTime.year
            emptyLimit = 400 / Civil.gcd(400, i) + 1
        case .monthly:
            firstUnit = startTime.year * 12 + startTime.month - 1
            emptyLimit = 4800 / Civil.gcd(4800, i) + 1
        case .weekly:
            firstUnit = startDay - (Civil.weekday(days: startDay) - rule.weekStart + 7) % 7
            emptyLimit = 20871 / Civil.gcd(20871, i) + 1
        case .daily:
            firstUnit = startDay
            emptyLimit = 146_097 / Civil.gcd(146_097, i) + 1
        case .hourly, .minutely, .secondly:
            let unit = Self.unitSeconds(rule.frequency)
            firstUnit = Civil.floorDiv(Int(startLocal), unit)
            let unitsPerCycle = 146_097 * 86400 / unit
            emptyLimit = unitsPerCycle / Civil.gcd(unitsPerCycle, i) + 1
        }

        if rule.neverMatches {
            finished = true  // only DTSTART
            return
        }
        if let skipBefore, source.count == nil, skipBefore > startLocal {
            let k = periodIndex(containing: skipBefore) - 1
            if k > 0 {
                period = k
                startPending = false
            }
        }
        loadPeriod()
    }

    /// Seconds in one sub-daily unit.
    private static func unitSeconds(_ frequency: Frequency) -> Int {
        switch frequency {
        case .hourly: 3600
        case .minutely: 60
        default: 1
        }
    }

    /// The period index (in intervals) whose period contains the wall-clock time `local`, or the one before it.
    private func periodIndex(containing local: Int64) -> Int {
        let day = Civil.floorDiv(Int(local), 86400)
        let units: Int
        switch rule.frequency {
        case .yearly: units = Civil.date(days: day).year - firstUnit
        case .monthly:
            let (y, m, _) = Civil.date(days: day)
            units = y * 12 + m - 1 - firstUnit
        case .weekly: units = (day - firstUnit) / 7
        case .daily: units = day - firstUnit
        case .hourly, .minutely, .secondly:
            units = Civil.floorDiv(Int(local), Self.unitSeconds(rule.frequency)) - firstUnit
        }
        return Civil.floorDiv(units, rule.interval)
    }

    /// The next instance in wall-clock order, or nil when the rule is exhausted.
    mutating func next() -> RawOccurrence? {
        if startPending {
            startPending = false
            remaining -= 1
            return start
        }
        while !finished {
            if remaining <= 0 {
                finished = true
                return nil
            }
            if position < candidateCount {
                let index = buffer.selectedCount == 0 ? position : buffer.selected[position]
                position += 1
                let count = rule.timeOffsets.count
                let local: Int64
                if count == 1 {
                    local = Int64(buffer.days[index]) * 86400 + timeBase + rule.timeOffsets[0]
                } else {
                    local =
                        Int64(buffer.days[index / count]) * 86400 + timeBase
                        + rule.timeOffsets[index % count]
                }
                if local <= startLocal { continue }
                let resolved = zone.resolve(local: local, cursor: &cursor)
                // Only possible when DTSTART itself fell in a gap and moved forward past this instance.
                if resolved.instant < start.instant { continue }
                if resolved.instant > untilInstant {
                    // Later wall-clock times are later instants, except times moved forward out of a gap.
                    if !resolved.shifted { finished = true }
                    continue
                }
                remaining -= 1
                idleSteps = 0
                return RawOccurrence(
                    instant: resolved.instant, offset: resolved.offset, shifted: resolved.shifted)
            }
            period += 1
            loadPeriod()
        }
        return nil
    }

    /// Fills the candidates of `period` (advancing past empty ones), or marks the iterator finished.
    private mutating func loadPeriod() {
        while true {
            position = 0
            candidateCount = 0
            if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
            buffer.dayCount = 0
            buffer.selectedCount = 0
            idleSteps += 1
            if emptyPeriods > emptyLimit || idleSteps > Self.idleStepLimit
                || period > Int(Int32.max)
            {
                finished = true
                return
            }
            let unit = firstUnit + period * rule.interval * (rule.frequency == .weekly ? 7 : 1)
            switch rule.frequency {
            case .yearly:
                if unit > Self.lastYear {
                    finished = true
                    return
                }
                fillYear(unit)
            case .monthly:
                let year = Civil.floorDiv(unit, 12)
                if year > Self.lastYear {
                    finished = true
                    return
                }
                fillMonth(year: year, month: unit - year * 12 + 1)
            case .weekly:
                if unit > 2_932_896 {
                    finished = true
                    return
                }  // 9999-12-31
                fillWeek(firstDay: unit)
            case .daily:
                if unit > 2_932_896 {
                    finished = true
                    return
                }
                if rule.dayPasses(unit) { buffer.append(unit) }
            case .hourly, .minutely, .secondly:
                if !fillSubDaily(unit) { continue }
                if finished { return }  // past 9999-12-31
            }
            let total = buffer.dayCount * rule.timeOffsets.count
            if total == 0 {
                emptyPeriods += 1
                period += 1
                continue
            }
            if rule.setPositions.isEmpty || preselected {
                preselected = false
                candidateCount = total
            } else {
                selectPositions(total: total)
                candidateCount = buffer.selectedCount
                if candidateCount == 0 {
                    emptyPeriods += 1
                    period += 1
                    continue
                }
            }
            emptyPeriods = 0
            return
        }
    }

    /// Fills `buffer.selected` with the BYSETPOS indices that exist among `total` candidates, ascending, once each.
    private func selectPositions(total: Int) {
        let selected = buffer.selected
        var count = 0
        for p in rule.setPositions {
            let index = p > 0 ? p - 1 : total + p
            guard index >= 0 && index < total else { continue }
            // Insertion into a short sorted list, skipping duplicates.
            var j = count
            while j > 0 && selected[j - 1] > index { j -= 1 }
            if j > 0 && selected[j - 1] == index { continue }
            var k = count
            while k > j {
                selected[k] = selected[k - 1]
                k -= 1
            }
            selected[j] = index
            count += 1
        }
        buffer.selectedCount = count
    }

    /// YEARLY: the candidate days of `year`.
    private mutating func fillYear(_ year: Int) {
        let r: CompiledRule = rule
        let masks = buffer.monthMasks
        let scratch = buffer.scratch
        for m in 1...12 {
            masks[m] =
                r.hasMonth && r.monthMask & (1 << UInt16(m)) == 0
                ? 0 : CompiledRule.monthBits(Civil.daysInMonth(year: year, month: m))
        }
        if r.hasMonthDay {
            for m in 1...12 where masks[m] != 0 {
                masks[m] &= r.monthDayMask(length: Civil.daysInMonth(year: year, month: m))
            }
        }
        let jan1 = Civil.days(year: year, month: 1, day: 1)
        let nextJan1 = jan1 + Civil.daysInYear(year)
        if r.hasYearDay {
            for m in 1...12 { scratch[m] = 0 }
            let length = Civil.daysInYear(year)
            for value in r.yearDays {
                let dayOfYear = value > 0 ? value : length + value + 1
                guard dayOfYear >= 1 && dayOfYear <= length else { continue }
                let (_, m, d) = Civil.date(days: jan1 + dayOfYear - 1)
                scratch[m] |= 1 << UInt32(d)
            }
            for m in 1...12 { masks[m] &= scratch[m] }
        }
        if r.hasWeekNo {
            for m in 1...12 { scratch[m] = 0 }
            // Week-numbering years y-1, y and y+1 can each have weeks with days in calendar year y.
            var weekOne = Civil.firstWeekStart(year: year - 1, weekStart: r.weekStart)
            var nextWeekOne = Civil.firstWeekStart(year: year, weekStart: r.weekStart)
            for i in 0..<3 {
                let weeks = (nextWeekOne - weekOne) / 7
                for value in r.weekNos {
                    let number = value > 0 ? value : weeks + value + 1
                    guard number >= 1 && number <= weeks else { continue }
                    let first = max(weekOne + 7 * (number - 1), jan1)
                    let end = min(weekOne + 7 * number, nextJan1)
                    guard first < end else { continue }
                    var (_, m, d) = Civil.date(days: first)
                    var length = Civil.daysInMonth(year: year, month: m)
                    for _ in first..<end {
                        scratch[m] |= 1 << UInt32(d)
                        d += 1
                        if d > length {
                            m += 1
                            d = 1
                            if m <= 12 { length = Civil.daysInMonth(year: year, month: m) }
                        }
                    }
                }
                guard i < 2 else { break }
                weekOne = nextWeekOne
                nextWeekOne = Civil.firstWeekStart(year: year + i + 1, weekStart: r.weekStart)
            }
            for m in 1...12 { masks[m] &= scratch[m] }
        }
        if r.hasByDay {
            if r.ordinalsCountInYear && !r.ordinals.isEmpty {
                for m in 1...12 { scratch[m] = 0 }
                let length = nextJan1 - jan1
                let jan1Weekday = Civil.weekday(days: jan1)
                for m in 1...12 where r.weekdayMask != 0 {
                    let first = Civil.days(year: year, month: m, day: 1)
                    var plain: UInt32 = 0
                    for w in 0..<7 where r.weekdayMask & (1 << UInt8(w)) != 0 {
                        plain |= CompiledRule.weeklyBits[(w - Civil.weekday(days: first) + 7) % 7]
                    }
                    scratch[m] |=
                        plain & CompiledRule.monthBits(Civil.daysInMonth(year: year, month: m))
                }
                for item in r.ordinals {
                    // Day-of-year offset of the first such weekday.
                    let first = (item.weekday - jan1Weekday + 7) % 7
                    let offset: Int
                    if item.n > 0 {
                        offset = first + 7 * (item.n - 1)
                    } else {
                        offset = first + 7 * ((length - 1 - first) / 7) + 7 * (item.n + 1)
                    }
                    guard offset >= 0 && offset < length else { continue }
                    let (_, m, d) = Civil.date(days: jan1 + offset)
                    scratch[m] |= 1 << UInt32(d)
                }
                for m in 1...12 { masks[m] &= scratch[m] }
            } else {
                for m in 1...12 where masks[m] != 0 {
                    let first = Civil.days(year: year, month: m, day: 1)
                    masks[m] &= r.byDayMask(
                        firstWeekday: Civil.weekday(days: first),
                        length: Civil.daysInMonth(year: year, month: m))
                }
            }
        }
        if !(r.hasMonthDay || r.hasYearDay || r.hasWeekNo || r.hasByDay) {
            for m in 1...12 {
                masks[m] &= (r.hasMonth || m == r.startMonth) ? 1 << UInt32(r.startDay) : 0
            }
        }
        for m in 1...12 where masks[m] != 0 {
            buffer.appendDays(of: masks[m], monthStart: Civil.days(year: year, month: m, day: 1))
        }
    }

    /// MONTHLY: the candidate days of one month.
    private mutating func fillMonth(year: Int, month: Int) {
        let r: CompiledRule = rule
        if r.hasMonth && r.monthMask & (1 << UInt16(month)) == 0 { return }
        let length = Civil.daysInMonth(year: year, month: month)
        let first = Civil.days(year: year, month: month, day: 1)
        var mask = CompiledRule.monthBits(length)
        if r.hasMonthDay { mask &= r.monthDayMask(length: length) }
        if r.hasByDay {
            mask &= r.byDayMask(firstWeekday: Civil.weekday(days: first), length: length)
        }
        if !r.hasMonthDay && !r.hasByDay { mask &= 1 << UInt32(r.startDay) }
        if !r.setPositions.isEmpty && r.timeOffsets.count == 1 {
            // One time per day: BYSETPOS picks days, so take them straight from the mask.
            buffer.appendSelectedDays(of: mask, monthStart: first, positions: r.setPositions)
            preselected = true
            return
        }
        buffer.appendDays(of: mask, monthStart: first)
    }

    /// WEEKLY: the candidate days of the week starting on `firstDay`.
    @inline(__always)
    private mutating func fillWeek(firstDay: Int) {
        for offset in rule.weekDayOffsets {
            let day = firstDay + offset
            if rule.hasMonth && rule.monthMask & (1 << UInt16(Civil.date(days: day).month)) == 0 {
                continue
            }
            buffer.append(day)
        }
    }

    /// HOURLY, MINUTELY, SECONDLY: sets the period's single day and time if it passes the filters.
    ///
    /// Returns false after jumping `period` ahead past a day, hour or minute that cannot match.
    private mutating func fillSubDaily(_ unit: Int) -> Bool {
        let unitSeconds = Self.unitSeconds(rule.frequency)
        let local = unit * unitSeconds
        let day = Civil.floorDiv(local, 86400)
        if day > 2_932_896 {
            finished = true
            return true
        }
        if day != checkedDay {
            checkedDay = day
            checkedDayPasses = rule.dayPasses(day)
        }
        let secondOfDay = local - day * 86400
        var nextBoundary: Int?
        if !checkedDayPasses {
            nextBoundary = (day + 1) * 86400
        } else if rule.hasHour && rule.hourMask & (1 << UInt32(secondOfDay / 3600)) == 0 {
            nextBoundary = (local / 3600 + 1) * 3600
        } else if rule.frequency != .hourly && rule.hasMinute
            && rule.minuteMask & (1 << UInt64(secondOfDay / 60 % 60)) == 0
        {
            nextBoundary = (Civil.floorDiv(local, 60) + 1) * 60
        } else if rule.frequency == .secondly && rule.hasSecond
            && rule.secondMask & (1 << UInt64(secondOfDay % 60)) == 0
        {
            nextBoundary = local + 1
        }
        if let nextBoundary {
            // First period starting at or after the boundary.
            let unitsAhead = nextBoundary / unitSeconds - firstUnit
            let next = max(period + 1, -Civil.floorDiv(-unitsAhead, rule.interval))
            emptyPeriods += next - period
            period = next
            return false
        }
        buffer.append(day)
        timeBase = Int64(secondOfDay)
        return true
    }
}

/// An instance on the time line as the rule produced it.
struct RawOccurrence: Sendable {
    /// Seconds since the epoch.
    var instant: Int64
    /// UTC offset in force at the instant.
    var offset: Int32
    /// Whether the wall-clock time was moved forward out of a gap.
    var shifted: Bool
}
