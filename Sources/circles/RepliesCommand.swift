import ArgumentParser
import CirclesServices
import CirclesStore
import Foundation
import TextOutput

/// `circles replies …`: the mailbox calendar replies arrive in, for operators.
struct RepliesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replies",
        abstract: "Calendar replies read from the reply mailbox (administrators).",
        subcommands: [Status.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "The last poll, and the messages handled, matched, needing a person and refused, per mailbox.",
            discussion: """
                Counts run from the first poll. "Needs a person" and "refused" messages are in the mailbox's
                needs-a-person folder (mail.replies.needsPersonFolder) for someone to read.

                Example:
                  circles replies status --as admin@council.example
                  circles replies status --format json --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: "Output format: table or json.") var format: Format = .table

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        /// One mailbox as JSON.
        struct Entry: Encodable {
            let mailbox: String
            let lastPoll: String?
            let lastError: String?
            let uidValidity: Int64?
            let lastUID: Int64
            let handled, matched, needsPerson, refused, duplicates, waitingToMove: Int64
        }

        func run() async throws {
            let mailboxes = try await service.withServices { services, actor in try await services.replyMailboxStatus(as: actor) }
            switch format {
            case .json:
                let entries = mailboxes.map {
                    Entry(
                        mailbox: $0.mailbox, lastPoll: $0.lastPollAt.map(Self.timestamp), lastError: $0.lastError,
                        uidValidity: $0.uidValidity, lastUID: $0.lastUID, handled: $0.handled, matched: $0.matched,
                        needsPerson: $0.needsPerson, refused: $0.refused, duplicates: $0.duplicates, waitingToMove: $0.waitingToMove)
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            case .table:
                if mailboxes.isEmpty { print("no reply mailbox has been read yet (set mail.replies.imapURL for the worker)") }
                for mailbox in mailboxes {
                    print("mailbox          \(TerminalText.escaped(mailbox.mailbox))")
                    print("last poll        \(mailbox.lastPollAt.map(Self.timestamp) ?? "never")")
                    if let error = mailbox.lastError { print("last error       \(TerminalText.escaped(error))") }
                    print("handled          \(mailbox.handled)")
                    print("matched          \(mailbox.matched)")
                    print("needs a person   \(mailbox.needsPerson)")
                    print("refused          \(mailbox.refused)")
                    print("duplicates       \(mailbox.duplicates)")
                    if mailbox.waitingToMove > 0 { print("waiting to move  \(mailbox.waitingToMove)") }
                }
            }
        }

        static func timestamp(_ date: Date) -> String {
            MeetingFormatting.instant(date)
        }
    }
}
