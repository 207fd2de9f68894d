import ArgumentParser
import CirclesDomain
import CirclesServices
import Recurrence

/// `circles followup …`.
struct FollowUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "Add follow-ups from a meeting and close them.",
        subcommands: [Add.self, Complete.self, Drop.self]
    )

    static func listing(_ items: [FollowUp]) -> Listing {
        Listing(columns: ["id", "title", "due", "status"], rows: items.map { [$0.id, $0.title, $0.dueOn, $0.status.rawValue] })
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a follow-up from a meeting (administrators, the team's leads and the meeting's facilitator).",
            discussion: """
                Example:
                  circles followup add --meeting 9a1e… --title "Share the supervision template" --owner sw2@council.example --due 2026-12-15 --as sw1@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: RecordOutputOptions
        @Option(help: idHelp("The meeting's id")) var meeting: IDPrefix<Meeting>
        @Option(help: "What to do.") var title: String
        @Option(help: "Email of the person who will do it.") var owner: String
        @Option(help: "Due date, YYYY-MM-DD.") var due: LocalDate?

        func run() async throws {
            let item = try await service.withServices { services, actor in
                try await services.addFollowUp(
                    meeting: services.resolve(meeting, as: actor).description, title: title, ownerEmail: owner, due: due?.description, as: actor)
            }
            switch output.format {
            case .text: say("added follow-up \"\(item.title)\" (id \(item.id))")
            case .json: print(try RecordOutputOptions.json(item), terminator: "")
            }
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "complete",
            abstract: "Mark a follow-up done (its owner, the team's leads, administrators).",
            discussion: """
                Example:
                  circles followup complete 3c7d… --as sw2@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The follow-up's id")) var followUp: IDPrefix<FollowUp>

        func run() async throws {
            let item = try await service.withServices { services, actor in
                try await services.closeFollowUp(services.resolve(followUp, as: actor).description, as: .done, reason: nil, by: actor)
            }
            say("\"\(item.title)\" is done")
        }
    }

    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drop",
            abstract: "Drop a follow-up, saying why (its owner, the team's leads, administrators).",
            discussion: """
                Example:
                  circles followup drop 3c7d… --reason "No longer needed after the restructure" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The follow-up's id")) var followUp: IDPrefix<FollowUp>
        @Option(help: "Why it is dropped.") var reason: String

        func run() async throws {
            let item = try await service.withServices { services, actor in
                try await services.closeFollowUp(services.resolve(followUp, as: actor).description, as: .dropped, reason: reason, by: actor)
            }
            say("\"\(item.title)\" is dropped")
        }
    }
}
