import ArgumentParser
import CirclesDomain
import CirclesServices

/// `circles team …`.
struct TeamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Create teams and manage their members.",
        subcommands: [Create.self, AddMember.self, RemoveMember.self, List.self, Members.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a team (administrators).",
            discussion: """
                Example:
                  circles team create --name "Adult Social Care – North" --time-zone Europe/London --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: "The team's name, unique in Circles.") var name: String
        @Option(help: "Default IANA time zone for the team's meetings.") var timeZone = "Europe/London"

        func run() async throws {
            let team = try await service.withServices { services, actor in
                try await services.createTeam(name: name, timeZone: timeZone, as: actor)
            }
            say("created team \"\(team.name)\" (\(team.timeZone))")
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-member",
            abstract: "Add people to a team, or change their role (administrators and the team's leads).",
            discussion: """
                Example:
                  circles team add-member "Adult Social Care – North" --email a@council.example --email b@council.example --role member --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The team's name.") var team: String
        @Option(help: "A person's email; repeat for several.") var email: [String] = []
        @Option(help: "lead, member or citizen-representative.") var role = "member"

        func run() async throws {
            let parsedRole = try TeamRole(parsing: role)
            let members = try await service.withServices { services, actor in
                try await services.addMembers(team: team, emails: email, role: parsedRole, as: actor)
            }
            say("\(team) now has \(members.count) members")
        }
    }

    struct RemoveMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-member",
            abstract: "Take a person out of a team; their history stays.",
            discussion: """
                Example:
                  circles team remove-member "Adult Social Care – North" --email a@council.example --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The team's name.") var team: String
        @Option(help: "The person's email.") var email: String

        func run() async throws {
            try await service.withServices { services, actor in
                try await services.removeMember(team: team, email: email, as: actor)
            }
            say("removed \(email) from \(team)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List your teams (every team, for administrators).",
            discussion: """
                Example:
                  circles team list --format json --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let teams = try await service.withServices { services, actor in try await services.listTeams(as: actor) }
            print(Listing(columns: ["name", "time_zone"], rows: teams.map { [$0.name, $0.timeZone] }).render(output.format), terminator: "")
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "members",
            abstract: "List a team's members, leads first (the team's members and administrators).",
            discussion: """
                Addresses are shown to the team's leads and administrators, and each reader's own;
                for anyone else the email cell is empty (null in JSON).

                Example:
                  circles team members "Adult Social Care – North" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The team's name.") var team: String

        func run() async throws {
            let members = try await service.withServices { services, actor in try await services.members(of: team, as: actor) }
            print(
                Listing(
                    columns: ["email", "name", "role", "active"],
                    rows: members.map { [$0.person.email, $0.person.displayName, $0.role.name, $0.person.active ? "yes" : "no"] }
                ).render(output.format), terminator: "")
        }
    }
}
