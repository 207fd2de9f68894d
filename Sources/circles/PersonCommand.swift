import ArgumentParser
import Foundation
import CirclesDomain
import CirclesServices

/// `circles person …` and `circles admin add`.
struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Add, change, deactivate, reactivate, list, export and erase people; issue calendar feed links.",
        subcommands: [Add.self, Update.self, Deactivate.self, Reactivate.self, List.self, Export.self, Erase.self, FeedLink.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a person (administrators and team leads).",
            discussion: """
                Example:
                  circles person add --email sam.okafor@council.example --name "Sam Okafor" --time-zone Europe/London --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: "Email address, unique in Circles.") var email: String
        @Option(help: "Display name.") var name: String
        @Option(help: "IANA time zone in which the person sees times.") var timeZone = "Europe/London"
        @Flag(help: "The person does not want reminder emails.") var optOut = false

        func run() async throws {
            let person = try await service.withServices { services, actor in
                try await services.addPerson(.init(email: email, displayName: name, timeZone: timeZone, emailOptOut: optOut), as: actor)
            }
            say("added \(person.displayName) <\(person.email)>")
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a person's email, name, time zone or email preference.",
            discussion: """
                Example:
                  circles person update sam.okafor@council.example --time-zone Europe/Dublin --opt-out --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The person's current email.") var person: String
        @Option(help: "New email address.") var email: String?
        @Option(help: "New display name.") var name: String?
        @Option(help: "New IANA time zone.") var timeZone: String?
        @Flag(inversion: .prefixedEnableDisable, help: "Whether reminder emails are sent to this person.")
        var emails: Bool?

        func run() async throws {
            let changes = CirclesServices.PersonChanges(
                email: email, displayName: name, timeZone: timeZone, emailOptOut: emails.map { !$0 })
            let updated = try await service.withServices { services, actor in
                try await services.updatePerson(person, changes, as: actor)
            }
            say("updated \(updated.displayName) <\(updated.email)>")
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deactivate",
            abstract: "Deactivate a person: no future meetings or rotations; their history stays.",
            discussion: """
                Example:
                  circles person deactivate sam.okafor@council.example --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The person's email.") var person: String

        func run() async throws {
            let updated = try await service.withServices { services, actor in
                try await services.updatePerson(person, .init(active: false), as: actor)
            }
            say("deactivated \(updated.displayName) <\(updated.email)>")
        }
    }

    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reactivate",
            abstract: "Reactivate a deactivated person (administrators).",
            discussion: """
                They are invited again to meetings from the next scheduling pass; meetings and
                turns they lost while inactive stay with whoever has them.

                Example:
                  circles person reactivate sam.okafor@council.example --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The person's email.") var person: String

        func run() async throws {
            let updated = try await service.withServices { services, actor in
                try await services.updatePerson(person, .init(active: true), as: actor)
            }
            say("reactivated \(updated.displayName) <\(updated.email)>")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the people you may see: yourself and the people in your teams (everyone, for administrators).",
            discussion: """
                Addresses, time zones and email preferences are shown for yourself, for the people
                in teams you lead, and to administrators; for anyone else those cells are empty
                (null in JSON).

                Example:
                  circles person list --all --format csv --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Flag(help: "Include deactivated people.") var all = false

        func run() async throws {
            let people = try await service.withServices { services, actor in
                try await services.listPeople(includeInactive: all, as: actor)
            }
            print(
                Listing(
                    columns: ["email", "name", "time_zone", "emails", "active"],
                    rows: people.map { [$0.email, $0.displayName, $0.timeZone, $0.emailOptOut.map { $0 ? "off" : "on" }, $0.active ? "yes" : "no"] }
                ).render(output.format), terminator: "")
        }
    }
}

/// `circles admin add | remove`: administrators, including the very first one.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage administrators.",
        subcommands: [Add.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Make a person an administrator (adding them if new).",
            discussion: """
                On an empty installation the first administrator needs no --as.

                Example:
                  circles admin add --email it.admin@council.example --name "Alex Admin"
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("as"), help: ArgumentHelp("Email of an administrator (not needed for the first).", valueName: "email"))
        var actor: String?
        @Option(help: "Email address.") var email: String
        @Option(help: "Display name.") var name: String
        @Option(help: "IANA time zone.") var timeZone = "Europe/London"

        func run() async throws {
            let acting = actor ?? ProcessInfo.processInfo.environment["CIRCLES_ACTOR"]
            let person = try await database.withPool { pool in
                try await CirclesServices(pool: pool).addAdministrator(
                    .init(email: email, displayName: name, timeZone: timeZone), as: acting)
            }
            say("\(person.displayName) <\(person.email)> is an administrator")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Take away a person's administrator role (administrators); never the last active one.",
            discussion: """
                The person stays in Circles with their teams.

                Example:
                  circles admin remove former.admin@council.example --as it.admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The administrator's email.") var person: String

        func run() async throws {
            let removed = try await service.withServices { services, actor in
                try await services.removeAdministrator(email: person, as: actor)
            }
            say("\(removed.displayName) <\(removed.email)> is no longer an administrator")
        }
    }
}
