import CirclesDomain
import Foundation

/// Reports as JSON: snake_case keys, sorted, days as `YYYY-MM-DD`, rates as fractions.
///
/// The progress report is written field by field (see ProgressJSONRenderer+Report.swift) rather
/// than through `JSONEncoder`, which for `--all` builds the whole 85 MB document in memory and
/// takes seconds. Its output is byte for byte what `JSONEncoder` gives with the options below;
/// a test holds the two together, so a field added to the report must be added there too.
public enum ProgressJSONRenderer {
    /// Pretty-printed JSON of a value (coverage), with a final newline, through `JSONEncoder`.
    public static func render(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// The progress report as pretty-printed JSON with a final newline, as one string.
    public static func render(_ report: ProgressReport) -> String {
        var output = ReportWriter()
        // safe: a writer without a sink never throws.
        try? render(report, to: &output)
        return output.text
    }

    /// The encoder whose output the report's JSON matches.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
