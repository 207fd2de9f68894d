import ArgumentParser

/// `circles pairs …`: peer pairs across the network. For now only the matcher itself.
struct PairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Pair people for one-to-one peer support (the matcher needs no database).",
        discussion: """
            Examples:
              echo '{"id":"r1","nodes":["ana","ben","cal","dee"],"edges":[["ana","ben",5],["ben","cal",6],["cal","dee",5]]}' \\
                  | circles pairs match --input -
            """,
        subcommands: [MatchCommand.self]
    )
}
