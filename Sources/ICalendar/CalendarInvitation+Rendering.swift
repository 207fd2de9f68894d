import Foundation

extension CalendarInvitation {
    /// The product identifier written as PRODID.
    public static let productID = "-//Circles//Circles Peer Support//EN"

    /// The iCalendar text: CRLF line endings, lines folded at 75 octets, a VTIMEZONE for each zone used.
    public func render() -> String {
        String(decoding: renderedBytes(), as: UTF8.self)
    }

    /// What `render()` writes, as UTF-8 bytes, such as a mail attachment carries.
    public func renderedBytes() -> [UInt8] {
        var lines = ContentLines()
        lines.add("BEGIN", "VCALENDAR")
        lines.text("PRODID", Self.productID)
        lines.add("VERSION", "2.0")
        lines.add("CALSCALE", "GREGORIAN")
        lines.add("METHOD", method.rawValue)
        for tzid in zoneOrder {
            guard let zone = zones[tzid] else { continue }  // safe: init resolved every event's zone
            let instants = events.filter { $0.timeZoneID == tzid }.flatMap {
                [$0.start, $0.end] + [$0.recurrenceID].compactMap { $0 }
            }
            lines.append(TimeZoneDefinition.lines(tzid: tzid, zone: zone, covering: instants))
        }
        for event in events {
            guard let zone = zones[event.timeZoneID] else { continue }  // safe: as above
            lines.append(vevent(event, zone: zone))
        }
        lines.add("END", "VCALENDAR")
        return lines.bytes
    }

    /// Zone ids in the order the events first use them.
    private var zoneOrder: [String] {
        var seen: Set<String> = []
        return events.map(\.timeZoneID).filter { seen.insert($0).inserted }
    }

    private func vevent(_ event: CalendarEvent, zone: TimeZone) -> ContentLines {
        var lines = ContentLines()
        lines.add("BEGIN", "VEVENT")
        lines.text("UID", event.uid)
        lines.add("SEQUENCE", String(event.sequence))
        lines.add("DTSTAMP", ICalDateTime.utc(event.dtstamp))
        ZonedDateTime.add("DTSTART", event.start, tzid: event.timeZoneID, zone: zone, to: &lines)
        ZonedDateTime.add("DTEND", event.end, tzid: event.timeZoneID, zone: zone, to: &lines)
        if let recurrenceID = event.recurrenceID {
            ZonedDateTime.add(
                "RECURRENCE-ID", recurrenceID, tzid: event.timeZoneID, zone: zone, to: &lines)
        }
        lines.text("SUMMARY", event.summary)
        if let location = event.location, !location.isEmpty {
            lines.text("LOCATION", location)
        }
        if let url = event.url {
            lines.add("URL", [("VALUE", "URI")], ICalText.uri(url.absoluteString))
        }
        if let description = event.description, !description.isEmpty {
            lines.text("DESCRIPTION", description)
        }
        lines.add(
            "ORGANIZER", Self.commonName(event.organizer.name), Self.mailto(event.organizer.email))
        for attendee in event.attendees {
            var parameters = Self.commonName(attendee.name) + [("ROLE", attendee.role.rawValue)]
            if method == .request {
                parameters += [("PARTSTAT", "NEEDS-ACTION"), ("RSVP", attendee.rsvp ? "TRUE" : "FALSE")]
            }
            lines.add("ATTENDEE", parameters, Self.mailto(attendee.email))
        }
        lines.add("STATUS", event.status.rawValue)
        lines.add("TRANSP", "OPAQUE")
        lines.add("END", "VEVENT")
        return lines
    }

    private static func commonName(_ name: String) -> [(String, String)] {
        name.isEmpty ? [] : [("CN", ICalText.parameter(name))]
    }

    private static func mailto(_ email: String) -> String {
        "mailto:" + ICalText.uri(email)
    }
}
