import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import Recurrence

extension CirclesServices {
    /// Changes to a series; `nil` leaves a field as it is.
    public struct SeriesChanges: Sendable {
        public var title: String?
        /// A new RRULE.
        public var rule: String?
        /// A new local start time of day, `HH:MM`.
        public var startTime: String?
        /// A new length, e.g. `90m`.
        public var duration: String?
        public var location: String?
        /// The named attendees, replacing the current ones.
        public var attendeeEmails: [String]?
        public var wholeTeam: Bool?
        /// The version the editor last saw; the edit is refused if the series changed since.
        public var expectedVersion: Int?
        /// What happens to a meeting on a closed day.
        public var onClosure: OnClosure?
        /// Whether a moved meeting stays within its month.
        public var withinMonth: Bool?

        public init(
            title: String? = nil, rule: String? = nil, startTime: String? = nil, duration: String? = nil, location: String? = nil,
            attendeeEmails: [String]? = nil, wholeTeam: Bool? = nil, expectedVersion: Int? = nil, onClosure: OnClosure? = nil,
            withinMonth: Bool? = nil
        ) {
            self.onClosure = onClosure
            self.withinMonth = withinMonth
            self.title = title
            self.rule = rule
            self.startTime = startTime
            self.duration = duration
            self.location = location
            self.attendeeEmails = attendeeEmails
            self.wholeTeam = wholeTeam
            self.expectedVersion = expectedVersion
        }

        /// Whether the change moves meetings in time (so future meetings are regenerated).
        var reschedules: Bool { rule != nil || startTime != nil || duration != nil }
    }

    /// A series, for its team's members and administrators.
    public func showSeries(_ seriesID: String, as actorEmail: String) async throws -> MeetingSeries {
        let id: ID<MeetingSeries> = try Self.parsed(seriesID, "series")
        return try await read(as: actorEmail) { connection, actor in
            let series = try Self.series(id, on: connection)
            let team = try Self.team(series.teamID, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "meeting series")))
            return series
        }
    }

    /// Edits a series. Meetings already held, cancelled or moved are left as they are; future
    /// scheduled meetings are regenerated when the time, rule or length changes.
    public func editSeries(_ seriesID: String, _ changes: SeriesChanges, as actorEmail: String, now: Date = Date()) async throws -> MeetingSeries {
        let horizon = self.horizon
        let until = now.addingTimeInterval(horizon)
        let newRule = try changes.rule.map { try RecurrenceRule(parsing: $0).description }
        let newLength = try changes.duration.map { try MeetingLength(parsing: $0) }
        let newTitle = try changes.title.map { try Self.validateTitle($0, field: "title") }
        let newLocation = try changes.location.map { try TextRule.location.check($0) }
        let id: ID<MeetingSeries> = try Self.parsed(seriesID, "series")
        return try await perform(as: actorEmail, action: "series.edit") { connection, actor in
            var series = try Self.series(id, on: connection)
            let team = try Self.team(series.teamID, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "change meeting series"))
            let readVersion = changes.expectedVersion ?? series.version
            let invitedBefore = Set(try SeriesStore.invitees(seriesID: id, on: connection).map(\.id))
            if let newTitle { series.title = newTitle }
            if let newRule { series.rule = newRule }
            if let newLength { series.durationMinutes = newLength.minutes }
            if let newLocation { series.location = newLocation.isEmpty ? nil : newLocation }
            if let wholeTeam = changes.wholeTeam { series.includeWholeTeam = wholeTeam }
            if let time = changes.startTime {
                series.firstLocalStart = try Self.replacingTime(of: series.firstLocalStart, with: time)
            }
            let closuresBefore = (series.onClosure, series.withinMonth)
            if let onClosure = changes.onClosure { series.onClosure = onClosure }
            if let withinMonth = changes.withinMonth { series.withinMonth = withinMonth }
            if changes.reschedules, try MeetingPlanner.recurrenceSet(for: series).neverRecurs {
                throw DomainError(field: "rule", "the changed rule \(series.rule) never produces a meeting after the first")
            }
            if changes.reschedules { try MeetingPlanner.checkCadence(series, now: now, horizon: horizon) }
            guard let stored = try SeriesStore.update(series, expectedVersion: readVersion, on: connection) else {
                throw ServiceError(
                    .stale,
                    "the series \"\(series.title)\" was changed by someone else since you read it (version \(readVersion)); show it again and retry")
            }
            if let emails = changes.attendeeEmails {
                let ids: [ID<Person>] = try emails.map { try Self.stored(Self.activePerson($0, role: "attendee", on: connection).id) }
                try SeriesStore.setAttendees(seriesID: id, personIDs: ids, on: connection)
            }
            if changes.reschedules {
                // Days whose meeting was held, cancelled or moved keep that meeting and get no new one.
                let removed = try MeetingStore.deleteUntouchedFuture(seriesID: id, from: now, on: connection)
                let kept = try MeetingStore.keptDates(seriesID: id, from: now, on: connection)
                try Self.materialise(stored, from: now, through: until, skippingDates: kept, on: connection)
                try Self.withdrawFromCalendars(removed, reason: "the series was rescheduled", now: now, on: connection)
            } else if closuresBefore != (stored.onClosure, stored.withinMonth) {
                // Meetings on closed days move, are skipped or come back as the series now says.
                try Self.reconcile(stored, closures: try Self.closurePlanner(for: stored, on: connection), now: now, horizon: horizon, on: connection)
            }
            try Self.reconcileInvitations(seriesID: stored.id, previouslyInvited: invitedBefore, now: now, on: connection)
            return stored
        }
    }

    /// Pauses (`.paused`), resumes (`.active`) or ends (`.ended`) a series. Pausing and ending
    /// remove future scheduled meetings; resuming creates them again from now on.
    public func setSeriesStatus(_ seriesID: String, to status: SeriesStatus, as actorEmail: String, now: Date = Date()) async throws -> MeetingSeries {
        let until = now.addingTimeInterval(horizon)
        let id: ID<MeetingSeries> = try Self.parsed(seriesID, "series")
        return try await perform(as: actorEmail, action: "series.\(status.rawValue)") { connection, actor in
            var series = try Self.series(id, on: connection)
            let team = try Self.team(series.teamID, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "pause, resume or end meeting series"))
            let allowed: [SeriesStatus: [SeriesStatus]] = [.active: [.paused, .ended], .paused: [.active, .ended], .ended: []]
            guard allowed[series.status, default: []].contains(status) else {
                throw ServiceError(.invalid, "a series that is \(series.status.rawValue) cannot become \(status.rawValue)")
            }
            let version = series.version
            series.status = status
            guard let stored = try SeriesStore.update(series, expectedVersion: version, on: connection) else {
                throw ServiceError(.stale, "the series \"\(series.title)\" was changed by someone else since you read it; retry")
            }
            if status == .active {
                try Self.materialise(stored, from: now, through: until, on: connection)
            } else {
                let removed = try MeetingStore.deleteUntouchedFuture(seriesID: id, from: now, on: connection)
                let reason = status == .paused ? "the series was paused" : "the series ended"
                try Self.withdrawFromCalendars(removed, reason: reason, now: now, on: connection)
            }
            return stored
        }
    }

    /// "This and all following": the series ends before the given meeting and a new series,
    /// with the changes applied, continues from it. History stays with the original series.
    public func splitSeries(at meetingID: String, _ changes: SeriesChanges, as actorEmail: String, now: Date = Date()) async throws -> MeetingSeries {
        let horizon = self.horizon
        let until = now.addingTimeInterval(horizon)
        let newRule = try changes.rule.map { try RecurrenceRule(parsing: $0).description }
        let newLength = try changes.duration.map { try MeetingLength(parsing: $0) }
        let newTitle = try changes.title.map { try Self.validateTitle($0, field: "title") }
        let newLocation = try changes.location.map { try TextRule.location.check($0) }
        let id: ID<Meeting> = try Self.parsed(meetingID, "meeting")
        return try await perform(as: actorEmail, action: "series.split") { connection, actor in
            let (meeting, original, team) = try Self.meetingContext(id, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "change meeting series"))
            guard meeting.status == .scheduled, meeting.startsAt > now else {
                throw ServiceError(.invalid, "only a future scheduled meeting can start the rest of a series")
            }
            // The original keeps everything before this meeting: UNTIL one second before it, in UTC.
            var ended = original
            var endedRule = try RecurrenceRule(parsing: original.rule)
            endedRule.end = .until(.utc(Occurrence(epochSeconds: Int64(meeting.originalStart.timeIntervalSince1970) - 1, utcOffset: 0).local))
            ended.rule = endedRule.description
            guard let stored = try SeriesStore.update(ended, expectedVersion: changes.expectedVersion ?? original.version, on: connection) else {
                throw ServiceError(.stale, "the series \"\(original.title)\" was changed by someone else since you read it; show it again and retry")
            }
            let removed = try MeetingStore.deleteUntouchedFuture(seriesID: try Self.stored(stored.id), from: meeting.originalStart, on: connection)

            var next = original
            next.splitFrom = original.id
            next.firstLocalStart = meeting.localStart
            if let newTitle { next.title = newTitle }
            if let newRule { next.rule = newRule }
            if let newLength { next.durationMinutes = newLength.minutes }
            if let newLocation { next.location = newLocation.isEmpty ? nil : newLocation }
            if let wholeTeam = changes.wholeTeam { next.includeWholeTeam = wholeTeam }
            if let time = changes.startTime { next.firstLocalStart = try Self.replacingTime(of: next.firstLocalStart, with: time) }
            try MeetingPlanner.checkCadence(next, now: now, horizon: horizon)
            let attendees: [ID<Person>] = try changes.attendeeEmails.map { try $0.map { try Self.stored(Self.activePerson($0, role: "attendee", on: connection).id) } }
                ?? SeriesStore.attendeeIDs(seriesID: try Self.stored(original.id), on: connection)
            let continuing = try SeriesStore.insert(
                next, facilitatorIDs: try SeriesStore.facilitatorIDs(seriesID: try Self.stored(original.id), on: connection), attendeeIDs: attendees,
                on: connection)
            // The rest continues as far as the original had been materialised, leaving no hole.
            let reached = try SeriesStore.materialisedUntil(seriesID: try Self.stored(original.id), on: connection) ?? until
            try Self.materialise(continuing, through: max(until, reached), on: connection)
            try Self.withdrawFromCalendars(
                removed, reason: "the series changed from this meeting on; new invitations follow", now: now, on: connection)
            return continuing
        }
    }

    static func series(_ id: ID<MeetingSeries>, on connection: isolated PostgresConnection) throws -> MeetingSeries {
        guard let series = try SeriesStore.find(id: id, on: connection) else {
            throw ServiceError(.notFound, "no meeting series with id \(id); `circles action show ID` lists an action's series")
        }
        return series
    }

    static func replacingTime(of localStart: String, with time: String) throws -> String {
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]),
            let start = LocalDateTime(iso: localStart),
            let changed = LocalDateTime(date: start.date, hour: parts[0], minute: parts[1])
        else {
            throw DomainError(field: "time", "invalid start time \"\(time)\"; expected HH:MM such as 14:00")
        }
        return changed.description
    }

    /// Takes a deactivated person out of future meetings: their future facilitation turns pass
    /// to the rotation's next active person. (Attendee lists only ever include active people.)
    static func releaseFutureTurns(of person: Person, now: Date, on connection: isolated PostgresConnection) throws {
        let personID: ID<Person> = try stored(person.id)
        for series in try SeriesStore.involving(personID: personID, on: connection) {
            let seriesID: ID<MeetingSeries> = try stored(series.id)
            let members = try SeriesStore.rotation(seriesID: seriesID, on: connection).members
            guard let position = members.firstIndex(where: { $0.personID == person.id }) else { continue }
            // Their turn passes to the next active person after them in the rotation.
            let after = members[(position + 1)...] + members[..<position]
            try MeetingStore.reassignFacilitator(
                seriesID: seriesID, from: now, replacing: personID, with: try after.first(where: \.isActive).map { try stored($0.personID) },
                on: connection)
        }
    }
}
