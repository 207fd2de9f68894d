import ArgumentParser
import Foundation
import Postgres

/// `--database-url`, falling back to `CIRCLES_DATABASE_URL`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL or conninfo (default: $CIRCLES_DATABASE_URL).",
            valueName: "url"
        )
    )
    var databaseURL: String?

    /// Lends a small pool to one command's work and closes it afterwards.
    func withPool<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresPool) async throws -> Result
    ) async throws -> Result {
        let pool = try makePool()
        do {
            let result = try await body(pool)
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    private func makePool() throws -> PostgresPool {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["CIRCLES_DATABASE_URL"], !url.isEmpty else {
            throw ValidationError(
                "no database configured: set CIRCLES_DATABASE_URL or pass --database-url postgres://user@host:5432/circles")
        }
        return PostgresPool(try PostgresConfiguration(url, applicationName: "circles"), maximumConnections: 2)
    }
}
