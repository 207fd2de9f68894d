import CirclesDomain
import TextOutput

/// The progress report as RFC 4180 CSV: one row per action item with every figure, lists
/// (reasons, cancellations, overdue follow-ups) joined with "; ", and the team's peer-pair figures
/// (rounds, pairs matched, pairs that met, repeats, and the two rates) at the end of each of its
/// rows; a team with pairing rounds but no action items gets one row of its own with the action
/// fields empty. Coverage is its own CSV.
public enum ProgressCSVRenderer {
    static let columns = [
        "team", "as_of", "workshop", "workshop_held_on", "action", "perspective", "owner", "status", "age_days", "due_on", "flag",
        "reasons", "series", "interval_days", "planned", "held", "cancelled", "not_recorded", "moved", "missed_in_a_row",
        "longest_gap_days", "last_held", "cancellations", "attended", "recorded", "attendance_rate", "follow_ups_open",
        "follow_ups_done", "follow_ups_dropped", "follow_ups_overdue", "overdue_follow_ups",
        // Added after the older columns, so that readers by position keep working: the action's
        // attendance split, then the team's peer-pair figures.
        "apologies_in_advance", "absent_without_word",
        "pair_rounds", "pairs_matched", "pairs_met", "pairs_met_rate", "pair_repeats", "pair_repeat_rate",
    ]

    /// The team's peer-pair figures, the last columns of each of its rows.
    static func peerPairCells(_ figures: PeerPairFigures) -> [CSVCell] {
        [
            .number(figures.rounds), .number(figures.pairsMatched), .number(figures.pairsMet), .fraction(figures.metRate),
            .number(figures.repeats), .fraction(figures.repeatRate),
        ]
    }

    /// One header line, then one line per action, as one string.
    public static func render(_ report: ProgressReport) -> String {
        var output = ReportWriter()
        // safe: a writer without a sink never throws.
        try? render(report, to: &output)
        return output.text
    }

    /// One header line, then one line per action, team by team into `output`.
    public static func render(_ report: ProgressReport, to output: inout ReportWriter) throws {
        output.writeCSVRecord(columns.map(CSVCell.text))
        try output.checkpoint()
        for team in report.teams {
            let pairs = peerPairCells(team.peerPairs)
            if team.peerPairs.rounds > 0 && team.workshops.allSatisfy({ $0.actions.isEmpty }) {
                output.writeCSVRecord(
                    [.text(team.name), .text(team.asOf.description)] + Array(repeating: CSVCell.text(""), count: columns.count - 2 - pairs.count)
                        + pairs)
            }
            for workshop in team.workshops {
                for action in workshop.actions {
                    let m = action.meetings
                    output.writeCSVRecord([
                        .text(team.name), .text(team.asOf.description), .text(workshop.title), .text(workshop.heldOn.description),
                        .text(action.title), .text(action.perspective.name), .text(action.owner ?? ""), .text(action.status.name),
                        .number(action.ageDays), .text(action.dueOn?.description ?? ""), .text(action.flag.rawValue),
                        .text((action.reasons + (action.dropReason.map { ["dropped: \($0)"] } ?? [])).joined(separator: "; ")),
                        .text(m.series.joined(separator: "; ")), .number(m.intervalDays), .number(m.planned), .number(m.held),
                        .number(m.cancelled), .number(m.notRecorded), .number(m.moved), .number(m.missedInARow),
                        .number(m.longestGapDays), .text(m.lastHeld?.description ?? ""),
                        .text(m.cancellations.map { "\($0.day): \($0.reason)" }.joined(separator: "; ")),
                        .number(action.attendance.attended), .number(action.attendance.recorded), .fraction(action.attendance.rate),
                        .number(action.followUps.open), .number(action.followUps.done), .number(action.followUps.dropped),
                        .number(action.followUps.overdue.count),
                        .text(action.followUps.overdue.map { "\($0.title) (\($0.owner), due \($0.dueOn))" }.joined(separator: "; ")),
                        .number(action.attendance.apologiesInAdvance), .number(action.attendance.absentWithoutWord),
                    ] + pairs)
                }
            }
            try output.checkpoint()
        }
    }

    /// Coverage as CSV: the team's figures on every line, one line per member without a meeting
    /// in the window (a single line with empty member fields when there is none).
    public static func coverage(team: String, asOf: CalendarDay, _ coverage: ProgressReport.Coverage) -> String {
        let summary: [CSVCell] = [
            .text(team), .text(asOf.description), .number(coverage.weeks), .text(coverage.since.description),
            .number(coverage.members), .number(coverage.covered), .fraction(coverage.share),
        ]
        let members: [[CSVCell]] = coverage.without.map {
            [
                .text($0.name), .text($0.role.name), .text($0.joinedOn.description), .text($0.lastAttended?.description ?? ""),
                .number($0.apologiesInAdvance), .number($0.absentWithoutWord),
            ]
        }
        // The member columns come last, the new ones after the old, so readers by position keep working.
        return CSVWriter.document(
            [["team", "as_of", "weeks", "since", "members", "covered", "share", "name", "role", "joined_on", "last_attended",
              "apologies_in_advance", "absent_without_word"]]
                + (members.isEmpty ? [summary + ["", "", "", "", "", ""]] : members.map { summary + $0 }))
    }
}
