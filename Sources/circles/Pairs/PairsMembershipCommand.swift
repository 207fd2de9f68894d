import ArgumentParser
import CirclesServices
import Recurrence

/// `circles pairs join|leave|pause`: a person's own membership (leads and administrators may name someone else).
enum PairsMembershipCommand {
    struct Join: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "join", abstract: "Take part in a pairing scheme (yourself, or --person for leads and administrators).",
            discussion: """
                Example:
                  circles pairs join "New starter mentoring" --started 2026-11-02 --as sw4@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The scheme's name or id.") var scheme: String
        @Option(help: "Someone else's email (leads of the scheme's teams and administrators).") var person: String?
        @Option(help: "Mentoring: the day the mentee started, YYYY-MM-DD (default: when they joined their team).") var started: LocalDate?

        func run() async throws {
            let line = try await service.withServices { services, actor in
                try await services.changePairingMembership(scheme: scheme, .join(startedOn: started?.description), personEmail: person, as: actor)
            }
            say(line)
        }
    }

    struct Leave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leave", abstract: "Stop taking part in a pairing scheme.",
            discussion: "Example:\n  circles pairs leave \"Coffee across teams\" --as sw1@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The scheme's name or id.") var scheme: String
        @Option(help: "Someone else's email (leads of the scheme's teams and administrators).") var person: String?

        func run() async throws {
            let line = try await service.withServices { services, actor in
                try await services.changePairingMembership(scheme: scheme, .leave, personEmail: person, as: actor)
            }
            say(line)
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause", abstract: "Sit out a pairing scheme's rounds until a day (you take part again the day after).",
            discussion: "Example:\n  circles pairs pause \"Coffee across teams\" --until 2027-01-31 --as sw1@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The scheme's name or id.") var scheme: String
        @Option(help: "The last day of the pause, YYYY-MM-DD.") var until: LocalDate
        @Option(help: "Someone else's email (leads of the scheme's teams and administrators).") var person: String?

        func run() async throws {
            let line = try await service.withServices { services, actor in
                try await services.changePairingMembership(scheme: scheme, .pause(until: until.description), personEmail: person, as: actor)
            }
            say(line)
        }
    }
}
