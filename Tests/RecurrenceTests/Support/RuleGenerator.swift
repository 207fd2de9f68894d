import Foundation
import Recurrence
import SeededRandom

/// One generated test case: a valid rule, a start and a zone.
struct GeneratedCase: CustomStringConvertible {
    var rule: RecurrenceRule
    var start: LocalDateTime
    var zone: String

    var description: String { "DTSTART;TZID=\(zone):\(start.icalendar) RRULE:\(rule)" }

    /// A span that holds a useful number of instances for this frequency.
    var windowSeconds: Int64 {
        switch rule.frequency {
        case .yearly: 40 * 366 * 86400
        case .monthly: 6 * 366 * 86400
        case .weekly: 2 * 366 * 86400
        case .daily: 200 * 86400
        case .hourly: 10 * 86400
        case .minutely: 86400
        case .secondly: 3600
        }
    }
}

/// Generates rules that RFC 5545 allows, with a mix of every rule part.
struct RuleGenerator {
    var random: SplitMix64
    /// Also generate BYWEEKNO with INTERVAL>1 or BYSETPOS, where dateutil's calendar-year periods and the
    /// RFC's week-year reading could differ (off for the oracle comparison).
    var allowWeekNoWithSetPosOrInterval = true
    /// Also generate BYDAY lists mixing plain weekdays and ordinals (`MO,4TU`).
    var allowMixedByDay = true
    var allowCount = true
    var allowUntil = true

    static let zones = [
        "Europe/London", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
        "Asia/Kolkata", "UTC",
        "Pacific/Chatham", "Europe/Berlin",
    ]

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// A few distinct values from a range, each maybe negated.
    mutating func some(_ range: ClosedRange<Int>, max: Int, negative: Bool = false) -> [Int] {
        let n = int(1...max)
        var values: [Int] = []
        for _ in 0..<n {
            var v = int(range)
            if negative && chance(0.3) { v = -v }
            if !values.contains(v) { values.append(v) }
        }
        return values
    }

    mutating func next() -> GeneratedCase {
        let frequencies: [Frequency] = [
            .yearly, .yearly, .monthly, .monthly, .monthly, .weekly, .weekly, .daily, .daily,
            .hourly, .minutely, .secondly,
        ]
        let frequency = frequencies[int(0...frequencies.count - 1)]
        var rule = RecurrenceRule(frequency: frequency)
        rule.interval = chance(0.6) ? 1 : int(2...(frequency <= .hourly ? 7 : 4))
        let fine = frequency <= .hourly
        if chance(fine ? 0.2 : 0.3) { rule.byMonth = some(1...12, max: 4) }
        switch frequency {
        case .yearly:
            let which = int(0...5)
            if which == 0 { rule.byYearDay = some(1...366, max: 4, negative: true) }
            if which == 1 { rule.byWeekNo = some(1...53, max: 3, negative: true) }
            if which == 2 || chance(0.2) { rule.byMonthDay = some(1...31, max: 4, negative: true) }
            if which >= 3 || chance(0.3) {
                rule.byDay = weekdays(
                    ordinals: rule.byWeekNo.isEmpty, maxOrdinal: rule.byMonth.isEmpty ? 53 : 5)
            }
        case .monthly:
            if chance(0.5) { rule.byMonthDay = some(1...31, max: 4, negative: true) }
            if rule.byMonthDay.isEmpty || chance(0.4) {
                rule.byDay = weekdays(ordinals: true, maxOrdinal: 5)
            }
        case .weekly:
            if chance(0.8) { rule.byDay = weekdays(ordinals: false, maxOrdinal: 0) }
        case .daily:
            if chance(0.3) { rule.byDay = weekdays(ordinals: false, maxOrdinal: 0) }
            if chance(0.2) { rule.byMonthDay = some(1...31, max: 3, negative: true) }
        default:
            if chance(0.3) { rule.byDay = weekdays(ordinals: false, maxOrdinal: 0) }
            if chance(0.15) { rule.byMonthDay = some(1...31, max: 3, negative: true) }
            if chance(0.1) { rule.byYearDay = some(1...366, max: 3, negative: true) }
        }
        if frequency != .secondly && frequency != .minutely {
            if chance(0.25) { rule.byHour = some(0...23, max: 3) }
        } else if chance(0.3) {
            rule.byHour = some(0...23, max: 6)
        }
        if chance(frequency == .secondly ? 0.5 : 0.2) {
            rule.byMinute = some(0...59, max: frequency == .secondly ? 3 : 2)
        }
        if chance(frequency == .secondly ? 0.5 : 0.1) { rule.bySecond = some(0...59, max: 2) }
        let hasOther =
            !(rule.byMonth.isEmpty && rule.byDay.isEmpty && rule.byMonthDay.isEmpty
            && rule.byYearDay.isEmpty
            && rule.byWeekNo.isEmpty && rule.byHour.isEmpty && rule.byMinute.isEmpty
            && rule.bySecond.isEmpty)
        if hasOther && chance(0.2) && (allowWeekNoWithSetPosOrInterval || rule.byWeekNo.isEmpty) {
            rule.bySetPos = some(1...4, max: 2, negative: true)
        }
        if !allowWeekNoWithSetPosOrInterval && !rule.byWeekNo.isEmpty { rule.interval = 1 }
        if chance(0.3) { rule.weekStart = Weekday(rawValue: int(0...6)) }
        let year = int(1990...2035)
        let month = int(1...12)
        let start = LocalDateTime(
            year: year, month: month, day: int(1...28), hour: int(0...23),
            minute: [0, 15, 30, 45][int(0...3)],
            second: chance(0.8) ? 0 : int(0...59))!
        if allowCount && chance(0.35) {
            rule.end = .count(int(1...40))
        } else if allowUntil && chance(0.2) {
            let until = LocalDateTime(
                year: year + int(0...3), month: int(1...12), day: int(1...28), hour: int(0...23),
                minute: 0)!
            rule.end = .until(chance(0.7) ? .utc(until) : .local(until))
        }
        return GeneratedCase(
            rule: rule, start: start, zone: Self.zones[int(0...Self.zones.count - 1)])
    }

    mutating func weekdays(ordinals: Bool, maxOrdinal: Int) -> [WeekdayRule] {
        var items: [WeekdayRule] = []
        for _ in 0..<int(1...3) {
            let day = Weekday(rawValue: int(0...6))!
            var ordinal: Int?
            if ordinals && chance(0.5) {
                ordinal = int(1...maxOrdinal)
                if chance(0.4) { ordinal = -ordinal! }
            }
            let item = WeekdayRule(day, ordinal: ordinal)
            if !allowMixedByDay, let firstItem = items.first,
                (firstItem.ordinal == nil) != (ordinal == nil)
            {
                continue
            }
            if !items.contains(item) { items.append(item) }
        }
        return items
    }
}
