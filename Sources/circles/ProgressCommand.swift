import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation
import ProgressRendering

/// `circles audit progress`: from workshop actions to meetings, attendance and follow-ups.
struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "How far each workshop action has got: meetings, attendance, follow-ups, a flag.",
        discussion: """
            Per workshop, each action item with its owner, status, age and flag (on track, at risk,
            stalled, done, dropped), its meetings (planned, held, cancelled with reasons, longest gap),
            attendance overall and per person, follow-ups (open, done, overdue), the perspectives the
            actions came from, and the team's peer-support coverage. --as-of reports the end of that
            day in each team's zone and ignores everything after it.

            Examples:
              circles audit progress --team North --as admin@council.example
              circles audit progress --workshop "Whose Shoes?" --as-of 2027-03-31 --format csv
              circles audit progress --all --format html > progress.html
            """)

    /// `--format table|json|csv|html`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, html
    }

    @OptionGroup var service: ServiceOptions
    @Option(help: "One team, by name.") var team: String?
    @Option(help: "One workshop, by title or id.") var workshop: String?
    @Flag(help: "Every team (administrators).") var all = false
    @Option(name: .customLong("as-of"), help: "Report as of the end of this day, YYYY-MM-DD, in each team's zone (default: now).")
    var asOf: String?
    @Option(help: "Weeks of peer-support coverage to look back.") var weeks = 8
    @Option(help: "Output format: table, json, csv or html (one self-contained file).") var format: Format = .table

    func validate() throws {
        let chosen = [team != nil, workshop != nil, all].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("say what to report on with exactly one of --team NAME, --workshop TITLE or --all")
        }
        try ProgressCommand.validate(asOf: asOf, weeks: weeks)
    }

    func run() async throws {
        let scope: CirclesServices.ProgressScope = team.map { .team($0) } ?? workshop.map { .workshop($0) } ?? .all
        let report = try await service.withServices { services, acting in
            try await services.progressReport(scope, asOf: asOf, coverageWeeks: weeks, as: acting)
        }
        // Streamed: the report for every team runs to tens of megabytes in some formats. Teams
        // are rendered on every core (CSV is a line per action, as quick to write as to copy).
        var output = StandardOutput.writer()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        switch format {
        case .table: try await ProgressTableRenderer.render(report, to: &output, parallelism: cores)
        case .json: try await ProgressJSONRenderer.render(report, to: &output, parallelism: cores)
        case .csv: try ProgressCSVRenderer.render(report, to: &output)
        case .html: try await ProgressHTMLRenderer.render(report, to: &output, parallelism: cores)
        }
        try output.finish()
    }

    /// The checks `progress` and `coverage` share, as usage errors.
    static func validate(asOf: String?, weeks: Int) throws {
        if let asOf, CalendarDay(iso: asOf) == nil {
            throw ValidationError("invalid --as-of \"\(asOf)\"; expected a calendar day as YYYY-MM-DD, e.g. 2027-03-31")
        }
        guard (1...520).contains(weeks) else {
            throw ValidationError("--weeks must be between 1 and 520 (got \(weeks))")
        }
    }
}
