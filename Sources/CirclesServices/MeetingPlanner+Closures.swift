import CirclesDomain
import CirclesStore
import Foundation
import Recurrence

extension MeetingPlanner {
    /// The meetings and the skipped instances of a series in a window.
    struct Schedule: Sendable {
        var planned: [MeetingStore.Planned] = []
        var skipped: [MeetingStore.Skipped] = []
    }

    /// The meetings of `[from, until]` (from the series' start when `from` is nil) with closed days
    /// applied: an instance on a closed day is moved (same local time, the reason recorded) or
    /// skipped, as the series says. Instances keep their place in the facilitator rotation, so a
    /// closure never shifts whose turn the later meetings are. Without closures this is `plan`.
    static func schedule(
        _ series: MeetingSeries, rotation: FacilitatorRotation, closures: ClosurePlanner, from: Date? = nil, through until: Date
    ) throws -> Schedule {
        guard !closures.isEmpty else {
            return Schedule(planned: try plan(series, rotation: rotation, from: from, through: until))
        }
        let set = try recurrenceSet(for: series)
        let length = TimeInterval(series.durationMinutes * 60)
        // A meeting may move back across `until` by at most the engine's longest shift.
        let last = until.addingTimeInterval(TimeInterval(closures.rule.maximumShiftDays + 2) * 86_400)
        var schedule = Schedule()
        for (index, scheduled) in set.scheduledOccurrences(closures: closures.rule).enumerated() {
            let original = scheduled.original
            if original.date > last { break }
            let reason = closures.reason(for: original.local.date)
            switch scheduled.outcome {
            case .kept, .moved:
                let held = scheduled.held ?? original
                if held.date > until { continue }
                if let from, held.date < from { continue }
                let moved = held != original
                schedule.planned.append(
                    MeetingStore.Planned(
                        seriesID: series.id, originalStart: original.date, localStart: held.local.description,
                        endsAt: held.date.addingTimeInterval(length), facilitatorID: rotation.facilitator(forMeetingAt: index),
                        startsAt: held.date, closureReason: moved ? reason : nil))
            case .skipped(let why):
                if original.date > until { continue }
                if let from, original.date < from { continue }
                schedule.skipped.append(
                    MeetingStore.Skipped(
                        seriesID: series.id, originalStart: original.date, localStart: original.local.description,
                        skipReason: why.rawValue, closureReason: reason))
            }
        }
        return schedule
    }
}
