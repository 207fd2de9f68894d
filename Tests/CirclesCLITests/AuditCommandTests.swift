import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("circles audit verify and log")
struct AuditCommandTests {
    /// A migrated schema with an administrator and a few audited changes; returns its URL.
    func prepare(_ database: TestDatabase) async throws -> String {
        let url = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        let env = ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": "admin@example.org"]
        _ = try await Circles.run(["db", "migrate"], environment: env)
        _ = try await Circles.run(["admin", "add", "--email", "admin@example.org", "--name", "Ada"], environment: env)
        for n in 1...3 {
            _ = try await Circles.run(["person", "add", "--email", "p\(n)@example.org", "--name", "Person \(n)"], environment: env)
        }
        return url
    }

    @Test("an intact trail verifies; a record altered by a superuser is named and the exit is 1")
    func alteredRecord() async throws {
        let database = try await TestDatabase.make(prefix: "audit")
        let url = try await prepare(database)
        let env = ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": "admin@example.org"]
        let intact = try await Circles.run(["audit", "verify"], environment: env)
        #expect(intact.status == 0)
        #expect(intact.standardOutput.hasPrefix("the audit trail is intact:"))
        let log = try await Circles.run(["audit", "log", "--entity", "people", "--format", "json"], environment: env)
        #expect(log.standardOutput.contains("p3@example.org"))

        let superuser = try await database.connect()
        let target = try await superuser.query("SELECT min(id) + 2 FROM audit_log")[0].decode(Int64.self, at: 0)
        try await superuser.execute(unsafeSQL: """
            SET session_replication_role = replica;
            UPDATE audit_log SET after = '{"display_name": "Someone Else"}' WHERE id = \(target);
            """)
        await superuser.close()
        let altered = try await Circles.run(["audit", "verify"], environment: env)
        #expect(altered.status == 1)
        #expect(altered.standardError.hasPrefix("error: the audit trail has been tampered with: record \(target): hash mismatch (record altered)"))
        try await database.drop()
    }

    @Test("a record deleted by a superuser breaks the chain at the next record, which is named")
    func deletedRecord() async throws {
        let database = try await TestDatabase.make(prefix: "audit")
        let url = try await prepare(database)
        let superuser = try await database.connect()
        let target = try await superuser.query("SELECT min(id) + 1 FROM audit_log")[0].decode(Int64.self, at: 0)
        try await superuser.execute(unsafeSQL: "SET session_replication_role = replica; DELETE FROM audit_log WHERE id = \(target)")
        await superuser.close()
        let result = try await Circles.run(["audit", "verify"], environment: ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": "admin@example.org"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("record \(target + 1): prev_hash does not match the previous record"))
        try await database.drop()
    }

    @Test("the application role cannot update or delete audit rows at all")
    func applicationRoleIsRefused() async throws {
        let database = try await TestDatabase.make(prefix: "audit")
        _ = try await prepare(database)
        let connection = try await database.connect()
        try await connection.execute(unsafeSQL: "SET ROLE circles_app")
        let update = await #expect(throws: PostgresError.self) { try await connection.execute("UPDATE audit_log SET action = 'x'") }
        #expect(update?.sqlState == .insufficientPrivilege)
        let delete = await #expect(throws: PostgresError.self) { try await connection.execute("DELETE FROM audit_log") }
        #expect(delete?.sqlState == .insufficientPrivilege)
        await connection.close()
        try await database.drop()
    }

    @Test("only administrators may read or verify the trail")
    func administratorsOnly() async throws {
        let database = try await TestDatabase.make(prefix: "audit")
        let url = try await prepare(database)
        let result = try await Circles.run(["audit", "log"], environment: ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": "p1@example.org"])
        #expect(result.status == 1)
        #expect(result.standardError == "error: only an administrator may read the audit trail; p1@example.org is not one\n")
        try await database.drop()
    }
}
