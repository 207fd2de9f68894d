import Foundation
import ICalendar
import Testing

/// Identity and revision: what lets a client match an update or a cancellation to the event it already holds.
@Suite("event identity")
struct CalendarEventTests {
    /// `yyyymmddThhmmssZ` by Foundation, to check our own arithmetic against.
    static func utcStamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    @Test("an occurrence's UID is the series, its original start in UTC, and the domain")
    func uidFormat() {
        let uid = CalendarEvent.uid(
            seriesID: "series-42", originalStart: Fixtures.utc(2026, 12, 8, 14),
            domain: "circles.example.org")
        #expect(uid == "series-42-20261208T140000Z@circles.example.org")
    }

    @Test(
        "UID timestamps agree with Foundation across centuries and leap days",
        arguments: [
            Fixtures.utc(1900, 1, 1, 0), Fixtures.utc(1969, 12, 31, 23, 59),
            Fixtures.utc(2000, 2, 29, 12),
            Fixtures.utc(2026, 12, 8, 14), Fixtures.utc(2100, 3, 1, 0),
            Fixtures.utc(9999, 12, 31, 23, 59),
        ])
    func uidTimestamps(_ date: Date) {
        #expect(
            CalendarEvent.uid(seriesID: "s", originalStart: date, domain: "d")
                == "s-\(Self.utcStamp(date))@d")
    }

    @Test("a moved meeting keeps the UID of its original start")
    func uidStableWhenMoved() throws {
        let original = Fixtures.utc(2026, 12, 8, 14)
        var moved = Fixtures.meeting(start: original)
        moved.start = Fixtures.utc(2026, 12, 9, 18)
        moved.end = moved.start.addingTimeInterval(3600)
        moved.sequence = 1
        let ics = try CalendarInvitation(method: .request, events: [moved]).render()
        #expect(
            Fixtures.property("UID", in: ics)
                == "UID:\(Fixtures.seriesID)-20261208T140000Z@circles.example.org")
        #expect(Fixtures.property("SEQUENCE", in: ics) == "SEQUENCE:1")
        #expect(Fixtures.property("DTSTART", in: ics) == "DTSTART;TZID=Europe/London:20261209T180000")
    }

    @Test("cancelling keeps everything but status, sequence and stamp")
    func cancelled() {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14))
        let stamp = Fixtures.utc(2026, 12, 1, 8)
        let cancelled = event.cancelled(dtstamp: stamp)
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.sequence == event.sequence + 1)
        #expect(cancelled.dtstamp == stamp)
        #expect(cancelled.uid == event.uid)
        #expect(cancelled.start == event.start && cancelled.summary == event.summary)
    }

    @Test("a RECURRENCE-ID is written in the meeting's zone when given")
    func recurrenceID() throws {
        var event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 9, 14))
        event.recurrenceID = Fixtures.utc(2026, 12, 8, 14)
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        #expect(
            Fixtures.property("RECURRENCE-ID", in: ics)
                == "RECURRENCE-ID;TZID=Europe/London:20261208T140000")
        let plain = try CalendarInvitation(
            method: .request, events: [Fixtures.meeting(start: event.start)]
        ).render()
        #expect(Fixtures.property("RECURRENCE-ID", in: plain) == nil)
    }

    @Test("fractions of a second are dropped, not rounded up")
    func fractionalSeconds() throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14).addingTimeInterval(59.999))
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        #expect(Fixtures.property("DTSTART", in: ics) == "DTSTART;TZID=Europe/London:20261208T140059")
    }
}
