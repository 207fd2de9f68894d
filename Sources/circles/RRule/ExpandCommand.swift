import ArgumentParser
import Foundation
import Recurrence

extension RRuleCommand {
    /// `circles rrule expand`: list a rule's occurrences, one rule from the command line or many as JSON Lines.
    struct ExpandCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expand",
            abstract: "List the occurrences of a rule from a start in a time zone.",
            discussion: """
                Occurrences are computed in local wall-clock time: a time in a
                daylight-saving gap moves forward by the gap's length; an ambiguous
                time takes its first instance. DTSTART is always the first occurrence.
                Without --count, --until or --between, an endless rule shows its first
                \(defaultCount). --until and --between take a local date-time in
                --timezone, or an RFC 3339 time with an offset; --until is inclusive,
                --between A B means A <= t < B.

                Batch mode, --input FILE (- for standard input), reads JSON Lines:
                  {"id": "a", "dtstart": "2026-12-08T14:00:00",
                   "tzid": "Europe/London", "rrule": "FREQ=WEEKLY;BYDAY=TU",
                   "exdate": [], "rdate": [], "limit": 3}
                and writes one line per request, in order:
                  {"id":"a","occurrences":["2026-12-08T14:00:00+00:00",...]}
                or {"id":"a","error":"..."}; a bad line does not stop the others.

                Examples:
                  circles rrule expand "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" \\
                      --start 2026-12-08T14:00 --timezone Europe/London --count 4
                  circles rrule expand "FREQ=MONTHLY;BYDAY=2TU" \\
                      --start 2026-12-08T14:00 --timezone Europe/London \\
                      --between 2027-03-01T00:00 2027-07-01T00:00 --format json
                  circles rrule expand --input series.jsonl > occurrences.jsonl
                """
        )

        /// How many occurrences an endless rule shows when no bound is given.
        static let defaultCount = 20
        /// The most occurrences one expansion shows, so that `FREQ=SECONDLY --until 2100-01-01`
        /// ends in moments with a message instead of filling memory for hours.
        static let maximumCount = BatchExpansion.maximumLimit

        @Argument(help: "An RRULE value, e.g. \"FREQ=MONTHLY;BYDAY=2TU\" (not with --input).")
        var rule: String?

        @Option(help: "DTSTART as a local date-time, e.g. 2026-12-08T14:00.")
        var start: String?

        @Option(help: "IANA time zone of the start, e.g. Europe/London; UTC if omitted.")
        var timezone = "UTC"

        @Option(help: "Show at most this many occurrences.")
        var count: Int?

        @Option(help: "Show occurrences up to and including this time.")
        var until: String?

        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp(
                "Show occurrences from A (inclusive) to B (exclusive).", valueName: "A B"))
        var between: [String] = []

        @Option(help: "A local date-time to leave out (EXDATE); repeatable.")
        var exdate: [String] = []

        @Option(help: "A local date-time to add (RDATE); repeatable.")
        var rdate: [String] = []

        @Option(help: "Output format: table or json.")
        var format: OutputFormat = .table

        @Option(
            help:
                "Read JSON Lines requests from FILE (- for standard input) and write JSON Lines results."
        )
        var input: String?

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case table
            case json
        }

        func validate() throws {
            if input != nil {
                guard rule == nil, start == nil, count == nil, until == nil, between.isEmpty,
                    exdate.isEmpty, rdate.isEmpty
                else {
                    throw ValidationError(
                        "--input reads everything from the file; give no RULE, --start, bounds or dates with it."
                    )
                }
                return
            }
            guard rule != nil else {
                throw ValidationError(
                    "Give a RULE such as \"FREQ=WEEKLY;BYDAY=TU\", or --input FILE.")
            }
            guard start != nil else {
                throw ValidationError(
                    "Give --start, the first occurrence's local date-time, e.g. 2026-12-08T14:00.")
            }
            let bounds = [count != nil, until != nil, !between.isEmpty].filter { $0 }.count
            guard bounds <= 1 else {
                throw ValidationError("Use only one of --count, --until and --between.")
            }
            if !between.isEmpty && between.count != 2 {
                throw ValidationError(
                    "--between takes two times, A and B, e.g. --between 2027-01-01T00:00 2027-07-01T00:00."
                )
            }
            if let count, !(0...Self.maximumCount).contains(count) {
                throw ValidationError("--count must be from 0 to \(Self.maximumCount).")
            }
        }

        func run() async throws {
            if let input {
                try BatchExpansion.run(path: input)
                return
            }
            // safe: validate() ensured both are present without --input.
            guard let rule, let start else { return }
            let base = try RecurrenceSet(rule: rule, start: start, timeZone: timezone)
            let set = try RecurrenceSet(
                start: base.start, timeReference: base.timeReference, rule: base.rule,
                exceptionDates: try exdate.map { try TimeArgument.local($0, option: "--exdate") },
                extraDates: try rdate.map { try TimeArgument.local($0, option: "--rdate") })
            let occurrences: [Occurrence]
            if !between.isEmpty {
                let from = try TimeArgument.instant(
                    between[0], in: set.timeReference, option: "--between")
                let to = try TimeArgument.instant(
                    between[1], in: set.timeReference, option: "--between")
                occurrences = try Self.atMostMaximum(set.occurrences(from: from, to: to), bound: "--between")
            } else if let until {
                let limit = try TimeArgument.instant(
                    until, in: set.timeReference, option: "--until")
                occurrences = try Self.atMostMaximum(set.occurrences().lazy.prefix { $0.date <= limit }, bound: "--until")
            } else {
                let bounded = base.rule.map { $0.end != .never } ?? true
                if let count {
                    occurrences = Array(set.occurrences().prefix(count))
                } else if bounded {
                    occurrences = try Self.atMostMaximum(set.occurrences(), bound: "the rule's COUNT or UNTIL")
                } else {
                    occurrences = Array(set.occurrences().prefix(Self.defaultCount))
                }
            }
            switch format {
            case .json:
                print(
                    try JSONLine.object([
                        ("rule", .string(rule)),
                        ("occurrences", .strings(occurrences.map(\.rfc3339))),
                    ]))
            case .table:
                printTable(occurrences, rule: base.rule)
            }
        }

        /// The occurrences, or a refusal when there are more than `maximumCount` (reading one more at most).
        static func atMostMaximum(_ sequence: some Sequence<Occurrence>, bound: String) throws -> [Occurrence] {
            let occurrences = Array(sequence.prefix(maximumCount + 1))
            guard occurrences.count <= maximumCount else {
                throw ValidationError(
                    "\(bound) allows more than \(maximumCount) occurrences; narrow it, or give --count up to \(maximumCount).")
            }
            return occurrences
        }

        private func printTable(_ occurrences: [Occurrence], rule: RecurrenceRule?) {
            if let rule { print("\(rule.plainEnglish) — from \(start ?? "") \(timezone)") }
            let width = String(occurrences.count).count
            for (index, occurrence) in occurrences.enumerated() {
                let number = String(index + 1)
                let local = occurrence.local
                let offset = String(occurrence.rfc3339.dropFirst(local.description.count))
                var line = String(repeating: " ", count: width - number.count) + number
                line +=
                    "  \(String(local.weekday.name.prefix(3))) \(local.date) \(local.description.suffix(8)) \(offset)"
                line += "  \(TimeArgument.utc(occurrence))"
                if occurrence.wasShiftedByGap {
                    line += "  (moved forward: the clocks skipped this time)"
                }
                print(line)
            }
            if occurrences.isEmpty { print("(no occurrences)") }
        }
    }
}
