import CirclesDomain

/// The progress report as one self-contained HTML file: inline CSS, charts as inline SVG, no
/// scripts and nothing fetched from anywhere. Every chart is followed by a table with the same
/// figures, headings give the structure, flags are words as well as colours, and the print
/// stylesheet keeps charts and tables whole on the page.
public enum ProgressHTMLRenderer {
    /// The whole document.
    public static func render(_ report: ProgressReport) -> String {
        var html = """
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

            """
        if report.teams.isEmpty { html += "<p>No teams.</p>\n" }
        for (number, team) in report.teams.enumerated() { html += section(team, number: number) }
        return html + "</main>\n</body>\n</html>\n"
    }

    static func section(_ team: ProgressReport.TeamProgress, number: Int) -> String {
        let id = "team-\(number + 1)"
        var html = "<section class=\"team\" aria-labelledby=\"\(id)\">\n"
        html += "<h2 id=\"\(id)\">\(e(team.name))</h2>\n"
        html += "<p class=\"meta\">As of the end of \(team.asOf) (\(e(team.timeZone))).</p>\n"
        html += "<h3>Actions</h3>\n" + actionsTable(team)
        html += "<h3>Whose voice became action: perspectives</h3>\n" + perspectivesTable(team.perspectives)
        html += charts(team, id: id)
        html += "<h3>Action details</h3>\n"
        for workshop in team.workshops {
            for action in workshop.actions { html += details(action, workshop: workshop) }
        }
        html += "<h3>Peer-support coverage</h3>\n" + coverage(team.coverage)
        return html + "</section>\n"
    }

    static func actionsTable(_ team: ProgressReport.TeamProgress) -> String {
        guard team.workshops.contains(where: { !$0.actions.isEmpty }) else { return "<p>No workshop actions by then.</p>\n" }
        var rows: [[String]] = []
        for workshop in team.workshops {
            for action in workshop.actions {
                rows.append([
                    e("\(workshop.title) (\(workshop.heldOn))"), e(action.title), e(action.perspective.name), e(action.owner ?? "–"),
                    e(action.status.name), e(ReportText.days(action.ageDays)),
                    "<span class=\"flag \(action.flag.rawValue)\">\(e(action.flag.name))</span>"
                        + (action.reasons.isEmpty ? "" : "<br><small>\(e(action.reasons.joined(separator: "; ")))</small>"),
                ])
            }
        }
        return table(
            caption: "Each action item, its owner, status, age and flag",
            headers: ["Workshop", "Action", "Perspective", "Owner", "Status", "Age", "Flag"], rows: rows)
    }

    static func perspectivesTable(_ rows: [ProgressReport.PerspectiveProgress]) -> String {
        table(
            caption: "Actions by the perspective they came from, and how far they have got",
            headers: ["Perspective", "Actions", "On track", "At risk", "Stalled", "Done", "Dropped", "Meetings held"],
            rows: rows.map { row in
                [e(row.perspective.name)] + [row.actions, row.onTrack, row.atRisk, row.stalled, row.done, row.dropped, row.meetingsHeld]
                    .map(String.init)
            }, numeric: true)
    }

    static func charts(_ team: ProgressReport.TeamProgress, id: String) -> String {
        var html = "<h3>Meetings held and planned, by month</h3>\n"
        if team.months.isEmpty {
            html += "<p>No meetings or follow-ups by then.</p>\n"
        } else {
            let months = team.months.map(\.month)
            html += figure(
                SVGBarChart(
                    id: "\(id)-meetings", title: "Meetings planned and held per month",
                    summary: "Bars for each month: meetings planned and meetings held. The table below gives the figures.",
                    categories: months,
                    series: [
                        .init(name: "planned", colour: "#9aa5b1", values: team.months.map(\.planned)),
                        .init(name: "held", colour: "#1b6ca8", values: team.months.map(\.held)),
                    ]))
            html += table(
                caption: "Meetings per month", headers: ["Month", "Planned", "Held", "Cancelled"],
                rows: team.months.map { [$0.month, String($0.planned), String($0.held), String($0.cancelled)] }, numeric: true)
            html += "<h3>Follow-ups open and closed over time</h3>\n"
            html += figure(
                SVGBarChart(
                    id: "\(id)-followups", title: "Follow-ups open and closed at each month's end",
                    summary: "Bars for each month: follow-ups still open and follow-ups closed by its end. The table below gives the figures.",
                    categories: months,
                    series: [
                        .init(name: "open", colour: "#c75000", values: team.months.map(\.followUpsOpen)),
                        .init(name: "closed", colour: "#2e7d32", values: team.months.map(\.followUpsClosed)),
                    ]))
            html += table(
                caption: "Follow-ups at each month's end", headers: ["Month", "Open", "Closed (done or dropped)"],
                rows: team.months.map { [$0.month, String($0.followUpsOpen), String($0.followUpsClosed)] }, numeric: true)
        }
        html += "<h3>Attendance per meeting</h3>\n"
        if team.meetings.isEmpty { return html + "<p>No meetings held by then.</p>\n" }
        html += figure(
            SVGBarChart(
                id: "\(id)-attendance", title: "People recorded and attending at each held meeting",
                summary: "Bars for each held meeting, oldest first: people recorded and people who attended. The table below gives the figures.",
                categories: team.meetings.map { String($0.day.description.dropFirst(5)) },
                series: [
                    .init(name: "recorded", colour: "#9aa5b1", values: team.meetings.map(\.recorded)),
                    .init(name: "attended", colour: "#6a3d9a", values: team.meetings.map(\.attended)),
                ]))
        return html
            + table(
                caption: "Attendance at each held meeting", headers: ["Day", "Series", "Attended", "Recorded", "Rate"],
                rows: team.meetings.map {
                    [$0.day.description, e($0.series), String($0.attended), String($0.recorded),
                     ReportText.percent(ProgressReport.ratio($0.attended, $0.recorded))]
                }, numeric: true)
    }

    static func details(_ action: ProgressReport.ActionProgress, workshop: ProgressReport.WorkshopProgress) -> String {
        var html = "<article class=\"action\">\n<h4>\(e(action.title)) <span class=\"flag \(action.flag.rawValue)\">\(e(action.flag.name))</span></h4>\n"
        var facts = [
            ("Workshop", "\(workshop.title) (\(workshop.heldOn))"), ("Perspective", action.perspective.name),
            ("Owner", action.owner ?? "–"), ("Status", action.status.name), ("Age", ReportText.days(action.ageDays)),
        ]
        if let due = action.dueOn { facts.append(("Due", due.description)) }
        if let reason = action.dropReason { facts.append(("Dropped because", reason)) }
        if !action.reasons.isEmpty { facts.append(("Why flagged", action.reasons.joined(separator: "; "))) }
        let m = action.meetings
        if m.series.isEmpty {
            facts.append(("Meetings", "no meeting series"))
        } else {
            var line = "\(m.planned) planned, \(m.held) held, \(m.cancelled) cancelled, \(m.notRecorded) not recorded, \(m.moved) moved"
            if let interval = m.intervalDays { line += "; every \(ReportText.days(interval))" }
            if let gap = m.longestGapDays { line += "; longest gap between held meetings \(ReportText.days(gap))" }
            if m.missedInARow > 0 { line += "; the last \(m.missedInARow) not held" }
            facts.append(("Series", m.series.joined(separator: ", ")))
            facts.append(("Meetings", line))
        }
        let a = action.attendance
        if a.recorded > 0 { facts.append(("Attendance", "\(a.attended) of \(a.recorded) (\(ReportText.percent(a.rate)))")) }
        let f = action.followUps
        facts.append(("Follow-ups", "\(f.open) open, \(f.done) done, \(f.dropped) dropped, \(f.overdue.count) overdue"))
        html += "<dl>" + facts.map { "<dt>\(e($0.0))</dt><dd>\(e($0.1))</dd>" }.joined() + "</dl>\n"
        if !m.cancellations.isEmpty {
            html += table(
                caption: "Cancelled meetings", headers: ["Day", "Series", "Reason"],
                rows: m.cancellations.map { [$0.day.description, e($0.series), e($0.reason)] })
        }
        if !a.people.isEmpty {
            html += table(
                caption: "Attendance by person", headers: ["Person", "Attended", "Apologies", "Absent", "Rate", "Missed in a row"],
                rows: a.people.map {
                    [e($0.name), String($0.attended), String($0.apologies), String($0.absent), ReportText.percent($0.rate), String($0.missedInARow)]
                }, numeric: true)
        }
        if !f.overdue.isEmpty {
            html += table(
                caption: "Overdue follow-ups, longest overdue first", headers: ["Follow-up", "Owner", "Due", "Days overdue"],
                rows: f.overdue.map { [e($0.title), e($0.owner), $0.dueOn.description, String($0.daysOverdue)] })
        }
        return html + "</article>\n"
    }

    static func coverage(_ coverage: ProgressReport.Coverage) -> String {
        var html = "<p>\(coverage.covered) of \(ReportText.count(coverage.members, "member")) (\(ReportText.percent(coverage.share))) "
        html += "attended at least one meeting from \(coverage.since) to \(coverage.until) (\(ReportText.count(coverage.weeks, "week"))).</p>\n"
        guard !coverage.without.isEmpty else { return html }
        html += "<p>Members with no meeting in that time — for a caring conversation, not discipline:</p>\n"
        return html
            + table(
                caption: "Members without a meeting in the window", headers: ["Name", "Role", "Joined", "Last attended"],
                rows: coverage.without.map { [e($0.name), e($0.role.name), $0.joinedOn.description, $0.lastAttended?.description ?? "never"] })
    }

    static func figure(_ chart: SVGBarChart) -> String {
        "<figure>\n\(chart.render())\n<figcaption>\(e(chart.title)) (figures in the table below)</figcaption>\n</figure>\n"
    }

    /// A table; cells are already escaped HTML.
    static func table(caption: String, headers: [String], rows: [[String]], numeric: Bool = false) -> String {
        var html = "<table\(numeric ? " class=\"numeric\"" : "")>\n<caption>\(e(caption))</caption>\n<thead><tr>"
        html += headers.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.enumerated().map { cell in
                if cell.offset == 0 { return "<th scope=\"row\">\(cell.element)</th>" }
                return numeric && isNumber(cell.element) ? "<td class=\"n\">\(cell.element)</td>" : "<td>\(cell.element)</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// Counts and percentages are right-aligned; words are not.
    static func isNumber(_ cell: String) -> Bool {
        !cell.isEmpty && cell.allSatisfy { $0.isNumber || $0 == "%" || $0 == "." || $0 == "–" }
    }

    static let style = """

        body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1a1a1a; background: #fff; margin: 1.5rem; line-height: 1.4; }
        main { max-width: 64rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.35rem; border-bottom: 2px solid #1b6ca8; padding-bottom: .2rem; margin-top: 2rem; }
        h3 { font-size: 1.1rem; margin-top: 1.4rem; } h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
        .meta { color: #444; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
        caption { text-align: left; font-weight: bold; padding: .2rem 0; }
        th, td { border: 1px solid #b8c0c8; padding: .2rem .5rem; text-align: left; vertical-align: top; }
        thead th { background: #eef2f6; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: .5rem 0; break-inside: avoid; }
        figcaption { font-size: .85rem; color: #444; }
        svg.chart { max-width: 100%; height: auto; font-size: 11px; font-family: inherit; }
        svg.chart text { fill: #1a1a1a; }
        svg.chart .grid { stroke: #d5dbe1; stroke-width: 1; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .2rem 0 .6rem; font-size: .9rem; }
        dt { font-weight: bold; } dd { margin: 0; }
        .flag { display: inline-block; padding: 0 .4rem; border-radius: .3rem; border: 1px solid #555; font-size: .85rem; font-weight: bold; }
        .flag.on_track { background: #dff0d8; } .flag.at_risk { background: #ffe8b3; } .flag.stalled { background: #f8d0d0; }
        .flag.done { background: #d6e6f5; } .flag.dropped { background: #e6e6e6; }
        @media print {
            body { margin: 0; font-size: 10pt; }
            h2 { break-before: page; } section.team:first-of-type h2 { break-before: auto; }
            table, figure, article.action { break-inside: avoid; }
            .flag { border-width: 2px; }
        }

        """
}
