import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation
import Recurrence

extension ActionCommand {
    /// `circles action schedule`: an action item becomes a recurring meeting series.
    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Turn an action item into a recurring meeting series (administrators and the team's leads).",
            discussion: """
                The first meeting is at --start (local time in --time-zone, by default the team's).
                Each meeting takes the next facilitator in the rotation, skipping anyone inactive.
                Meetings are created for the next 90 days and extended as time passes.

                The rule is an RFC 5545 RRULE (--rule) or a phrase (--every), such as "every 2 weeks on
                tuesday", "2nd tuesday of the month", "last weekday of the month" or "weekdays".

                Example (second Tuesday of the month, 14:00–15:30, three facilitators in turn, whole team):
                  circles action schedule 5f0c… --every "2nd tuesday of the month" --start 2026-12-08T14:00 --end 15:30 \\
                    --facilitator sw1@council.example --facilitator sw2@council.example --facilitator sw3@council.example \\
                    --whole-team --location "Room 2, Civic Centre" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: idHelp("The action item's id")) var action: IDPrefix<ActionItem>
        @Option(help: "An RFC 5545 rule, e.g. FREQ=MONTHLY;BYDAY=2TU.") var rule: String?
        @Option(help: "A phrase, e.g. \"2nd tuesday of the month\" (instead of --rule).") var every: String?
        @Option(help: "The first meeting's local start, YYYY-MM-DDTHH:MM, e.g. 2026-12-08T14:00.") var start: LocalDateTime
        @Option(help: "How long each meeting lasts, up to 24h, e.g. 90m or 1h30m.") var duration: MeetingLength?
        @Option(help: "Local end time of each meeting, HH:MM, e.g. 15:30 (instead of --duration).") var end: ClockTime?
        @Option(help: "IANA time zone (default: the team's).") var timeZone: String?
        @Option(help: "The series' title (default: the action item's).") var title: String?
        @Option(help: "Where the meetings happen.") var location: String?
        @Option(help: "The link to join online.") var link: String?
        @Option(help: "Email of the series' owner (default: you).") var owner: String?
        @Option(help: "A facilitator's email; repeat, in rotation order.") var facilitator: [String] = []
        @Option(help: "An attendee's email; repeat for several.") var attendee: [String] = []
        @Flag(help: "Invite the whole team, kept in step with its membership.") var wholeTeam = false
        @Option(help: "Reminder offsets before each meeting, e.g. 2d,1h (the default).") var reminders: String?
        @Option(help: "What happens to a meeting on a day the team's closure calendars close: skip (default), next-working-day or previous-working-day.")
        var onClosure: OnClosure = .skip
        @Flag(help: "Keep a moved meeting within its month (for monthly rules).") var withinMonth = false

        func validate() throws {
            guard (rule == nil) != (every == nil) else {
                throw ValidationError("give the rule either as --rule \"FREQ=…\" or as --every \"phrase\", not both or neither")
            }
        }

        func run() async throws {
            let ruleText = try rule ?? RecurrenceRule(phrase: every ?? "").description
            let scheduled = try await service.withServices { services, actor in
                let actionID = try await services.resolve(action, as: actor)
                let request = CirclesServices.ScheduleRequest(
                    actionID: actionID.description, title: title, rule: ruleText,
                    start: start.description, timeZone: timeZone, duration: duration?.description, endTime: end?.description,
                    location: location, link: link, ownerEmail: owner, facilitatorEmails: facilitator, attendeeEmails: attendee,
                    wholeTeam: wholeTeam, reminders: reminders, onClosure: onClosure, withinMonth: withinMonth)
                let series = try await services.scheduleAction(request, as: actor)
                guard let seriesID = ID<MeetingSeries>(series.series.id) else {
                    throw ServiceError(.invalid, "the new series' id \(series.series.id) is not a UUID")
                }
                let meetings = try await services.listMeetings(.series(seriesID), from: Date(timeIntervalSince1970: 0), to: .distantFuture, as: actor)
                return (series, meetings)
            }
            let series = scheduled.0.series
            let description = (try? RecurrenceRule(parsing: series.rule).plainEnglish) ?? series.rule
            let meetings = MeetingFormatting.listing(scheduled.1)
            switch output.format {
            case .table:
                say("scheduled \"\(series.title)\" \(description) (series \(series.id), \(series.rule))")
                print(meetings.render(.table), terminator: "")
            case .json:
                print(
                    try RecordOutputOptions.json(ScheduledRecord(
                        id: series.id, title: series.title, rule: series.rule, description: description, version: series.version,
                        timeZone: series.timeZone, firstLocalStart: series.firstLocalStart, meetings: meetings.objects)),
                    terminator: "")
            case .csv:
                print(meetings.render(.csv), terminator: "")
            }
        }
    }
}

/// What `action schedule --format json` prints: the new series and its meetings (as `meeting list` shows them).
private struct ScheduledRecord: Encodable {
    let id: String
    let title: String
    let rule: String
    /// The rule in plain English.
    let description: String
    let version: Int
    let timeZone: String
    let firstLocalStart: String
    let meetings: [[String: String?]]
}
