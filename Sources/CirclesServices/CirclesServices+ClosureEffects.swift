import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// After a calendar's closures changed: the meetings of every team following it, in the
    /// caller's transaction.
    static func applyClosures(
        calendarID: ID<ClosureCalendar>, now: Date, horizon: TimeInterval, on connection: isolated PostgresConnection
    ) throws -> ClosureEffect {
        try applyClosures(teamIDs: ClosureStore.followers(calendarID: calendarID, on: connection), now: now, horizon: horizon, on: connection)
    }

    /// Puts the teams' future meetings where their closures now say, series by series: a meeting
    /// on a newly closed day moves (an updated invitation, same UID, higher SEQUENCE, to those who
    /// were told) or is cancelled (a CANCEL to those who were told); one whose day opened again
    /// goes back to its day or comes back. Meetings people moved, cancelled or held by hand stay.
    static func applyClosures(
        teamIDs: [ID<Team>], now: Date, horizon: TimeInterval, on connection: isolated PostgresConnection
    ) throws -> ClosureEffect {
        var effect = ClosureEffect()
        var closures = ClosurePlans(try ClosureStore.followed(teamIDs: teamIDs, on: connection))
        for teamID in teamIDs {
            for series in try SeriesStore.active(teamID: teamID, on: connection) {
                let planner = closures.planner(for: series)
                let changed = try reconcile(series, closures: planner, now: now, horizon: horizon, on: connection)
                effect.moved += changed.moved
                effect.cancelled += changed.cancelled
                effect.skipped += changed.skipped
                effect.restored += changed.restored
            }
        }
        return effect
    }

    /// One series' future (as far as it is materialised) brought in line with its closures.
    @discardableResult
    static func reconcile(
        _ series: MeetingSeries, closures: ClosurePlanner, now: Date, horizon: TimeInterval, on connection: isolated PostgresConnection
    ) throws -> ClosureEffect {
        let seriesID: ID<MeetingSeries> = try stored(series.id)
        let until = try SeriesStore.materialisedUntil(seriesID: seriesID, on: connection) ?? now.addingTimeInterval(horizon)
        guard until > now else { return ClosureEffect() }
        let rotation = try SeriesStore.rotation(seriesID: seriesID, on: connection)
        let schedule = try MeetingPlanner.schedule(series, rotation: rotation, closures: closures, from: now, through: until)
        let existing = try MeetingStore.byOriginalStart(seriesID: seriesID, from: now, on: connection)
        let skipped = try MeetingStore.skipped(seriesID: seriesID, from: now, on: connection)
        let length = TimeInterval(series.durationMinutes * 60)
        var effect = ClosureEffect()
        var inserts: [MeetingStore.Planned] = []
        var unskipped: [Date] = []
        var newlySkipped: [MeetingStore.Skipped] = []

        for planned in schedule.planned {
            guard let meeting = existing[planned.originalStart] else {
                inserts.append(planned)
                if skipped[planned.originalStart] != nil {
                    unskipped.append(planned.originalStart)
                    effect.restored += 1
                }
                continue
            }
            guard closuresManage(meeting), meeting.status != .scheduled || meeting.startsAt != planned.startsAt else { continue }
            let id: ID<Meeting> = try stored(meeting.id)
            let announced = try OutboxStore.announcedTo(meetingID: id, on: connection)
            try MeetingStore.applyClosure(
                id: id, localStart: planned.localStart, startsAt: planned.startsAt, endsAt: planned.endsAt, cancelReason: nil,
                closureReason: planned.closureReason, on: connection)
            try MeetingStore.reopenReminders(meetingID: id, now: now, on: connection)
            if !announced.isEmpty { try enqueueNotices(.invitation, about: id, to: announced, now: now, on: connection) }
            if meeting.status == .scheduled { effect.moved += 1 } else { effect.restored += 1 }
        }
        for skip in schedule.skipped {
            guard let meeting = existing[skip.originalStart] else {
                if skipped[skip.originalStart] == nil {
                    newlySkipped.append(skip)
                    effect.skipped += 1
                }
                continue
            }
            guard meeting.status == .scheduled, closuresManage(meeting) else { continue }
            let id: ID<Meeting> = try stored(meeting.id)
            let announced = try OutboxStore.announcedTo(meetingID: id, on: connection)
            try MeetingStore.applyClosure(
                id: id, localStart: skip.localStart, startsAt: skip.originalStart, endsAt: skip.originalStart.addingTimeInterval(length),
                cancelReason: "closed: \(skip.closureReason)", closureReason: skip.closureReason, on: connection)
            try enqueueNotices(.cancellation, about: id, to: announced, now: now, on: connection)
            effect.cancelled += 1
        }
        try MeetingStore.deleteSkipped(seriesID: seriesID, originalStarts: unskipped, on: connection)
        try MeetingStore.insert(inserts, on: connection)
        try MeetingStore.insertSkipped(newlySkipped, on: connection)
        if effect.moved + effect.restored > 0 { try enqueueInvitations(now: now, seriesID: seriesID, on: connection) }
        return effect
    }

    /// Whether closures decide this meeting's place: scheduled where the rule put it or where a
    /// closure moved it, or cancelled by a closure. A person's own move or cancellation wins.
    static func closuresManage(_ meeting: Meeting) -> Bool {
        switch meeting.status {
        case .scheduled: meeting.closureReason != nil || meeting.startsAt == meeting.originalStart
        case .cancelled: meeting.closureReason != nil
        case .held: false
        }
    }
}
