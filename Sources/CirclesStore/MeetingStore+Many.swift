import CirclesDomain
import Foundation
import Postgres

extension MeetingStore {
    /// Meetings by identifier in one statement, keyed by identifier; unknown ones are left out.
    public static func find(ids: [ID<Meeting>], on connection: isolated PostgresConnection) throws -> [String: Meeting] {
        let uuids = Set(ids.map(\.description))
        guard !uuids.isEmpty else { return [:] }
        let rows = try connection.query("SELECT \(literal: columns) FROM occurrences o WHERE o.id = ANY(\(Array(uuids))::uuid[])")
        return Dictionary(try rows.map(meeting).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
