import ArgumentParser
import CirclesServices
import Foundation

extension PersonCommand {
    /// `circles person export EMAIL`: a subject access request, as JSON.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Everything Circles holds about a person, as JSON (administrators, or the person).",
            discussion: """
                For a subject access request: profile, team memberships, owned actions, meetings
                facilitated or attended, follow-ups, reminders queued or sent to them, and the audit
                entries about them or made by them. The export itself is recorded in the audit trail.
                A file written with --output is created readable by its owner only (mode 0600; an
                existing file is replaced, and its permissions are never widened).

                Example:
                  circles person export sam.okafor@council.example --output sam.json --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The person's email.") var person: String
        @Option(help: ArgumentHelp("Write the JSON to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() async throws {
            let export = try await service.withServices { services, actor in
                try await services.exportPerson(email: person, as: actor)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            var data = try encoder.encode(export)
            data.append(contentsOf: Array("\n".utf8))
            guard let output else {
                FileHandle.standardOutput.write(data)
                return
            }
            try PrivateFile.write(data, to: output)
            FileHandle.standardError.write(Data("wrote \(person)'s data to \(output)\n".utf8))
        }
    }
}
