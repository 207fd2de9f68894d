import ArgumentParser
import CirclesServices
import Foundation

extension ActionCommand {
    /// `circles action import FILE --workshop …`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a workshop's action items from CSV or JSON: all of them or none (administrators and the team's leads).",
            discussion: """
                CSV: UTF-8 with a header row; put values with commas, quotes or line
                breaks in double quotes. JSON: an array of objects with the column
                names as keys. Columns, in any order and any case:
                  title             required
                  perspective       required: service-user, carer, practitioner,
                                    manager or organisation
                  description       (or details)
                  source_card_text  (or card, source card, card text)
                  owner_email       (or owner): someone already in Circles
                  due_date          (or due, due on): YYYY-MM-DD
                If any row is invalid, nothing is imported and every bad row is
                listed with its line number.

                Example:
                  circles action import deploy/local/demo/whose-shoes-actions.csv --workshop "Whose Shoes? personalisation workshop" --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: ArgumentHelp("The file to import, or - for standard input.", valueName: "file")) var file: String
        @Option(help: "The workshop's title or id.") var workshop: String
        @Option(help: "csv or json (default: from the file's extension; required for standard input).") var format: String?

        func validate() throws {
            _ = try importFormat()
        }

        func run() async throws {
            let format = try importFormat()
            let (data, name) = try read()
            let imported = try await service.withServices { services, actor in
                try await services.importActions(from: data, format: format, fileName: name, workshop: workshop, as: actor)
            }
            let count = imported.items.count
            say("imported \(count) action item\(count == 1 ? "" : "s") into \"\(imported.workshop.title)\"")
        }

        private func importFormat() throws -> ImportFormat {
            if let format {
                guard let parsed = ImportFormat(rawValue: format.lowercased()) else {
                    throw ValidationError("unknown format \"\(format)\"; expected csv or json")
                }
                return parsed
            }
            if file == "-" {
                throw ValidationError("say what standard input holds: pass --format csv or --format json")
            }
            guard let inferred = ImportFormat(fileName: file) else {
                throw ValidationError("cannot tell the format of \(file) from its name; pass --format csv or --format json")
            }
            return inferred
        }

        private func read() throws -> (Data, String) {
            if file == "-" { return (FileHandle.standardInput.readDataToEndOfFile(), "standard input") }
            do {
                return (try Data(contentsOf: URL(fileURLWithPath: file)), (file as NSString).lastPathComponent)
            } catch {
                let reason = FileManager.default.fileExists(atPath: file) ? "it cannot be read" : "no such file"
                throw UnreadableFile(description: "cannot import \(file): \(reason)")
            }
        }
    }
}

/// A file named on the command line that cannot be read.
private struct UnreadableFile: Error, CustomStringConvertible {
    let description: String
}
