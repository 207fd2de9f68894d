import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation

/// `circles pairs scheme create|list|show`.
struct PairsSchemeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheme", abstract: "Create, list and show pairing schemes.", subcommands: [Create.self, List.self, Show.self])

    static func listing(_ schemes: [PairingScheme]) -> Listing {
        Listing(
            columns: ["id", "name", "kind", "scope", "teams", "rule", "start", "zone", "cross_teams", "odd_person", "membership", "action_id"],
            rows: schemes.map { s in
                [s.id, s.name, s.kind.rawValue, s.scope.rawValue, s.teamNames.joined(separator: "; "), s.rule, s.firstLocalStart, s.timeZone,
                 s.crossTeams ? "yes" : "no", s.oddPerson.rawValue.replacingOccurrences(of: "_", with: "-"), s.membership.name,
                 s.actionItemID]
            })
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a pairing scheme for a team, several teams or the whole network (administrators; leads of every team named).",
            discussion: """
                Round N starts at the N-th instance of --rule from --start (the suggested time to meet) and ends the day
                before the next. Odd numbers make a trio (--odd trio, the default) or leave one out (--odd sit-out).
                Example:
                  circles pairs scheme create --name "New starter mentoring" --kind mentoring --team "Children North" \\
                      --rule "FREQ=MONTHLY" --start 2026-12-07T10:00 --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: RecordOutputOptions
        @Option(help: "The scheme's name (unique).") var name: String
        @Option(help: "buddy (peer rounds) or mentoring (mentors and new starters).") var kind: String = "buddy"
        @Option(help: "A team it draws from (name or id); repeat for several teams.") var team: [String] = []
        @Flag(help: "Draw from the whole network (administrators only).") var network = false
        @Option(help: "The cadence as an RRULE, e.g. FREQ=WEEKLY;INTERVAL=4.") var rule: String
        @Option(help: "The first round's local date and time, e.g. 2026-12-07T12:30.") var start: String
        @Option(help: "IANA time zone (default: the first team's).") var zone: String?
        @Flag(help: "Pairs must be from different teams.") var crossTeams = false
        @Option(help: "What odd numbers do: trio or sit-out.") var odd: String = "trio"
        @Option(help: "opt-in (people join) or opt-out (everyone in its teams until they leave).") var membership: String = "opt-in"
        @Option(help: idHelp("The workshop action item it serves")) var action: String?
        @Option(help: "Rounds after a pairing in which the same two are not paired again (0-52).") var blockedRounds: Int = 2

        func run() async throws {
            var new = CirclesServices.NewPairingScheme(name: name, teams: team, rule: rule, start: start)
            new.kind = kind
            new.network = network
            new.timeZone = zone
            new.crossTeams = crossTeams
            new.oddPerson = odd
            new.membership = membership
            new.actionID = action
            new.blockedRounds = blockedRounds
            let scheme = try await service.withServices { services, actor in try await services.createPairingScheme(new, as: actor) }
            switch output.format {
            case .text: say("created pairing scheme \"\(scheme.name)\" (id \(scheme.id))")
            case .json: print(try RecordOutputOptions.json(scheme), terminator: "")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pairing schemes you may see.")
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let schemes = try await service.withServices { services, actor in try await services.listPairingSchemes(as: actor) }
            print(PairsSchemeCommand.listing(schemes).render(output.format), terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a scheme, its rounds and its mentoring pairs.")
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The scheme's name or id.") var scheme: String
        @Flag(help: "With --format json or csv: the mentoring pairs instead of the rounds.") var mentoringPairs = false

        func run() async throws {
            let details = try await service.withServices { services, actor in try await services.showPairingScheme(scheme, as: actor) }
            let rounds = Listing(
                columns: ["round_id", "round", "starts_at", "groups", "met"],
                rows: details.rounds.map { [$0.id, String($0.number), MeetingFormatting.instant($0.startsAt), String($0.groups), String($0.met)] })
            let mentoring = Listing(
                columns: ["pair_id", "mentor", "mentee", "mentee_started", "status"],
                rows: details.mentoring.map { [$0.id, $0.mentorName, $0.menteeName, $0.menteeStartedOn, $0.endedAt == nil ? "active" : "ended"] })
            switch output.format {
            case .table:
                print(PairsSchemeCommand.listing([details.scheme]).render(.table), terminator: "")
                print("\nRounds:")
                print(rounds.render(.table), terminator: "")
                if details.scheme.kind == .mentoring {
                    print("\nMentoring pairs:")
                    print(mentoring.render(.table), terminator: "")
                }
            case .json, .csv:
                print(mentoringPairs ? mentoring.render(output.format) : rounds.render(output.format), terminator: "")
            }
        }
    }
}
