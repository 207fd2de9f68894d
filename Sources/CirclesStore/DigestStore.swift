import CirclesDomain
import Foundation
import Postgres

/// What a team lead's weekly digest reports, read fresh when the digest is sent.
public struct TeamDigestFacts: Sendable, Hashable {
    /// A meeting in the digest.
    public struct Meeting: Sendable, Hashable {
        public let title: String
        public let startsAt: Date
        public let endsAt: Date
        public let facilitatorName: String?
        /// For cancelled meetings.
        public let cancelReason: String?
        /// For held meetings: how many attended, and how many attendance records there are.
        public let attended: Int
        public let recorded: Int
        /// For upcoming meetings: how many are invited now, and how many have said they will come.
        public var invited = 0
        public var coming = 0

        /// Whether fewer than half of those invited have said they will come (upcoming meetings).
        public var fewComing: Bool { invited > 0 && coming * 2 < invited }
    }

    /// An overdue follow-up.
    public struct OverdueFollowUp: Sendable, Hashable {
        public let title: String
        public let ownerName: String
        /// `YYYY-MM-DD`.
        public let dueOn: String
    }

    public let teamName: String
    public let teamTimeZone: String
    /// Scheduled meetings in the coming week, soonest first.
    public let upcoming: [Meeting]
    /// Meetings cancelled in the past week.
    public let cancelled: [Meeting]
    /// Meetings held in the past week where fewer than half of those recorded attended.
    public let lowAttendance: [Meeting]
    /// Open follow-ups past their due date, oldest first.
    public let overdue: [OverdueFollowUp]
}

/// SQL for the weekly digest.
public enum DigestStore {
    /// The digest for `teamID` around `now`: the week before and the week after; nil if no such team.
    public static func facts(teamID: ID<Team>, now: Date, today: PostgresDate, on connection: isolated PostgresConnection) throws
        -> TeamDigestFacts?
    {
        let team = teamID
        guard let header = try connection.query("SELECT name, time_zone FROM teams WHERE id = \(team)").first else { return nil }
        let (name, zone) = try header.decode((String, String).self)
        let weekAgo = now.addingTimeInterval(-7 * 86_400)
        let weekAhead = now.addingTimeInterval(7 * 86_400)
        let meetings = try connection.query("""
            SELECT s.title, o.starts_at, o.ends_at, f.display_name, o.status, o.cancel_reason,
                   (SELECT count(*) FROM attendance a WHERE a.occurrence_id = o.id AND a.status = 'attended')::int8,
                   (SELECT count(*) FROM attendance a WHERE a.occurrence_id = o.id)::int8,
                   o.cancelled_at,
                   (SELECT count(*) FROM series_invitees i WHERE i.series_id = o.series_id)::int8,
                   (SELECT count(*) FROM meeting_responses r JOIN series_invitees i ON i.series_id = o.series_id AND i.person_id = r.person_id
                    WHERE r.occurrence_id = o.id AND r.answer = 'accepted')::int8
            FROM occurrences o
            JOIN series s ON s.id = o.series_id AND s.team_id = \(team)
            LEFT JOIN people f ON f.id = o.facilitator_id
            WHERE (o.status = 'scheduled' AND o.starts_at > \(now) AND o.starts_at <= \(weekAhead))
               OR (o.status = 'cancelled' AND (o.cancelled_at > \(weekAgo) OR o.starts_at BETWEEN \(weekAgo) AND \(now)))
               OR (o.status = 'held' AND o.starts_at > \(weekAgo) AND o.starts_at <= \(now))
            ORDER BY o.starts_at
            """)
        var upcoming: [TeamDigestFacts.Meeting] = []
        var cancelled: [TeamDigestFacts.Meeting] = []
        var low: [TeamDigestFacts.Meeting] = []
        for row in meetings {
            let (title, starts, ends, facilitator, status, reason, attended, recorded, _) = try row.decode(
                (String, Date, Date, String?, String, String?, Int, Int, Date?).self)
            var meeting = TeamDigestFacts.Meeting(
                title: title, startsAt: starts, endsAt: ends, facilitatorName: facilitator, cancelReason: reason,
                attended: attended, recorded: recorded)
            meeting.invited = try row.decode(Int.self, at: 9)
            meeting.coming = try row.decode(Int.self, at: 10)
            switch status {
            case "scheduled": upcoming.append(meeting)
            case "cancelled": cancelled.append(meeting)
            default: if recorded > 0 && attended * 2 < recorded { low.append(meeting) }
            }
        }
        let overdue = try connection.query("""
            SELECT DISTINCT f.id, f.title, p.display_name, f.due_on, f.created_at
            FROM follow_ups f
            JOIN people p ON p.id = f.owner_id
            LEFT JOIN occurrences o ON o.id = f.origin_occurrence_id
            LEFT JOIN series s ON s.id = o.series_id
            LEFT JOIN action_items a ON a.id = coalesce(f.origin_action_item_id, s.action_item_id)
            LEFT JOIN workshops w ON w.id = a.workshop_id
            WHERE f.status = 'open' AND f.due_on < \(today) AND (s.team_id = \(team) OR w.team_id = \(team))
            ORDER BY f.due_on, f.created_at, f.id
            """).map { row in
                let (_, title, owner, due, _) = try row.decode((UUID, String, String, PostgresDate, Date).self)
                return TeamDigestFacts.OverdueFollowUp(title: title, ownerName: owner, dueOn: due.description)
            }
        return TeamDigestFacts(
            teamName: name, teamTimeZone: zone, upcoming: upcoming, cancelled: cancelled, lowAttendance: low, overdue: overdue)
    }
}
