import Foundation

/// Meeting times as mail shows them, for other presentations (circles-web's pages) to show the same.
public enum MeetingTimeText {
    /// `Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)` in the IANA zone `zoneID`.
    public static func span(from start: Date, to end: Date, zoneID: String) throws(MeetingMailError) -> String {
        try MeetingTimeFormatter(zoneID: zoneID, role: "reader's").span(from: start, to: end)
    }
}
