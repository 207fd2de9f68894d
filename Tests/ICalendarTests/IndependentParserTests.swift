import Foundation
import ICalendar
import TestRequirements
import Testing

/// Every kind of attachment we send, read back by an independent parser (Debian's python3-icalendar).
@Suite(
    "independent parser",
    .enabled(if: PythonICalendar.requirement.shouldRun, "python3-icalendar is not importable by /usr/bin/python3"))
struct IndependentParserTests {
    init() throws { try PythonICalendar.requirement.check() }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let method: CalendarInvitation.Method
        let events: [CalendarEvent]
        var testDescription: String { name }
    }

    private static func meeting(
        _ start: Date, _ zone: String = Fixtures.london, summary: String = "Tuesday Circle"
    )
        -> CalendarEvent
    {
        Fixtures.meeting(start: start, zone: zone, summary: summary)
    }

    static let cases: [Case] = {
        let december = Fixtures.utc(2026, 12, 8, 14)
        var moved = meeting(Fixtures.utc(2026, 12, 9, 18))
        moved.recurrenceID = december
        moved.sequence = 3
        var hostile = meeting(december, summary: TextSafetyTests.hostileTitle)
        hostile.organizer = CalendarOrganizer(
            name: "Circles: \"North\", Leeds; Bradford", email: "north@example.org")
        hostile.attendees.append(
            CalendarAttendee(name: "Ōsaka Group: Kim, Lee", email: "kim@example.org"))
        hostile.location = "Café Nero; upstairs, by the 🪴"
        hostile.description = "Line one\r\nLine two; with, punctuation\\ and a backslash"
        var fallBack = meeting(Fixtures.utc(2026, 10, 25, 1, 30))
        fallBack.end = Fixtures.utc(2026, 10, 25, 1, 50)
        return [
            Case(name: "London, December (GMT)", method: .request, events: [meeting(december)]),
            Case(
                name: "London, June (BST)", method: .request,
                events: [meeting(Fixtures.utc(2026, 6, 9, 13))]),
            Case(
                name: "London, cancelled", method: .cancel,
                events: [meeting(december).cancelled(dtstamp: Fixtures.utc(2026, 12, 1, 8))]),
            Case(
                name: "hostile 200-character title", method: .request,
                events: [hostile]),
            Case(name: "New York", method: .request, events: [meeting(december, "America/New_York")]),
            Case(
                name: "Lord Howe, summer", method: .request,
                events: [meeting(december, "Australia/Lord_Howe")]),
            Case(
                name: "Lord Howe, winter", method: .request,
                events: [meeting(Fixtures.utc(2026, 6, 9, 8), "Australia/Lord_Howe")]),
            Case(name: "Tokyo", method: .request, events: [meeting(december, "Asia/Tokyo")]),
            Case(name: "UTC", method: .request, events: [meeting(december, "UTC")]),
            Case(
                name: "two zones across two years", method: .request,
                events: [
                    meeting(december), meeting(Fixtures.utc(2027, 7, 6, 13)),
                    meeting(Fixtures.utc(2027, 3, 16, 14), "America/New_York"),
                ]),
            Case(name: "moved occurrence with RECURRENCE-ID", method: .request, events: [moved]),
            Case(name: "the repeated hour when clocks go back", method: .request, events: [fallBack]),
        ]
    }()

    @Test("the parser reads back method, identity, times, zones and text exactly", arguments: cases)
    func readsBack(_ testCase: Case) throws {
        let invitation = try CalendarInvitation(method: testCase.method, events: testCase.events)
        let parsed = try PythonICalendar.parse(invitation.render())

        #expect(parsed.method == testCase.method.rawValue)
        #expect(parsed.prodid == CalendarInvitation.productID)
        #expect(parsed.version == "2.0")
        #expect(Set(parsed.timezones.map(\.tzid)) == Set(testCase.events.map(\.timeZoneID)))
        try #require(parsed.events.count == testCase.events.count)

        for (sent, read) in zip(testCase.events, parsed.events) {
            #expect(read.uid == sent.uid)
            #expect(read.sequence == sent.sequence)
            #expect(read.status == sent.status.rawValue)
            #expect(read.summary == Self.normalisedBreaks(sent.summary))
            #expect(read.location == sent.location.map(Self.normalisedBreaks))
            #expect(read.description == sent.description.map(Self.normalisedBreaks))
            #expect(read.url == sent.url?.absoluteString)
            #expect(read.organizer.address == "mailto:" + sent.organizer.email)
            #expect(read.organizer.cn == Self.withoutQuotes(sent.organizer.name))
            #expect(read.attendees.map(\.address) == sent.attendees.map { "mailto:" + $0.email })
            #expect(read.attendees.map(\.cn) == sent.attendees.map { Self.withoutQuotes($0.name) })
            #expect(read.attendees.map(\.role) == sent.attendees.map(\.role.rawValue))
            if testCase.method == .request {
                #expect(read.attendees.allSatisfy { $0.partstat == "NEEDS-ACTION" && $0.rsvp == "TRUE" })
            }
            try expectSameInstant(read.start, sent.start, zone: sent.timeZoneID)
            try expectSameInstant(read.end, sent.end, zone: sent.timeZoneID)
            if let recurrenceID = sent.recurrenceID {
                try expectSameInstant(try #require(read.recurrenceID), recurrenceID, zone: sent.timeZoneID)
            } else {
                #expect(read.recurrenceID == nil)
            }
        }

        for zone in parsed.timezones {
            try expectOffsetsMatchFoundation(zone)
        }
    }

    @Test("the parsed VTIMEZONE covers each event's time with the offset Foundation gives")
    func vtimezoneOffsetsCoverEvents() throws {
        for testCase in Self.cases {
            let parsed = try PythonICalendar.parse(
                try CalendarInvitation(method: testCase.method, events: testCase.events).render())
            for event in testCase.events {
                let zone = try #require(parsed.timezones.first { $0.tzid == event.timeZoneID })
                let instant = event.start.timeIntervalSince1970.rounded(.down)
                let inForce = try #require(
                    zone.observances.filter { $0.utcStart <= instant }.max { $0.utcStart < $1.utcStart },
                    "\(testCase.name): no observance in force at the start")
                let foundation = try #require(TimeZone(identifier: event.timeZoneID)).secondsFromGMT(
                    for: event.start)
                #expect(inForce.offsetTo == foundation, "\(testCase.name)")
            }
        }
    }

    /// Both the parser's own reading and the reading through our VTIMEZONE give Foundation's instant.
    private func expectSameInstant(_ read: PythonICalendar.When, _ sent: Date, zone: String) throws {
        let expected = sent.timeIntervalSince1970.rounded(.down)
        #expect(read.aware, "DTSTART/DTEND must be zoned, not floating")
        #expect(read.utc == expected)
        if let tzid = read.tzid {
            #expect(tzid == zone)
            #expect(read.zone == zone)
            #expect(read.viaVTimezone == expected, "local time resolved through the VTIMEZONE")
        } else {
            #expect(read.zone == "UTC", "a time not written with TZID must be UTC")
        }
    }

    /// Each observance's offsets are Foundation's just before and at the change it describes.
    private func expectOffsetsMatchFoundation(_ zone: PythonICalendar.Zone) throws {
        let timeZone = try #require(TimeZone(identifier: zone.tzid))
        for (index, observance) in zone.observances.enumerated() {
            let start = Date(timeIntervalSince1970: observance.utcStart)
            #expect(
                observance.offsetTo == timeZone.secondsFromGMT(for: start),
                "\(zone.tzid) observance \(index)")
            #expect(
                observance.kind == (timeZone.isDaylightSavingTime(for: start) ? "DAYLIGHT" : "STANDARD"))
            if observance.offsetFrom != observance.offsetTo {
                #expect(observance.offsetFrom == timeZone.secondsFromGMT(for: start.addingTimeInterval(-1)))
            }
        }
    }

    /// A parameter value cannot hold DQUOTE, so names lose theirs.
    private static func withoutQuotes(_ name: String) -> String {
        name.replacingOccurrences(of: "\"", with: "")
    }

    /// TEXT carries line breaks as `\n`, so a CRLF, CR, NEL or U+2028 in a title reads back as LF; other controls are dropped.
    private static func normalisedBreaks(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            switch scalar.value {
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: out.append("\n")
            case 0x09: out.append(" ")
            case 0..<0x20, 0x7F...0x9F: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
