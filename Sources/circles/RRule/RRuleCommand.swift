import ArgumentParser

/// `circles rrule …`: expand, describe and write recurrence rules, with no database.
struct RRuleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rrule",
        abstract: "Expand, describe and write RFC 5545 recurrence rules (no database needed).",
        discussion: """
            Examples:
              circles rrule expand "FREQ=MONTHLY;BYDAY=2TU" --start 2026-12-08T14:00 \\
                  --timezone Europe/London --count 5
              circles rrule describe "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
              circles rrule parse "every 2 weeks on tuesday"
            """,
        subcommands: [ExpandCommand.self, DescribeCommand.self, ParseCommand.self]
    )
}
