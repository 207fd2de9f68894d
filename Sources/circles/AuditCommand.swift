import ArgumentParser
import CirclesServices
import Foundation
import Recurrence

/// `circles audit …`: who changed what, and whether the record is intact.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the audit trail (administrators).",
        subcommands: [Log.self, Verify.self, ProgressCommand.self, CoverageCommand.self]
    )

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Who changed what and when, newest first.",
            discussion: """
                Example:
                  circles audit log --entity series --actor lead@council.example --since 2026-11-01 --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "A table (people, series, occurrences, …) or table:id.") var entity: String?
        @Option(help: "Only changes made by this person (email).") var actor: String?
        @Option(help: "Only changes on or after this day, YYYY-MM-DD.") var since: LocalDate?
        @Option(help: "At most this many entries.") var limit = 100

        func run() async throws {
            let from = try since.map { try MeetingFormatting.day($0.description) }
            let entries = try await service.withServices { services, acting in
                try await services.auditLog(entity: entity, actorEmail: actor, since: from, limit: limit, as: acting)
            }
            print(
                Listing(
                    columns: ["id", "at", "actor", "action", "entity", "entity_id", "before", "after"],
                    rows: entries.map {
                        [String($0.id), MeetingFormatting.instant($0.occurredAt), $0.actor, $0.action, $0.entityTable, $0.entityID, $0.before, $0.after]
                    },
                    wholeIDColumns: ["entity_id"]
                ).render(output.format), terminator: "")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the audit trail's hash chain; exits 1 naming the first altered or removed record.",
            discussion: """
                Every record carries a SHA-256 hash over its content and the previous record's hash, so
                altering or deleting a record breaks the chain from there on.

                Example:
                  circles audit verify --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let result = try await service.withServices { services, acting in try await services.verifyAuditTrail(as: acting) }
            guard let first = result.problems.first else {
                print("the audit trail is intact: \(result.records) records, every hash and link verified")
                return
            }
            let record = first.recordID.map { "record \($0)" } ?? "the chain"
            FileHandle.standardError.write(Data("error: the audit trail has been tampered with: \(record): \(first.problem)\n".utf8))
            for other in result.problems.dropFirst() {
                FileHandle.standardError.write(Data("  also record \(other.recordID.map(String.init) ?? "?"): \(other.problem)\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}
