import Foundation
import Postgres

/// A private schema in the test server, so suites can run in parallel without sharing tables.
public struct TestDatabase: Sendable {
    /// The server's URL, from `CIRCLES_DATABASE_URL` (set by `make test`).
    public let url: String
    /// The schema this test owns.
    public let schema: String

    /// The URL `make test` exported, or a failure that says how to get one.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["CIRCLES_DATABASE_URL"], !url.isEmpty else {
            throw TestSetupError(
                "CIRCLES_DATABASE_URL is not set: run the tests with `make test`, which starts a throwaway PostgreSQL")
        }
        return url
    }

    /// Creates a fresh, uniquely named schema.
    public static func make(prefix: String = "test") async throws -> TestDatabase {
        let url = try serverURL()
        let schema = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let connection = try await PostgresConnection.connect(try PostgresConfiguration(url))
        try await connection.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
        await connection.close()
        return TestDatabase(url: url, schema: schema)
    }

    /// A configuration whose sessions use this schema first.
    public func configuration() throws -> PostgresConfiguration {
        var configuration = try PostgresConfiguration(url, applicationName: "circles-tests")
        configuration.searchPath = [schema]
        return configuration
    }

    /// A pool whose sessions use this schema.
    public func pool(maximumConnections: Int = 4) throws -> PostgresPool {
        PostgresPool(try configuration(), maximumConnections: maximumConnections)
    }

    /// A single connection whose session uses this schema.
    public func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(try configuration())
    }

    /// Drops the schema and everything in it.
    public func drop() async throws {
        let connection = try await PostgresConnection.connect(try PostgresConfiguration(url))
        try await connection.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
        await connection.close()
    }
}

/// The test environment is not set up.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TestDatabase {
    /// Runs `body` with a pool on a fresh schema, then drops the schema.
    public static func withPool<Result>(
        maximumConnections: Int = 4,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresPool, TestDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try await make()
        let pool = try database.pool(maximumConnections: maximumConnections)
        do {
            let result = try await body(pool, database)
            await pool.close()
            try await database.drop()
            return result
        } catch {
            await pool.close()
            try? await database.drop()
            throw error
        }
    }
}
