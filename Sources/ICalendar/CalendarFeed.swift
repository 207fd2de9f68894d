import Foundation

/// A published calendar (RFC 5545, no METHOD) that calendar programs subscribe to: one VEVENT
/// per meeting with the same UID and SEQUENCE as the mailed invitations, cancelled meetings as
/// STATUS:CANCELLED, and a VTIMEZONE for each zone used.
///
/// A feed link is a bearer credential, so a feed shows the meetings and nothing about who else
/// is invited: no ORGANIZER and no ATTENDEE are written (the events' `organizer` and `attendees`
/// are ignored). DTSTAMP is the event's own (`dtstamp`), so the same meetings render the same bytes.
public struct CalendarFeed: Sendable, Hashable {
    /// The calendar's name, shown by calendar programs (X-WR-CALNAME and NAME).
    public let name: String
    /// The events, in the order given.
    public let events: [CalendarEvent]
    /// How often subscribers should poll (REFRESH-INTERVAL, X-PUBLISHED-TTL).
    public let refreshInterval: Duration
    private let zones: [String: TimeZone]

    /// Builds a feed, refusing events a calendar program could not show (see `ICalendarError.Code`);
    /// an empty feed is valid.
    public init(name: String, events: [CalendarEvent], refreshInterval: Duration = .seconds(3_600)) throws(ICalendarError) {
        var zones: [String: TimeZone] = [:]
        var seen: Set<String> = []
        for event in events {
            if zones[event.timeZoneID] == nil {
                guard let zone = TimeZone(identifier: event.timeZoneID) else {
                    throw ICalendarError(
                        .unknownTimeZone, uid: event.uid, "unknown time zone \"\(event.timeZoneID)\"; expected an IANA name such as Europe/London")
                }
                zones[event.timeZoneID] = zone
            }
            guard event.sequence >= 0 else {
                throw ICalendarError(.negativeSequence, uid: event.uid, "SEQUENCE must be 0 or more (got \(event.sequence))")
            }
            guard event.end > event.start else {
                throw ICalendarError(
                    .endNotAfterStart, uid: event.uid,
                    "the end (\(ICalDateTime.utc(event.end))) must be after the start (\(ICalDateTime.utc(event.start)))")
            }
            for date in [event.dtstamp, event.start, event.end] where !ICalDateTime.isInRange(date) {
                throw ICalendarError(.dateOutOfRange, uid: event.uid, "dates must lie between the years 1900 and 9999 (got \(date))")
            }
            guard seen.insert(event.uid).inserted else {
                throw ICalendarError(.duplicateEvent, uid: event.uid, "two events share this UID; a feed holds each meeting once")
            }
        }
        self.name = name
        self.events = events
        self.refreshInterval = refreshInterval
        self.zones = zones
    }

    /// The media type to serve it as.
    public static let contentType = "text/calendar; charset=utf-8"

    /// The iCalendar bytes: CRLF line endings, lines folded at 75 octets.
    public func renderedBytes() -> [UInt8] {
        var lines = ContentLines()
        lines.add("BEGIN", "VCALENDAR")
        lines.text("PRODID", CalendarInvitation.productID)
        lines.add("VERSION", "2.0")
        lines.add("CALSCALE", "GREGORIAN")
        lines.text("NAME", name)
        lines.text("X-WR-CALNAME", name)
        let seconds = max(60, Int(refreshInterval.components.seconds))
        lines.add("REFRESH-INTERVAL", [("VALUE", "DURATION")], "PT\(seconds)S")
        lines.add("X-PUBLISHED-TTL", "PT\(seconds)S")
        var seenZones: Set<String> = []
        for tzid in events.map(\.timeZoneID) where seenZones.insert(tzid).inserted {
            guard let zone = zones[tzid] else { continue }  // safe: init resolved every event's zone
            let instants = events.filter { $0.timeZoneID == tzid }.flatMap { [$0.start, $0.end] }
            lines.append(TimeZoneDefinition.lines(tzid: tzid, zone: zone, covering: instants))
        }
        for event in events {
            guard let zone = zones[event.timeZoneID] else { continue }  // safe: as above
            lines.add("BEGIN", "VEVENT")
            lines.text("UID", event.uid)
            lines.add("SEQUENCE", String(event.sequence))
            lines.add("DTSTAMP", ICalDateTime.utc(event.dtstamp))
            ZonedDateTime.add("DTSTART", event.start, tzid: event.timeZoneID, zone: zone, to: &lines)
            ZonedDateTime.add("DTEND", event.end, tzid: event.timeZoneID, zone: zone, to: &lines)
            lines.text("SUMMARY", event.summary)
            if let location = event.location, !location.isEmpty { lines.text("LOCATION", location) }
            if let url = event.url { lines.add("URL", [("VALUE", "URI")], ICalText.uri(url.absoluteString)) }
            if let description = event.description, !description.isEmpty { lines.text("DESCRIPTION", description) }
            lines.add("STATUS", event.status.rawValue)
            lines.add("TRANSP", event.status == .cancelled ? "TRANSPARENT" : "OPAQUE")
            lines.add("END", "VEVENT")
        }
        lines.add("END", "VCALENDAR")
        return lines.bytes
    }
}
