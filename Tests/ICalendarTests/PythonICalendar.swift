import Foundation
import TestRequirements

/// Debian's `python3-icalendar`, run as an independent parser: it reads a calendar and reports what it understood as JSON.
enum PythonICalendar {
    static let interpreter = "/usr/bin/python3"

    /// Whether `/usr/bin/python3` can import `icalendar`; nothing is installed at test time.
    static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else { return false }
        return (try? run(["-c", "import icalendar"]).status) == 0
    }()

    /// The parser, for tests that need it.
    static let requirement = Requirement(
        isMet: isAvailable,
        missing: "python3-icalendar is not importable by /usr/bin/python3; install it with: apt-get install -y python3-icalendar")

    /// What the parser understood.
    struct Parsed: Decodable {
        let icalendarVersion: String
        let method: String
        let prodid: String
        let version: String
        let timezones: [Zone]
        let events: [Event]
    }

    /// A parsed VTIMEZONE.
    struct Zone: Decodable {
        let tzid: String
        let observances: [Observance]
    }

    /// A parsed STANDARD or DAYLIGHT, with the UTC instant it begins (its DTSTART less TZOFFSETFROM).
    struct Observance: Decodable {
        let kind: String
        let utcStart: Double
        let offsetFrom: Int
        let offsetTo: Int
        let name: String?
    }

    /// A parsed VEVENT.
    struct Event: Decodable {
        let uid: String
        let sequence: Int
        let summary: String
        let location: String?
        let description: String?
        let url: String?
        let status: String
        let start: When
        let end: When
        let recurrenceID: When?
        let organizer: Person
        let attendees: [Person]
    }

    /// A parsed DATE-TIME: the parser's own aware datetime, and the same clock time resolved through the message's VTIMEZONE.
    struct When: Decodable {
        let tzid: String?
        let zone: String?
        let aware: Bool
        let utc: Double?
        let viaVTimezone: Double?
    }

    /// A parsed ORGANIZER or ATTENDEE.
    struct Person: Decodable {
        let address: String
        let cn: String?
        let role: String?
        let partstat: String?
        let rsvp: String?
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `ics` with `icalendar.Calendar.from_ical` and returns what it found.
    static func parse(_ ics: String) throws -> Parsed {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "circles-\(UUID().uuidString).ics")
        try Data(ics.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run(["-c", script, file.path])
        guard result.status == 0 else {
            throw Failure(description: "python3-icalendar refused the calendar: \(result.stderr)")
        }
        return try JSONDecoder().decode(Parsed.self, from: result.stdout)
    }

    private static func run(_ arguments: [String]) throws -> (
        status: Int32, stdout: Data, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    /// Reads the calendar with icalendar (4.x uses pytz; newer versions zoneinfo) and prints JSON.
    private static let script = #"""
        import calendar, datetime, json, sys
        import icalendar

        with open(sys.argv[1], 'rb') as f:
            cal = icalendar.Calendar.from_ical(f.read())

        def seconds(td):
            return int(td.total_seconds())

        zones, timezones = {}, []
        for vtz in cal.walk('VTIMEZONE'):
            zones[str(vtz['TZID'])] = vtz.to_tz()
            observances = []
            for sub in vtz.subcomponents:
                local = sub['DTSTART'].dt
                start = local - sub['TZOFFSETFROM'].td
                observances.append({
                    'kind': sub.name,
                    'utcStart': calendar.timegm(start.timetuple()),
                    'offsetFrom': seconds(sub['TZOFFSETFROM'].td),
                    'offsetTo': seconds(sub['TZOFFSETTO'].td),
                    'name': str(sub['TZNAME']) if 'TZNAME' in sub else None,
                })
            timezones.append({'tzid': str(vtz['TZID']), 'observances': observances})

        def when(prop):
            if prop is None:
                return None
            dt = prop.dt
            tzid = prop.params.get('TZID')
            via = None
            if tzid is not None:
                tz = zones[tzid]
                naive = dt.replace(tzinfo=None)
                if hasattr(tz, 'localize'):
                    via = tz.localize(naive, is_dst=None).timestamp()  # refuses an ambiguous or missing time
                else:
                    via = naive.replace(tzinfo=tz).timestamp()
            tzinfo = dt.tzinfo
            return {
                'tzid': tzid,
                'zone': getattr(tzinfo, 'zone', None) or getattr(tzinfo, 'key', None) or (str(tzinfo) if tzinfo else None),
                'aware': tzinfo is not None,
                'utc': dt.timestamp() if tzinfo is not None else None,
                'viaVTimezone': via,
            }

        def person(addr):
            return {
                'address': str(addr),
                'cn': addr.params.get('CN'),
                'role': addr.params.get('ROLE'),
                'partstat': addr.params.get('PARTSTAT'),
                'rsvp': addr.params.get('RSVP'),
            }

        def text(component, name):
            return str(component[name]) if name in component else None

        events = []
        for ev in cal.walk('VEVENT'):
            attendees = ev.get('ATTENDEE', [])
            if not isinstance(attendees, list):
                attendees = [attendees]
            events.append({
                'uid': str(ev['UID']),
                'sequence': int(ev['SEQUENCE']),
                'summary': str(ev['SUMMARY']),
                'location': text(ev, 'LOCATION'),
                'description': text(ev, 'DESCRIPTION'),
                'url': text(ev, 'URL'),
                'status': str(ev['STATUS']),
                'start': when(ev.get('DTSTART')),
                'end': when(ev.get('DTEND')),
                'recurrenceID': when(ev.get('RECURRENCE-ID')),
                'organizer': person(ev['ORGANIZER']),
                'attendees': [person(a) for a in attendees],
            })

        json.dump({
            'icalendarVersion': icalendar.__version__,
            'method': str(cal['METHOD']),
            'prodid': str(cal['PRODID']),
            'version': str(cal['VERSION']),
            'timezones': timezones,
            'events': events,
        }, sys.stdout)
        """#
}
