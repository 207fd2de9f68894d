import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// The result of checking the audit chain.
    public struct AuditVerification: Sendable {
        /// How many records were checked.
        public let records: Int
        /// What is wrong, first problem first; empty when the chain is intact.
        public let problems: [AuditStore.Problem]
    }

    /// Checks every record's hash and link. Administrators only.
    public func verifyAuditTrail(as actorEmail: String) async throws -> AuditVerification {
        try await read(as: actorEmail) { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "verify the audit trail"))
            return AuditVerification(records: try AuditStore.count(on: connection), problems: try AuditStore.verify(on: connection))
        }
    }

    /// Audit entries, newest first. `entity` is a table (`series`) or `table:id`. Administrators only.
    public func auditLog(
        entity: String?, actorEmail filterActor: String?, since: Date?, limit: Int, as actorEmail: String
    ) async throws -> [AuditStore.Entry] {
        guard (1...10_000).contains(limit) else {
            throw DomainError(field: "limit", "the limit must be between 1 and 10000 (got \(limit))")
        }
        let parts = entity.map { $0.split(separator: ":", maxSplits: 1).map(String.init) }
        return try await read(as: actorEmail) { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "read the audit trail"))
            var actorID: ID<Person>?
            if let filterActor {
                guard let person = try PeopleStore.find(email: filterActor, on: connection) else { throw ServiceError.unknownPerson(filterActor) }
                actorID = try Self.stored(person.id)
            }
            return try AuditStore.entries(
                table: parts?.first, entityID: parts.flatMap { $0.count > 1 ? $0[1] : nil }, actorID: actorID, since: since,
                limit: limit, on: connection)
        }
    }
}
