import CirclesDomain

/// The progress report as plain text for a terminal: per team, per workshop, the actions table,
/// the perspectives, each action's details and the team's peer-support coverage.
public enum ProgressTableRenderer {
    /// The whole report.
    public static func render(_ report: ProgressReport) -> String {
        if report.teams.isEmpty { return "(no teams)\n" }
        return report.teams.map(team).joined(separator: "\n")
    }

    static func team(_ team: ProgressReport.TeamProgress) -> String {
        var text = "Progress report — \(team.name) (\(team.timeZone)), as of \(team.asOf)\n"
        if team.workshops.isEmpty { text += "\n  no workshops held by then\n" }
        for workshop in team.workshops {
            text += "\nWorkshop: \(workshop.title) (held \(workshop.heldOn))\n"
            if workshop.actions.isEmpty {
                text += "  no action items\n"
                continue
            }
            var actions = TextTable(columns: ["action", "perspective", "owner", "status", "age", "flag"])
            for action in workshop.actions {
                actions.rows.append([
                    action.title, action.perspective.name, action.owner ?? "–", action.status.name, ReportText.days(action.ageDays),
                    action.flag.name,
                ])
            }
            text += actions.render(indent: "  ")
            text += "\n  Perspectives\n" + perspectives(workshop.perspectives)
            for action in workshop.actions { text += "\n" + details(action) }
        }
        if team.workshops.count > 1 { text += "\nAll workshops by perspective\n" + perspectives(team.perspectives) }
        text += "\n" + coverage(team.coverage)
        return text
    }

    static func perspectives(_ rows: [ProgressReport.PerspectiveProgress]) -> String {
        var table = TextTable(columns: ["perspective", "actions", "on track", "at risk", "stalled", "done", "dropped", "meetings held"])
        for row in rows {
            table.rows.append(
                [row.perspective.name] + [row.actions, row.onTrack, row.atRisk, row.stalled, row.done, row.dropped, row.meetingsHeld].map(String.init))
        }
        return table.render(indent: "  ")
    }

    static func details(_ action: ProgressReport.ActionProgress) -> String {
        var text = "  \(action.title) — \(action.flag.name)"
        if !action.reasons.isEmpty { text += ": " + action.reasons.joined(separator: "; ") }
        if let reason = action.dropReason { text += ": \(reason)" }
        text += "\n"
        let meetings = action.meetings
        if meetings.series.isEmpty {
            text += "    no meeting series\n"
        } else {
            var line = "    meetings (\(meetings.series.joined(separator: ", "))): \(meetings.planned) planned, \(meetings.held) held, "
            line += "\(meetings.cancelled) cancelled, \(meetings.notRecorded) not recorded, \(meetings.moved) moved"
            if let interval = meetings.intervalDays { line += "; every \(ReportText.days(interval))" }
            if let gap = meetings.longestGapDays { line += "; longest gap \(ReportText.days(gap))" }
            if let last = meetings.lastHeld { line += "; last held \(last)" }
            if meetings.missedInARow > 0 { line += "; \(meetings.missedInARow) not held in a row" }
            text += line + "\n"
            for cancellation in meetings.cancellations {
                text += "    cancelled \(cancellation.day) (\(cancellation.series)): \(cancellation.reason)\n"
            }
        }
        let attendance = action.attendance
        if attendance.recorded > 0 {
            text += "    attendance: \(attendance.attended) of \(attendance.recorded) (\(ReportText.percent(attendance.rate)))\n"
            var people = TextTable(columns: ["person", "attended", "apologies", "absent", "rate", "missed in a row"])
            for person in attendance.people {
                people.rows.append([
                    person.name, String(person.attended), String(person.apologies), String(person.absent), ReportText.percent(person.rate),
                    String(person.missedInARow),
                ])
            }
            text += people.render(indent: "      ")
        }
        let followUps = action.followUps
        text += "    follow-ups: \(followUps.open) open, \(followUps.done) done, \(followUps.dropped) dropped, \(followUps.overdue.count) overdue\n"
        for overdue in followUps.overdue {
            text += "      overdue: \(overdue.title) — \(overdue.owner), due \(overdue.dueOn) (\(ReportText.days(overdue.daysOverdue)) ago)\n"
        }
        return text
    }

    /// The coverage section, also printed by `circles audit coverage`.
    public static func coverage(_ coverage: ProgressReport.Coverage) -> String {
        var text = "Peer-support coverage, \(coverage.since) to \(coverage.until) (\(ReportText.count(coverage.weeks, "week"))): "
        text += "\(coverage.covered) of \(ReportText.count(coverage.members, "member")) attended a meeting (\(ReportText.percent(coverage.share)))\n"
        if coverage.without.isEmpty { return text }
        text += "  No meeting in the window — perhaps time for a caring conversation:\n"
        var table = TextTable(columns: ["name", "role", "joined", "last attended"])
        for member in coverage.without {
            table.rows.append([member.name, member.role.name, member.joinedOn.description, member.lastAttended?.description ?? "never"])
        }
        return text + table.render(indent: "  ")
    }
}
