import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation

/// `circles pairs round run|show`.
struct PairsRoundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round", abstract: "Run a scheme's next round, or show a round.", subcommands: [Run.self, Show.self])

    /// One row per group (its members joined with "; "), then one per person who sat out.
    static func listing(_ round: PairingRound) -> Listing {
        let starts = MeetingFormatting.instant(round.startsAt)
        var rows: [[String?]] = round.groups.map { group in
            [group.id, String(round.number), group.members.map(\.name).joined(separator: "; "),
             group.members.map { $0.teamName ?? "" }.joined(separator: "; "), group.members.count == 3 ? "trio" : "pair",
             group.met.map { $0 ? "met" : "missed" } ?? "not recorded", starts, round.endsOn, group.followUpID]
        }
        rows += round.unpaired.map { [nil, String(round.number), $0.name, nil, "sat out", nil, starts, round.endsOn, nil] }
        return Listing(columns: ["group_id", "round", "members", "teams", "size", "met", "suggested", "ends_on", "follow_up_id"], rows: rows)
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Match the scheme's next round and introduce each pair by email (administrators; leads of every team of the scheme).",
            discussion: """
                Buddy schemes: an exact maximum-weight matching over the members taking part (the longest without a
                partner first, recent partners blocked, earlier ones fading), never offering a pair someone excluded.
                Mentoring schemes: waiting mentees, new starters first, each get one mentor within the mentors' capacities.
                The same --seed and history give the same result.
                Example:
                  circles pairs round run "Coffee across teams" --seed 7 --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The scheme's name or id.") var scheme: String
        @Option(help: "The tie-break seed (default: derived from the scheme and the round's number).") var seed: UInt64?

        func run() async throws {
            let round = try await service.withServices { services, actor in try await services.runPairingRound(scheme, seed: seed, as: actor) }
            if output.format == .table { say("round \(round.number) of \"\(round.schemeName)\" (id \(round.id)): \(round.groups.count) groups") }
            print(PairsRoundCommand.listing(round).render(output.format), terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a round's pairs and trios, who sat out, and whether each met.",
            discussion: "Example:\n  circles pairs round show 5c1f0e2a --format csv --as lead@council.example")
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: idHelp("The round's id")) var round: IDPrefix<PairingRound>

        func run() async throws {
            let shown = try await service.withServices { services, actor in
                try await services.showPairingRound(services.resolve(round, as: actor).description, as: actor)
            }
            print(PairsRoundCommand.listing(shown).render(output.format), terminator: "")
        }
    }
}

/// `circles pairs met|missed GROUP`.
enum PairsMetCommand {
    struct Met: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "met", abstract: "Record that a pair or trio met (its members; leads of the scheme's teams; administrators).",
            discussion: "Example:\n  circles pairs met 3d9a77c1 --as sw1@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The group's id (from `pairs round show`)")) var group: IDPrefix<PairingRound.Group>

        func run() async throws {
            say(try await service.withServices { services, actor in
                try await services.recordPairMeeting(services.resolve(group, as: actor).description, met: true, as: actor)
            })
        }
    }

    struct Missed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "missed", abstract: "Record that a pair or trio could not meet.",
            discussion: "Example:\n  circles pairs missed 3d9a77c1 --as sw1@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The group's id (from `pairs round show`)")) var group: IDPrefix<PairingRound.Group>

        func run() async throws {
            say(try await service.withServices { services, actor in
                try await services.recordPairMeeting(services.resolve(group, as: actor).description, met: false, as: actor)
            })
        }
    }
}
