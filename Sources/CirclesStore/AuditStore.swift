import CirclesDomain
import Foundation
import Postgres

/// Reads the database's hash-chained audit trail (written only by its triggers).
public enum AuditStore {
    /// One recorded change.
    public struct Entry: Sendable, Hashable {
        public let id: Int64
        public let occurredAt: Date
        public let actor: String?
        public let action: String
        public let entityTable: String
        public let entityID: String?
        public let before: String?
        public let after: String?
    }

    /// A problem `audit_verify_chain()` found.
    public struct Problem: Sendable, Hashable {
        public let recordID: Int64?
        public let problem: String
    }

    /// Entries, newest first, filtered by entity table (and id), acting person and time.
    public static func entries(
        table: String?, entityID: String?, actorID: ID<Person>?, since: Date?, limit: Int, on connection: isolated PostgresConnection
    ) throws -> [Entry] {
        try connection.query("""
            SELECT a.id, a.occurred_at, coalesce(p.email, a.actor_label), a.action, a.entity_table, a.entity_id,
                   (a.before || coalesce(a.personal_before, '{}'))::text, (a.after || coalesce(a.personal_after, '{}'))::text
            FROM audit_log a LEFT JOIN people p ON p.id = a.actor_person_id
            WHERE (\(table)::text IS NULL OR a.entity_table = \(table))
              AND (\(entityID)::text IS NULL OR a.entity_id = \(entityID))
              AND (\(actorID)::uuid IS NULL OR a.actor_person_id = \(actorID))
              AND (\(since)::timestamptz IS NULL OR a.occurred_at >= \(since))
            ORDER BY a.id DESC
            LIMIT \(limit)
            """).map { row in
                let (id, at, actor, action, table, entity, before, after) = try row.decode(
                    (Int64, Date, String?, String, String, String?, String?, String?).self)
                return Entry(id: id, occurredAt: at, actor: actor, action: action, entityTable: table, entityID: entity, before: before, after: after)
            }
    }

    /// Every problem in the chain: altered records, broken links, a removed tail.
    public static func verify(on connection: isolated PostgresConnection) throws -> [Problem] {
        try connection.query("SELECT audit_id, problem FROM audit_verify_chain()").map { row in
            let (id, problem) = try row.decode((Int64?, String).self)
            return Problem(recordID: id, problem: problem)
        }
    }

    /// How many records the chain holds.
    public static func count(on connection: isolated PostgresConnection) throws -> Int {
        try connection.query("SELECT count(*) FROM audit_log")[0].decode(Int.self, at: 0)
    }
}
