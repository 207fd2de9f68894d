import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// What happened at a meeting.
    public struct HeldMeeting: Sendable {
        /// Attendance by email: attended, apologies or absent. Invitees not named are recorded as
        /// apologies when they answered "can't make it" before the meeting, else absent.
        public var attendance: [String: String]
        /// Short notes (kept private; never sent in email).
        public var notes: String?

        public init(attendance: [String: String], notes: String? = nil) {
            self.attendance = attendance
            self.notes = notes
        }
    }

    /// Records a meeting as held with attendance and notes. Administrators, the team's leads
    /// and the meeting's facilitator.
    public func holdMeeting(_ meetingID: String, _ held: HeldMeeting, as actorEmail: String, now: Date = Date()) async throws -> MeetingView {
        let parsed = try held.attendance.map { (try EmailAddress($0.key).value, try AttendanceStatus(parsing: $0.value)) }
        let notes = try TextRule.notes.check(optional: held.notes)
        let id: ID<Meeting> = try Self.parsed(meetingID, "meeting")
        return try await perform(as: actorEmail, action: "meeting.hold") { connection, actor in
            let (meeting, series, team) = try Self.meetingContext(id, on: connection)
            try AccessPolicy.authorize(actor, .recordMeeting(teamID: team.id, teamName: team.name, facilitatorID: meeting.facilitatorID))
            guard meeting.status != .cancelled else {
                throw ServiceError(.invalid, "this meeting was cancelled (\(meeting.cancelReason ?? "no reason given")); it cannot be recorded as held")
            }
            guard meeting.startsAt <= now else {
                throw ServiceError(.invalid, "this meeting has not started yet; record it once it has taken place")
            }
            var records: [(personID: ID<Person>, status: AttendanceStatus)] = []
            for (email, status) in parsed {
                guard let person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
                records.append((try Self.stored(person.id), status))
            }
            // Invitees the facilitator did not name: apologies when they said beforehand that they
            // could not come, else absent. What the facilitator records wins.
            let named = Set(records.map(\.personID))
            let declined = try ResponseSummaryStore.declinedInAdvance(meeting: id, on: connection)
            for invitee in try SeriesStore.invitees(seriesID: try Self.stored(series.id), on: connection) {
                let inviteeID: ID<Person> = try Self.stored(invitee.id)
                if !named.contains(inviteeID) { records.append((inviteeID, declined.contains(inviteeID) ? .apologies : .absent)) }
            }
            try MeetingStore.hold(id: id, notes: notes, attendance: records, on: connection)
            guard let changed = try MeetingStore.find(id: id, on: connection) else {
                throw ServiceError(.notFound, "no meeting with id \(meetingID)")
            }
            return try Self.views(of: [changed], on: connection)[0]
        }
    }

    /// Adds a follow-up from a meeting. Administrators, the team's leads and the meeting's facilitator.
    public func addFollowUp(meeting meetingID: String, title: String, ownerEmail: String, due: String?, as actorEmail: String) async throws -> FollowUp {
        let title = try Self.validateTitle(title, field: "title")
        let dueDate = try due.map { try Self.parseDate($0, field: "due date") }
        let id: ID<Meeting> = try Self.parsed(meetingID, "meeting")
        return try await perform(as: actorEmail, action: "followup.add") { connection, actor in
            let (meeting, series, team) = try Self.meetingContext(id, on: connection)
            try AccessPolicy.authorize(actor, .recordMeeting(teamID: team.id, teamName: team.name, facilitatorID: meeting.facilitatorID))
            let owner = try Self.activePerson(ownerEmail, role: "owner", on: connection)
            return try FollowUpStore.insert(
                title: title, ownerID: try Self.stored(owner.id), dueOn: dueDate, meetingID: id,
                actionID: try series.actionItemID.map { try Self.stored($0) }, on: connection)
        }
    }

    /// Completes (`done`) or drops a follow-up; dropping needs a reason. Administrators, the
    /// team's leads and the follow-up's owner.
    public func closeFollowUp(_ followUpID: String, as status: FollowUpStatus, reason: String?, by actorEmail: String) async throws -> FollowUp {
        guard status != .open else { throw DomainError(field: "status", "a follow-up can be closed as done or dropped") }
        let reason = try TextRule.reason.check(optional: reason)
        if status == .dropped, reason == nil {
            throw DomainError(field: "reason", "dropping a follow-up needs a reason (--reason \"…\")")
        }
        let id: ID<FollowUp> = try Self.parsed(followUpID, "follow-up")
        return try await perform(as: actorEmail, action: "followup.\(status.rawValue)") { connection, actor in
            guard var followUp = try FollowUpStore.find(id: id, on: connection) else {
                throw ServiceError(.notFound, "no follow-up with id \(followUpID)")
            }
            guard followUp.status == .open else {
                throw ServiceError(.invalid, "this follow-up is already \(followUp.status.rawValue)")
            }
            let team = try Self.followUpTeam(followUp, on: connection)
            try AccessPolicy.authorize(actor, .closeFollowUp(teamID: team.id, teamName: team.name, ownerID: followUp.ownerID))
            try FollowUpStore.close(id: id, status: status, reason: status == .dropped ? reason : nil, on: connection)
            followUp.status = status
            return followUp
        }
    }

    /// The next meeting's agenda: the open follow-ups raised at earlier meetings of its series.
    public func agenda(meeting meetingID: String, as actorEmail: String) async throws -> [FollowUp] {
        let id: ID<Meeting> = try Self.parsed(meetingID, "meeting")
        return try await read(as: actorEmail) { connection, actor in
            let (meeting, series, team) = try Self.meetingContext(id, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "agendas")))
            return try FollowUpStore.openBefore(seriesID: try Self.stored(series.id), before: meeting.startsAt, on: connection)
        }
    }

    static func followUpTeam(_ followUp: FollowUp, on connection: isolated PostgresConnection) throws -> Team {
        if let meetingID = followUp.originMeetingID {
            return try meetingContext(try stored(meetingID), on: connection).2
        }
        guard let actionID = followUp.originActionID, let item = try WorkshopStore.findAction(id: try stored(actionID), on: connection) else {
            throw ServiceError(.notFound, "the follow-up \(followUp.id) has no meeting or action")
        }
        return try team(try workshop(item.workshopID, on: connection).teamID, on: connection)
    }
}
