import CirclesDomain
import Foundation
import Postgres

/// SQL for meeting series, their facilitator rotation and attendees.
public enum SeriesStore {
    static let columns: StaticString = """
        id, team_id, action_item_id, title, rrule, exdates::text[], rdates::text[], first_local_start::text, tzid,
        duration_minutes, location, online_url, owner_id, include_whole_team, reminder_offsets_minutes::int8[],
        facilitator_reminder_offsets_minutes::int8[], status, version, split_from, on_closure, within_month
        """

    static func series(_ row: PostgresRow) throws -> MeetingSeries {
        func id(_ column: Int) throws -> String? { try row.decode(UUID?.self, at: column)?.uuidString.lowercased() }
        var series = MeetingSeries(
            id: try id(0) ?? "", teamID: try id(1) ?? "", actionItemID: try id(2), title: try row.decode(String.self, at: 3),
            rule: try row.decode(String.self, at: 4), exceptionDates: try row.decode([String].self, at: 5),
            extraDates: try row.decode([String].self, at: 6), firstLocalStart: try row.decode(String.self, at: 7),
            timeZone: try row.decode(String.self, at: 8), durationMinutes: try row.decode(Int.self, at: 9),
            location: try row.decode(String?.self, at: 10), onlineURL: try row.decode(String?.self, at: 11),
            ownerID: try id(12) ?? "", includeWholeTeam: try row.decode(Bool.self, at: 13),
            reminderOffsets: try row.decode([Int].self, at: 14), facilitatorReminderOffsets: try row.decode([Int].self, at: 15),
            status: try row.decode(SeriesStatus.self, at: 16), version: try row.decode(Int.self, at: 17),
            splitFrom: try id(18))
        let onClosure = try row.decode(String.self, at: 19)
        guard let policy = OnClosure(rawValue: onClosure) else {
            throw PostgresError(code: .decoding, message: "series.on_closure holds an unknown value")
        }
        series.onClosure = policy
        series.withinMonth = try row.decode(Bool.self, at: 20)
        return series
    }

    /// Stores a new series with its rotation and named attendees.
    public static func insert(
        _ draft: MeetingSeries, facilitatorIDs: [ID<Person>], attendeeIDs: [ID<Person>], on connection: isolated PostgresConnection
    ) throws -> MeetingSeries {
        // The draft's ids were read from the database (its team, action item, owner, original series).
        let teamID = try ID<Team>(stored: draft.teamID), ownerID = try ID<Person>(stored: draft.ownerID)
        let actionItemID = try draft.actionItemID.map { try ID<ActionItem>(stored: $0) }
        let splitFrom = try draft.splitFrom.map { try ID<MeetingSeries>(stored: $0) }
        let rows = try connection.query("""
            INSERT INTO series (team_id, action_item_id, title, rrule, exdates, rdates, first_local_start, tzid,
                duration_minutes, location, online_url, owner_id, include_whole_team, reminder_offsets_minutes,
                facilitator_reminder_offsets_minutes, status, split_from, on_closure, within_month)
            VALUES (\(teamID), \(actionItemID), \(draft.title), \(draft.rule),
                \(draft.exceptionDates)::text[]::timestamp[], \(draft.extraDates)::text[]::timestamp[],
                \(draft.firstLocalStart)::timestamp, \(draft.timeZone), \(draft.durationMinutes), \(draft.location),
                \(draft.onlineURL), \(ownerID), \(draft.includeWholeTeam),
                \(draft.reminderOffsets)::int4[], \(draft.facilitatorReminderOffsets)::int4[], \(draft.status.rawValue),
                \(splitFrom), \(draft.onClosure.rawValue), \(draft.withinMonth))
            RETURNING \(literal: columns)
            """)
        let stored = try series(rows[0])
        let storedID = try ID<MeetingSeries>(stored: stored.id)
        try connection.execute("""
            INSERT INTO series_facilitators (series_id, position, person_id)
            SELECT \(storedID), ordinality - 1, person::uuid
            FROM unnest(\(facilitatorIDs.map(\.description))::text[]) WITH ORDINALITY AS f(person, ordinality)
            """)
        try connection.execute("""
            INSERT INTO series_attendees (series_id, person_id)
            SELECT \(storedID), person::uuid FROM unnest(\(attendeeIDs.map(\.description))::text[]) AS a(person)
            ON CONFLICT DO NOTHING
            """)
        return stored
    }

    /// The series with this identifier, if any.
    public static func find(id: ID<MeetingSeries>, on connection: isolated PostgresConnection) throws -> MeetingSeries? {
        try connection.query("SELECT \(literal: columns) FROM series WHERE id = \(id)").first.map(series)
    }

    /// Series serving an action item, oldest first.
    public static func forAction(_ actionID: ID<ActionItem>, on connection: isolated PostgresConnection) throws -> [MeetingSeries] {
        try connection.query("""
            SELECT \(literal: columns) FROM series WHERE action_item_id = \(actionID) ORDER BY created_at
            """).map(series)
    }

    /// Active series whose meetings are materialised less far than `horizon`.
    public static func needingHorizon(until horizon: Date, on connection: isolated PostgresConnection) throws -> [MeetingSeries] {
        try connection.query("""
            SELECT \(literal: columns) FROM series
            WHERE status = 'active' AND (materialised_until IS NULL OR materialised_until < \(horizon))
            ORDER BY id
            """).map(series)
    }

    /// The facilitator rotation in order, with whether each person is active.
    public static func rotation(seriesID: ID<MeetingSeries>, on connection: isolated PostgresConnection) throws -> FacilitatorRotation {
        let members = try connection.query("""
            SELECT f.person_id, p.active FROM series_facilitators f JOIN people p ON p.id = f.person_id
            WHERE f.series_id = \(seriesID) ORDER BY f.position
            """).map { row in
                FacilitatorRotation.Member(
                    personID: try row.decode(UUID.self, at: 0).uuidString.lowercased(), isActive: try row.decode(Bool.self, at: 1))
            }
        return FacilitatorRotation(members)
    }

    /// Records how far meetings have been materialised.
    public static func setMaterialisedUntil(seriesID: ID<MeetingSeries>, _ until: Date, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            UPDATE series SET materialised_until = \(until)
            WHERE id = \(seriesID) AND (materialised_until IS NULL OR materialised_until < \(until))
            """)
    }

    /// How far meetings have been materialised (nil before the first time).
    public static func materialisedUntil(seriesID: ID<MeetingSeries>, on connection: isolated PostgresConnection) throws -> Date? {
        try connection.query("SELECT materialised_until FROM series WHERE id = \(seriesID)")
            .first?.decode(Date?.self, at: 0) ?? nil
    }

    /// Everyone invited to the series now (named attendees and, if asked, the whole team; active people only).
    public static func invitees(seriesID: ID<MeetingSeries>, on connection: isolated PostgresConnection) throws -> [Person] {
        try connection.query("""
            SELECT p.id, p.email, p.display_name, p.time_zone, p.email_opt_out, p.active
            FROM series_invitees i JOIN people p ON p.id = i.person_id
            WHERE i.series_id = \(seriesID)
            ORDER BY lower(p.display_name)
            """).map(PeopleStore.person)
    }
}

extension SeriesStore {
    /// Writes a series' changeable fields if nobody changed it since `expectedVersion`;
    /// returns the stored series, or nil when the version no longer matches.
    public static func update(
        _ series: MeetingSeries, expectedVersion: Int, on connection: isolated PostgresConnection
    ) throws -> MeetingSeries? {
        let id = try ID<MeetingSeries>(stored: series.id)
        return try connection.query("""
            UPDATE series SET title = \(series.title), rrule = \(series.rule),
                exdates = \(series.exceptionDates)::text[]::timestamp[], rdates = \(series.extraDates)::text[]::timestamp[],
                first_local_start = \(series.firstLocalStart)::timestamp, tzid = \(series.timeZone),
                duration_minutes = \(series.durationMinutes), location = \(series.location), online_url = \(series.onlineURL),
                include_whole_team = \(series.includeWholeTeam), reminder_offsets_minutes = \(series.reminderOffsets)::int4[],
                status = \(series.status.rawValue), on_closure = \(series.onClosure.rawValue), within_month = \(series.withinMonth)
            WHERE id = \(id) AND version = \(expectedVersion)
            RETURNING \(literal: columns)
            """).first.map(Self.series)
    }

    /// Replaces the named attendees.
    public static func setAttendees(seriesID: ID<MeetingSeries>, personIDs: [ID<Person>], on connection: isolated PostgresConnection) throws {
        let series = seriesID
        let people = personIDs.map(\.description)
        try connection.execute("DELETE FROM series_attendees WHERE series_id = \(series) AND NOT (person_id::text = ANY(\(people)))")
        try connection.execute("""
            INSERT INTO series_attendees (series_id, person_id)
            SELECT \(series), person::uuid FROM unnest(\(people)::text[]) AS a(person) ON CONFLICT DO NOTHING
            """)
    }

    /// The named attendees' identifiers.
    public static func attendeeIDs(seriesID: ID<MeetingSeries>, on connection: isolated PostgresConnection) throws -> [ID<Person>] {
        try connection.query("SELECT person_id FROM series_attendees WHERE series_id = \(seriesID)")
            .map { try $0.decode(ID<Person>.self, at: 0) }
    }

    /// The rotation's people in order (active or not).
    public static func facilitatorIDs(seriesID: ID<MeetingSeries>, on connection: isolated PostgresConnection) throws -> [ID<Person>] {
        try rotation(seriesID: seriesID, on: connection).members.map { try ID<Person>(stored: $0.personID) }
    }

    /// Series whose rotation or named attendees include a person.
    public static func involving(personID: ID<Person>, on connection: isolated PostgresConnection) throws -> [MeetingSeries] {
        let person = personID
        return try connection.query("""
            SELECT \(literal: columns) FROM series
            WHERE status = 'active' AND id IN (
                SELECT series_id FROM series_facilitators WHERE person_id = \(person)
                UNION SELECT series_id FROM series_attendees WHERE person_id = \(person))
            """).map(Self.series)
    }
}

extension MeetingStore {
    /// A meeting a series change deleted after invitations to it went out: what it was, and who
    /// was sent an invitation (they hold it in their calendars).
    public struct Withdrawn: Sendable, Hashable {
        public let meeting: Meeting
        public let invitedIDs: [String]
    }

    /// Deletes a series' scheduled meetings starting at or after `from` that nobody has moved:
    /// they are regenerated from the (changed) rule. Held, cancelled and moved meetings stay.
    /// Returns those deleted that had been announced, and remembers each one's SEQUENCE in
    /// `withdrawn_meetings` so that a meeting regenerated in its place supersedes it.
    @discardableResult
    public static func deleteUntouchedFuture(
        seriesID: ID<MeetingSeries>, from: Date, on connection: isolated PostgresConnection
    ) throws -> [Withdrawn] {
        // Skipped instances are decided again with the meetings (closures, issue 16).
        try connection.execute("DELETE FROM skipped_meetings WHERE series_id = \(seriesID) AND original_start >= \(from)")
        // The SELECT sees the outbox as it was before the DELETE (whose foreign key then clears occurrence_id).
        // A meeting a closure moved is regenerated too: its place follows from the rule and the closures.
        return try connection.query("""
            WITH gone AS (
                DELETE FROM occurrences
                WHERE series_id = \(seriesID) AND starts_at >= \(from) AND status = 'scheduled'
                  AND (moved_from IS NULL OR closure_reason IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.origin_occurrence_id = occurrences.id)
                RETURNING id, series_id, original_start, local_start, starts_at, ends_at, facilitator_id, sequence
            ), announced AS (
                SELECT g.id, g.series_id, g.original_start, g.local_start, g.starts_at, g.ends_at, g.facilitator_id, g.sequence,
                       array_agg(DISTINCT r.recipient_id::text ORDER BY r.recipient_id::text) AS invited
                FROM gone g
                JOIN reminder_outbox r ON r.occurrence_id = g.id AND r.kind = 'invitation' AND r.state IN ('sent', 'leased')
                GROUP BY g.id, g.series_id, g.original_start, g.local_start, g.starts_at, g.ends_at, g.facilitator_id, g.sequence
            ), remembered AS (
                INSERT INTO withdrawn_meetings (series_id, original_start, last_sequence)
                SELECT series_id, original_start, sequence FROM announced
                ON CONFLICT (series_id, original_start) DO UPDATE
                    SET last_sequence = greatest(withdrawn_meetings.last_sequence, EXCLUDED.last_sequence), withdrawn_at = now()
            )
            SELECT id, series_id, original_start, local_start::text, starts_at, ends_at, facilitator_id, sequence, invited
            FROM announced ORDER BY starts_at
            """).map { row in
                let (id, series, original, local, starts, ends, facilitator, sequence, invited) = try row.decode(
                    (UUID, UUID, Date, String, Date, Date, UUID?, Int, [String]).self)
                let meeting = Meeting(
                    id: id.uuidString.lowercased(), seriesID: series.uuidString.lowercased(), originalStart: original,
                    localStart: local, startsAt: starts, endsAt: ends, status: .scheduled, movedFrom: nil, cancelReason: nil,
                    facilitatorID: facilitator?.uuidString.lowercased(), sequence: sequence)
                return Withdrawn(meeting: meeting, invitedIDs: invited)
            }
    }

    /// Of these original starts, those at which the series has a meeting now.
    public static func originalStarts(
        seriesID: ID<MeetingSeries>, among starts: [Date], on connection: isolated PostgresConnection
    ) throws -> Set<Date> {
        guard !starts.isEmpty else { return [] }
        return Set(try connection.query("""
            SELECT original_start FROM occurrences
            WHERE series_id = \(seriesID) AND original_start = ANY(\(starts.map { $0.postgresText ?? "" })::timestamptz[])
            """).decode(Date.self))
    }

    /// Records, for each of a series' calendar events (by original start), the SEQUENCE people were last sent.
    public static func recordWithdrawn(
        seriesID: ID<MeetingSeries>, sequences: [(originalStart: Date, sequence: Int)], on connection: isolated PostgresConnection
    ) throws {
        guard !sequences.isEmpty else { return }
        try connection.execute("""
            INSERT INTO withdrawn_meetings (series_id, original_start, last_sequence)
            SELECT \(seriesID), w.start, w.sequence
            FROM unnest(\(sequences.map { $0.originalStart.postgresText ?? "" })::timestamptz[],
                        \(sequences.map(\.sequence))::int[]) AS w(start, sequence)
            ON CONFLICT (series_id, original_start) DO UPDATE
                SET last_sequence = greatest(withdrawn_meetings.last_sequence, EXCLUDED.last_sequence), withdrawn_at = now()
            """)
    }

    /// Gives a series' scheduled future meetings facilitated by `personID` to the rotation's next active person.
    public static func reassignFacilitator(
        seriesID: ID<MeetingSeries>, from: Date, replacing personID: ID<Person>, with replacement: ID<Person>?, on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            UPDATE occurrences SET facilitator_id = \(replacement)
            WHERE series_id = \(seriesID) AND starts_at >= \(from) AND status = 'scheduled'
              AND facilitator_id = \(personID)
            """)
    }
}

extension SeriesStore {
    /// Active series whose meetings stop short of `horizon`, with how far they reach, at most `limit`.
    public static func needingHorizon(
        until horizon: Date, limit: Int, on connection: isolated PostgresConnection
    ) throws -> [(series: MeetingSeries, materialisedUntil: Date?)] {
        try connection.query("""
            SELECT \(literal: columns), materialised_until FROM series
            WHERE status = 'active' AND (materialised_until IS NULL OR materialised_until < \(horizon))
            ORDER BY materialised_until NULLS FIRST, id
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """).map { row in (try series(row), try row.decode(Date?.self, column: "materialised_until")) }
    }

    /// The rotations of many series in one query.
    public static func rotations(seriesIDs: [ID<MeetingSeries>], on connection: isolated PostgresConnection) throws -> [String: FacilitatorRotation] {
        var members: [String: [FacilitatorRotation.Member]] = [:]
        for row in try connection.query("""
            SELECT f.series_id, f.person_id, p.active FROM series_facilitators f JOIN people p ON p.id = f.person_id
            WHERE f.series_id = ANY(\(seriesIDs.map(\.description))::uuid[]) ORDER BY f.series_id, f.position
            """) {
            let (series, person, active) = try row.decode((UUID, UUID, Bool).self)
            members[series.uuidString.lowercased(), default: []].append(.init(personID: person.uuidString.lowercased(), isActive: active))
        }
        return members.mapValues(FacilitatorRotation.init)
    }

    /// Records for many series how far their meetings reach.
    public static func setMaterialisedUntil(seriesIDs: [ID<MeetingSeries>], _ until: Date, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            UPDATE series SET materialised_until = \(until)
            WHERE id = ANY(\(seriesIDs.map(\.description))::uuid[]) AND (materialised_until IS NULL OR materialised_until < \(until))
            """)
    }
}

extension SeriesStore {
    /// The active series of a team that invite the whole team.
    public static func wholeTeamSeriesIDs(teamID: ID<Team>, on connection: isolated PostgresConnection) throws -> [String] {
        try connection.query("""
            SELECT id FROM series WHERE team_id = \(teamID) AND status = 'active' AND include_whole_team
            """).map { try $0.decode(UUID.self, at: 0).uuidString.lowercased() }
    }
}
