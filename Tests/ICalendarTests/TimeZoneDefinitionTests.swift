import Foundation
import ICalendar
import Testing

/// The VTIMEZONE a client needs: every offset change in the years the events touch, and the one in force as they begin.
@Suite("VTIMEZONE")
struct TimeZoneDefinitionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let zone: String
        let expected: [String]
        var testDescription: String { zone }
    }

    private static func observance(
        _ kind: String, _ start: String, _ from: String, _ to: String, _ name: String
    ) -> [String] {
        [
            "BEGIN:\(kind)", "DTSTART:\(start)", "TZOFFSETFROM:\(from)", "TZOFFSETTO:\(to)",
            "TZNAME:\(name)", "END:\(kind)",
        ]
    }

    static let cases: [Case] = [
        Case(
            zone: "Europe/London",
            expected: observance("STANDARD", "20251026T020000", "+0100", "+0000", "GMT")
                + observance("DAYLIGHT", "20260329T010000", "+0000", "+0100", "BST")
                + observance("STANDARD", "20261025T020000", "+0100", "+0000", "GMT")),
        Case(
            zone: "America/New_York",
            expected: observance("STANDARD", "20251102T020000", "-0400", "-0500", "EST")
                + observance("DAYLIGHT", "20260308T020000", "-0500", "-0400", "EDT")
                + observance("STANDARD", "20261101T020000", "-0400", "-0500", "EST")),
        // Half-hour daylight saving, in the southern hemisphere: summer runs October to April.
        Case(
            zone: "Australia/Lord_Howe",
            expected: observance("DAYLIGHT", "20251005T020000", "+1030", "+1100", "LHDT")
                + observance("STANDARD", "20260405T020000", "+1100", "+1030", "LHST")
                + observance("DAYLIGHT", "20261004T020000", "+1030", "+1100", "LHDT")),
        Case(
            zone: "Asia/Tokyo",
            expected: observance("STANDARD", "20260101T000000", "+0900", "+0900", "GMT+9")),
    ]

    @Test(
        "a 2026 meeting's zone lists the changes of 2026 and the one in force on 1 January",
        arguments: cases)
    func zoneFor2026(_ testCase: Case) throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14), zone: testCase.zone)
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        let lines = Fixtures.vtimezone(testCase.zone, in: ics)
        #expect(
            lines == ["BEGIN:VTIMEZONE", "TZID:\(testCase.zone)"] + testCase.expected + ["END:VTIMEZONE"])
    }

    @Test("UTC gets a single STANDARD at +0000 and keeps the name it was given")
    func utcZone() throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14), zone: "UTC")
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        let lines = Fixtures.vtimezone("UTC", in: ics)
        #expect(lines.filter { $0.hasPrefix("BEGIN:") } == ["BEGIN:VTIMEZONE", "BEGIN:STANDARD"])
        #expect(lines.contains("TZOFFSETTO:+0000"))
        #expect(Fixtures.property("DTSTART", in: ics) == "DTSTART;TZID=UTC:20261208T140000")
    }

    @Test("meetings in December 2026 and June 2027 get the changes of both years")
    func spansYears() throws {
        let events = [
            Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14)),
            Fixtures.meeting(start: Fixtures.utc(2027, 6, 8, 13)),
        ]
        let ics = try CalendarInvitation(method: .request, events: events).render()
        let starts = Fixtures.vtimezone("Europe/London", in: ics).filter { $0.hasPrefix("DTSTART:") }
        #expect(
            starts
                == [
                    "20251026T020000", "20260329T010000", "20261025T020000", "20270328T010000",
                    "20271031T020000",
                ].map { "DTSTART:" + $0 })
        #expect(Fixtures.logicalLines(ics).filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
    }

    @Test("events in two zones carry one VTIMEZONE each, in the order first used")
    func twoZones() throws {
        let events = [
            Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14), zone: "America/New_York"),
            Fixtures.meeting(start: Fixtures.utc(2026, 12, 9, 14)),
            Fixtures.meeting(start: Fixtures.utc(2026, 12, 10, 14), zone: "America/New_York"),
        ]
        let ics = try CalendarInvitation(method: .request, events: events).render()
        let lines = Fixtures.logicalLines(ics)
        #expect(
            lines.filter { $0.hasPrefix("TZID:") } == ["TZID:America/New_York", "TZID:Europe/London"])
        #expect(
            lines.filter { $0.hasPrefix("DTSTART;") } == [
                "DTSTART;TZID=America/New_York:20261208T090000",
                "DTSTART;TZID=Europe/London:20261209T140000",
                "DTSTART;TZID=America/New_York:20261210T090000",
            ])
    }

    @Test(
        "a meeting in the hour that happens twice when clocks go back is written in UTC, so no client can misread it"
    )
    func ambiguousLocalTime() throws {
        // 01:30 local on 25 October 2026 happens at 00:30Z (BST) and again at 01:30Z (GMT).
        for start in [Fixtures.utc(2026, 10, 25, 0, 30), Fixtures.utc(2026, 10, 25, 1, 30)] {
            var event = Fixtures.meeting(start: start)
            event.end = start.addingTimeInterval(20 * 60)
            let ics = try CalendarInvitation(method: .request, events: [event]).render()
            #expect(
                Fixtures.property("DTSTART", in: ics) == "DTSTART:" + CalendarEventTests.utcStamp(start))
        }
        let clear = Fixtures.meeting(start: Fixtures.utc(2026, 10, 25, 2, 30))
        let ics = try CalendarInvitation(method: .request, events: [clear]).render()
        #expect(Fixtures.property("DTSTART", in: ics) == "DTSTART;TZID=Europe/London:20261025T023000")
    }
}
