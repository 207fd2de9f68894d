import ArgumentParser
import Recurrence

extension RRuleCommand {
    /// `circles rrule parse PHRASE`: the RRULE for a phrase people use.
    struct ParseCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parse",
            abstract: "Turn a phrase such as \"every 2 weeks on tuesday\" into an RRULE.",
            discussion: """
                Understands phrases such as "every 2 weeks on tuesday", "2nd tuesday of the month",
                "last weekday of the month", "every month on the 15th", "weekdays",
                "every other thursday at 7pm", "daily for 10 times", "every tuesday until 2027-06-30".

                Example:
                  circles rrule parse "last weekday of the month"
                    FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1
                """
        )

        @Argument(help: "A phrase, quoted, e.g. \"2nd tuesday of the month\".")
        var phrase: String

        func run() async throws {
            print(try RecurrenceRule(phrase: phrase))
        }
    }
}
