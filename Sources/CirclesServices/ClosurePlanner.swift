import CirclesDomain
import CirclesStore
import Foundation
import Recurrence

/// Turns the closures a team follows into what the recurrence engine takes for one series: the
/// closed local dates, with the series' policy, and each date's reason. Pure: no database.
struct ClosurePlanner: Sendable {
    /// What the engine applies.
    let rule: ClosureRule
    /// Why each closed date is closed, in the calendars' words.
    let reasons: [LocalDate: String]

    /// No closures: every day is open.
    static let open = ClosurePlanner(rule: ClosureRule(closedDays: .none), reasons: [:])

    /// Whether no date is closed (the planner then takes the engine's plain path).
    var isEmpty: Bool { reasons.isEmpty }

    /// All-day closures close their dates wherever the team is; a timed closure closes a date when
    /// a meeting of this series on that date (its usual local time and length) would overlap it.
    init(series: MeetingSeries, closures: [Closure]) {
        let reasons = Self.reasons(series: series, closures: closures)
        self.init(series: series, reasons: reasons, closedDays: ClosedDays(reasons.keys))
    }

    /// The series' policy over closed days worked out already (shared by the series of teams that
    /// follow the same all-day closures: those close the same dates for every series).
    init(series: MeetingSeries, reasons: [LocalDate: String], closedDays: ClosedDays) {
        let policy: ClosurePolicy =
            switch series.onClosure {
            case .skip: .skip
            case .nextWorkingDay: .nextWorkingDay
            case .previousWorkingDay: .previousWorkingDay
            }
        self.init(rule: ClosureRule(closedDays: closedDays, policy: policy, keepWithinMonth: series.withinMonth), reasons: reasons)
    }

    /// Each date the closures close for this series, with the reasons of every closure that closes
    /// it, in the closures' order. The series matters only for timed closures.
    static func reasons(series: MeetingSeries, closures: [Closure]) -> [LocalDate: String] {
        var reasons: [LocalDate: String] = [:]
        func close(_ date: LocalDate, _ reason: String) {
            if let earlier = reasons[date] {
                if !earlier.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(reason) {
                    reasons[date] = "\(earlier); \(reason)"
                }
            } else {
                reasons[date] = reason
            }
        }
        // Read only for timed closures: most calendars have none.
        lazy var start = LocalDateTime(iso: series.firstLocalStart)
        for closure in closures {
            switch closure.span {
            case .days(let first, let last):
                guard let from = LocalDate(iso: first), let through = LocalDate(iso: last) else { continue }
                var day = from
                while day <= through {
                    close(day, closure.reason)
                    day = day.adding(days: 1)
                }
            case .timed(let from, let until):
                guard let start else { continue }
                for day in Self.datesOverlapping(from: from, until: until, at: start, minutes: series.durationMinutes, zone: series.timeZone) {
                    close(day, closure.reason)
                }
            }
        }
        return reasons
    }

    init(rule: ClosureRule, reasons: [LocalDate: String]) {
        self.rule = rule
        self.reasons = reasons
    }

    /// The reason a meeting planned for `date` was moved or skipped.
    func reason(for date: LocalDate) -> String { reasons[date] ?? "closed" }

    /// The local dates on which a meeting starting at `start`'s time of day and lasting `minutes`
    /// would overlap `[from, until)`.
    static func datesOverlapping(from: Date, until: Date, at start: LocalDateTime, minutes: Int, zone: String) -> [LocalDate] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let first = calendar.dateComponents([.year, .month, .day], from: from.addingTimeInterval(-Double(minutes) * 60 - 86_400))
        guard var day = LocalDate(year: first.year ?? 1970, month: first.month ?? 1, day: first.day ?? 1) else { return [] }
        var dates: [LocalDate] = []
        while true {
            let components = DateComponents(
                year: day.year, month: day.month, day: day.day, hour: start.hour, minute: start.minute, second: start.second)
            guard let begins = calendar.date(from: components) else { break }
            if begins >= until { break }
            if begins.addingTimeInterval(Double(minutes) * 60) > from { dates.append(day) }
            day = day.adding(days: 1)
        }
        return dates
    }
}
