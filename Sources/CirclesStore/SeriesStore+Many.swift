import CirclesDomain
import Foundation
import Postgres

extension SeriesStore {
    /// Series by identifier in one statement, keyed by identifier; unknown ones are left out.
    public static func find(ids: [ID<MeetingSeries>], on connection: isolated PostgresConnection) throws -> [String: MeetingSeries] {
        let uuids = Set(ids.map(\.description))
        guard !uuids.isEmpty else { return [:] }
        let rows = try connection.query("SELECT \(literal: columns) FROM series WHERE id = ANY(\(Array(uuids))::uuid[])")
        return Dictionary(try rows.map(series).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each series' invitees in one statement, keyed by series, each list ordered as `invitees(seriesID:)` orders it.
    public static func invitees(seriesIDs: [ID<MeetingSeries>], on connection: isolated PostgresConnection) throws -> [String: [Person]] {
        let uuids = Set(seriesIDs.map(\.description))
        guard !uuids.isEmpty else { return [:] }
        var invitees: [String: [Person]] = [:]
        for row in try connection.query("""
            SELECT p.id, p.email, p.display_name, p.time_zone, p.email_opt_out, p.active, i.series_id
            FROM series_invitees i JOIN people p ON p.id = i.person_id
            WHERE i.series_id = ANY(\(Array(uuids))::uuid[])
            ORDER BY i.series_id, lower(p.display_name)
            """) {
            let seriesID = try row.decode(UUID.self, at: 6).uuidString.lowercased()
            invitees[seriesID, default: []].append(try PeopleStore.person(row))
        }
        return invitees
    }
}
