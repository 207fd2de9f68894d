import CirclesDomain
import Foundation
import Postgres

extension OutboxStore {
    /// An open follow-up with a due date, and its owner's zone (for "due tomorrow" and "overdue").
    public struct DatedFollowUp: Sendable, Hashable {
        public let followUpID: String
        public let ownerID: String
        /// `YYYY-MM-DD`.
        public let dueOn: String
        public let ownerTimeZone: String

        /// Creates a dated follow-up value.
        public init(followUpID: String, ownerID: String, dueOn: String, ownerTimeZone: String) {
            self.followUpID = followUpID
            self.ownerID = ownerID
            self.dueOn = dueOn
            self.ownerTimeZone = ownerTimeZone
        }
    }

    /// Open follow-ups due on a day in `[from, through]` whose owner is active and takes email.
    public static func datedFollowUps(
        dueFrom from: PostgresDate, through: PostgresDate, on connection: isolated PostgresConnection
    ) throws -> [DatedFollowUp] {
        try connection.query("""
            SELECT f.id, f.owner_id, f.due_on, p.time_zone
            FROM follow_ups f JOIN people p ON p.id = f.owner_id AND p.active AND NOT p.email_opt_out
            WHERE f.status = 'open' AND f.due_on BETWEEN \(from) AND \(through)
            """).map { row in
                let (id, owner, due, zone) = try row.decode((UUID, UUID, PostgresDate, String).self)
                return DatedFollowUp(
                    followUpID: id.uuidString.lowercased(), ownerID: owner.uuidString.lowercased(), dueOn: due.description,
                    ownerTimeZone: zone)
            }
    }

    /// A team lead who takes email, and the team's zone (for the weekly digest).
    public struct TeamLead: Sendable, Hashable {
        public let teamID: String
        public let personID: String
        public let teamTimeZone: String

        /// Creates a team lead value.
        public init(teamID: String, personID: String, teamTimeZone: String) {
            self.teamID = teamID
            self.personID = personID
            self.teamTimeZone = teamTimeZone
        }
    }

    /// Every active team lead who has not opted out of email.
    public static func teamLeads(on connection: isolated PostgresConnection) throws -> [TeamLead] {
        try connection.query("""
            SELECT t.id, p.id, t.time_zone
            FROM team_memberships m
            JOIN teams t ON t.id = m.team_id
            JOIN people p ON p.id = m.person_id AND p.active AND NOT p.email_opt_out
            WHERE m.role = 'lead'
            """).map { row in
                let (team, person, zone) = try row.decode((UUID, UUID, String).self)
                return TeamLead(teamID: team.uuidString.lowercased(), personID: person.uuidString.lowercased(), teamTimeZone: zone)
            }
    }

    /// One person invited to one upcoming meeting, at the meeting's current SEQUENCE.
    public struct Invitee: Sendable, Hashable {
        public let meetingID: String
        public let personID: String
        public let sequence: Int
    }

    /// Scheduled meetings of active series starting in `(now, until]`, optionally of one series,
    /// soonest first: what the scheduling pass plans mail for, a few hundred at a time.
    public static func upcomingMeetingIDs(
        from now: Date, until: Date, seriesID: String? = nil, on connection: isolated PostgresConnection
    ) throws -> [String] {
        let series = seriesID.flatMap(UUID.init(uuidString:))
        return try connection.query("""
            SELECT o.id FROM occurrences o JOIN series s ON s.id = o.series_id AND s.status = 'active'
            WHERE o.status = 'scheduled' AND o.starts_at > \(now) AND o.starts_at <= \(until)
              AND (\(series)::uuid IS NULL OR o.series_id = \(series))
            ORDER BY o.starts_at, o.id
            """).map { try $0.decode(UUID.self, at: 0).uuidString.lowercased() }
    }

    /// Everyone to invite to these meetings, if still scheduled — invitees and facilitators who
    /// are active and take email.
    public static func meetingInvitees(meetingIDs: [String], on connection: isolated PostgresConnection) throws -> [Invitee] {
        guard !meetingIDs.isEmpty else { return [] }
        return try connection.query("""
            SELECT o.id, r.person_id, o.sequence
            FROM occurrences o
            JOIN series s ON s.id = o.series_id AND s.status = 'active'
            JOIN LATERAL (
                SELECT i.person_id FROM series_invitees i WHERE i.series_id = o.series_id
                UNION SELECT o.facilitator_id WHERE o.facilitator_id IS NOT NULL
            ) r ON true
            JOIN people p ON p.id = r.person_id AND p.active AND NOT p.email_opt_out
            WHERE o.id = ANY(\(meetingIDs)::uuid[]) AND o.status = 'scheduled'
            """).map { row in
                let (meeting, person, sequence) = try row.decode((UUID, UUID, Int).self)
                return Invitee(meetingID: meeting.uuidString.lowercased(), personID: person.uuidString.lowercased(), sequence: sequence)
            }
    }

    /// Who was sent an invitation to the meeting, or holds one being sent now (leased): the people
    /// whose calendars hold it, so the only ones a cancellation should reach.
    public static func announcedTo(meetingID: String, on connection: isolated PostgresConnection) throws -> [String] {
        try connection.query("""
            SELECT DISTINCT recipient_id FROM reminder_outbox
            WHERE occurrence_id = \(UUID(uuidString: meetingID)) AND kind = 'invitation' AND state IN ('sent', 'leased')
            ORDER BY recipient_id
            """).map { try $0.decode(UUID.self, at: 0).uuidString.lowercased() }
    }

    /// Whether `personID` is still invited to (or facilitating) the meeting.
    public static func isInvited(personID: String, meetingID: String, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (
                SELECT 1 FROM occurrences o
                WHERE o.id = \(UUID(uuidString: meetingID))
                  AND (o.facilitator_id = \(UUID(uuidString: personID))
                       OR EXISTS (SELECT 1 FROM series_invitees i
                                  WHERE i.series_id = o.series_id AND i.person_id = \(UUID(uuidString: personID)))))
            """)[0].decode(Bool.self, at: 0)
    }

    /// Whether `personID` leads `teamID`.
    public static func isLead(personID: String, teamID: String, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (SELECT 1 FROM team_memberships
                           WHERE team_id = \(UUID(uuidString: teamID)) AND person_id = \(UUID(uuidString: personID))
                             AND role = 'lead')
            """)[0].decode(Bool.self, at: 0)
    }

    /// Cancels a person's pending meeting reminders and invitations for a series' meetings they no
    /// longer attend (meetings they facilitate excepted), and returns the upcoming scheduled meetings they had been sent or
    /// promised an invitation to, so they can be told.
    public static func withdrawInvitations(
        personID: String, seriesID: String, after now: Date, on connection: isolated PostgresConnection
    ) throws -> [String] {
        let person = UUID(uuidString: personID)
        let series = UUID(uuidString: seriesID)
        let invited = try connection.query("""
            SELECT DISTINCT o.id FROM reminder_outbox r JOIN occurrences o ON o.id = r.occurrence_id
            WHERE r.recipient_id = \(person) AND o.series_id = \(series) AND r.kind = 'invitation'
              AND r.state IN ('sent', 'leased') AND o.status = 'scheduled' AND o.starts_at > \(now)
              AND o.facilitator_id IS DISTINCT FROM \(person)
            """).map { try $0.decode(UUID.self, at: 0).uuidString.lowercased() }
        try connection.execute("""
            UPDATE reminder_outbox r SET state = 'cancelled', last_error = 'the person is no longer invited'
            FROM occurrences o
            WHERE o.id = r.occurrence_id AND o.series_id = \(series) AND r.recipient_id = \(person)
              AND r.state = 'pending' AND r.kind IN ('meeting_reminder', 'invitation')
              AND o.facilitator_id IS DISTINCT FROM \(person)
            """)
        return invited
    }
}
