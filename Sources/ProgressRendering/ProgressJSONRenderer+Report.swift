import CirclesDomain

/// The report's JSON, member by member in the order `JSONEncoder` sorts the snake_case keys.
extension ProgressJSONRenderer {
    /// The whole report, team by team into `output`, with a final newline.
    public static func render(_ report: ProgressReport, to output: inout ReportWriter) throws {
        var document = output.openObject(depth: 0)
        output.member("coverage_weeks", report.coverageWeeks, in: &document)
        output.key("teams", in: &document)
        var teams = output.openArray(depth: 1)
        try output.writeSections(
            count: report.teams.count, before: { _, output in output.element(in: &teams) },
            section: { number, output in team(report.teams[number], depth: 2, to: &output) })
        output.closeArray(teams)
        output.closeObject(document)
        output.write(byte: 0x0A)
    }

    /// `render(_:to:)`, the teams rendered `parallelism` at a time: the same bytes, sooner.
    public static func render(_ report: ProgressReport, to output: inout ReportWriter, parallelism: Int) async throws {
        var document = output.openObject(depth: 0)
        output.member("coverage_weeks", report.coverageWeeks, in: &document)
        output.key("teams", in: &document)
        var teams = output.openArray(depth: 1)
        try await output.writeSections(
            count: report.teams.count, parallelism: parallelism,
            before: { _, output in output.element(in: &teams) },
            section: { number, output in team(report.teams[number], depth: 2, to: &output) })
        output.closeArray(teams)
        output.closeObject(document)
        output.write(byte: 0x0A)
    }

    static func team(_ team: ProgressReport.TeamProgress, depth: Int, to output: inout ReportWriter) {
        var object = output.openObject(depth: depth)
        output.member("as_of", team.asOf, in: &object)
        output.key("coverage", in: &object)
        coverage(team.coverage, depth: depth + 1, to: &output)
        output.array("meetings", team.meetings, in: &object) { meeting, depth, output in
            var object = output.openObject(depth: depth)
            output.member("attended", meeting.attended, in: &object)
            output.member("day", meeting.day, in: &object)
            output.member("recorded", meeting.recorded, in: &object)
            output.member("series", meeting.series, in: &object)
            output.closeObject(object)
        }
        output.array("months", team.months, in: &object) { month, depth, output in
            var object = output.openObject(depth: depth)
            output.member("cancelled", month.cancelled, in: &object)
            output.member("follow_ups_closed", month.followUpsClosed, in: &object)
            output.member("follow_ups_open", month.followUpsOpen, in: &object)
            output.member("held", month.held, in: &object)
            output.member("month", month.month, in: &object)
            output.member("planned", month.planned, in: &object)
            output.closeObject(object)
        }
        output.member("name", team.name, in: &object)
        // Exactly what JSONEncoder writes for `PeerPairFigures` (the rates derived, absent with no pairs).
        output.key("peer_pairs", in: &object)
        var pairs = output.openObject(depth: depth + 1)
        output.member("met_rate", team.peerPairs.metRate, in: &pairs)
        output.member("pairs_matched", team.peerPairs.pairsMatched, in: &pairs)
        output.member("pairs_met", team.peerPairs.pairsMet, in: &pairs)
        output.member("repeat_rate", team.peerPairs.repeatRate, in: &pairs)
        output.member("repeats", team.peerPairs.repeats, in: &pairs)
        output.member("rounds", team.peerPairs.rounds, in: &pairs)
        output.closeObject(pairs)
        output.array("perspectives", team.perspectives, in: &object, perspective)
        output.member("time_zone", team.timeZone, in: &object)
        output.array("workshops", team.workshops, in: &object) { workshop, depth, output in
            var object = output.openObject(depth: depth)
            output.array("actions", workshop.actions, in: &object, action)
            output.member("held_on", workshop.heldOn, in: &object)
            output.array("perspectives", workshop.perspectives, in: &object, perspective)
            output.member("title", workshop.title, in: &object)
            output.closeObject(object)
        }
        output.closeObject(object)
    }

    static func action(_ action: ProgressReport.ActionProgress, depth: Int, to output: inout ReportWriter) {
        var object = output.openObject(depth: depth)
        output.member("age_days", action.ageDays, in: &object)
        output.key("attendance", in: &object)
        attendance(action.attendance, depth: depth + 1, to: &output)
        output.member("drop_reason", action.dropReason, in: &object)
        output.member("due_on", action.dueOn, in: &object)
        output.member("flag", action.flag.rawValue, in: &object)
        output.key("follow_ups", in: &object)
        followUps(action.followUps, depth: depth + 1, to: &output)
        output.key("meetings", in: &object)
        meetings(action.meetings, depth: depth + 1, to: &output)
        output.member("owner", action.owner, in: &object)
        output.member("perspective", action.perspective.rawValue, in: &object)
        output.member("reasons", action.reasons, in: &object)
        output.member("status", action.status.rawValue, in: &object)
        output.member("title", action.title, in: &object)
        output.closeObject(object)
    }

    static func attendance(_ attendance: ProgressReport.AttendanceFigures, depth: Int, to output: inout ReportWriter) {
        var object = output.openObject(depth: depth)
        output.member("absent_without_word", attendance.absentWithoutWord, in: &object)
        output.member("apologies_in_advance", attendance.apologiesInAdvance, in: &object)
        output.member("attended", attendance.attended, in: &object)
        output.array("people", attendance.people, in: &object) { person, depth, output in
            var object = output.openObject(depth: depth)
            // "absent" and "apologies" are kept for readers of earlier reports; they mean the same.
            output.member("absent", person.absent, in: &object)
            output.member("absent_without_word", person.absent, in: &object)
            output.member("apologies", person.apologies, in: &object)
            output.member("apologies_in_advance", person.apologies, in: &object)
            output.member("attended", person.attended, in: &object)
            output.member("missed_in_a_row", person.missedInARow, in: &object)
            output.member("name", person.name, in: &object)
            output.member("rate", person.rate, in: &object)
            output.closeObject(object)
        }
        output.member("rate", attendance.rate, in: &object)
        output.member("recorded", attendance.recorded, in: &object)
        output.closeObject(object)
    }

    static func followUps(_ followUps: ProgressReport.FollowUpFigures, depth: Int, to output: inout ReportWriter) {
        var object = output.openObject(depth: depth)
        output.member("done", followUps.done, in: &object)
        output.member("dropped", followUps.dropped, in: &object)
        output.member("open", followUps.open, in: &object)
        output.array("overdue", followUps.overdue, in: &object) { overdue, depth, output in
            var object = output.openObject(depth: depth)
            output.member("days_overdue", overdue.daysOverdue, in: &object)
            output.member("due_on", overdue.dueOn, in: &object)
            output.member("owner", overdue.owner, in: &object)
            output.member("title", overdue.title, in: &object)
            output.closeObject(object)
        }
        output.closeObject(object)
    }

    static func meetings(_ meetings: ProgressReport.MeetingFigures, depth: Int, to output: inout ReportWriter) {
        var object = output.openObject(depth: depth)
        output.array("cancellations", meetings.cancellations, in: &object) { cancellation, depth, output in
            var object = output.openObject(depth: depth)
            output.member("day", cancellation.day, in: &object)
            output.member("reason", cancellation.reason, in: &object)
            output.member("series", cancellation.series, in: &object)
            output.closeObject(object)
        }
        output.member("cancelled", meetings.cancelled, in: &object)
        output.member("held", meetings.held, in: &object)
        output.member("interval_days", meetings.intervalDays, in: &object)
        output.member("last_held", meetings.lastHeld, in: &object)
        output.member("longest_gap_days", meetings.longestGapDays, in: &object)
        output.member("missed_in_a_row", meetings.missedInARow, in: &object)
        output.member("moved", meetings.moved, in: &object)
        output.member("not_recorded", meetings.notRecorded, in: &object)
        output.member("planned", meetings.planned, in: &object)
        output.member("series", meetings.series, in: &object)
        output.closeObject(object)
    }

    static func perspective(_ row: ProgressReport.PerspectiveProgress, depth: Int, to output: inout ReportWriter) {
        var object = output.openObject(depth: depth)
        output.member("actions", row.actions, in: &object)
        output.member("at_risk", row.atRisk, in: &object)
        output.member("done", row.done, in: &object)
        output.member("dropped", row.dropped, in: &object)
        output.member("meetings_held", row.meetingsHeld, in: &object)
        output.member("on_track", row.onTrack, in: &object)
        output.member("perspective", row.perspective.rawValue, in: &object)
        output.member("stalled", row.stalled, in: &object)
        output.closeObject(object)
    }

    static func coverage(_ coverage: ProgressReport.Coverage, depth: Int, to output: inout ReportWriter) {
        var object = output.openObject(depth: depth)
        output.member("absent_without_word", coverage.absentWithoutWord, in: &object)
        output.member("apologies_in_advance", coverage.apologiesInAdvance, in: &object)
        output.member("covered", coverage.covered, in: &object)
        output.member("members", coverage.members, in: &object)
        output.member("share", coverage.share, in: &object)
        output.member("since", coverage.since, in: &object)
        output.member("until", coverage.until, in: &object)
        output.member("weeks", coverage.weeks, in: &object)
        output.array("without", coverage.without, in: &object) { member, depth, output in
            var object = output.openObject(depth: depth)
            output.member("absent_without_word", member.absentWithoutWord, in: &object)
            output.member("apologies_in_advance", member.apologiesInAdvance, in: &object)
            output.member("joined_on", member.joinedOn, in: &object)
            output.member("last_attended", member.lastAttended, in: &object)
            output.member("name", member.name, in: &object)
            output.member("role", member.role.rawValue, in: &object)
            output.closeObject(object)
        }
        output.closeObject(object)
    }
}

extension ReportWriter {
    /// A member holding an array of objects, each written by `element` at the depth it is given.
    mutating func array<Element>(
        _ name: StaticString, _ elements: [Element], in object: inout JSONContainer,
        _ write: (Element, Int, inout ReportWriter) -> Void
    ) {
        key(name, in: &object)
        var array = openArray(depth: object.depth + 1)
        for value in elements {
            element(in: &array)
            write(value, array.depth + 1, &self)
        }
        closeArray(array)
    }
}
