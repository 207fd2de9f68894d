import ArgumentParser
import Foundation

/// `--format text|json` for commands that create something: a sentence for people, or the created
/// record as one JSON object (whole ids, snake_case keys) so a script needs no second query.
struct RecordOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format: text (a sentence) or json (the created record).")
    var format: Format = .text

    /// The record as pretty-printed JSON with sorted snake_case keys and RFC 3339 instants.
    static func json(_ record: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(record), as: UTF8.self) + "\n"
    }
}
