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

                Closed dates (--closed 2027-05-03,2027-05-31) change what happens on
                them, by --on-closure: skip (the default) leaves the occurrence out;
                next-working-day and previous-working-day move it to the nearest open
                Monday–Friday at the same local time, never onto or past another
                occurrence of the rule and at most 14 days (with --within-month, never
                into another month); a move that cannot be made is a skip. Skipped
                occurrences still count towards COUNT and --count.

                Batch mode, --input FILE (- for standard input), reads JSON Lines:
                  {"id": "a", "dtstart": "2026-12-08T14:00:00",
                   "tzid": "Europe/London", "rrule": "FREQ=WEEKLY;BYDAY=TU",
                   "exdate": [], "rdate": [], "limit": 3}
                and writes one line per request, in order:
                  {"id":"a","occurrences":["2026-12-08T14:00:00+00:00",...]}
                or {"id":"a","error":"..."}; a bad line does not stop the others.
                A request may add "closed": ["2027-05-03"], "on_closure":
                "next-working-day" and "within_month": true; its result then also
                lists "moved": [{"from": …, "to": …}] and "skipped": [{"at": …,
                "reason": …}].

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

        @Option(
            help: ArgumentHelp(
                "Closed dates (bank holidays, closures), YYYY-MM-DD; comma-separated or repeated.",
                valueName: "dates"))
        var closed: [String] = []

        @Option(help: "What an occurrence on a closed date does: skip, next-working-day or previous-working-day.")
        var onClosure: ClosurePolicyArgument = .skip

        @Flag(help: "A moved occurrence must stay in its month; otherwise it is skipped.")
        var withinMonth = false

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

        /// `--on-closure`, by the policy's own names.
        enum ClosurePolicyArgument: String, ExpressibleByArgument, CaseIterable {
            case skip
            case nextWorkingDay = "next-working-day"
            case previousWorkingDay = "previous-working-day"

            var policy: ClosurePolicy {
                switch self {
                case .skip: .skip
                case .nextWorkingDay: .nextWorkingDay
                case .previousWorkingDay: .previousWorkingDay
                }
            }
        }

        /// FILE, when the whole command line is `circles rrule expand --input FILE`: the entry point
        /// then runs the batch expander without parsing the command tree. Anything else (another
        /// option, `--input=FILE`, a FILE that looks like an option) is nil and goes to the parser.
        static func batchInput(in arguments: [String]) -> String? {
            guard arguments.count == 5, arguments[1] == "rrule", arguments[2] == "expand", arguments[3] == "--input" else { return nil }
            let path = arguments[4]
            return path == "-" || !path.hasPrefix("-") ? path : nil
        }

        /// The closed dates, parsed; a usage error names the first that is not a date.
        func closedDates() throws -> [LocalDate] {
            let texts = closed.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            guard texts.count <= BatchExpansion.maximumClosedDates else {
                throw ValidationError("--closed takes at most \(BatchExpansion.maximumClosedDates) dates.")
            }
            return try texts.map { text in
                guard let date = LocalDate(iso: text) else {
                    throw ValidationError("--closed: \"\(text)\" is not a date; expected YYYY-MM-DD, e.g. 2027-05-03.")
                }
                return date
            }
        }

        func validate() throws {
            if input != nil {
                guard rule == nil, start == nil, count == nil, until == nil, between.isEmpty,
                    exdate.isEmpty, rdate.isEmpty, closed.isEmpty, onClosure == .skip, !withinMonth
                else {
                    throw ValidationError(
                        "--input reads everything from the file; give no RULE, --start, bounds, dates or closures with it."
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
            _ = try closedDates()
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
            let closures = ClosureRule(
                closedDays: ClosedDays(try closedDates()), policy: onClosure.policy, keepWithinMonth: withinMonth)
            let scheduled: [ScheduledOccurrence]
            if !between.isEmpty {
                let from = try TimeArgument.instant(
                    between[0], in: set.timeReference, option: "--between")
                let to = try TimeArgument.instant(
                    between[1], in: set.timeReference, option: "--between")
                scheduled = try Self.atMostMaximum(
                    set.scheduledOccurrences(closures: closures, from: from, to: to), bound: "--between")
            } else if let until {
                let limit = try TimeArgument.instant(
                    until, in: set.timeReference, option: "--until")
                scheduled = try Self.atMostMaximum(
                    set.scheduledOccurrences(closures: closures).lazy.prefix { $0.original.date <= limit },
                    bound: "--until")
            } else {
                let bounded = base.rule.map { $0.end != .never } ?? true
                if let count {
                    scheduled = Array(set.scheduledOccurrences(closures: closures).prefix(count))
                } else if bounded {
                    scheduled = try Self.atMostMaximum(
                        set.scheduledOccurrences(closures: closures), bound: "the rule's COUNT or UNTIL")
                } else {
                    scheduled = Array(set.scheduledOccurrences(closures: closures).prefix(Self.defaultCount))
                }
            }
            switch format {
            case .json:
                var fields: [(String, JSONLine.Value)] = [
                    ("rule", .string(rule)),
                    ("occurrences", .strings(scheduled.compactMap(\.held).map(\.rfc3339))),
                ]
                if !closed.isEmpty {
                    fields.append(("moved", .strings(scheduled.compactMap(Self.movedLine))))
                    fields.append(("skipped", .strings(scheduled.compactMap(Self.skippedLine))))
                }
                print(try JSONLine.object(fields))
            case .table:
                printTable(scheduled, rule: base.rule)
            }
        }

        /// The occurrences, or a refusal when there are more than `maximumCount` (reading one more at most).
        static func atMostMaximum<Element>(_ sequence: some Sequence<Element>, bound: String) throws -> [Element] {
            let occurrences = Array(sequence.prefix(maximumCount + 1))
            guard occurrences.count <= maximumCount else {
                throw ValidationError(
                    "\(bound) allows more than \(maximumCount) occurrences; narrow it, or give --count up to \(maximumCount).")
            }
            return occurrences
        }

        /// `FROM -> TO` for a moved occurrence.
        private static func movedLine(_ item: ScheduledOccurrence) -> String? {
            guard case .moved(let to) = item.outcome else { return nil }
            return "\(item.original.rfc3339) -> \(to.rfc3339)"
        }

        /// `AT: reason` for a skipped occurrence.
        private static func skippedLine(_ item: ScheduledOccurrence) -> String? {
            guard case .skipped(let reason) = item.outcome else { return nil }
            return "\(item.original.rfc3339): \(reason.rawValue)"
        }

        private func printTable(_ scheduled: [ScheduledOccurrence], rule: RecurrenceRule?) {
            if let rule { print("\(rule.plainEnglish) — from \(start ?? "") \(timezone)") }
            let width = String(scheduled.count).count
            for (index, item) in scheduled.enumerated() {
                let number = String(index + 1)
                if case .skipped(let reason) = item.outcome {
                    let local = item.original.local
                    print(
                        String(repeating: " ", count: width - number.count) + number
                            + "  \(String(local.weekday.name.prefix(3))) \(local.date) skipped: \(reason.explanation)")
                    continue
                }
                // safe: only skipped items have no time, and they were handled above.
                guard let occurrence = item.held else { continue }
                let local = occurrence.local
                let offset = String(occurrence.rfc3339.dropFirst(local.description.count))
                var line = String(repeating: " ", count: width - number.count) + number
                line +=
                    "  \(String(local.weekday.name.prefix(3))) \(local.date) \(local.description.suffix(8)) \(offset)"
                line += "  \(TimeArgument.utc(occurrence))"
                if occurrence.wasShiftedByGap {
                    line += "  (moved forward: the clocks skipped this time)"
                }
                if case .moved = item.outcome {
                    line += "  (moved from \(item.original.local.date): closed)"
                }
                print(line)
            }
            if scheduled.isEmpty { print("(no occurrences)") }
        }
    }
}
