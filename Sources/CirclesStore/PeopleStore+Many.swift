import CirclesDomain
import Foundation
import Postgres

extension PeopleStore {
    /// People by identifier in one statement, keyed by identifier; unknown ones are left out.
    public static func find(ids: [ID<Person>], on connection: isolated PostgresConnection) throws -> [String: Person] {
        let uuids = Set(ids.map(\.description))
        guard !uuids.isEmpty else { return [:] }
        let rows = try connection.query("SELECT \(literal: columns) FROM people WHERE id = ANY(\(Array(uuids))::uuid[])")
        return Dictionary(try rows.map(person).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
