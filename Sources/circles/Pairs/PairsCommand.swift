import ArgumentParser

/// `circles pairs …`: peer pairs across the network — schemes, membership, exclusions, rounds,
/// mentoring — and the matcher itself (`pairs match`, no database).
struct PairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Pair people for one-to-one peer support: buddy rounds and mentoring, matched optimally.",
        discussion: """
            Examples:
              circles pairs scheme create --name "Coffee across teams" --team "Children North" --team "Adults East" \\
                  --rule "FREQ=WEEKLY;INTERVAL=4" --start 2026-12-07T12:30 --cross-teams --as lead@council.example
              circles pairs join "Coffee across teams" --as sw1@council.example
              circles pairs round run "Coffee across teams" --seed 7 --as lead@council.example
              echo '{"id":"r1","nodes":["ana","ben","cal","dee"],"edges":[["ana","ben",5],["ben","cal",6],["cal","dee",5]]}' \\
                  | circles pairs match --input -
            """,
        subcommands: [
            PairsSchemeCommand.self, PairsMembershipCommand.Join.self, PairsMembershipCommand.Leave.self,
            PairsMembershipCommand.Pause.self, PairsExcludeCommand.self, PairsRoundCommand.self, PairsMetCommand.Met.self,
            PairsMetCommand.Missed.self, PairsMentorCommand.self, PairsMentoringCommand.self, MatchCommand.self,
        ]
    )
}
