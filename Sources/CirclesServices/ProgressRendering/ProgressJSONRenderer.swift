import Foundation

/// Reports as JSON: snake_case keys, sorted, days as `YYYY-MM-DD`, rates as fractions.
public enum ProgressJSONRenderer {
    /// Pretty-printed JSON of a report (or of coverage), with a final newline.
    public static func render(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
