import ArgumentParser
import Recurrence

extension RRuleCommand {
    /// `circles rrule describe RULE`: the rule in plain English.
    struct DescribeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "describe",
            abstract: "Say what a rule means in plain English.",
            discussion: """
                With --start, also says when the rule can never occur after its start.

                Examples:
                  circles rrule describe "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
                    every 2 weeks on Tuesday
                  circles rrule describe "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" \\
                      --start 2026-01-01T09:00
                """
        )

        @Argument(help: "An RRULE value, e.g. \"FREQ=MONTHLY;BYDAY=2TU\".")
        var rule: String

        @Option(help: "A start (local date-time) to check the rule against, e.g. 2026-12-08T14:00.")
        var start: String?

        @Option(help: "IANA time zone of --start.")
        var timezone = "UTC"

        func run() async throws {
            let parsed = try RecurrenceRule(parsing: rule)
            print(parsed.plainEnglish)
            if let start {
                let set = try RecurrenceSet(rule: rule, start: start, timeZone: timezone)
                if set.neverRecurs {
                    print(
                        "Note: from \(start) this rule never occurs again; the set is only its start."
                    )
                }
            }
        }
    }
}
