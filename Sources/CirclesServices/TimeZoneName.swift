import CirclesDomain
import Foundation

/// IANA time-zone names, checked against the system's zone database.
enum TimeZoneName {
    private static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers)

    /// The canonical spelling of a known zone, or an error suggesting close names.
    static func validate(_ text: String, field: String = "time zone") throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if known.contains(trimmed) { return trimmed }
        if let match = known.first(where: { $0.caseInsensitiveCompare(trimmed) == .orderedSame }) { return match }
        let area = trimmed.split(separator: "/").first.map(String.init)?.lowercased() ?? ""
        let suggestions = known.filter { $0.lowercased().hasPrefix(area + "/") }.sorted().prefix(3)
        let hint = suggestions.isEmpty ? "such as Europe/London or America/New_York" : "such as " + suggestions.joined(separator: ", ")
        throw DomainError(field: field, "unknown \(field) \"\(trimmed)\"; expected an IANA name \(hint)")
    }
}
