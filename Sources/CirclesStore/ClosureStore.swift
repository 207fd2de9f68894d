import CirclesDomain
import Foundation
import Postgres

/// SQL for closure calendars, their closures and which teams follow them.
public enum ClosureStore {
    static let calendarColumns: StaticString = "c.id, c.name, c.team_id, c.source, c.source_detail"
    static let closureColumns: StaticString = "x.id, x.calendar_id, x.first_day::text, x.last_day::text, x.starts_at, x.ends_at, x.reason, x.source_key"

    static func calendar(_ row: PostgresRow) throws -> ClosureCalendar {
        let (id, name, team, source, detail) = try row.decode((UUID, String, UUID?, String, String?).self)
        guard let parsed = ClosureCalendar.Source(rawValue: source) else {
            throw PostgresError(code: .decoding, message: "closure_calendars.source holds an unknown value")
        }
        return ClosureCalendar(
            id: id.uuidString.lowercased(), name: name, teamID: team?.uuidString.lowercased(), source: parsed, sourceDetail: detail)
    }

    static func closure(_ row: PostgresRow) throws -> Closure {
        let (id, calendar, first, last, starts, ends, reason, key) = try row.decode(
            (UUID, UUID, String?, String?, Date?, Date?, String, String?).self)
        return Closure(
            id: id.uuidString.lowercased(), calendarID: calendar.uuidString.lowercased(),
            span: try span(first: first, last: last, starts: starts, ends: ends), reason: reason, sourceKey: key)
    }

    /// A stored closure's span: its days, or its times; one of the two pairs is always set.
    static func span(first: String?, last: String?, starts: Date?, ends: Date?) throws -> Closure.Span {
        if let first, let last { return .days(first: first, last: last) }
        if let starts, let ends { return .timed(from: starts, until: ends) }
        throw PostgresError(code: .decoding, message: "a closure has neither days nor times")
    }

    /// The calendar with this name (case-insensitively), if any.
    public static func findCalendar(name: String, on connection: isolated PostgresConnection) throws -> ClosureCalendar? {
        try connection.query("SELECT \(literal: calendarColumns) FROM closure_calendars c WHERE lower(c.name) = lower(\(name))")
            .first.map(calendar)
    }

    /// Creates a calendar.
    public static func insertCalendar(
        name: String, teamID: ID<Team>?, source: ClosureCalendar.Source, sourceDetail: String?, on connection: isolated PostgresConnection
    ) throws -> ClosureCalendar {
        try calendar(connection.query("""
            INSERT INTO closure_calendars AS c (name, team_id, source, source_detail)
            VALUES (\(name), \(teamID), \(source.rawValue), \(sourceDetail))
            RETURNING \(literal: calendarColumns)
            """)[0])
    }

    /// Records where a calendar's closures came from last.
    public static func setSource(
        calendarID: ID<ClosureCalendar>, _ source: ClosureCalendar.Source, detail: String?, on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            UPDATE closure_calendars SET source = \(source.rawValue), source_detail = \(detail)
            WHERE id = \(calendarID) AND (source, source_detail) IS DISTINCT FROM (\(source.rawValue), \(detail))
            """)
    }

    /// Every calendar, by name.
    public static func calendars(on connection: isolated PostgresConnection) throws -> [ClosureCalendar] {
        try connection.query("SELECT \(literal: calendarColumns) FROM closure_calendars c ORDER BY lower(c.name)").map(calendar)
    }

    /// The calendars a team follows, by name.
    public static func calendars(followedBy teamID: ID<Team>, on connection: isolated PostgresConnection) throws -> [ClosureCalendar] {
        try connection.query("""
            SELECT \(literal: calendarColumns) FROM closure_calendars c
            JOIN team_closure_calendars f ON f.calendar_id = c.id AND f.team_id = \(teamID)
            ORDER BY lower(c.name)
            """).map(calendar)
    }

    /// The teams following a calendar.
    public static func followers(calendarID: ID<ClosureCalendar>, on connection: isolated PostgresConnection) throws -> [ID<Team>] {
        try connection.query("SELECT team_id FROM team_closure_calendars WHERE calendar_id = \(calendarID) ORDER BY team_id")
            .map { try $0.decode(ID<Team>.self, at: 0) }
    }

    /// A team starts following a calendar; returns false if it already did.
    public static func follow(teamID: ID<Team>, calendarID: ID<ClosureCalendar>, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.execute("""
            INSERT INTO team_closure_calendars (team_id, calendar_id) VALUES (\(teamID), \(calendarID)) ON CONFLICT DO NOTHING
            """) == 1
    }

    /// A team stops following a calendar; returns false if it did not follow it.
    public static func unfollow(teamID: ID<Team>, calendarID: ID<ClosureCalendar>, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.execute("""
            DELETE FROM team_closure_calendars WHERE team_id = \(teamID) AND calendar_id = \(calendarID)
            """) == 1
    }

    /// A calendar's closures, in date order.
    public static func closures(calendarID: ID<ClosureCalendar>, on connection: isolated PostgresConnection) throws -> [Closure] {
        try connection.query("""
            SELECT \(literal: closureColumns) FROM closures x WHERE x.calendar_id = \(calendarID)
            ORDER BY coalesce(x.first_day::timestamptz, x.starts_at), x.reason
            """).map(closure)
    }

    /// The closure with this identifier, if any.
    public static func find(id: ID<Closure>, on connection: isolated PostgresConnection) throws -> Closure? {
        try connection.query("SELECT \(literal: closureColumns) FROM closures x WHERE x.id = \(id)").first.map(closure)
    }

    /// Adds closures to a calendar; returns them as stored.
    @discardableResult
    public static func insert(_ closures: [Closure], calendarID: ID<ClosureCalendar>, on connection: isolated PostgresConnection) throws -> [Closure] {
        guard !closures.isEmpty else { return [] }
        let columns = SpanColumns(closures.map(\.span))
        return try connection.query("""
            INSERT INTO closures AS x (calendar_id, first_day, last_day, starts_at, ends_at, reason, source_key)
            SELECT \(calendarID), nullif(first, '')::date, nullif(last, '')::date, nullif(starts, '')::timestamptz,
                   nullif(ends, '')::timestamptz, reason, nullif(key, '')
            FROM unnest(\(columns.first)::text[], \(columns.last)::text[], \(columns.starts)::text[], \(columns.ends)::text[],
                        \(closures.map(\.reason))::text[], \(closures.map { $0.sourceKey ?? "" })::text[])
                AS c(first, last, starts, ends, reason, key)
            RETURNING \(literal: closureColumns)
            """).map(closure)
    }

    /// Rewrites closures' spans and reasons (found by id), as a re-import changed them.
    public static func update(_ closures: [Closure], on connection: isolated PostgresConnection) throws {
        guard !closures.isEmpty else { return }
        let columns = SpanColumns(closures.map(\.span))
        try connection.execute("""
            UPDATE closures x SET first_day = nullif(c.first, '')::date, last_day = nullif(c.last, '')::date,
                starts_at = nullif(c.starts, '')::timestamptz, ends_at = nullif(c.ends, '')::timestamptz, reason = c.reason
            FROM unnest(\(closures.map(\.id))::uuid[], \(columns.first)::text[], \(columns.last)::text[], \(columns.starts)::text[],
                        \(columns.ends)::text[], \(closures.map(\.reason))::text[]) AS c(id, first, last, starts, ends, reason)
            WHERE x.id = c.id
            """)
    }

    /// Deletes closures by identifier.
    public static func delete(ids: [String], on connection: isolated PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        try connection.execute("DELETE FROM closures WHERE id = ANY(\(ids)::uuid[])")
    }

    /// Closure spans as parallel text columns ('' for NULL), to bind as arrays.
    struct SpanColumns {
        var first: [String] = [], last: [String] = [], starts: [String] = [], ends: [String] = []

        init(_ spans: [Closure.Span]) {
            for span in spans {
                switch span {
                case .days(let from, let to):
                    first.append(from)
                    last.append(to)
                    starts.append("")
                    ends.append("")
                case .timed(let from, let until):
                    first.append("")
                    last.append("")
                    starts.append(from.postgresText ?? "")
                    ends.append(until.postgresText ?? "")
                }
            }
        }
    }
}
