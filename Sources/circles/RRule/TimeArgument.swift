import Foundation
import Recurrence

/// Reads the times given to `circles rrule` options.
enum TimeArgument {
    /// `2026-12-08T14:00:00Z` for the table's UTC column.
    static func utc(_ occurrence: Occurrence) -> String {
        Occurrence(epochSeconds: occurrence.epochSeconds, utcOffset: 0).local.description + "Z"
    }

    /// A local date-time (`2026-12-08T14:00` or with seconds).
    static func local(_ text: String, option: String) throws(RecurrenceError) -> LocalDateTime {
        guard let value = LocalDateTime(iso: text) else {
            throw RecurrenceError(
                .malformedDateTime, part: option,
                "\(option) \(text): expected a local date-time such as 2026-12-08T14:00 or 2026-12-08T14:00:00"
            )
        }
        return value
    }

    /// A local date-time in `reference`, or an RFC 3339 time with `Z` or an offset.
    static func instant(_ text: String, in reference: TimeReference, option: String)
        throws(RecurrenceError) -> Date
    {
        if let local = LocalDateTime(iso: text) {
            return try reference.occurrence(at: local).date
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withSeconds =
            trimmed.count >= 17 && Array(trimmed)[16] == ":" ? trimmed : insertSeconds(trimmed)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: withSeconds) { return date }
        throw RecurrenceError(
            .malformedDateTime, part: option,
            "\(option) \(text): expected a local date-time such as 2027-03-01T00:00, or a time with an offset such as 2027-03-01T00:00:00+01:00"
        )
    }

    /// `2027-03-01T00:00Z` → `2027-03-01T00:00:00Z`.
    private static func insertSeconds(_ text: String) -> String {
        guard text.count > 16 else { return text }
        let index = text.index(text.startIndex, offsetBy: 16)
        return String(text[..<index]) + ":00" + text[index...]
    }
}
