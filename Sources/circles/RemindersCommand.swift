import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation
import Recurrence
import TextOutput

/// `circles reminders …`: the outbox, for operators.
struct RemindersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Inspect the reminder outbox, retry failures, preview what will be sent (administrators).",
        subcommands: [Status.self, List.self, Retry.self, Preview.self]
    )

    static func listing(_ rows: [OutboxEntry]) -> Listing {
        Listing(
            columns: ["id", "kind", "state", "recipient", "meeting", "next_attempt", "attempts", "last_error"],
            rows: rows.map {
                [String($0.id), $0.kind, $0.state, $0.recipient, $0.meetingTitle, $0.nextAttemptAt.map(MeetingFormatting.instant), String($0.attempts), $0.lastError]
            })
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Counts by state, the oldest due reminder's age, and recent failures.",
            discussion: "Example:\n  circles reminders status --as admin@council.example")
        @OptionGroup var service: ServiceOptions

        func run() async throws {
            let status = try await service.withServices { services, actor in try await services.outboxStatus(as: actor) }
            for state in ReminderState.allCases {
                print("\(state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(status.counts[state] ?? 0)")
            }
            print("oldest due: " + (status.oldestDueAge.map { "waiting \(Int($0)) s" } ?? "nothing waiting"))
            for failure in status.recentFailures {
                // The error text comes from a mail relay: show its control characters, don't obey them.
                print("failed \(failure.id) to \(failure.recipient): \(TerminalText.escaped(failure.lastError ?? "?"))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List reminders, e.g. the failed ones with the server's answer.",
            discussion: "Example:\n  circles reminders list --failed --format csv --as admin@council.example")
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Flag(help: "Only failed reminders.") var failed = false
        @Option(help: "Only this state: pending, leased, sent, failed or cancelled.") var state: String?
        @Option(help: "At most this many.") var limit = 100

        func run() async throws {
            var wanted: ReminderState? = failed ? .failed : nil
            if let state {
                guard let parsed = ReminderState(rawValue: state) else {
                    throw ValidationError("unknown state \"\(state)\"; expected pending, leased, sent, failed or cancelled")
                }
                wanted = parsed
            }
            let rows = try await service.withServices { services, actor in
                try await services.listReminders(state: wanted, until: nil, limit: limit, as: actor)
            }
            print(RemindersCommand.listing(rows).render(output.format), terminator: "")
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry",
            abstract: "Send a failed or cancelled reminder again, now.",
            discussion: "Example:\n  circles reminders retry 1042 --as admin@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The reminder's id.") var id: Int64

        func run() async throws {
            try await service.withServices { services, actor in try await services.retryReminder(id, as: actor) }
            print("reminder \(id) will be sent on the next drain")
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "preview",
            abstract: "Show what would be sent up to a time, without sending anything.",
            discussion: "Example:\n  circles reminders preview --until 2026-12-09 --as admin@council.example")
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Up to this day (YYYY-MM-DD, midnight UTC).") var until: LocalDate

        func run() async throws {
            let limit = try MeetingFormatting.day(until.description)
            let rows = try await service.withServices { services, actor in
                try await services.listReminders(state: .pending, until: limit, limit: 10_000, as: actor)
            }
            print(RemindersCommand.listing(rows).render(output.format), terminator: "")
        }
    }
}
