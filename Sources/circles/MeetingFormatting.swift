import CirclesServices
import Foundation
import Recurrence

/// Shows instants as people read them: local date and time in a named zone.
enum MeetingFormatting {
    /// `2026-12-08`, `14:00`, `15:30` and the zone's abbreviation (`GMT`, `BST`) in the meeting's zone.
    static func local(_ date: Date, in zoneName: String) -> (date: String, time: String, abbreviation: String) {
        let zone = TimeZone(identifier: zoneName) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return (day, time, zone.abbreviation(for: date) ?? zoneName)
    }

    /// The RFC 3339 instant in UTC.
    static func instant(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// One row per meeting for `--format table|json|csv`.
    static func listing(_ views: [CirclesServices.MeetingView]) -> Listing {
        Listing(
            columns: ["id", "date", "start", "end", "time_zone", "title", "facilitator", "status", "note", "starts_at"],
            rows: views.map { view in
                let start = local(view.meeting.startsAt, in: view.timeZone)
                let end = local(view.meeting.endsAt, in: view.timeZone)
                var note: String?
                if let reason = view.meeting.cancelReason, view.meeting.status == .cancelled { note = "cancelled: \(reason)" }
                if let from = view.meeting.movedFrom {
                    let was = local(from, in: view.timeZone)
                    note = "moved from \(was.date) \(was.time)"
                }
                var status = view.meeting.status.rawValue
                if let closed = view.meeting.closureReason {
                    if let why = view.skipReason {
                        status = "skipped"
                        note = why == "closed" ? "skipped: \(closed)" : "skipped: \(closed); \(ScheduledOccurrence.SkipReason(rawValue: why)?.explanation ?? why)"
                    } else if view.meeting.status == .scheduled, view.meeting.startsAt != view.meeting.originalStart {
                        note = "moved from \(local(view.meeting.originalStart, in: view.timeZone).date), \(closed)"
                    }
                }
                return [
                    view.meeting.id.isEmpty ? nil : view.meeting.id, start.date, start.time, end.time, "\(view.timeZone) (\(start.abbreviation))",
                    view.seriesTitle, view.facilitatorName, status, note, instant(view.meeting.startsAt),
                ]
            })
    }
}
