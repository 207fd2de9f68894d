import CirclesDomain

/// The progress report as one self-contained HTML file: inline CSS, charts as inline SVG, no
/// scripts and nothing fetched from anywhere. Every chart is followed by a table with the same
/// figures, headings give the structure, flags are words as well as colours, and the print
/// stylesheet keeps charts and tables whole on the page.
public enum ProgressHTMLRenderer {
    /// The whole document as one string (small reports; `--all` streams with `render(_:to:)`).
    public static func render(_ report: ProgressReport) -> String {
        var output = ReportWriter()
        // safe: a writer without a sink never throws.
        try? render(report, to: &output)
        return output.text
    }

    /// The whole document, team by team into `output`.
    public static func render(_ report: ProgressReport, to output: inout ReportWriter) throws {
        head(report, to: &output)
        try output.writeSections(count: report.teams.count) { number, output in
            section(report.teams[number], number: number, to: &output)
        }
        output.write("</main>\n</body>\n</html>\n")
    }

    /// `render(_:to:)`, the teams' sections rendered `parallelism` at a time: the same bytes,
    /// sooner on a machine with several cores (every team of a large council is 160 MB of HTML).
    public static func render(_ report: ProgressReport, to output: inout ReportWriter, parallelism: Int) async throws {
        head(report, to: &output)
        try await output.writeSections(count: report.teams.count, parallelism: parallelism) { number, output in
            section(report.teams[number], number: number, to: &output)
        }
        output.write("</main>\n</body>\n</html>\n")
    }

    /// Everything before the first team's section.
    static func head(_ report: ProgressReport, to output: inout ReportWriter) {
        output.write("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Circles progress report</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <h1>Circles progress report</h1>
            <p>From workshop actions to meetings, attendance and follow-ups. Peer-support coverage looks back \
            \(ReportText.count(report.coverageWeeks, "week")).</p>

            """)
        if report.teams.isEmpty { output.write("<p>No teams.</p>\n") }
    }

    static func section(_ team: ProgressReport.TeamProgress, number: Int, to output: inout ReportWriter) {
        let id = "team-\(number + 1)"
        output.write("<section class=\"team\" aria-labelledby=\"")
        output.write(id)
        output.write("\">\n<h2 id=\"")
        output.write(id)
        output.write("\">")
        output.writeHTML(team.name)
        output.write("</h2>\n<p class=\"meta\">As of the end of ")
        output.write(team.asOf)
        output.write(" (")
        output.writeHTML(team.timeZone)
        output.write(").</p>\n<h3>Actions</h3>\n")
        actionsTable(team, to: &output)
        output.write("<h3>Whose voice became action: perspectives</h3>\n")
        perspectivesTable(team.perspectives, to: &output)
        charts(team, id: id, to: &output)
        output.write("<h3>Action details</h3>\n")
        for workshop in team.workshops {
            for action in workshop.actions { details(action, workshop: workshop, to: &output) }
        }
        output.write("<h3>Peer-support coverage</h3>\n")
        coverage(team.coverage, to: &output)
        if team.peerPairs.rounds > 0 {
            // Figures only: nothing a person typed.
            output.write("<h3>Peer pairs</h3>\n<p>\(team.peerPairs.summary)</p>\n")
        }
        output.write("</section>\n")
    }

    static func actionsTable(_ team: ProgressReport.TeamProgress, to output: inout ReportWriter) {
        guard team.workshops.contains(where: { !$0.actions.isEmpty }) else {
            return output.write("<p>No workshop actions by then.</p>\n")
        }
        var table = output.openTable(
            caption: "Each action item, its owner, status, age and flag",
            headers: ["Workshop", "Action", "Perspective", "Owner", "Status", "Age", "Flag"])
        for workshop in team.workshops {
            for action in workshop.actions {
                output.openRow(&table)
                output.cell("\(workshop.title) (\(workshop.heldOn))", in: &table)
                output.cell(action.title, in: &table)
                output.cell(action.perspective.name, in: &table)
                output.cell(action.owner ?? "–", in: &table)
                output.cell(action.status.name, in: &table)
                output.cell(ReportText.days(action.ageDays), in: &table)
                var flag = "<span class=\"flag \(action.flag.rawValue)\">\(HTMLText.escape(action.flag.name))</span>"
                if !action.reasons.isEmpty { flag += "<br><small>\(HTMLText.escape(action.reasons.joined(separator: "; ")))</small>" }
                output.cell(html: flag, in: &table)
                output.closeRow()
            }
        }
        output.closeTable()
    }

    static func perspectivesTable(_ rows: [ProgressReport.PerspectiveProgress], to output: inout ReportWriter) {
        var table = output.openTable(
            caption: "Actions by the perspective they came from, and how far they have got",
            headers: ["Perspective", "Actions", "On track", "At risk", "Stalled", "Done", "Dropped", "Meetings held"], numeric: true)
        for row in rows {
            output.openRow(&table)
            output.cell(row.perspective.name, in: &table)
            for count in [row.actions, row.onTrack, row.atRisk, row.stalled, row.done, row.dropped, row.meetingsHeld] {
                output.cell(count, in: &table)
            }
            output.closeRow()
        }
        output.closeTable()
    }

    static func charts(_ team: ProgressReport.TeamProgress, id: String, to output: inout ReportWriter) {
        output.write("<h3>Meetings held and planned, by month</h3>\n")
        if team.months.isEmpty {
            output.write("<p>No meetings or follow-ups by then.</p>\n")
        } else {
            let months = team.months.map(\.month)
            figure(
                SVGBarChart(
                    id: "\(id)-meetings", title: "Meetings planned and held per month",
                    summary: "Bars for each month: meetings planned and meetings held. The table below gives the figures.",
                    categories: months,
                    series: [
                        .init(name: "planned", colour: "#9aa5b1", values: team.months.map(\.planned)),
                        .init(name: "held", colour: "#1b6ca8", values: team.months.map(\.held)),
                    ]), to: &output)
            var meetings = output.openTable(
                caption: "Meetings per month", headers: ["Month", "Planned", "Held", "Cancelled"], numeric: true)
            for month in team.months {
                output.openRow(&meetings)
                output.cell(month.month, in: &meetings)
                output.cell(month.planned, in: &meetings)
                output.cell(month.held, in: &meetings)
                output.cell(month.cancelled, in: &meetings)
                output.closeRow()
            }
            output.closeTable()
            output.write("<h3>Follow-ups open and closed over time</h3>\n")
            figure(
                SVGBarChart(
                    id: "\(id)-followups", title: "Follow-ups open and closed at each month's end",
                    summary: "Bars for each month: follow-ups still open and follow-ups closed by its end. The table below gives the figures.",
                    categories: months,
                    series: [
                        .init(name: "open", colour: "#c75000", values: team.months.map(\.followUpsOpen)),
                        .init(name: "closed", colour: "#2e7d32", values: team.months.map(\.followUpsClosed)),
                    ]), to: &output)
            var followUps = output.openTable(
                caption: "Follow-ups at each month's end", headers: ["Month", "Open", "Closed (done or dropped)"], numeric: true)
            for month in team.months {
                output.openRow(&followUps)
                output.cell(month.month, in: &followUps)
                output.cell(month.followUpsOpen, in: &followUps)
                output.cell(month.followUpsClosed, in: &followUps)
                output.closeRow()
            }
            output.closeTable()
        }
        output.write("<h3>Attendance per meeting</h3>\n")
        if team.meetings.isEmpty { return output.write("<p>No meetings held by then.</p>\n") }
        figure(
            SVGBarChart(
                id: "\(id)-attendance", title: "People recorded and attending at each held meeting",
                summary: "Bars for each held meeting, oldest first: people recorded and people who attended. The table below gives the figures.",
                categories: team.meetings.map { String($0.day.description.dropFirst(5)) },
                series: [
                    .init(name: "recorded", colour: "#9aa5b1", values: team.meetings.map(\.recorded)),
                    .init(name: "attended", colour: "#6a3d9a", values: team.meetings.map(\.attended)),
                ]), to: &output)
        var table = output.openTable(
            caption: "Attendance at each held meeting", headers: ["Day", "Series", "Attended", "Recorded", "Rate"], numeric: true)
        for meeting in team.meetings {
            output.openRow(&table)
            output.cell(meeting.day, in: &table)
            output.cell(meeting.series, in: &table)
            output.cell(meeting.attended, in: &table)
            output.cell(meeting.recorded, in: &table)
            output.cell(ReportText.percent(ProgressReport.ratio(meeting.attended, meeting.recorded)), in: &table)
            output.closeRow()
        }
        output.closeTable()
    }

    static func details(
        _ action: ProgressReport.ActionProgress, workshop: ProgressReport.WorkshopProgress, to output: inout ReportWriter
    ) {
        output.write("<article class=\"action\">\n<h4>")
        output.writeHTML(action.title)
        output.write(" <span class=\"flag ")
        output.write(action.flag.rawValue)
        output.write("\">")
        output.writeHTML(action.flag.name)
        output.write("</span></h4>\n<dl>")
        func fact(_ term: StaticString, _ definition: String) {
            output.write("<dt>")
            output.write(term)
            output.write("</dt><dd>")
            output.writeHTML(definition)
            output.write("</dd>")
        }
        fact("Workshop", "\(workshop.title) (\(workshop.heldOn))")
        fact("Perspective", action.perspective.name)
        fact("Owner", action.owner ?? "–")
        fact("Status", action.status.name)
        fact("Age", ReportText.days(action.ageDays))
        if let due = action.dueOn { fact("Due", due.description) }
        if let reason = action.dropReason { fact("Dropped because", reason) }
        if !action.reasons.isEmpty { fact("Why flagged", action.reasons.joined(separator: "; ")) }
        let m = action.meetings
        if m.series.isEmpty {
            fact("Meetings", "no meeting series")
        } else {
            var line = "\(m.planned) planned, \(m.held) held, \(m.cancelled) cancelled, \(m.notRecorded) not recorded, \(m.moved) moved"
            if let interval = m.intervalDays { line += "; every \(ReportText.days(interval))" }
            if let gap = m.longestGapDays { line += "; longest gap between held meetings \(ReportText.days(gap))" }
            if m.missedInARow > 0 { line += "; the last \(m.missedInARow) not held" }
            fact("Series", m.series.joined(separator: ", "))
            fact("Meetings", line)
        }
        let a = action.attendance
        if a.recorded > 0 { fact("Attendance", "\(a.attended) of \(a.recorded) (\(ReportText.percent(a.rate)))") }
        let f = action.followUps
        fact("Follow-ups", "\(f.open) open, \(f.done) done, \(f.dropped) dropped, \(f.overdue.count) overdue")
        output.write("</dl>\n")
        if !m.cancellations.isEmpty {
            var table = output.openTable(caption: "Cancelled meetings", headers: ["Day", "Series", "Reason"])
            for cancellation in m.cancellations {
                output.openRow(&table)
                output.cell(cancellation.day, in: &table)
                output.cell(cancellation.series, in: &table)
                output.cell(cancellation.reason, in: &table)
                output.closeRow()
            }
            output.closeTable()
        }
        if !a.people.isEmpty {
            var table = output.openTable(
                caption: "Attendance by person", headers: ["Person", "Attended", "Apologies in advance", "Absent without word", "Rate", "Missed in a row"],
                numeric: true)
            for person in a.people {
                output.openRow(&table)
                output.cell(person.name, in: &table)
                output.cell(person.attended, in: &table)
                output.cell(person.apologies, in: &table)
                output.cell(person.absent, in: &table)
                output.cell(ReportText.percent(person.rate), in: &table)
                output.cell(person.missedInARow, in: &table)
                output.closeRow()
            }
            output.closeTable()
        }
        if !f.overdue.isEmpty {
            var table = output.openTable(
                caption: "Overdue follow-ups, longest overdue first", headers: ["Follow-up", "Owner", "Due", "Days overdue"])
            for overdue in f.overdue {
                output.openRow(&table)
                output.cell(overdue.title, in: &table)
                output.cell(overdue.owner, in: &table)
                output.cell(overdue.dueOn, in: &table)
                output.cell(overdue.daysOverdue, in: &table)
                output.closeRow()
            }
            output.closeTable()
        }
        output.write("</article>\n")
    }

    static func coverage(_ coverage: ProgressReport.Coverage, to output: inout ReportWriter) {
        output.write("<p>\(coverage.covered) of \(ReportText.count(coverage.members, "member")) (\(ReportText.percent(coverage.share))) ")
        output.write(
            "attended at least one meeting from \(coverage.since) to \(coverage.until) (\(ReportText.count(coverage.weeks, "week"))).</p>\n")
        guard !coverage.without.isEmpty else { return }
        output.write("<p>Members with no meeting in that time — for a caring conversation, not discipline:</p>\n")
        var table = output.openTable(
            caption: "Members without a meeting in the window",
            headers: ["Name", "Role", "Joined", "Last attended", "Apologies in advance", "Absent without word"])
        for member in coverage.without {
            output.openRow(&table)
            output.cell(member.name, in: &table)
            output.cell(member.role.name, in: &table)
            output.cell(member.joinedOn, in: &table)
            output.cell(member.lastAttended?.description ?? "never", in: &table)
            output.cell(member.apologiesInAdvance, in: &table)
            output.cell(member.absentWithoutWord, in: &table)
            output.closeRow()
        }
        output.closeTable()
    }

    static func figure(_ chart: SVGBarChart, to output: inout ReportWriter) {
        output.write("<figure>\n")
        chart.render(to: &output)
        output.write("\n<figcaption>")
        output.writeHTML(chart.title)
        output.write(" (figures in the table below)</figcaption>\n</figure>\n")
    }
}
