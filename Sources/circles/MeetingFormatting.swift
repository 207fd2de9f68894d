import CirclesServices
import Foundation
import Recurrence

/// Shows instants as people read them: local date and time in a named zone.
enum MeetingFormatting {
    /// A zone's calendar, built once per zone rather than once per row: Foundation builds a
    /// named zone through ICU, which cost more than the rest of a listing's row.
    struct Clock {
        let zoneName: String
        let zone: TimeZone
        let calendar: Calendar

        init(_ zoneName: String) {
            self.zoneName = zoneName
            zone = TimeZone(identifier: zoneName) ?? .gmt
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            self.calendar = calendar
        }
    }

    /// `2026-12-08`, `14:00`, `15:30` and the zone's abbreviation (`GMT`, `BST`) in the meeting's zone.
    static func local(_ date: Date, in zoneName: String) -> (date: String, time: String, abbreviation: String) {
        local(date, on: Clock(zoneName))
    }

    /// `local(_:in:)` on a clock already built.
    static func local(_ date: Date, on clock: Clock) -> (date: String, time: String, abbreviation: String) {
        let parts = clock.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = "\(digits(parts.year, 4))-\(digits(parts.month, 2))-\(digits(parts.day, 2))"
        let time = "\(digits(parts.hour, 2)):\(digits(parts.minute, 2))"
        return (day, time, clock.zone.abbreviation(for: date) ?? clock.zoneName)
    }

    private static let utc = Clock("UTC").calendar

    /// The RFC 3339 instant in UTC, to the second (`2026-12-08T14:00:00Z`), the form every listing
    /// uses. The fraction is cut, never rounded (as ISO8601DateFormatter does): an answer given at
    /// 13:59:59.9996 is not shown as given at a 14:00 meeting's start.
    static func instant(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(digits(parts.year, 4))-\(digits(parts.month, 2))-\(digits(parts.day, 2))T"
            + "\(digits(parts.hour, 2)):\(digits(parts.minute, 2)):\(digits(parts.second, 2))Z"
    }

    /// `value` in decimal, zero-padded to `width` digits.
    private static func digits(_ value: Int?, _ width: Int) -> String {
        let text = String(value ?? 0)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// One row per meeting for `--format table|json|csv`.
    static func listing(_ views: [CirclesServices.MeetingView]) -> Listing {
        var clocks: [String: Clock] = [:]
        return Listing(
            columns: ["id", "date", "start", "end", "time_zone", "title", "facilitator", "status", "note", "starts_at"],
            rows: views.map { view in
                let clock = clocks[view.timeZone] ?? Clock(view.timeZone)
                clocks[view.timeZone] = clock
                let start = local(view.meeting.startsAt, on: clock)
                let end = local(view.meeting.endsAt, on: clock)
                var note: String?
                if let reason = view.meeting.cancelReason, view.meeting.status == .cancelled { note = "cancelled: \(reason)" }
                if let from = view.meeting.movedFrom {
                    let was = local(from, on: clock)
                    note = "moved from \(was.date) \(was.time)"
                }
                var status = view.meeting.status.rawValue
                if let closed = view.meeting.closureReason {
                    if let why = view.skipReason {
                        status = "skipped"
                        note = why == "closed" ? "skipped: \(closed)" : "skipped: \(closed); \(ScheduledOccurrence.SkipReason(rawValue: why)?.explanation ?? why)"
                    } else if view.meeting.status == .scheduled, view.meeting.startsAt != view.meeting.originalStart {
                        note = "moved from \(local(view.meeting.originalStart, on: clock).date), \(closed)"
                    }
                }
                return [
                    view.meeting.id.isEmpty ? nil : view.meeting.id, start.date, start.time, end.time, "\(view.timeZone) (\(start.abbreviation))",
                    view.seriesTitle, view.facilitatorName, status, note, instant(view.meeting.startsAt),
                ]
            })
    }
}
