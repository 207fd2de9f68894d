import CirclesDomain
import CirclesStore
import Recurrence

/// The closure planners of many series across many teams, each distinct set of followed calendars
/// worked out once: all-day closures close the same dates for every series, so the dates, their
/// reasons and the engine's closed-day set are built once and shared (a copy of a set or dictionary
/// is a reference until written). Only timed closures, which depend on a series' time of day and
/// length, are worked out series by series. Pure: no database.
struct ClosurePlans {
    private let followed: ClosureStore.Followed
    private var shared: [[String]: Entry] = [:]

    private enum Entry {
        /// The calendars hold no closure.
        case open
        /// Only all-day closures: the same for every series.
        case allDay(reasons: [LocalDate: String], closedDays: ClosedDays)
        /// Some closure is timed: each series needs its own planner.
        case perSeries([Closure])
    }

    /// Plans for the teams whose calendars `followed` holds.
    init(_ followed: ClosureStore.Followed) { self.followed = followed }

    /// The planner for one series of one of the teams; the same as
    /// `ClosurePlanner(series:closures:)` over the team's closures, or `.open` without any.
    mutating func planner(for series: MeetingSeries) -> ClosurePlanner {
        guard let calendars = followed.calendars[series.teamID] else { return .open }
        let entry: Entry
        if let known = shared[calendars] {
            entry = known
        } else {
            entry = makeEntry(followed.closures(forTeam: series.teamID), series: series)
            shared[calendars] = entry
        }
        switch entry {
        case .open: return .open
        case .allDay(let reasons, let closedDays): return ClosurePlanner(series: series, reasons: reasons, closedDays: closedDays)
        case .perSeries(let closures): return ClosurePlanner(series: series, closures: closures)
        }
    }

    private func makeEntry(_ closures: [Closure], series: MeetingSeries) -> Entry {
        if closures.isEmpty { return .open }
        let timed = closures.contains {
            if case .timed = $0.span { true } else { false }
        }
        if timed { return .perSeries(closures) }
        // All-day closures ignore the series, so any series gives every series' dates.
        let reasons = ClosurePlanner.reasons(series: series, closures: closures)
        return .allDay(reasons: reasons, closedDays: ClosedDays(reasons.keys))
    }
}
