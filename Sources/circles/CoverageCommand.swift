import ArgumentParser
import CirclesServices
import Foundation
import ProgressRendering

/// `circles audit coverage`: who in a team attended peer support lately, and who did not.
struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Peer-support coverage: the share of a team's members who attended a meeting lately.",
        discussion: """
            Counts active members who attended at least one of the team's meetings in the last
            --weeks weeks up to the as-of day, and lists those who did not — for a caring
            conversation, not discipline.

            Example:
              circles audit coverage --team North --weeks 8 --as-of 2027-03-31 --as lead@council.example
            """)

    @OptionGroup var service: ServiceOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The team, by name.") var team: String
    @Option(help: "Weeks to look back.") var weeks = 8
    @Option(name: .customLong("as-of"), help: "The last day counted, YYYY-MM-DD, in the team's zone (default: today).")
    var asOf: String?

    func validate() throws {
        try ProgressCommand.validate(asOf: asOf, weeks: weeks)
    }

    func run() async throws {
        let result = try await service.withServices { services, acting in
            try await services.peerSupportCoverage(team: team, weeks: weeks, asOf: asOf, as: acting)
        }
        let text: String
        switch output.format {
        case .table: text = "\(result.team), as of \(result.asOf)\n" + ProgressTableRenderer.coverage(result.coverage)
        case .json: text = try ProgressJSONRenderer.render(result)
        case .csv: text = ProgressCSVRenderer.coverage(team: result.team, asOf: result.asOf, result.coverage)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
