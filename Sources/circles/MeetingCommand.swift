import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation
import Recurrence
import TextOutput

/// `circles meeting …`: one meeting of a series.
struct MeetingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meeting",
        abstract: "List, cancel, move and record meetings.",
        subcommands: [List.self, Cancel.self, Move.self, Hold.self, Agenda.self, Responses.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List meetings of a team, a person or a series, in local time with the zone named.",
            discussion: """
                By default the next 90 days. Times are shown in the series' time zone (the team's by default).
                A team's or a series' meetings are listed for the team's members and administrators; a
                person's for themselves, administrators and leads of their teams (a lead sees only the
                meetings of teams the lead is in).

                Example:
                  circles meeting list --team "Adult Social Care – North" --format json --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "A team's name.") var team: String?
        @Option(help: "A person's email: meetings they are invited to or facilitate.") var person: String?
        @Option(help: idHelp("A series' id")) var series: IDPrefix<MeetingSeries>?
        @Option(help: "First day, YYYY-MM-DD (default: today).") var from: LocalDate?
        @Option(help: "Number of days from the first day.") var days = 90

        func validate() throws {
            guard [team != nil, person != nil, series != nil].filter({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --team, --person or --series")
            }
            guard (1...3660).contains(days) else { throw ValidationError("--days must be between 1 and 3660") }
        }

        func run() async throws {
            let start = try from.map { try MeetingFormatting.day($0.description) } ?? Date()
            let views = try await service.withServices { services, actor in
                let scope: CirclesServices.MeetingScope
                if let team { scope = .team(team) } else if let person { scope = .person(person) } else if let series {
                    scope = .series(try await services.resolve(series, as: actor))
                } else {
                    throw ValidationError("give exactly one of --team, --person or --series")
                }
                return try await services.listMeetings(scope, from: start, to: start.addingTimeInterval(Double(days) * 86_400), as: actor)
            }
            print(MeetingFormatting.listing(views).render(output.format), terminator: "")
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel one meeting, saying why (administrators and the team's leads).",
            discussion: """
                Example:
                  circles meeting cancel 9a1e… --reason "Team away day" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The meeting's id")) var meeting: IDPrefix<Meeting>
        @Option(help: "Why it is cancelled (attendees are told).") var reason: String

        func run() async throws {
            let view = try await service.withServices { services, actor in
                try await services.cancelMeeting(services.resolve(meeting, as: actor).description, reason: reason, as: actor)
            }
            let when = MeetingFormatting.local(view.meeting.startsAt, in: view.timeZone)
            say("cancelled \"\(view.seriesTitle)\" on \(when.date) \(when.time) \(view.timeZone)")
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move",
            abstract: "Move one meeting to a new local start, keeping its length (administrators and the team's leads).",
            discussion: """
                Example:
                  circles meeting move 9a1e… --to 2027-01-19T10:00 --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The meeting's id")) var meeting: IDPrefix<Meeting>
        @Option(help: "The new local start, YYYY-MM-DDTHH:MM, e.g. 2027-01-19T10:00.") var to: LocalDateTime

        func run() async throws {
            let view = try await service.withServices { services, actor in
                try await services.moveMeeting(services.resolve(meeting, as: actor).description, to: to.description, as: actor)
            }
            let when = MeetingFormatting.local(view.meeting.startsAt, in: view.timeZone)
            say("moved \"\(view.seriesTitle)\" to \(when.date) \(when.time) \(view.timeZone)")
        }
    }

    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hold",
            abstract: "Record a meeting as held, with attendance and short notes.",
            discussion: """
                Invitees not named are recorded as absent. Administrators, the team's leads and the
                meeting's facilitator may record it. Notes stay private: they are never emailed.

                Example:
                  circles meeting hold 9a1e… --attended sw1@council.example --attended sw2@council.example \\
                    --apologies sw3@council.example --notes "Shared approaches to a safeguarding case" --as sw1@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The meeting's id")) var meeting: IDPrefix<Meeting>
        @Option(help: "Email of someone who attended; repeat.") var attended: [String] = []
        @Option(help: "Email of someone who sent apologies; repeat.") var apologies: [String] = []
        @Option(help: "Email of someone who was absent; repeat.") var absent: [String] = []
        @Option(help: "Short notes.") var notes: String?

        func run() async throws {
            var attendance: [String: String] = [:]
            for (emails, status) in [(attended, "attended"), (apologies, "apologies"), (absent, "absent")] {
                for email in emails {
                    if let earlier = attendance[email], earlier != status {
                        throw ValidationError("\(email) is listed as both \(earlier) and \(status)")
                    }
                    attendance[email] = status
                }
            }
            let held = CirclesServices.HeldMeeting(attendance: attendance, notes: notes)
            let view = try await service.withServices { services, actor in
                try await services.holdMeeting(services.resolve(meeting, as: actor).description, held, as: actor)
            }
            let when = MeetingFormatting.local(view.meeting.startsAt, in: view.timeZone)
            say("recorded \"\(view.seriesTitle)\" on \(when.date) as held")
        }
    }

    struct Agenda: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agenda",
            abstract: "Show a meeting's agenda: open follow-ups from earlier meetings of its series, and who is coming.",
            discussion: """
                Example:
                  circles meeting agenda 9a1e… --as sw2@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: idHelp("The meeting's id")) var meeting: IDPrefix<Meeting>

        func run() async throws {
            let (items, answers) = try await service.withServices { services, actor in
                let id = try await services.resolve(meeting, as: actor).description
                return (try await services.agenda(meeting: id, as: actor), try await services.meetingResponses(meeting: id, as: actor))
            }
            print(FollowUpCommand.listing(items).render(output.format), terminator: "")
            // Who is coming, under the table; JSON and CSV stay the follow-ups alone (see `meeting responses`).
            if output.format == .table { print("\n" + TerminalText.escaped(Responses.summary(answers), keepingLineFeeds: true), terminator: "") }
        }
    }
}

extension MeetingFormatting {
    /// Midnight UTC at the start of a `YYYY-MM-DD` day given on the command line.
    static func day(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard let date = formatter.date(from: text) else {
            throw ValidationError("invalid date \"\(text)\"; expected YYYY-MM-DD, e.g. 2026-12-01")
        }
        return date
    }
}
