import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import Recurrence

extension CirclesServices {
    /// How to turn an action item into a meeting series.
    public struct ScheduleRequest: Sendable {
        /// The action item's id.
        public var actionID: String
        /// The series' title (default: the action item's title).
        public var title: String?
        /// An RFC 5545 RRULE, e.g. `FREQ=MONTHLY;BYDAY=2TU`.
        public var rule: String
        /// The first meeting's local start, `2026-12-08T14:00`.
        public var start: String
        /// IANA time zone (default: the team's).
        public var timeZone: String?
        /// Length, e.g. `90m` or `1h30m`; or give `endTime`.
        public var duration: String?
        /// Local end time of each meeting, `15:30`, instead of a duration.
        public var endTime: String?
        /// Where it happens.
        public var location: String?
        /// The link to join online.
        public var link: String?
        /// The owner's email (default: the person scheduling).
        public var ownerEmail: String?
        /// The facilitator rotation, in order.
        public var facilitatorEmails: [String]
        /// Named attendees.
        public var attendeeEmails: [String]
        /// Whether the whole team is invited, kept in step with membership.
        public var wholeTeam: Bool
        /// Reminder offsets, e.g. `2d,1h` (default).
        public var reminders: String?
        /// What happens to a meeting on a closed day (issue 16).
        public var onClosure: OnClosure = .skip
        /// Whether a moved meeting stays within its month.
        public var withinMonth = false

        public init(
            actionID: String, title: String? = nil, rule: String, start: String, timeZone: String? = nil,
            duration: String? = nil, endTime: String? = nil, location: String? = nil, link: String? = nil,
            ownerEmail: String? = nil, facilitatorEmails: [String] = [], attendeeEmails: [String] = [],
            wholeTeam: Bool = false, reminders: String? = nil, onClosure: OnClosure = .skip, withinMonth: Bool = false
        ) {
            self.onClosure = onClosure
            self.withinMonth = withinMonth
            self.actionID = actionID
            self.title = title
            self.rule = rule
            self.start = start
            self.timeZone = timeZone
            self.duration = duration
            self.endTime = endTime
            self.location = location
            self.link = link
            self.ownerEmail = ownerEmail
            self.facilitatorEmails = facilitatorEmails
            self.attendeeEmails = attendeeEmails
            self.wholeTeam = wholeTeam
            self.reminders = reminders
        }
    }

    /// A series and the meetings materialised for it.
    public struct ScheduledSeries: Sendable {
        public let series: MeetingSeries
        public let meetings: [Meeting]
    }

    /// Turns an action item into a meeting series and materialises its meetings up to the horizon.
    /// Administrators and the team's leads.
    public func scheduleAction(_ request: ScheduleRequest, as actorEmail: String, now: Date = Date()) async throws -> ScheduledSeries {
        let rule = try RecurrenceRule(parsing: request.rule).description
        guard let start = LocalDateTime(iso: request.start) else {
            throw DomainError(field: "start", "invalid start \"\(request.start)\"; expected the first meeting's local date and time, e.g. 2026-12-08T14:00")
        }
        let length = try Self.meetingLength(request, start: start)
        let reminders = try request.reminders.map { try ReminderOffsets(parsing: $0) } ?? defaultReminders
        let link = try request.link.map(Self.validateLink)
        let location = try TextRule.location.check(optional: request.location)
        let horizon = self.horizon
        let materialiseUntil = now.addingTimeInterval(horizon)
        let actionID: ID<ActionItem> = try Self.parsed(request.actionID, "action item")
        return try await perform(as: actorEmail, action: "action.schedule") { connection, actor in
            guard let item = try WorkshopStore.findAction(id: actionID, on: connection) else {
                throw ServiceError(.notFound, "no action item with id \(request.actionID); `circles action list --workshop …` shows them")
            }
            let workshop = try Self.workshop(item.workshopID, on: connection)
            let team = try Self.team(workshop.teamID, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "schedule meetings"))
            let zone = try TimeZoneName.validate(request.timeZone ?? team.timeZone)
            let owner = try request.ownerEmail.map { try Self.activePerson($0, role: "owner", on: connection) }?.id ?? actor.personID
            let facilitators: [ID<Person>] = try request.facilitatorEmails.map { try Self.stored(Self.activePerson($0, role: "facilitator", on: connection).id) }
            let attendees: [ID<Person>] = try request.attendeeEmails.map { try Self.stored(Self.activePerson($0, role: "attendee", on: connection).id) }
            var draft = MeetingSeries(
                id: "", teamID: team.id, actionItemID: item.id, title: try Self.validateTitle(request.title ?? item.title, field: "title"),
                rule: rule, exceptionDates: [], extraDates: [], firstLocalStart: start.description, timeZone: zone,
                durationMinutes: length.minutes, location: location, onlineURL: link, ownerID: owner,
                includeWholeTeam: request.wholeTeam, reminderOffsets: reminders.minutes,
                facilitatorReminderOffsets: facilitatorReminders.minutes, status: .active, version: 1, splitFrom: nil)
            draft.onClosure = request.onClosure
            draft.withinMonth = request.withinMonth
            // Refuse a rule that can never produce a meeting after the first (DTSTART always counts).
            let set = try MeetingPlanner.recurrenceSet(for: draft)
            if set.neverRecurs, set.rule?.count != 1 {
                throw DomainError(
                    field: "rule", "the rule \(rule) never produces a meeting after the first on \(start.date); check its BYxxx parts")
            }
            try MeetingPlanner.checkCadence(draft, now: now, horizon: horizon)
            let series = try SeriesStore.insert(draft, facilitatorIDs: facilitators, attendeeIDs: attendees, on: connection)
            try Self.materialise(series, through: materialiseUntil, on: connection)
            // Invitations to the first weeks' meetings go out with the series, not a pass later.
            try Self.enqueueInvitations(now: now, seriesID: try Self.stored(series.id), on: connection)
            let meetings = try MeetingStore.list(.series(Self.stored(series.id)), from: Date(timeIntervalSince1970: 0), to: materialiseUntil, on: connection)
            return ScheduledSeries(series: series, meetings: meetings)
        }
    }

    /// Creates a series' missing meetings from `from` (its start when nil) up to `until`, or up to
    /// how far the series was materialised already if that is further (a worker or `series extend`
    /// with a longer horizon): the pass extends only beyond that watermark, so stopping short of it
    /// after deleting meetings would leave a hole that nothing fills. Idempotent.
    @discardableResult
    static func materialise(
        _ series: MeetingSeries, from: Date? = nil, through horizon: Date, skippingDates: Set<String> = [],
        on connection: isolated PostgresConnection
    ) throws -> Int {
        let seriesID: ID<MeetingSeries> = try stored(series.id)
        let until = max(horizon, try SeriesStore.materialisedUntil(seriesID: seriesID, on: connection) ?? horizon)
        let rotation = try SeriesStore.rotation(seriesID: seriesID, on: connection)
        let closures = try closurePlanner(for: series, on: connection)
        let schedule = try MeetingPlanner.schedule(series, rotation: rotation, closures: closures, from: from, through: until)
        // Days kept by an earlier meeting of the series (by the rule's original date) get no new one.
        let planned = schedule.planned.filter { !skippingDates.contains(localDate($0.originalStart, zone: series.timeZone).description) }
        let skipped = schedule.skipped.filter { !skippingDates.contains(String($0.localStart.prefix(10))) }
        let created = try MeetingStore.insert(planned, on: connection)
        try MeetingStore.insertSkipped(skipped, on: connection)
        try SeriesStore.setMaterialisedUntil(seriesID: seriesID, until, on: connection)
        return created
    }

    static func activePerson(_ email: String, role: String, on connection: isolated PostgresConnection) throws -> Person {
        let address = try EmailAddress(email).value
        guard let person = try PeopleStore.find(email: address, on: connection) else {
            throw ServiceError(.notFound, "unknown \(role) \(address): no person with that email")
        }
        guard person.active else { throw ServiceError(.invalid, "\(role) \(address) has been deactivated") }
        return person
    }

    static func meetingLength(_ request: ScheduleRequest, start: LocalDateTime) throws -> MeetingLength {
        switch (request.duration, request.endTime) {
        case (let duration?, nil):
            return try MeetingLength(parsing: duration)
        case (nil, let end?):
            let parts = end.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
                throw DomainError(field: "end", "invalid end time \"\(end)\"; expected HH:MM such as 15:30")
            }
            let minutes = parts[0] * 60 + parts[1] - (start.hour * 60 + start.minute)
            guard minutes > 0 else {
                throw DomainError(
                    field: "end",
                    "the meeting would end at \(end), before it starts at \(String(format: "%02d:%02d", start.hour, start.minute)); give an end time after the start or a --duration")
            }
            return try MeetingLength(minutes: minutes)
        case (nil, nil):
            throw DomainError(field: "duration", "say how long meetings last: --duration 90m or --end 15:30")
        case (_?, _?):
            throw DomainError(field: "duration", "give either --duration or --end, not both")
        }
    }

    static func validateLink(_ text: String) throws -> String {
        let link = try TextRule.link.check(text)
        guard let url = URL(string: link), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil,
            !link.contains(where: \.isWhitespace)
        else {
            throw DomainError(field: "link", "invalid meeting link \"\(text)\"; expected a web address such as https://meet.example.org/peer-support")
        }
        return link
    }
}
