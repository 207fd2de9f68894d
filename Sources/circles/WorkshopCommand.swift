import ArgumentParser
import CirclesDomain
import CirclesServices
import Recurrence

/// `circles workshop …`.
struct WorkshopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workshop",
        abstract: "Record co-production workshops.",
        subcommands: [Record.self, List.self]
    )

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record a workshop (administrators and the team's leads).",
            discussion: """
                Example:
                  circles workshop record --team "Adult Social Care – North" --title "Whose Shoes? personalisation workshop" --date 2026-11-10 --facilitator lead@council.example --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: RecordOutputOptions
        @Option(help: "The team that held it.") var team: String
        @Option(help: "The workshop's title.") var title: String
        @Option(help: "The day it was held, YYYY-MM-DD.") var date: LocalDate
        @Option(help: "Email of the person who facilitated it.") var facilitator: String?
        @Option(help: "Notes (kept private; never sent in email).") var notes: String?

        func run() async throws {
            let workshop = try await service.withServices { services, actor in
                try await services.recordWorkshop(
                    .init(team: team, title: title, heldOn: date.description, facilitatorEmail: facilitator, notes: notes), as: actor)
            }
            switch output.format {
            case .text: say("recorded workshop \"\(workshop.title)\" on \(workshop.heldOn) (id \(workshop.id))")
            case .json: print(try RecordOutputOptions.json(workshop), terminator: "")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List workshops, newest first.",
            discussion: """
                Example:
                  circles workshop list --team "Adult Social Care – North" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this team's workshops.") var team: String?

        func run() async throws {
            let workshops = try await service.withServices { services, actor in try await services.listWorkshops(team: team, as: actor) }
            print(
                Listing(columns: ["id", "date", "title"], rows: workshops.map { [$0.id, $0.heldOn, $0.title] })
                    .render(output.format), terminator: "")
        }
    }
}

/// `circles action …`.
struct ActionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action",
        abstract: "Record a workshop's action items and move them along.",
        subcommands: [Add.self, Import.self, List.self, Show.self, Status.self, Schedule.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an action item to a workshop (administrators and the team's leads).",
            discussion: """
                Example:
                  circles action add --workshop "Whose Shoes? personalisation workshop" --title "Set up regular peer-support meetings for social workers" --perspective practitioner --card "As social workers, we are able to share problems and extend examples of good practice" --owner lead@council.example --due 2027-01-31 --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: RecordOutputOptions
        @Option(help: "The workshop's title or id.") var workshop: String
        @Option(help: "Short title.") var title: String
        @Option(help: "service-user, carer, practitioner, manager or organisation.") var perspective: String
        @Option(help: "Longer description.") var description: String?
        @Option(name: .customLong("card"), help: "The text of the card it came from.") var card: String?
        @Option(help: "Email of the person who owns it.") var owner: String?
        @Option(help: "Due date, YYYY-MM-DD.") var due: LocalDate?

        func run() async throws {
            let item = try await service.withServices { services, actor in
                try await services.addAction(
                    .init(title: title, description: description, perspective: perspective, sourceCardText: card, ownerEmail: owner, dueOn: due?.description),
                    workshop: workshop, as: actor)
            }
            switch output.format {
            case .text: say("added action \"\(item.title)\" (id \(item.id))")
            case .json: print(try RecordOutputOptions.json(item), terminator: "")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List a workshop's action items.",
            discussion: """
                Example:
                  circles action list --workshop "Whose Shoes? personalisation workshop" --format json --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The workshop's title or id.") var workshop: String

        func run() async throws {
            let items = try await service.withServices { services, actor in try await services.listActions(workshop: workshop, as: actor) }
            print(
                Listing(
                    columns: ["id", "title", "perspective", "status", "due"],
                    rows: items.map { [$0.id, $0.title, $0.perspective.name, $0.status.name, $0.dueOn] }
                ).render(output.format), terminator: "")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Move an action item: open → in-progress → done | dropped (dropping needs --reason).",
            discussion: """
                Example:
                  circles action status 5f0c… dropped --reason "Merged into the supervision review" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The action item's id")) var action: IDPrefix<ActionItem>
        @Argument(help: "open, in-progress, done or dropped.") var status: String
        @Option(help: "Why it was dropped.") var reason: String?

        func run() async throws {
            let item = try await service.withServices { services, actor in
                try await services.moveAction(services.resolve(action, as: actor).description, to: status, reason: reason, as: actor)
            }
            say("\"\(item.title)\" is now \(item.status.name)")
        }
    }
}
