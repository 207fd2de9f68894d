import CirclesDomain
import CirclesStore
import Foundation
import Recurrence

/// Turns a series into the meetings it should have up to a horizon. Pure: no database.
enum MeetingPlanner {
    /// The series' recurrence set (DTSTART in its zone, RRULE, EXDATE, RDATE).
    static func recurrenceSet(for series: MeetingSeries) throws -> RecurrenceSet {
        guard let start = LocalDateTime(iso: series.firstLocalStart) else {
            throw DomainError(field: "start", "the series' start \(series.firstLocalStart) is not a local date-time")
        }
        let exceptions = series.exceptionDates.compactMap { LocalDateTime(iso: $0) }
        let extras = series.extraDates.compactMap { LocalDateTime(iso: $0) }
        return try RecurrenceSet(
            start: start, timeReference: .zone(series.timeZone), rule: try RecurrenceRule(parsing: series.rule),
            exceptionDates: exceptions, extraDates: extras)
    }

    /// Refuses a series whose meetings would overlap or crowd one day (see `MeetingCadence`), looking
    /// from `now` (or its first meeting, if later) one horizon ahead. Reads the rule lazily and stops
    /// at the first violation, so a runaway rule is refused after a few instances.
    static func checkCadence(_ series: MeetingSeries, now: Date, horizon: TimeInterval) throws {
        let set = try recurrenceSet(for: series)
        let first = set.first(1).first?.date ?? now
        let from = max(first, now)
        let starts = set.occurrences(from: from).lazy.map { occurrence in
            MeetingCadence.Start(instant: occurrence.date, localDay: occurrence.local.date.description)
        }
        try MeetingCadence.check(starts, lengthMinutes: series.durationMinutes, until: from.addingTimeInterval(horizon), rule: series.rule)
    }

    /// The meetings starting in `[from, until]` (from the series' start when `from` is nil), with
    /// the rotation's facilitator for each: the n-th instance of the set takes the n-th turn.
    static func plan(
        _ series: MeetingSeries, rotation: FacilitatorRotation, from: Date? = nil, through until: Date
    ) throws -> [MeetingStore.Planned] {
        let set = try recurrenceSet(for: series)
        var planned: [MeetingStore.Planned] = []
        for (index, occurrence) in set.occurrences().enumerated() {
            let start = occurrence.date
            if start > until { break }
            if let from, start < from { continue }
            planned.append(
                MeetingStore.Planned(
                    seriesID: series.id, originalStart: start, localStart: occurrence.local.description,
                    endsAt: start.addingTimeInterval(TimeInterval(series.durationMinutes * 60)),
                    facilitatorID: rotation.facilitator(forMeetingAt: index)))
        }
        return planned
    }
}
