import CirclesDomain

/// The progress report as RFC 4180 CSV: one row per action item with every figure, lists
/// (reasons, cancellations, overdue follow-ups) joined with "; ". Coverage is its own CSV.
public enum ProgressCSVRenderer {
    static let columns = [
        "team", "as_of", "workshop", "workshop_held_on", "action", "perspective", "owner", "status", "age_days", "due_on", "flag",
        "reasons", "series", "interval_days", "planned", "held", "cancelled", "not_recorded", "moved", "missed_in_a_row",
        "longest_gap_days", "last_held", "cancellations", "attended", "recorded", "attendance_rate", "follow_ups_open",
        "follow_ups_done", "follow_ups_dropped", "follow_ups_overdue", "overdue_follow_ups",
    ]

    /// One header line, then one line per action, as one string.
    public static func render(_ report: ProgressReport) -> String {
        var output = ReportWriter()
        // safe: a writer without a sink never throws.
        try? render(report, to: &output)
        return output.text
    }

    /// One header line, then one line per action, team by team into `output`.
    public static func render(_ report: ProgressReport, to output: inout ReportWriter) throws {
        line(columns, to: &output)
        try output.checkpoint()
        for team in report.teams {
            for workshop in team.workshops {
                for action in workshop.actions {
                    let m = action.meetings
                    line([
                        team.name, team.asOf.description, workshop.title, workshop.heldOn.description, action.title,
                        action.perspective.name, action.owner ?? "", action.status.name, String(action.ageDays),
                        action.dueOn?.description ?? "", action.flag.rawValue,
                        (action.reasons + (action.dropReason.map { ["dropped: \($0)"] } ?? [])).joined(separator: "; "),
                        m.series.joined(separator: "; "), m.intervalDays.map(String.init) ?? "", String(m.planned), String(m.held),
                        String(m.cancelled), String(m.notRecorded), String(m.moved), String(m.missedInARow),
                        m.longestGapDays.map(String.init) ?? "", m.lastHeld?.description ?? "",
                        m.cancellations.map { "\($0.day): \($0.reason)" }.joined(separator: "; "),
                        String(action.attendance.attended), String(action.attendance.recorded), rate(action.attendance.rate),
                        String(action.followUps.open), String(action.followUps.done), String(action.followUps.dropped),
                        String(action.followUps.overdue.count),
                        action.followUps.overdue.map { "\($0.title) (\($0.owner), due \($0.dueOn))" }.joined(separator: "; "),
                    ], to: &output)
                }
            }
            try output.checkpoint()
        }
    }

    /// Coverage as CSV: the team's figures on every line, one line per member without a meeting
    /// in the window (a single line with empty member fields when there is none).
    public static func coverage(team: String, asOf: CalendarDay, _ coverage: ProgressReport.Coverage) -> String {
        let summary = [
            team, asOf.description, String(coverage.weeks), coverage.since.description, String(coverage.members),
            String(coverage.covered), rate(coverage.share),
        ]
        let members = coverage.without.map { [$0.name, $0.role.name, $0.joinedOn.description, $0.lastAttended?.description ?? ""] }
        return csv(
            [["team", "as_of", "weeks", "since", "members", "covered", "share", "name", "role", "joined_on", "last_attended"]]
                + (members.isEmpty ? [summary + ["", "", "", ""]] : members.map { summary + $0 }))
    }

    static func rate(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

    static func csv(_ lines: [[String]]) -> String {
        var output = ReportWriter()
        for fields in lines { line(fields, to: &output) }
        return output.text
    }

    /// One record and its CRLF.
    static func line(_ fields: [String], to output: inout ReportWriter) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.write(byte: UInt8(ascii: ",")) }
            output.writeCSV(field)
        }
        output.write("\r\n")
    }
}
