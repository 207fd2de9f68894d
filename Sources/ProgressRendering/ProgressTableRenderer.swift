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
        try output.writeSections(
            count: report.teams.count, before: separator, section: { number, output in team(report.teams[number], to: &output) })
    }

    /// A blank line between teams.
    static func separator(_ number: Int, _ output: inout ReportWriter) {
        if number > 0 { output.write(byte: 0x0A) }
    }

    /// `render(_:to:)`, the teams rendered `parallelism` at a time: the same bytes, sooner.
    public static func render(_ report: ProgressReport, to output: inout ReportWriter, parallelism: Int) async throws {
        if report.teams.isEmpty { output.write("(no teams)\n") }
        try await output.writeSections(
            count: report.teams.count, parallelism: parallelism,
            before: separator,
            section: { number, output in team(report.teams[number], to: &output) })
    }

    static func team(_ team: ProgressReport.TeamProgress, to output: inout ReportWriter) {
        output.write(text: "Progress report — \(team.name) (\(team.timeZone)), as of \(team.asOf)\n")
        if team.workshops.isEmpty { output.write("\n  no workshops held by then\n") }
        for workshop in team.workshops {
            output.write(text: "\nWorkshop: \(workshop.title) (held \(workshop.heldOn))\n")
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
        if team.peerPairs.rounds > 0 {
            output.write("\nPeer pairs: \(team.peerPairs.summary)\n")
        }
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
        output.write(text: "  \(action.title) — \(action.flag.name)")
        for (number, reason) in action.reasons.enumerated() {
            output.write(number == 0 ? ": " : "; ")
            output.writeTerminal(reason)
        }
        if let reason = action.dropReason {
            output.write(": ")
            output.writeTerminal(reason)
        }
        output.write("\n")
        let meetings = action.meetings
        if meetings.series.isEmpty {
            output.write("    no meeting series\n")
        } else {
            output.write("    meetings (")
            for (number, series) in meetings.series.enumerated() {
                if number > 0 { output.write(", ") }
                output.writeTerminal(series)
            }
            output.write(text: """
                ): \(meetings.planned) planned, \(meetings.held) held, \(meetings.cancelled) cancelled, \
                \(meetings.notRecorded) not recorded, \(meetings.moved) moved
                """)
            if let interval = meetings.intervalDays { output.write(text: "; every \(ReportText.days(interval))") }
            if let gap = meetings.longestGapDays { output.write(text: "; longest gap \(ReportText.days(gap))") }
            if let last = meetings.lastHeld { output.write(text: "; last held \(last)") }
            if meetings.missedInARow > 0 { output.write(text: "; \(meetings.missedInARow) not held in a row") }
            output.write("\n")
            for cancellation in meetings.cancellations {
                output.write(text: "    cancelled \(cancellation.day) (\(cancellation.series)): \(cancellation.reason)\n")
            }
        }
        let attendance = action.attendance
        if attendance.recorded > 0 {
            output.write(text: "    attendance: \(attendance.attended) of \(attendance.recorded) (\(ReportText.percent(attendance.rate)))\n")
            // Apologies: word sent beforehand ("can't make it", or told the facilitator); absent: no word.
            var people = TextTable(columns: ["person", "attended", "apologies in advance", "absent without word", "rate", "missed in a row"])
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
        output.write(text: """
                follow-ups: \(followUps.open) open, \(followUps.done) done, \(followUps.dropped) dropped, \
            \(followUps.overdue.count) overdue

            """)
        for overdue in followUps.overdue {
            output.write(text: """
                      overdue: \(overdue.title) — \(overdue.owner), due \(overdue.dueOn) (\(ReportText.days(overdue.daysOverdue)) ago)

                """)
        }
    }

    /// The coverage section, also printed by `circles audit coverage`.
    public static func coverage(_ coverage: ProgressReport.Coverage) -> String {
        var output = ReportWriter()
        self.coverage(coverage, to: &output)
        return output.text
    }

    static func coverage(_ coverage: ProgressReport.Coverage, to output: inout ReportWriter) {
        output.write(text: """
            Peer-support coverage, \(coverage.since) to \(coverage.until) (\(ReportText.count(coverage.weeks, "week"))): \
            \(coverage.covered) of \(ReportText.count(coverage.members, "member")) attended a meeting \
            (\(ReportText.percent(coverage.share)))

            """)
        if coverage.apologiesInAdvance + coverage.absentWithoutWord > 0 {
            output.write(text: """
                  meetings missed in the window: \(coverage.apologiesInAdvance) with apologies in advance, \
                \(coverage.absentWithoutWord) without word

                """)
        }
        if coverage.without.isEmpty { return }
        output.write("  No meeting in the window — perhaps time for a caring conversation:\n")
        var table = TextTable(columns: ["name", "role", "joined", "last attended", "apologies in advance", "absent without word"])
        for member in coverage.without {
            table.rows.append([
                member.name, member.role.name, member.joinedOn.description, member.lastAttended?.description ?? "never",
                String(member.apologiesInAdvance), String(member.absentWithoutWord),
            ])
        }
        table.render(indent: "  ", to: &output)
    }
}
