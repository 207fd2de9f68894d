import ArgumentParser
import CirclesConfiguration
import CirclesServices
import Foundation
import Postgres

/// The database and the acting person, shared by every command that reads or changes data.
struct ServiceOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp("Email of the person running the command (default: $CIRCLES_ACTOR).", valueName: "email"))
    var actor: String?

    /// The actor's email, or a usage error saying how to give one.
    func actorEmail() throws -> String {
        guard let email = actor ?? ProcessInfo.processInfo.environment["CIRCLES_ACTOR"], !email.isEmpty else {
            throw ValidationError("say who is acting: pass --as EMAIL or set CIRCLES_ACTOR")
        }
        return email
    }

    /// Lends services over a small pool to the command, closing the pool afterwards.
    func withServices<Result: Sendable>(_ body: (CirclesServices, String) async throws -> Result) async throws -> Result {
        let email = try actorEmail()
        let settings = try await database.settings().settings
        return try await database.withPool(settings: settings) { pool in
            var services = CirclesServices(pool: pool, horizonDays: settings.worker.horizonDays)
            services.defaultReminders = settings.reminders.offsets
            services.facilitatorReminders = settings.reminders.facilitatorOffsets
            return try await body(services, email)
        }
    }
}

/// `--format table|json|csv` for listings.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @Option(help: "Output format: table, json or csv.")
    var format: Format = .table
}
