import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation
import Recurrence

/// `circles closures …`: bank holidays and other days when nobody is in.
struct ClosuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closures",
        abstract: "Bank holidays and closures: import, add, list and remove them; choose which calendars a team follows.",
        discussion: """
            A closure calendar is shared (its closures are managed by administrators: the bank holidays)
            or a team's own (created with --team; its leads manage it). A team follows one or more
            calendars; each series decides what happens to a meeting on a closed day (see
            `action schedule --on-closure` and `series edit --on-closure`). Changes move, cancel or bring
            back meetings at once, with updated invitations or cancellations to those already told.
            """,
        subcommands: [Import.self, Add.self, List.self, Remove.self, Follow.self, Unfollow.self]
    )

    /// What a change did, as one line.
    static func summary(_ change: CirclesServices.ClosureChange) -> String {
        let meetings = change.meetings
        return "\"\(change.calendar)\": \(change.added) added, \(change.changed) changed, \(change.removed) removed, "
            + "\(change.unchanged) unchanged; meetings: \(meetings.moved) moved, \(meetings.cancelled) cancelled, "
            + "\(meetings.skipped) skipped, \(meetings.restored) brought back"
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import closures from gov.uk's bank-holidays.json or an iCalendar file, all or none.",
            discussion: """
                The format is read from the file: gov.uk's JSON (https://www.gov.uk/bank-holidays.json; choose
                --division when it holds several) or iCalendar (all-day and timed VEVENTs with SUMMARY as the
                reason; RRULE, EXDATE, RDATE and RECURRENCE-ID are expanded from a year back to 3 years ahead).
                Importing again changes only what changed. A bad entry refuses the whole file, and every
                problem is listed with its JSON path or iCalendar line. At most 4 MiB and 10,000 closures.

                Examples:
                  circles closures import bank-holidays.json --calendar "Bank holidays (England and Wales)" --division england-and-wales --as admin@council.example
                  circles closures import training-days.ics --calendar "North training days" --team "Adult Social Care – North" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: ArgumentHelp("The file to import, or - for standard input.", valueName: "file")) var file: String
        @Option(help: "The calendar's name (created if new).") var calendar: String
        @Option(help: "england-and-wales, scotland or northern-ireland (gov.uk JSON only).") var division: String?
        @Option(help: "Make a new calendar this team's own (its leads manage it); default: shared.") var team: String?
        @OptionGroup var output: RecordOutputOptions

        func validate() throws {
            if let division, BankHolidayDivision(rawValue: division) == nil {
                throw ValidationError(
                    "unknown division \"\(division)\"; expected \(BankHolidayDivision.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let (data, name) = try ClosuresCommand.read(file)
            let format = try ClosuresCommand.format(of: data, division: division.flatMap(BankHolidayDivision.init(rawValue:)), name: name)
            let change = try await service.withServices { services, actor in
                try await services.importClosures(from: data, format: format, fileName: name, calendar: calendar, team: team, as: actor)
            }
            switch output.format {
            case .text: say("imported \(ClosuresCommand.summary(change))")
            case .json: print(try RecordOutputOptions.json(change), terminator: "")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a closed day, a range of days, or a closed stretch of time, with a reason.",
            discussion: """
                Examples:
                  circles closures add --calendar "North training days" --team "Adult Social Care – North" --date 2027-03-10 --reason "Team training day" --as lead@council.example
                  circles closures add --calendar "Council closures" --date 2026-12-24 --until 2027-01-01 --reason "Christmas closure" --as admin@council.example
                  circles closures add --calendar "Council closures" --from 2026-12-23T13:00 --to 2026-12-23T17:00 --reason "Office party" --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: "The calendar's name (created if new).") var calendar: String
        @Option(help: "The (first) closed day, YYYY-MM-DD.") var date: LocalDate?
        @Option(help: "The last closed day, YYYY-MM-DD (default: the same day).") var until: LocalDate?
        @Option(help: "Closed from this local time, YYYY-MM-DDTHH:MM (instead of --date).") var from: LocalDateTime?
        @Option(help: "Closed until this local time, YYYY-MM-DDTHH:MM.") var to: LocalDateTime?
        @Option(help: "IANA zone of --from and --to.") var timeZone = "Europe/London"
        @Option(help: "Why nobody is in, e.g. \"Christmas closure\".") var reason: String
        @Option(help: "Make a new calendar this team's own (its leads manage it); default: shared.") var team: String?
        @OptionGroup var output: RecordOutputOptions

        func validate() throws {
            guard (date != nil) != (from != nil) else {
                throw ValidationError("give the closure as --date YYYY-MM-DD [--until YYYY-MM-DD] or as --from … --to …, not both or neither")
            }
            if from != nil, to == nil { throw ValidationError("--from needs --to") }
            if date != nil, to != nil { throw ValidationError("--to goes with --from; for days use --until") }
            if until != nil, date == nil { throw ValidationError("--until goes with --date") }
        }

        func run() async throws {
            let span: Closure.Span
            if let date {
                span = .days(first: date.description, last: (until ?? date).description)
            } else if let from, let to {
                span = .timed(from: try ClosuresCommand.instant(from, zone: timeZone), until: try ClosuresCommand.instant(to, zone: timeZone))
            } else {
                throw ValidationError("give --date or --from and --to")
            }
            let (closure, change) = try await service.withServices { services, actor in
                try await services.addClosure(calendar: calendar, span: span, reason: reason, team: team, as: actor)
            }
            switch output.format {
            case .text: say("added closure \(closure.id) to \(ClosuresCommand.summary(change))")
            case .json: print(try RecordOutputOptions.json(ClosureRecord(closure: closure, change: change)), terminator: "")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List a calendar's closures, or those of every calendar a team follows.",
            discussion: """
                A team's members and administrators may list what applies to the team.

                Example:
                  circles closures list --team "Adult Social Care – North" --format csv --as sw1@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "A calendar's name.") var calendar: String?
        @Option(help: "A team's name: the closures of every calendar it follows.") var team: String?

        func validate() throws {
            guard calendar != nil || team != nil else { throw ValidationError("give --calendar NAME or --team NAME") }
        }

        func run() async throws {
            let entries = try await service.withServices { services, actor in
                try await services.listClosures(calendar: calendar, team: team, as: actor)
            }
            print(
                Listing(
                    columns: ["id", "calendar", "from", "until", "reason", "key"],
                    rows: entries.map { entry in
                        let (from, until) = ClosuresCommand.bounds(entry.closure.span)
                        return [entry.closure.id, entry.calendar.name, from, until, entry.closure.reason, entry.closure.sourceKey]
                    }
                ).render(output.format), terminator: "")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a closure: meetings it moved go back, and those it skipped or cancelled come back.",
            discussion: "Example:\n  circles closures remove 5d1c0a2e --as admin@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The closure's id (`closures list`)")) var closure: IDPrefix<Closure>

        func run() async throws {
            let (removed, change) = try await service.withServices { services, actor in
                try await services.removeClosure(try await services.resolve(closure, as: actor), as: actor)
            }
            say("removed \"\(removed.reason)\" from \(ClosuresCommand.summary(change))")
        }
    }

    struct Follow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow",
            abstract: "A team follows a calendar: its meetings on those days move or are skipped (administrators and the team's leads).",
            discussion: """
                Example:
                  circles closures follow --team "Adult Social Care – North" --calendar "Bank holidays (England and Wales)" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: "The team's name.") var team: String
        @Option(help: "The calendar's name.") var calendar: String

        func run() async throws {
            let change = try await service.withServices { services, actor in
                try await services.followClosures(team: team, calendar: calendar, following: true, as: actor)
            }
            say("\(team) follows \(ClosuresCommand.summary(change))")
        }
    }

    struct Unfollow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unfollow",
            abstract: "A team stops following a calendar: meetings it moved or skipped come back.",
            discussion: """
                Example:
                  circles closures unfollow --team "Adult Social Care – North" --calendar "North training days" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: "The team's name.") var team: String
        @Option(help: "The calendar's name.") var calendar: String

        func run() async throws {
            let change = try await service.withServices { services, actor in
                try await services.followClosures(team: team, calendar: calendar, following: false, as: actor)
            }
            say("\(team) no longer follows \(ClosuresCommand.summary(change))")
        }
    }

    // MARK: - Helpers

    static func read(_ file: String) throws -> (Data, String) {
        if file == "-" {
            let data = FileHandle.standardInput.readData(ofLength: ClosureImportLimits.maxBytes + 1)
            return (data, "standard input")
        }
        let name = (file as NSString).lastPathComponent
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
            throw ValidationError("cannot import \(file): no such file")
        }
        if let size = attributes[.size] as? Int, size > ClosureImportLimits.maxBytes {
            throw ImportError(
                .tooLarge, fileName: name,
                summary: "\(name) has \(size) bytes; a closure import may have at most \(ClosureImportLimits.maxBytes) bytes (4 MiB); nothing was imported")
        }
        do {
            return (try Data(contentsOf: URL(fileURLWithPath: file)), name)
        } catch {
            throw ValidationError("cannot import \(file): it cannot be read")
        }
    }

    /// gov.uk JSON when the file starts with `{`, iCalendar when it starts with BEGIN:VCALENDAR.
    static func format(of data: Data, division: BankHolidayDivision?, name: String) throws -> CirclesServices.ClosureFileFormat {
        let start = data.prefix(64).drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if start.first == UInt8(ascii: "{") { return .govUKJSON(division: division) }
        if String(decoding: start.prefix(15), as: UTF8.self).uppercased() == "BEGIN:VCALENDAR" {
            guard division == nil else { throw ValidationError("--division is for gov.uk's bank-holidays.json, not iCalendar files") }
            return .icalendar
        }
        throw ImportError(
            .malformed, fileName: name,
            summary: "\(name) is neither gov.uk's bank-holidays.json (a JSON object) nor an iCalendar file (BEGIN:VCALENDAR); nothing was imported")
    }

    /// A local time in a zone as an instant.
    static func instant(_ local: LocalDateTime, zone: String) throws -> Date {
        guard TimeZone(identifier: zone) != nil else {
            throw ValidationError("unknown time zone \"\(zone)\"; expected an IANA name such as Europe/London")
        }
        guard let first = try RecurrenceSet(start: local, timeReference: .zone(zone), rule: nil).first(1).first else {
            throw ValidationError("\(local) does not exist in \(zone)")
        }
        return first.date
    }

    /// `2026-12-25`/`2026-12-25`, or RFC 3339 instants for a timed closure.
    static func bounds(_ span: Closure.Span) -> (String, String) {
        switch span {
        case .days(let first, let last): (first, last)
        case .timed(let from, let until): (MeetingFormatting.instant(from), MeetingFormatting.instant(until))
        }
    }
}

/// What `closures add --format json` prints.
private struct ClosureRecord: Encodable {
    let closure: Closure
    let change: CirclesServices.ClosureChange
}
