import CirclesDomain
import Postgres

/// Finds ids from what a person typed.
public enum IDStore {
    /// The ids of `Entity` that start with `prefix`, lowest first, at most `limit`: a range scan of the
    /// primary key between the prefix padded with zeros and with f's.
    public static func ids<Entity: StoredEntity>(
        startingWith prefix: IDPrefix<Entity>, limit: Int, on connection: isolated PostgresConnection
    ) throws -> [ID<Entity>] {
        let range = prefix.range
        return try connection.query("""
            SELECT id FROM \(literal: Entity.table) WHERE id BETWEEN \(range.lowest) AND \(range.highest) ORDER BY id LIMIT \(limit)
            """).map { try $0.decode(ID<Entity>.self, at: 0) }
    }
}
