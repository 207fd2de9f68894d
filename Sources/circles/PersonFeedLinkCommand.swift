import ArgumentParser
import CirclesDomain
import CirclesServices
import Foundation

extension PersonCommand {
    /// `circles person feed-link EMAIL [--team TEAM] [--reset]`.
    struct FeedLink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "feed-link",
            abstract: "Issue a person's calendar feed link (or a team's, for its leads); --reset revokes and reissues it.",
            discussion: """
                Prints the link twice: as webcal:// (calendar programs subscribe on a click) and as
                https://. The person's feed has every meeting they are invited to or facilitate; a
                team's (--team) every meeting of the team, for its leads. Both reach 8 weeks back
                and as far ahead as meetings are scheduled, and are served by circles-web under
                web.publicURL (…/feeds/TOKEN.ics).

                The link is a secret shown only now: Circles keeps only its hash. Without --reset a
                person who already has a link gets an error; --reset revokes it at once (calendars
                using it stop updating) and prints a new one.

                Who may: the person, an administrator, or a lead of every team the person is in;
                a team's link, its leads and administrators.

                Examples:
                  circles person feed-link sam.okafor@council.example --as sam.okafor@council.example
                  circles person feed-link lead@council.example --team "North Locality" --reset --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The person's email.") var person: String
        @Option(help: "A team the person leads: its meetings instead of the person's own.") var team: String?
        @Flag(help: "Revoke the person's link (if any) and issue a new one.") var reset = false

        func run() async throws {
            let base = try await Self.feedBase(publicURL: service.database.settings().settings.web.publicURL)
            let issued = try await service.withServices { services, actor in
                try await services.issueFeedLink(person: person, team: team, reset: reset, as: actor)
            }
            let https = base + "feeds/" + issued.token.text + ".ics"
            let whose = issued.team.map { "team \($0.name)'s meetings, for \(issued.person.email)" } ?? "meetings of \(issued.person.email)"
            say((issued.revokedPrevious ? "revoked the previous link; " : "") + "calendar feed of \(whose):")
            print("webcal://" + https.dropFirst("https://".count))
            print(https)
        }

        /// `https://host/prefix/` from web.publicURL (`https://host/prefix`), where circles-web serves feeds.
        static func feedBase(publicURL text: String) throws -> String {
            guard let components = URLComponents(string: text), components.scheme?.lowercased() == "https",
                components.host?.isEmpty == false, components.query == nil, components.fragment == nil
            else {
                throw ValidationError("web.publicURL (\(text)) must be an https URL without query or fragment; feed links start with it")
            }
            return text.hasSuffix("/") ? text : text + "/"
        }
    }
}
