import ArgumentParser
import CirclesConfiguration
import Foundation
import Postgres

/// `--database-url` and `--config`: the database from the flag, else `CIRCLES_DATABASE_URL`,
/// else `database.url` in the configuration file.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL or conninfo (default: $CIRCLES_DATABASE_URL, else database.url in the config file).",
            valueName: "url"
        )
    )
    var databaseURL: String?

    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "YAML configuration file (default: $CIRCLES_CONFIG, else /etc/circles/circles.yaml if present).",
            valueName: "path"))
    var configPath: String?

    /// The settings in force for this command.
    func settings() async throws -> LoadedSettings {
        try await CLISettings.load(flags: databaseURL.map { ["database.url": $0] } ?? [:], configPath: configPath)
    }

    /// Lends a small pool to one command's work and closes it afterwards.
    func withPool<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresPool) async throws -> Result
    ) async throws -> Result {
        try await withPool(settings: settings().settings, body)
    }

    /// Lends a small pool over `settings`' database to one command's work and closes it afterwards.
    func withPool<Result>(
        isolation: isolated (any Actor)? = #isolation,
        settings: CirclesSettings,
        _ body: (PostgresPool) async throws -> Result
    ) async throws -> Result {
        let url: String
        do {
            url = try settings.database.requiredURL()
        } catch {
            throw ValidationError(
                "no database configured: set CIRCLES_DATABASE_URL or pass --database-url postgres://user@host:5432/circles")
        }
        let pool = PostgresPool(try PostgresConfiguration(url, applicationName: "circles"), maximumConnections: 2)
        do {
            let result = try await body(pool)
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }
}
