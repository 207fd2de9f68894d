import CirclesDomain
import Foundation
import Postgres

extension ClosureStore {
    /// The closures that apply to some teams: which calendars each team follows, and each of those
    /// calendars' closures read once, however many of the teams follow it (a division's bank
    /// holidays are followed by every team in it).
    public struct Followed: Sendable {
        /// The calendars each team follows, by team id, in calendar name order.
        public var calendars: [String: [String]] = [:]
        /// Each followed calendar's closures, by calendar id (in no particular order: sorting them
        /// cost the server four times as much as finding them, and only listings need an order).
        public var closures: [String: [Closure]] = [:]

        /// Nothing followed.
        public init() {}

        /// Every closure that applies to the team, calendar by calendar.
        public func closures(forTeam teamID: String) -> [Closure] {
            guard let followed = calendars[teamID] else { return [] }
            if followed.count == 1 { return closures[followed[0]] ?? [] }
            return followed.flatMap { closures[$0] ?? [] }
        }
    }

    /// The closures that apply to each of these teams (through the calendars they follow), in two
    /// statements whatever the number of teams. Identifiers are read as text: the horizon pass
    /// reads thousands of closures per batch, and parsing each UUID only to print it again was
    /// most of what reading them cost. The ids go to the server as one comma-separated text (they
    /// are UUIDs: no commas, nothing to escape), which costs less to build than an array literal.
    public static func followed(teamIDs: [ID<Team>], on connection: isolated PostgresConnection) throws -> Followed {
        var result = Followed()
        guard !teamIDs.isEmpty else { return result }
        for row in try connection.query("""
            SELECT f.team_id::text, f.calendar_id::text
            FROM team_closure_calendars f JOIN closure_calendars c ON c.id = f.calendar_id
            WHERE f.team_id = ANY(string_to_array(\(teamIDs.map(\.description).joined(separator: ",")), ',')::uuid[])
            ORDER BY f.team_id, lower(c.name), c.id
            """) {
            let (team, calendar) = try row.decode((String, String).self)
            result.calendars[team, default: []].append(calendar)
        }
        let calendarIDs = Array(Set(result.calendars.values.joined()))
        guard !calendarIDs.isEmpty else { return result }
        for row in try connection.query("""
            SELECT x.id::text, x.calendar_id::text, x.first_day::text, x.last_day::text, x.starts_at, x.ends_at, x.reason, x.source_key
            FROM closures x WHERE x.calendar_id = ANY(string_to_array(\(calendarIDs.joined(separator: ",")), ',')::uuid[])
            """) {
            let closure = try textClosure(row)
            result.closures[closure.calendarID, default: []].append(closure)
        }
        return result
    }

    /// A closure whose identifiers were selected as text.
    static func textClosure(_ row: PostgresRow) throws -> Closure {
        let (id, calendar, first, last, starts, ends, reason, key) = try row.decode(
            (String, String, String?, String?, Date?, Date?, String, String?).self)
        return Closure(
            id: id, calendarID: calendar, span: try span(first: first, last: last, starts: starts, ends: ends), reason: reason,
            sourceKey: key)
    }
}
