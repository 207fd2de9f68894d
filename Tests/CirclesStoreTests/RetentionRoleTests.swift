import CirclesStore
import Postgres
import PostgresTestSupport
import Testing

@Suite("retention privileges: the worker removes notes only through purge_expired_notes")
struct RetentionRoleTests {
    @Test("the worker may call purge_expired_notes and prune the outbox but not write notes; the app role may not purge")
    func privileges() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            #expect(try await refusal("SELECT purge_expired_notes(interval '730 days', 100)", as: "circles_worker", in: database) == nil)
            #expect(try await refusal("UPDATE occurrences SET notes = NULL", as: "circles_worker", in: database) == .insufficientPrivilege)
            #expect(try await refusal("UPDATE workshops SET notes = NULL", as: "circles_worker", in: database) == .insufficientPrivilege)
            #expect(try await refusal("DELETE FROM reminder_outbox WHERE state = 'sent'", as: "circles_worker", in: database) == nil)
            #expect(try await refusal("SELECT purge_expired_notes(interval '730 days', 100)", as: "circles_app", in: database) == .insufficientPrivilege)
            // A retention shorter than a day is refused, whoever asks.
            #expect(try await refusal("SELECT purge_expired_notes(interval '1 hour', 100)", as: "circles_worker", in: database) != nil)
        }
    }
}
