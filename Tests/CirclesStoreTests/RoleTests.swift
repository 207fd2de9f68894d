import CirclesStore
import Postgres
import PostgresTestSupport
import Testing

@Suite("least privilege: each database role is refused what it must not do")
struct RoleTests {
    @Test("the worker role cannot read meeting notes or change people, but can read schedules and use the outbox")
    func workerRole() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            #expect(try await refusal("SELECT notes FROM occurrences", as: "circles_worker", in: database) == .insufficientPrivilege)
            #expect(try await refusal("SELECT * FROM occurrences", as: "circles_worker", in: database) == .insufficientPrivilege)
            #expect(try await refusal("UPDATE people SET display_name = 'x'", as: "circles_worker", in: database) == .insufficientPrivilege)
            #expect(try await refusal("SELECT * FROM audit_log", as: "circles_worker", in: database) == .insufficientPrivilege)
            #expect(try await refusal("SELECT id, starts_at FROM occurrences", as: "circles_worker", in: database) == nil)
            #expect(try await refusal("SELECT count(*) FROM reminder_outbox", as: "circles_worker", in: database) == nil)
            // The readiness check reads which migrations are applied.
            #expect(try await refusal("SELECT name FROM schema_migrations", as: "circles_worker", in: database) == nil)
        }
    }

    @Test("the application role cannot alter the audit trail or run DDL, but can change domain data")
    func applicationRole() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            #expect(try await refusal("DELETE FROM audit_log", as: "circles_app", in: database) == .insufficientPrivilege)
            #expect(try await refusal("INSERT INTO audit_chain_head VALUES (true, 1, NULL)", as: "circles_app", in: database) == .insufficientPrivilege)
            #expect(try await refusal("CREATE TABLE intruder (id int)", as: "circles_app", in: database) == .insufficientPrivilege)
            #expect(try await refusal("DROP TABLE people", as: "circles_app", in: database) != nil)
            #expect(try await refusal("SELECT count(*) FROM people", as: "circles_app", in: database) == nil)
        }
    }
}
