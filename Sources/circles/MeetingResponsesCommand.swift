import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation

extension MeetingCommand {
    /// `circles meeting responses MEETING`: who is coming.
    struct Responses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "responses",
            abstract: "Show who has said they will come to a meeting, who cannot, and who has not answered.",
            discussion: """
                One row per person invited (and the facilitator): their answer (accepted, declined,
                tentative, or empty when they have not answered), where it came from (link,
                calendar, facilitator) and when. Notes are shown to the meeting's facilitator, the
                team's leads and administrators only.

                Example:
                  circles meeting responses 9a1e… --format csv --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: idHelp("The meeting's id")) var meeting: IDPrefix<Meeting>

        func run() async throws {
            let entries = try await service.withServices { services, actor in
                try await services.meetingResponses(meeting: services.resolve(meeting, as: actor).description, as: actor)
            }
            print(Self.listing(entries).render(output.format), terminator: "")
        }

        static func listing(_ entries: [CirclesServices.ResponseEntry]) -> Listing {
            Listing(
                columns: ["name", "email", "role", "answer", "note", "source", "answered_at"],
                rows: entries.map { entry in
                    [entry.name, entry.email, entry.isFacilitator ? "facilitator" : "invited", entry.answer, entry.note, entry.source,
                     entry.answeredAt.map(MeetingFormatting.instant)]
                })
        }

        /// The agenda's summary line: who is coming, who may, who cannot, who has not said.
        static func summary(_ entries: [CirclesServices.ResponseEntry]) -> String {
            func names(_ answer: String?) -> [String] { entries.filter { $0.answer == answer }.map(\.name) }
            let parts = [("Coming", names("accepted")), ("Maybe", names("tentative")), ("Can't make it", names("declined")), ("No answer yet", names(nil))]
            return parts.map { "\($0.0) (\($0.1.count)): " + ($0.1.isEmpty ? "—" : $0.1.joined(separator: ", ")) }.joined(separator: "\n") + "\n"
        }
    }
}
