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

    /// A duration as PostgreSQL reads a timeout setting: whole seconds, e.g. `300s`.
    static func postgresInterval(_ duration: Duration) -> String { "\(duration.components.seconds)s" }

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
        var configuration = try PostgresConfiguration(url, applicationName: "circles")
        // A statement_timeout in the URL wins; else the CLI's limits (`cli.*`), so abandoned work stops.
        if configuration.statementTimeout == nil {
            configuration.statementTimeout = settings.cli.statementTimeout.map(Self.postgresInterval) ?? "0"
        }
        configuration.idleInTransactionTimeout = settings.cli.idleInTransactionTimeout.map(Self.postgresInterval) ?? "0"
        let pool = PostgresPool(configuration, maximumConnections: 2)
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
