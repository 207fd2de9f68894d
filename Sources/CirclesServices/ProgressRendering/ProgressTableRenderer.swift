import CirclesDomain

/// The progress report as plain text for a terminal: per team, per workshop, the actions table,
/// the perspectives, each action's details and the team's peer-support coverage.
public enum ProgressTableRenderer {
    /// The whole report as one string (small reports; `--all` streams with `render(_:to:)`).
    public static func render(_ report: ProgressReport) -> String {
        var output = ReportWriter()
        // safe: a writer without a sink never throws.
        try? render(report, to: &output)
        return output.text
    }

    /// The whole report, team by team, into `output`.
    public static func render(_ report: ProgressReport, to output: inout ReportWriter) throws {
        if report.teams.isEmpty { output.write("(no teams)\n") }
        for (number, team) in report.teams.enumerated() {
            if number > 0 { output.write(byte: 0x0A) }
            self.team(team, to: &output)
            try output.checkpoint()
        }
    }

    static func team(_ team: ProgressReport.TeamProgress, to output: inout ReportWriter) {
        output.write("Progress report — ")
        output.write(team.name)
        output.write(" (")
        output.write(team.timeZone)
        output.write("), as of ")
        output.write(team.asOf)
        output.write("\n")
        if team.workshops.isEmpty { output.write("\n  no workshops held by then\n") }
        for workshop in team.workshops {
            output.write("\nWorkshop: ")
            output.write(workshop.title)
            output.write(" (held ")
            output.write(workshop.heldOn)
            output.write(")\n")
            if workshop.actions.isEmpty {
                output.write("  no action items\n")
                continue
            }
            var actions = TextTable(columns: ["action", "perspective", "owner", "status", "age", "flag"])
            actions.rows.reserveCapacity(workshop.actions.count)
            for action in workshop.actions {
                actions.rows.append([
                    action.title, action.perspective.name, action.owner ?? "–", action.status.name, ReportText.days(action.ageDays),
                    action.flag.name,
                ])
            }
            actions.render(indent: "  ", to: &output)
            output.write("\n  Perspectives\n")
            perspectives(workshop.perspectives, to: &output)
            for action in workshop.actions {
                output.write("\n")
                details(action, to: &output)
            }
        }
        if team.workshops.count > 1 {
            output.write("\nAll workshops by perspective\n")
            perspectives(team.perspectives, to: &output)
        }
        output.write("\n")
        coverage(team.coverage, to: &output)
    }

    static func perspectives(_ rows: [ProgressReport.PerspectiveProgress], to output: inout ReportWriter) {
        var table = TextTable(columns: ["perspective", "actions", "on track", "at risk", "stalled", "done", "dropped", "meetings held"])
        for row in rows {
            table.rows.append(
                [row.perspective.name] + [row.actions, row.onTrack, row.atRisk, row.stalled, row.done, row.dropped, row.meetingsHeld].map(String.init))
        }
        table.render(indent: "  ", to: &output)
    }

    static func details(_ action: ProgressReport.ActionProgress, to output: inout ReportWriter) {
        output.write("  ")
        output.write(action.title)
        output.write(" — ")
        output.write(action.flag.name)
        for (number, reason) in action.reasons.enumerated() {
            output.write(number == 0 ? ": " : "; ")
            output.write(reason)
        }
        if let reason = action.dropReason {
            output.write(": ")
            output.write(reason)
        }
        output.write("\n")
        let meetings = action.meetings
        if meetings.series.isEmpty {
            output.write("    no meeting series\n")
        } else {
            output.write("    meetings (")
            for (number, series) in meetings.series.enumerated() {
                if number > 0 { output.write(", ") }
                output.write(series)
            }
            output.write("): ")
            output.write(meetings.planned)
            output.write(" planned, ")
            output.write(meetings.held)
            output.write(" held, ")
            output.write(meetings.cancelled)
            output.write(" cancelled, ")
            output.write(meetings.notRecorded)
            output.write(" not recorded, ")
            output.write(meetings.moved)
            output.write(" moved")
            if let interval = meetings.intervalDays {
                output.write("; every ")
                output.write(ReportText.days(interval))
            }
            if let gap = meetings.longestGapDays {
                output.write("; longest gap ")
                output.write(ReportText.days(gap))
            }
            if let last = meetings.lastHeld {
                output.write("; last held ")
                output.write(last)
            }
            if meetings.missedInARow > 0 {
                output.write("; ")
                output.write(meetings.missedInARow)
                output.write(" not held in a row")
            }
            output.write("\n")
            for cancellation in meetings.cancellations {
                output.write("    cancelled ")
                output.write(cancellation.day)
                output.write(" (")
                output.write(cancellation.series)
                output.write("): ")
                output.write(cancellation.reason)
                output.write("\n")
            }
        }
        let attendance = action.attendance
        if attendance.recorded > 0 {
            output.write("    attendance: ")
            output.write(attendance.attended)
            output.write(" of ")
            output.write(attendance.recorded)
            output.write(" (")
            output.write(ReportText.percent(attendance.rate))
            output.write(")\n")
            var people = TextTable(columns: ["person", "attended", "apologies", "absent", "rate", "missed in a row"])
            people.rows.reserveCapacity(attendance.people.count)
            for person in attendance.people {
                people.rows.append([
                    person.name, String(person.attended), String(person.apologies), String(person.absent), ReportText.percent(person.rate),
                    String(person.missedInARow),
                ])
            }
            people.render(indent: "      ", to: &output)
        }
        let followUps = action.followUps
        output.write("    follow-ups: ")
        output.write(followUps.open)
        output.write(" open, ")
        output.write(followUps.done)
        output.write(" done, ")
        output.write(followUps.dropped)
        output.write(" dropped, ")
        output.write(followUps.overdue.count)
        output.write(" overdue\n")
        for overdue in followUps.overdue {
            output.write("      overdue: ")
            output.write(overdue.title)
            output.write(" — ")
            output.write(overdue.owner)
            output.write(", due ")
            output.write(overdue.dueOn)
            output.write(" (")
            output.write(ReportText.days(overdue.daysOverdue))
            output.write(" ago)\n")
        }
    }

    /// The coverage section, also printed by `circles audit coverage`.
    public static func coverage(_ coverage: ProgressReport.Coverage) -> String {
        var output = ReportWriter()
        self.coverage(coverage, to: &output)
        return output.text
    }

    static func coverage(_ coverage: ProgressReport.Coverage, to output: inout ReportWriter) {
        output.write("Peer-support coverage, ")
        output.write(coverage.since)
        output.write(" to ")
        output.write(coverage.until)
        output.write(" (")
        output.write(ReportText.count(coverage.weeks, "week"))
        output.write("): ")
        output.write(coverage.covered)
        output.write(" of ")
        output.write(ReportText.count(coverage.members, "member"))
        output.write(" attended a meeting (")
        output.write(ReportText.percent(coverage.share))
        output.write(")\n")
        if coverage.without.isEmpty { return }
        output.write("  No meeting in the window — perhaps time for a caring conversation:\n")
        var table = TextTable(columns: ["name", "role", "joined", "last attended"])
        for member in coverage.without {
            table.rows.append([member.name, member.role.name, member.joinedOn.description, member.lastAttended?.description ?? "never"])
        }
        table.render(indent: "  ", to: &output)
    }
}
