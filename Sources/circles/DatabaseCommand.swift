import ArgumentParser
import CirclesStore
import Foundation
import Postgres

/// `circles db …`: schema migrations.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Migrate the database schema and show which migrations are applied.",
        subcommands: [Migrate.self, Status.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Apply pending migrations, each in one transaction.",
            discussion: """
                Safe to run from several places at once: an advisory lock makes the runs take turns,
                and each migration is applied exactly once. Refuses to run if an applied migration's
                file has changed.

                Example:
                  circles db migrate --database-url postgres://circles@db.internal:5432/circles
                """
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let applied = try await database.withPool { try await Migrator().migrate($0) }
            if applied.isEmpty {
                print("The database is up to date; nothing to apply.")
            } else {
                for name in applied { print("applied \(name)") }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "List applied and pending migrations.",
            discussion: """
                Exits with 1 when an applied migration's file has changed, or the database has
                migrations this version of circles does not know.

                Example:
                  circles db status
                """
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let statuses = try await database.withPool { try await Migrator().status($0) }
            for status in statuses {
                let when = status.appliedAt.map { "  " + MeetingFormatting.instant($0) } ?? ""
                print("\(status.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(status.name)\(when)")
            }
            let pending = statuses.filter { $0.state == .pending }.count
            print(pending == 0 ? "Up to date." : "\(pending) pending; run `circles db migrate`.")
            if statuses.contains(where: { $0.state == .changed || $0.state == .unknown }) {
                throw ExitCode(1)
            }
        }
    }
}
