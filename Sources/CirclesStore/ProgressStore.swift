import CirclesDomain
import Foundation
import Postgres

/// Reads the facts behind the progress report in a few set-based statements — one per kind of
/// fact, whatever the number of teams — each cut off at every team's own as-of moment.
///
/// Every statement starts from the same `scope` (the teams asked for, each with its cutoff:
/// the given instant, or the end of the given day in the team's zone). Days travel as whole
/// days since 1970-01-01 and identifiers as text, which keeps decoding cheap for `--all`.
public enum ProgressStore {
    /// Which teams and actions the report covers.
    public struct Scope: Sendable, Hashable {
        /// One team, or every team when nil.
        public var teamID: ID<Team>?
        /// Only this workshop's actions (and their series), when set.
        public var workshopID: ID<Workshop>?
        /// Public for the service layer.
        public init(teamID: ID<Team>?, workshopID: ID<Workshop>?) {
            self.teamID = teamID
            self.workshopID = workshopID
        }
    }

    /// The report's moment: an instant (now), or the end of a day in each team's zone.
    public enum Cutoff: Sendable, Hashable {
        case instant(Date)
        case endOfDay(PostgresDate)
    }

    /// Everything the report needs, as of the cutoff, read on one connection.
    public static func facts(
        _ scope: Scope, cutoff: Cutoff, on connection: isolated PostgresConnection
    ) throws -> ProgressFacts {
        let parameters = Parameters(scope, cutoff)
        try sortInMemory(on: connection)
        let plan = try plan(parameters, on: connection)
        return assemble(plan, try attendanceTracks(parameters, on: connection))
    }

    /// Everything the report needs, as of the cutoff, read on two connections at once: the
    /// attendance half on `helper`, in the snapshot of `connection`'s transaction — which must
    /// be REPEATABLE READ (see `PostgresConnection.withReadOnlySnapshot`), so that every
    /// statement on both sees the same moment. About halves the time for every team.
    public static func facts(
        _ scope: Scope, cutoff: Cutoff, on connection: isolated PostgresConnection, alongside helper: PostgresConnection
    ) async throws -> ProgressFacts {
        let parameters = Parameters(scope, cutoff)
        let snapshot = try connection.exportSnapshot()
        async let tracks = helper.withReadOnlySnapshot(importing: snapshot) { helper in
            try sortInMemory(on: helper)
            return try attendanceTracks(parameters, on: helper)
        }
        try sortInMemory(on: connection)
        let plan = try plan(parameters, on: connection)
        return assemble(plan, try await tracks)
    }

    /// The per-series and per-person aggregates sort a few hundred thousand rows for every team:
    /// let them sort in memory rather than on disk, for this transaction only.
    static func sortInMemory(on connection: isolated PostgresConnection) throws {
        try connection.execute("SET LOCAL work_mem = '64MB'")
    }

    /// Teams, workshops, actions, series, follow-ups, meetings and members.
    struct Plan {
        var teams: [ProgressFacts.Team]
        var workshops: [ProgressFacts.Workshop]
        var actions: [ProgressFacts.Action]
        var series: [ProgressFacts.Series]
        var followUps: [ProgressFacts.FollowUp]
        var meetings: [String: SeriesMeetings]
        var members: [ProgressFacts.Member]
        /// Whether the members' last attended days are still to come from the attendance tracks.
        var membersAwaitAttendance: Bool
    }

    static func plan(_ p: Parameters, on connection: isolated PostgresConnection) throws -> Plan {
        let (workshops, actions) = try workshopsAndActions(p, on: connection)
        // Without a workshop filter the attendance scan sees every team meeting, so it also gives
        // coverage's "last attended"; with one, coverage reads the team's meetings itself.
        let members = p.workshop == nil ? try membersWithoutAttendance(p, on: connection) : try members(p, on: connection)
        return Plan(
            teams: try peerPairs(p, teams: try teams(p, on: connection), on: connection), workshops: workshops, actions: actions, series: try series(p, on: connection),
            followUps: try followUps(p, on: connection), meetings: try meetings(p, on: connection), members: members,
            membersAwaitAttendance: p.workshop == nil)
    }

    static func assemble(_ plan: consuming Plan, _ tracks: consuming [TrackRow]) -> ProgressFacts {
        var members = plan.members
        if plan.membersAwaitAttendance {
            let lastAttended = lastAttended(tracks)
            let missed = missedDays(tracks, meetings: plan.meetings)
            for index in members.indices {
                let key = MemberKey(team: members[index].teamID, person: members[index].personID)
                // The member's last pair meeting (read with them) or last team meeting, whichever is later.
                let meeting = lastAttended[key]
                members[index].lastAttended = [meeting, members[index].lastAttended].compactMap { $0 }.max()
                members[index].apologyDays = missed[key]?.apologies ?? []
                members[index].absentDays = missed[key]?.absent ?? []
            }
        }
        let attendance = combine(meetings: plan.meetings, tracks: tracks)
        return ProgressFacts(
            teams: plan.teams, workshops: plan.workshops, actions: plan.actions, series: plan.series, meetings: attendance.meetings,
            attendance: attendance.tracks, followUps: plan.followUps, members: members)
    }

    /// Only what peer-support coverage needs: the teams and their members' last attended meetings.
    public static func coverageFacts(_ scope: Scope, cutoff: Cutoff, on connection: isolated PostgresConnection) throws -> ProgressFacts {
        let parameters = Parameters(scope, cutoff)
        return ProgressFacts(teams: try teams(parameters, on: connection), members: try members(parameters, on: connection))
    }

    struct Parameters: Sendable {
        let team: ID<Team>?
        let workshop: ID<Workshop>?
        let instant: Date?
        let day: PostgresDate?

        init(_ scope: Scope, _ cutoff: Cutoff) {
            team = scope.teamID
            workshop = scope.workshopID
            switch cutoff {
            case .instant(let date): (instant, day) = (date, nil)
            case .endOfDay(let date): (instant, day) = (nil, date)
            }
        }
    }

    static func day(_ value: Int) -> CalendarDay { CalendarDay(ordinal: value) }

    static func teams(_ p: Parameters, on connection: isolated PostgresConnection) throws -> [ProgressFacts.Team] {
        try connection.query("""
            SELECT t.id::text, t.name, t.time_zone,
                   ((c.cutoff - interval '1 microsecond') AT TIME ZONE t.time_zone)::date - DATE '1970-01-01'
            FROM teams t
            CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
            WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            """).map { row in
                let (id, name, zone, asOf) = try row.decode((String, String, String, Int).self)
                return ProgressFacts.Team(id: id, name: name, timeZone: zone, asOf: day(asOf))
            }
    }

    static func workshopsAndActions(
        _ p: Parameters, on connection: isolated PostgresConnection
    ) throws -> ([ProgressFacts.Workshop], [ProgressFacts.Action]) {
        var workshops: [String: ProgressFacts.Workshop] = [:]
        var actions: [ProgressFacts.Action] = []
        let rows = try connection.query("""
            WITH scope AS (
                SELECT t.id AS team_id, t.time_zone AS zone, c.cutoff,
                       ((c.cutoff - interval '1 microsecond') AT TIME ZONE t.time_zone)::date AS as_of
                FROM teams t
                CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                    ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
                WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            )
            SELECT w.id::text, w.team_id::text, w.title, w.held_on - DATE '1970-01-01',
                   a.id::text, a.title, a.perspective, p.display_name, a.due_on - DATE '1970-01-01',
                   h.to_status, (h.changed_at AT TIME ZONE sc.zone)::date - DATE '1970-01-01', h.reason
            FROM scope sc
            JOIN workshops w ON w.team_id = sc.team_id AND w.held_on <= sc.as_of
            LEFT JOIN action_items a ON a.workshop_id = w.id
            LEFT JOIN people p ON p.id = a.owner_id
            LEFT JOIN LATERAL (
                SELECT x.to_status, x.changed_at, x.reason FROM action_item_status_history x
                WHERE x.action_item_id = a.id AND x.changed_at < sc.cutoff
                ORDER BY x.changed_at DESC, x.id DESC LIMIT 1
            ) h ON true
            WHERE (\(p.workshop)::uuid IS NULL OR w.id = \(p.workshop))
            ORDER BY w.held_on, w.title, a.created_at, a.title
            """)
        for row in rows {
            let (workshopID, teamID, title, heldOn) = try row.decode((String, String, String, Int).self)
            if workshops[workshopID] == nil {
                workshops[workshopID] = ProgressFacts.Workshop(id: workshopID, teamID: teamID, title: title, heldOn: day(heldOn))
            }
            guard let actionID = try row.decode(String?.self, at: 4) else { continue }
            let status = try row.decode(ActionStatus?.self, at: 9) ?? .open
            actions.append(
                ProgressFacts.Action(
                    id: actionID, workshopID: workshopID, title: try row.decode(String.self, at: 5),
                    perspective: try row.decode(Perspective.self, at: 6),
                    owner: try row.decode(String?.self, at: 7), dueOn: try row.decode(Int?.self, at: 8).map(day), status: status,
                    statusSince: try row.decode(Int?.self, at: 10).map(day),
                    dropReason: status == .dropped ? try row.decode(String?.self, at: 11) : nil))
        }
        return (workshops.values.sorted { $0.id < $1.id }, actions)
    }

    static func series(_ p: Parameters, on connection: isolated PostgresConnection) throws -> [ProgressFacts.Series] {
        try connection.query("""
            SELECT s.id::text, s.team_id::text, s.action_item_id::text, s.title, s.rrule, s.status,
                   s.first_local_start::date - DATE '1970-01-01'
            FROM teams t JOIN series s ON s.team_id = t.id
            WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
              AND (\(p.workshop)::uuid IS NULL
                   OR s.action_item_id IN (SELECT id FROM action_items WHERE workshop_id = \(p.workshop)))
            """).map { row in
                let (id, team, action, title, rule, status, first) = try row.decode((String, String, String?, String, String, SeriesStatus, Int).self)
                return ProgressFacts.Series(
                    id: id, teamID: team, actionID: action, title: title, rule: rule,
                    status: status, firstDay: day(first))
            }
    }

    struct MemberKey: Hashable {
        let team: String
        let person: String
    }

    static func followUps(_ p: Parameters, on connection: isolated PostgresConnection) throws -> [ProgressFacts.FollowUp] {
        try connection.query("""
            WITH scope AS MATERIALIZED (
                SELECT t.id AS team_id, t.time_zone AS zone, c.cutoff
                FROM teams t
                CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                    ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
                WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            ),
            raised AS (
                SELECT f.*, sc.team_id, sc.zone, sc.cutoff,
                       coalesce(f.origin_action_item_id, s.action_item_id) AS action_id, o.local_start::date AS raised_on
                FROM scope sc
                JOIN series s ON s.team_id = sc.team_id
                JOIN occurrences o ON o.series_id = s.id AND o.starts_at < sc.cutoff
                JOIN follow_ups f ON f.origin_occurrence_id = o.id
                UNION ALL
                SELECT f.*, sc.team_id, sc.zone, sc.cutoff,
                       f.origin_action_item_id, (f.created_at AT TIME ZONE sc.zone)::date
                FROM scope sc
                JOIN workshops w ON w.team_id = sc.team_id
                JOIN action_items ai ON ai.workshop_id = w.id
                JOIN follow_ups f ON f.origin_action_item_id = ai.id AND f.origin_occurrence_id IS NULL AND f.created_at < sc.cutoff
            )
            SELECT r.id::text, r.team_id::text, r.action_id::text, r.title, p.display_name, r.due_on - DATE '1970-01-01',
                   r.raised_on - DATE '1970-01-01', closed.status,
                   CASE WHEN closed.at IS NOT NULL
                        THEN greatest(r.raised_on, (closed.at AT TIME ZONE r.zone)::date) - DATE '1970-01-01' END
            FROM raised r
            JOIN people p ON p.id = r.owner_id
            CROSS JOIN LATERAL (
                SELECT CASE WHEN r.status = 'done' AND r.completed_at < r.cutoff THEN 'done'
                            WHEN r.status = 'dropped' AND r.updated_at < r.cutoff THEN 'dropped'
                            ELSE 'open' END AS status,
                       CASE WHEN r.status = 'done' AND r.completed_at < r.cutoff THEN r.completed_at
                            WHEN r.status = 'dropped' AND r.updated_at < r.cutoff THEN r.updated_at END AS at
            ) closed
            WHERE (\(p.workshop)::uuid IS NULL
                   OR r.action_id IN (SELECT id FROM action_items WHERE workshop_id = \(p.workshop)))
            """).map { row in
                let (id, team, action, title, owner, due, raised, status, closed) = try row.decode(
                    (String, String, String?, String, String, Int?, Int, FollowUpStatus, Int?).self)
                return ProgressFacts.FollowUp(
                    id: id, teamID: team, actionID: action, title: title, owner: owner, dueOn: due.map(day), raisedOn: day(raised),
                    status: status, closedOn: closed.map(day))
            }
    }

    /// Active members who had joined by the cutoff, their last attended day left for `assemble`.
    static func membersWithoutAttendance(_ p: Parameters, on connection: isolated PostgresConnection) throws -> [ProgressFacts.Member] {
        try connection.query("""
            SELECT m.team_id::text, p.id::text, p.display_name, m.role,
                   (m.joined_at AT TIME ZONE t.time_zone)::date - DATE '1970-01-01',
                   -- Their last peer pair (or trio, or mentoring pair) that met: peer support too (by the
                   -- suggested time, or by when they said so if that was earlier).
                   (SELECT max((least(r.starts_at, g.met_recorded_at) AT TIME ZONE t.time_zone)::date)
                      FROM pairing_group_members gm
                      JOIN pairing_groups g ON g.id = gm.group_id AND g.met
                      JOIN pairing_rounds r ON r.id = g.round_id AND least(r.starts_at, g.met_recorded_at) < c.cutoff
                     WHERE gm.person_id = p.id) - DATE '1970-01-01'
            FROM teams t
            CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
            JOIN team_memberships m ON m.team_id = t.id AND m.joined_at < c.cutoff
            JOIN people p ON p.id = m.person_id AND p.active
            WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            """).map { row in
                let (team, person, name, role, joined, paired) = try row.decode((String, String, String, TeamRole, Int, Int?).self)
                return ProgressFacts.Member(
                    teamID: team, personID: person, name: name, role: role, joinedOn: day(joined),
                    lastAttended: paired.map(day))
            }
    }

    /// Active members who had joined by the cutoff, with the last team meeting each attended and
    /// the days of those they missed, with apologies or without a word.
    static func members(_ p: Parameters, on connection: isolated PostgresConnection) throws -> [ProgressFacts.Member] {
        try connection.query("""
            WITH scope AS MATERIALIZED (
                SELECT t.id AS team_id, t.time_zone AS zone, c.cutoff
                FROM teams t
                CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                    ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
                WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            ),
            held AS (
                SELECT s.team_id, o.id, o.local_start::date AS day
                FROM scope sc
                JOIN series s ON s.team_id = sc.team_id
                JOIN occurrences o ON o.series_id = s.id AND o.starts_at < sc.cutoff AND o.status = 'held'
            ),
            missed AS (
                -- Meetings missed with apologies sent in advance, and without a word.
                SELECT h.team_id, a.person_id,
                       array_agg(h.day - DATE '1970-01-01') FILTER (WHERE a.status = 'apologies') AS apologies,
                       array_agg(h.day - DATE '1970-01-01') FILTER (WHERE a.status = 'absent') AS absent
                FROM held h JOIN attendance a ON a.occurrence_id = h.id AND a.status IN ('apologies', 'absent')
                GROUP BY h.team_id, a.person_id
            ),
            last_attended AS (
                SELECT team_id, person_id, max(day) AS day FROM (
                    SELECT s.team_id, a.person_id, o.local_start::date AS day
                    FROM scope sc
                    JOIN series s ON s.team_id = sc.team_id
                    JOIN occurrences o ON o.series_id = s.id AND o.starts_at < sc.cutoff AND o.status = 'held'
                    JOIN attendance a ON a.occurrence_id = o.id AND a.status = 'attended'
                    UNION ALL
                    -- A peer pair (or trio, or mentoring pair) that met is peer support for each of them, in each of their teams.
                    -- They met by the suggested time, or by when they said so if that was earlier.
                    SELECT sc.team_id, gm.person_id, (least(r.starts_at, g.met_recorded_at) AT TIME ZONE sc.zone)::date
                    FROM scope sc
                    JOIN team_memberships tm ON tm.team_id = sc.team_id
                    JOIN pairing_group_members gm ON gm.person_id = tm.person_id
                    JOIN pairing_groups g ON g.id = gm.group_id AND g.met
                    JOIN pairing_rounds r ON r.id = g.round_id AND least(r.starts_at, g.met_recorded_at) < sc.cutoff
                ) AS support
                GROUP BY team_id, person_id
            )
            SELECT m.team_id::text, p.id::text, p.display_name, m.role,
                   (m.joined_at AT TIME ZONE sc.zone)::date - DATE '1970-01-01', l.day - DATE '1970-01-01',
                   coalesce(w.apologies, '{}'), coalesce(w.absent, '{}')
            FROM scope sc
            JOIN team_memberships m ON m.team_id = sc.team_id AND m.joined_at < sc.cutoff
            JOIN people p ON p.id = m.person_id AND p.active
            LEFT JOIN last_attended l ON l.team_id = m.team_id AND l.person_id = m.person_id
            LEFT JOIN missed w ON w.team_id = m.team_id AND w.person_id = m.person_id
            """).map { row in
                let (team, person, name, role, joined, last, apologies, absent) = try row.decode(
                    (String, String, String, TeamRole, Int, Int?, [Int], [Int]).self)
                return ProgressFacts.Member(
                    teamID: team, personID: person, name: name, role: role, joinedOn: day(joined),
                    lastAttended: last.map(day), apologyDays: apologies.map(day), absentDays: absent.map(day))
            }
    }
}
