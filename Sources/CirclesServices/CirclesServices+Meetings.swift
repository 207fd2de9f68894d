import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import Recurrence

extension CirclesServices {
    /// A meeting as people read it: local time in its zone, series title, facilitator's name.
    public struct MeetingView: Sendable, Hashable, Codable {
        public let meeting: Meeting
        public let seriesTitle: String
        public let timeZone: String
        public let facilitatorName: String?
        public let location: String?
        /// Set for an instance that was never a meeting because its day was closed: the engine's
        /// reason (`closed`, `no-open-day-nearby`, `outside-month`, `day-taken`); the closure's own
        /// words are in `meeting.closureReason`.
        public var skipReason: String? = nil
    }

    /// Which meetings to list: a team's, a person's or a series'.
    public enum MeetingScope: Sendable {
        case team(String)
        case person(String)
        case series(ID<MeetingSeries>)
    }

    /// Meetings starting in `[from, to)`, in time order.
    public func listMeetings(_ scope: MeetingScope, from: Date, to: Date, as actorEmail: String) async throws -> [MeetingView] {
        guard from < to else {
            throw DomainError(field: "window", "the listing would end before it starts; give --from before --to")
        }
        return try await read(as: actorEmail) { connection, actor in
            let storeScope: MeetingStore.Scope
            var otherTeamsHidden = false
            switch scope {
            case .team(let name):
                let team = try Self.team(name, on: connection)
                try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "meetings")))
                storeScope = .team(try Self.stored(team.id))
            case .person(let email):
                guard let person = try PeopleStore.find(email: email, on: connection) else {
                    // Refused before "unknown", so the answer does not tell who is in Circles.
                    try AccessPolicy.authorize(actor, .read(.meetingsOf(personID: "", email: email, teamIDs: [])))
                    throw ServiceError.unknownPerson(email)
                }
                let teams = Set(try PeopleStore.teamIDs(of: try Self.stored(person.id), on: connection))
                try AccessPolicy.authorize(actor, .read(.meetingsOf(personID: person.id, email: person.email, teamIDs: teams)))
                storeScope = .person(try Self.stored(person.id))
                // A lead sees the person's meetings in the teams the lead is in, not in their other teams.
                otherTeamsHidden = person.id != actor.personID
            case .series(let id):
                guard let series = try SeriesStore.find(id: id, on: connection) else {
                    throw ServiceError(.notFound, "no meeting series with id \(id)")
                }
                let team = try Self.team(series.teamID, on: connection)
                try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "meetings")))
                storeScope = .series(try Self.stored(series.id))
            }
            var meetings = try MeetingStore.list(storeScope, from: from, to: to, on: connection)
            var skipped = try MeetingStore.listSkipped(storeScope, from: from, to: to, on: connection)
            if otherTeamsHidden {
                var readable: [String: Bool] = [:]
                for seriesID in Set(meetings.map(\.seriesID) + skipped.map(\.seriesID)) {
                    let teamID = try SeriesStore.find(id: try Self.stored(seriesID), on: connection)?.teamID ?? ""
                    readable[seriesID] = AccessPolicy.permits(actor, .read(.team(teamID: teamID, teamName: "", what: "meetings")))
                }
                meetings = meetings.filter { readable[$0.seriesID] == true }
                skipped = skipped.filter { readable[$0.seriesID] == true }
            }
            let views = try Self.views(of: meetings, on: connection)
            guard !skipped.isEmpty else { return views }
            return (views + (try Self.views(ofSkipped: skipped, on: connection))).sorted { $0.meeting.startsAt < $1.meeting.startsAt }
        }
    }

    /// Cancels one meeting, saying why. Administrators and the team's leads.
    public func cancelMeeting(_ meetingID: String, reason: String, as actorEmail: String, now: Date = Date()) async throws -> MeetingView {
        let reason = try TextRule.reason.check(reason)
        guard !reason.isEmpty else { throw DomainError(field: "reason", "cancelling a meeting needs a reason (--reason \"…\")") }
        return try await changeMeeting(meetingID, action: "meeting.cancel", what: "cancel meetings", as: actorEmail) { meeting, _, connection in
            guard meeting.status == .scheduled else {
                throw ServiceError(.invalid, "this meeting is already \(meeting.status.rawValue) and cannot be cancelled")
            }
            // Only those who were told about it hear it is off; pending invitations are simply
            // cancelled (by trigger), as a series change withdraws meetings.
            let id: ID<Meeting> = try Self.stored(meeting.id)
            let announced = try OutboxStore.announcedTo(meetingID: id, on: connection)
            try MeetingStore.cancel(id: id, reason: reason, on: connection)
            try Self.enqueueNotices(.cancellation, about: id, to: announced, now: now, on: connection)
        }
    }

    /// Moves one meeting to a new local start (keeping its length). Administrators and the team's leads.
    public func moveMeeting(_ meetingID: String, to newStart: String, as actorEmail: String, now: Date = Date()) async throws -> MeetingView {
        guard let local = LocalDateTime(iso: newStart) else {
            throw DomainError(field: "start", "invalid start \"\(newStart)\"; expected a local date and time such as 2027-01-12T14:00")
        }
        return try await changeMeeting(meetingID, action: "meeting.move", what: "move meetings", as: actorEmail) { meeting, series, connection in
            guard meeting.status == .scheduled else {
                throw ServiceError(.invalid, "this meeting is \(meeting.status.rawValue); only a scheduled meeting can be moved")
            }
            let set = try RecurrenceSet(start: local, timeReference: .zone(series.timeZone), rule: nil)
            guard let instant = set.first(1).first else {
                throw DomainError(field: "start", "\(newStart) does not exist in \(series.timeZone)")
            }
            guard instant.date > now else {
                throw DomainError(field: "start", "a meeting can only be moved to a time in the future")
            }
            let length = meeting.endsAt.timeIntervalSince(meeting.startsAt)
            let id: ID<Meeting> = try Self.stored(meeting.id)
            try MeetingStore.move(
                id: id, localStart: instant.local.description, startsAt: instant.date,
                endsAt: instant.date.addingTimeInterval(length), on: connection)
            try Self.enqueueNotices(.invitation, about: id, now: now, on: connection)
        }
    }

    /// Runs a change to one meeting after checking the actor may make it; returns the result as people read it.
    func changeMeeting(
        _ meetingID: String, action: String, what: String, as actorEmail: String,
        _ change: @escaping @Sendable (Meeting, MeetingSeries, isolated PostgresConnection) throws -> Void
    ) async throws -> MeetingView {
        let id: ID<Meeting> = try Self.parsed(meetingID, "meeting")
        return try await perform(as: actorEmail, action: action) { connection, actor in
            let (meeting, series, team) = try Self.meetingContext(id, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: what))
            try change(meeting, series, connection)
            guard let changed = try MeetingStore.find(id: id, on: connection) else {
                throw ServiceError(.notFound, "no meeting with id \(meetingID)")
            }
            return try Self.views(of: [changed], on: connection)[0]
        }
    }

    /// Tells people about a change, in the same transaction: an updated invitation after a move
    /// (to everyone invited, and the facilitator), a cancellation after a cancel (to `recipients`,
    /// those who were sent the invitation). Keyed by the meeting's new SEQUENCE, so each change is
    /// announced once per person.
    static func enqueueNotices(
        _ kind: ReminderKind, about meetingID: ID<Meeting>, to recipients: [String]? = nil, now: Date, on connection: isolated PostgresConnection
    ) throws {
        guard let meeting = try MeetingStore.find(id: meetingID, on: connection) else { return }
        var recipients = try recipients ?? SeriesStore.invitees(seriesID: try stored(meeting.seriesID), on: connection).filter { !$0.emailOptOut }.map(\.id)
        if kind != .cancellation, let facilitator = meeting.facilitatorID, !recipients.contains(facilitator) { recipients.append(facilitator) }
        try OutboxStore.enqueue(
            recipients.compactMap { person in
                IdempotencyKey.notice(kind, meetingID: meeting.id, personID: person, sequence: meeting.sequence).map { key in
                    PlannedReminder(idempotencyKey: key, kind: kind, recipientID: person, occurrenceID: meeting.id, dueAt: now)
                }
            }, on: connection)
    }

    /// Skipped instances shown as meetings that did not happen, for listings.
    static func views(ofSkipped skipped: [MeetingStore.Skipped], on connection: isolated PostgresConnection) throws -> [MeetingView] {
        var seriesCache: [String: MeetingSeries] = [:]
        return try skipped.map { skip in
            let series: MeetingSeries
            if let cached = seriesCache[skip.seriesID] {
                series = cached
            } else {
                series = try Self.series(try stored(skip.seriesID), on: connection)
                seriesCache[skip.seriesID] = series
            }
            var meeting = Meeting(
                id: "", seriesID: skip.seriesID, originalStart: skip.originalStart, localStart: skip.localStart, startsAt: skip.originalStart,
                endsAt: skip.originalStart.addingTimeInterval(TimeInterval(series.durationMinutes * 60)), status: .cancelled, movedFrom: nil,
                cancelReason: nil, facilitatorID: nil, sequence: 0)
            meeting.closureReason = skip.closureReason
            return MeetingView(
                meeting: meeting, seriesTitle: series.title, timeZone: series.timeZone, facilitatorName: nil,
                location: series.location ?? series.onlineURL, skipReason: skip.skipReason)
        }
    }

    static func meetingContext(_ meetingID: ID<Meeting>, on connection: isolated PostgresConnection) throws -> (Meeting, MeetingSeries, Team) {
        guard let meeting = try MeetingStore.find(id: meetingID, on: connection),
            let series = try SeriesStore.find(id: try stored(meeting.seriesID), on: connection)
        else {
            throw ServiceError(.notFound, "no meeting with id \(meetingID); `circles meeting list --team …` shows them")
        }
        return (meeting, series, try team(series.teamID, on: connection))
    }

    static func views(of meetings: [Meeting], on connection: isolated PostgresConnection) throws -> [MeetingView] {
        var seriesCache: [String: MeetingSeries] = [:]
        var names: [String: String] = [:]
        return try meetings.map { meeting in
            let series: MeetingSeries
            if let cached = seriesCache[meeting.seriesID] {
                series = cached
            } else {
                guard let found = try SeriesStore.find(id: try stored(meeting.seriesID), on: connection) else {
                    throw ServiceError(.notFound, "no meeting series with id \(meeting.seriesID)")
                }
                seriesCache[meeting.seriesID] = found
                series = found
            }
            var facilitator: String?
            if let id = meeting.facilitatorID {
                if names[id] == nil { names[id] = try PeopleStore.find(id: try stored(id), on: connection)?.displayName }
                facilitator = names[id]
            }
            return MeetingView(
                meeting: meeting, seriesTitle: series.title, timeZone: series.timeZone, facilitatorName: facilitator,
                location: series.location ?? series.onlineURL)
        }
    }
}
