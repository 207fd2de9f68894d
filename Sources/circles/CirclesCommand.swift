import ArgumentParser

/// The `circles` admin tool: noun–verb commands that parse, call a service and print.
///
/// Every command here and below names itself (`commandName:`). ArgumentParser would otherwise
/// derive each name from `String(describing: Self.self)`, and on Linux each such call scans every
/// protocol conformance in this large binary: with ~60 unnamed commands that was ~40% of the
/// CPU of every start, `circles --help` included.
struct CirclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles",
        abstract: "Turn workshop action items into recurring peer-support meetings, and audit what became of them.",
        discussion: """
            Examples:
              circles db migrate --database-url postgres://circles@localhost/circles
              circles db status
            """,
        version: "0.1.0",
        subcommands: [
            DatabaseCommand.self, AdminCommand.self, PersonCommand.self, TeamCommand.self, WorkshopCommand.self,
            ActionCommand.self, SeriesCommand.self, MeetingCommand.self, FollowUpCommand.self, RemindersCommand.self, RepliesCommand.self,
            AuditCommand.self, RRuleCommand.self, PairsCommand.self, ConfigCommand.self, ClosuresCommand.self,
        ]
    )
}
