import Foundation
import ICalendar

/// Shared inputs: a fortnightly peer-support circle in London, and helpers to read rendered output back.
enum Fixtures {
    static let london = "Europe/London"
    static let organizer = CalendarOrganizer(name: "Circles", email: "circles@example.org")
    static let facilitator = CalendarAttendee(
        name: "Ngozi Adeyemi", email: "ngozi@example.org", role: .chair)
    static let participant = CalendarAttendee(name: "Sam Lee, Jr.", email: "sam@example.org")
    static let seriesID = "7f3c2a90-5b1e-4c2d-9a8e-0d4f6b1c2e3a"

    /// A UTC instant from its parts.
    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// A meeting of the London circle starting at `start`, 90 minutes long.
    static func meeting(start: Date, zone: String = london, summary: String = "Tuesday Circle")
        -> CalendarEvent
    {
        CalendarEvent(
            uid: CalendarEvent.uid(
                seriesID: seriesID, originalStart: start, domain: "circles.example.org"),
            sequence: 0,
            dtstamp: utc(2026, 11, 20, 9),
            start: start,
            end: start.addingTimeInterval(90 * 60),
            timeZoneID: zone,
            summary: summary,
            location: "Room 2, Community Centre, 12 High Street",
            url: URL(string: "https://meet.example.org/tuesday-circle"),
            description: "Facilitator: Ngozi Adeyemi\nFollow-ups: Book the room; Share the leaflet",
            organizer: organizer,
            attendees: [facilitator, participant]
        )
    }

    /// The rendered calendar unfolded into logical lines.
    static func logicalLines(_ ics: String) -> [String] {
        ics.replacingOccurrences(of: "\r\n ", with: "")
            .components(separatedBy: "\r\n")
            .filter { !$0.isEmpty }
    }

    /// The first VEVENT logical line named `name` (before `;` or `:`), whole.
    static func property(_ name: String, in ics: String) -> String? {
        logicalLines(ics).drop { $0 != "BEGIN:VEVENT" }.first {
            $0.hasPrefix(name + ":") || $0.hasPrefix(name + ";")
        }
    }

    /// The lines between `BEGIN:VTIMEZONE` and `END:VTIMEZONE` for `tzid`.
    static func vtimezone(_ tzid: String, in ics: String) -> [String] {
        let lines = logicalLines(ics)
        guard
            let begin = lines.indices.first(where: {
                lines[$0] == "BEGIN:VTIMEZONE" && lines[$0 + 1] == "TZID:\(tzid)"
            }),
            let end = lines[begin...].firstIndex(of: "END:VTIMEZONE")
        else { return [] }
        return Array(lines[begin...end])
    }
}
