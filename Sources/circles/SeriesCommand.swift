import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation

/// `circles series …`: a whole meeting series.
struct SeriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series",
        abstract: "Show, edit, split, pause, resume and end meeting series.",
        subcommands: [Show.self, Edit.self, Split.self, Pause.self, Resume.self, End.self, Extend.self]
    )

    /// Pauses, resumes or ends a series and says so.
    static func setStatus(
        _ series: IDPrefix<MeetingSeries>, to status: SeriesStatus, saying verb: String, service: ServiceOptions
    ) async throws {
        let changed = try await service.withServices { services, actor in
            try await services.setSeriesStatus(services.resolve(series, as: actor).description, to: status, as: actor)
        }
        say("\(verb) \"\(changed.title)\"")
    }

    /// The fields an edit or a split may change.
    struct Changes: ParsableArguments {
        @Option(help: "New title.") var title: String?
        @Option(help: "New RFC 5545 rule, e.g. FREQ=MONTHLY;BYDAY=3WE.") var rule: String?
        @Option(help: "New local start time, HH:MM.") var time: ClockTime?
        @Option(help: "New length, up to 24h, e.g. 90m or 1h30m.") var duration: MeetingLength?
        @Option(help: "New location (empty to clear).") var location: String?
        @Option(help: "Replace the named attendees; repeat.") var attendee: [String] = []
        @Option(help: "Invite the whole team (true) or only named attendees (false).") var wholeTeam: Bool?
        @Option(help: "The version you last saw (`circles series show`); refused if it changed since.") var ifVersion: Int?
        @Option(help: "What happens to a meeting on a closed day: skip, next-working-day or previous-working-day.") var onClosure: OnClosure?
        @Option(help: "Keep a moved meeting within its month (true) or not (false).") var withinMonth: Bool?

        var changes: CirclesServices.SeriesChanges {
            .init(
                title: title, rule: rule, startTime: time?.description, duration: duration?.description, location: location,
                attendeeEmails: attendee.isEmpty ? nil : attendee, wholeTeam: wholeTeam, expectedVersion: ifVersion, onClosure: onClosure,
                withinMonth: withinMonth)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a series: rule, time, people and version.",
            discussion: """
                Example:
                  circles series show 21a8… --format json --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: idHelp("The series' id")) var series: IDPrefix<MeetingSeries>

        func run() async throws {
            let found = try await service.withServices { services, actor in try await services.showSeries(services.resolve(series, as: actor).description, as: actor) }
            print(
                Listing(
                    columns: ["id", "title", "rule", "first_start", "time_zone", "duration", "status", "version", "on_closure", "within_month"],
                    rows: [[
                        found.id, found.title, found.rule, found.firstLocalStart, found.timeZone,
                        (try? MeetingLength(minutes: found.durationMinutes).description) ?? "\(found.durationMinutes)m",
                        found.status.rawValue, String(found.version), found.onClosure.rawValue, found.withinMonth ? "yes" : "no",
                    ]]
                ).render(output.format), terminator: "")
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Change a series; meetings already held, cancelled or moved stay as they are.",
            discussion: """
                Example:
                  circles series edit 21a8… --time 10:00 --if-version 3 --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The series' id")) var series: IDPrefix<MeetingSeries>
        @OptionGroup var changes: Changes

        func run() async throws {
            let edited = try await service.withServices { services, actor in
                try await services.editSeries(services.resolve(series, as: actor).description, changes.changes, as: actor)
            }
            say("updated \"\(edited.title)\" (version \(edited.version))")
        }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "split",
            abstract: "Change this meeting and all following: the series splits here; history stays.",
            discussion: """
                Example:
                  circles series split --from-meeting 14ba… --rule "FREQ=MONTHLY;BYDAY=3WE" --time 15:00 --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: idHelp("The first meeting to change")) var fromMeeting: IDPrefix<Meeting>
        @OptionGroup var changes: Changes

        func run() async throws {
            let continuing = try await service.withServices { services, actor in
                try await services.splitSeries(at: services.resolve(fromMeeting, as: actor).description, changes.changes, as: actor)
            }
            say("continued as series \(continuing.id) (\(continuing.rule)) from \(continuing.firstLocalStart)")
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause",
            abstract: "Pause a series: future meetings are removed until it resumes.",
            discussion: "Example:\n  circles series pause 21a8… --as lead@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The series' id")) var series: IDPrefix<MeetingSeries>

        func run() async throws {
            try await SeriesCommand.setStatus(series, to: .paused, saying: "paused", service: service)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Resume a paused series from now on.",
            discussion: "Example:\n  circles series resume 21a8… --as lead@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The series' id")) var series: IDPrefix<MeetingSeries>

        func run() async throws {
            try await SeriesCommand.setStatus(series, to: .active, saying: "resumed", service: service)
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end",
            abstract: "End a series: no more meetings; its history stays.",
            discussion: "Example:\n  circles series end 21a8… --as lead@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The series' id")) var series: IDPrefix<MeetingSeries>

        func run() async throws {
            try await SeriesCommand.setStatus(series, to: .ended, saying: "ended", service: service)
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extend",
            abstract: "Create every active series' meetings up to the horizon (90 days ahead).",
            discussion: """
                The reminder worker does this on every pass; this command does the same once, e.g. from cron.
                Safe to repeat and to run beside workers. Administrators only.

                Example:
                  circles series extend --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Option(help: "How many days ahead to create meetings.") var days = 90

        func validate() throws {
            guard (1...730).contains(days) else {
                throw ValidationError("--days must be between 1 and 730, the bound of worker.horizonDays (got \(days))")
            }
        }

        func run() async throws {
            let actor = try service.actorEmail()
            let created = try await service.database.withPool { pool in
                let services = CirclesServices(pool: pool, horizonDays: days)
                try await services.requireAdministrator(actor, to: "extend every series' horizon")
                return try await services.extendHorizon()
            }
            print("created \(created) meetings")
        }
    }
}
