import Foundation
import PostgresTestSupport
import Testing

@Suite("circles db")
struct DatabaseCommandTests {
    /// A URL whose sessions use the test's private schema.
    private func url(for database: TestDatabase) -> String {
        let separator = database.url.contains("?") ? "&" : "?"
        return database.url + separator + "options=-csearch_path%3D" + database.schema
    }

    @Test("migrate applies every migration, a second migrate applies none, and status says up to date")
    func migrateThenStatus() async throws {
        let database = try await TestDatabase.make(prefix: "cli")
        let first = try await Circles.run(["db", "migrate", "--database-url", url(for: database)])
        #expect(first.status == 0)
        #expect(first.standardOutput.contains("applied 0001_init"))
        let second = try await Circles.run(["db", "migrate"], environment: ["CIRCLES_DATABASE_URL": url(for: database)])
        #expect(second.status == 0)
        #expect(second.standardOutput == "The database is up to date; nothing to apply.\n")
        #expect(second.standardError.isEmpty, "no notices leak to the terminal: \(second.standardError)")
        let status = try await Circles.run(["db", "status", "--database-url", url(for: database)])
        #expect(status.status == 0)
        #expect(status.standardOutput.hasSuffix("Up to date.\n"))
        try await database.drop()
    }

    @Test("an unreachable server is named with advice, without the password, and exits 1")
    func unreachableServer() async throws {
        let result = try await Circles.run(["db", "status", "--database-url", "postgres://circles:hunter2@127.0.0.1:1/circles"])
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "error: could not connect to PostgreSQL at 127.0.0.1:1 (connection refused). Is the server running? Set CIRCLES_DATABASE_URL or --database-url.\n"
        )
        #expect(!result.standardError.contains("hunter2"))
    }

    @Test("no database configured is a usage error (64) saying how to configure one")
    func noDatabase() async throws {
        let result = try await Circles.run(["db", "migrate"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("set CIRCLES_DATABASE_URL or pass --database-url"))
    }

    @Test("an unknown subcommand is a usage error (64)")
    func unknownSubcommand() async throws {
        let result = try await Circles.run(["db", "explode"])
        #expect(result.status == 64)
    }
}
