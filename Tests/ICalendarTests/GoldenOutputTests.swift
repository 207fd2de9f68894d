import Foundation
import ICalendar
import Testing

/// Byte-for-byte output for the London circle: what a calendar client receives.
@Suite("golden iCalendar output")
struct GoldenOutputTests {
    /// The expected text with `\n` written as CRLF, as the wire carries it.
    private func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r\n")
    }

    private static let londonZone = """
        BEGIN:VTIMEZONE
        TZID:Europe/London
        BEGIN:STANDARD
        DTSTART:20251026T020000
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0000
        TZNAME:GMT
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:20260329T010000
        TZOFFSETFROM:+0000
        TZOFFSETTO:+0100
        TZNAME:BST
        END:DAYLIGHT
        BEGIN:STANDARD
        DTSTART:20261025T020000
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0000
        TZNAME:GMT
        END:STANDARD
        END:VTIMEZONE
        """

    @Test("a December meeting in London is requested at 14:00 local time (GMT)")
    func decemberRequest() throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14))
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        #expect(
            ics
                == crlf(
                    """
                    BEGIN:VCALENDAR
                    PRODID:-//Circles//Circles Peer Support//EN
                    VERSION:2.0
                    CALSCALE:GREGORIAN
                    METHOD:REQUEST
                    \(Self.londonZone)
                    BEGIN:VEVENT
                    UID:7f3c2a90-5b1e-4c2d-9a8e-0d4f6b1c2e3a-20261208T140000Z@circles.example.o
                     rg
                    SEQUENCE:0
                    DTSTAMP:20261120T090000Z
                    DTSTART;TZID=Europe/London:20261208T140000
                    DTEND;TZID=Europe/London:20261208T153000
                    SUMMARY:Tuesday Circle
                    LOCATION:Room 2\\, Community Centre\\, 12 High Street
                    URL;VALUE=URI:https://meet.example.org/tuesday-circle
                    DESCRIPTION:Facilitator: Ngozi Adeyemi\\nFollow-ups: Book the room\\; Share t
                     he leaflet
                    ORGANIZER;CN=Circles:mailto:circles@example.org
                    ATTENDEE;CN=Ngozi Adeyemi;ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto
                     :ngozi@example.org
                    ATTENDEE;CN="Sam Lee, Jr.";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=
                     TRUE:mailto:sam@example.org
                    STATUS:CONFIRMED
                    TRANSP:OPAQUE
                    END:VEVENT
                    END:VCALENDAR

                    """))
    }

    @Test("a June meeting in London at 13:00 UTC is requested at 14:00 local time (BST)")
    func juneRequest() throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 6, 9, 13))
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        #expect(
            ics
                == crlf(
                    """
                    BEGIN:VCALENDAR
                    PRODID:-//Circles//Circles Peer Support//EN
                    VERSION:2.0
                    CALSCALE:GREGORIAN
                    METHOD:REQUEST
                    \(Self.londonZone)
                    BEGIN:VEVENT
                    UID:7f3c2a90-5b1e-4c2d-9a8e-0d4f6b1c2e3a-20260609T130000Z@circles.example.o
                     rg
                    SEQUENCE:0
                    DTSTAMP:20261120T090000Z
                    DTSTART;TZID=Europe/London:20260609T140000
                    DTEND;TZID=Europe/London:20260609T153000
                    SUMMARY:Tuesday Circle
                    LOCATION:Room 2\\, Community Centre\\, 12 High Street
                    URL;VALUE=URI:https://meet.example.org/tuesday-circle
                    DESCRIPTION:Facilitator: Ngozi Adeyemi\\nFollow-ups: Book the room\\; Share t
                     he leaflet
                    ORGANIZER;CN=Circles:mailto:circles@example.org
                    ATTENDEE;CN=Ngozi Adeyemi;ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto
                     :ngozi@example.org
                    ATTENDEE;CN="Sam Lee, Jr.";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=
                     TRUE:mailto:sam@example.org
                    STATUS:CONFIRMED
                    TRANSP:OPAQUE
                    END:VEVENT
                    END:VCALENDAR

                    """))
    }

    @Test("cancelling the December meeting keeps its UID, raises SEQUENCE and says CANCELLED")
    func decemberCancel() throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14))
        let cancellation = event.cancelled(dtstamp: Fixtures.utc(2026, 12, 1, 8, 30))
        let ics = try CalendarInvitation(method: .cancel, events: [cancellation]).render()
        #expect(
            ics
                == crlf(
                    """
                    BEGIN:VCALENDAR
                    PRODID:-//Circles//Circles Peer Support//EN
                    VERSION:2.0
                    CALSCALE:GREGORIAN
                    METHOD:CANCEL
                    \(Self.londonZone)
                    BEGIN:VEVENT
                    UID:7f3c2a90-5b1e-4c2d-9a8e-0d4f6b1c2e3a-20261208T140000Z@circles.example.o
                     rg
                    SEQUENCE:1
                    DTSTAMP:20261201T083000Z
                    DTSTART;TZID=Europe/London:20261208T140000
                    DTEND;TZID=Europe/London:20261208T153000
                    SUMMARY:Tuesday Circle
                    LOCATION:Room 2\\, Community Centre\\, 12 High Street
                    URL;VALUE=URI:https://meet.example.org/tuesday-circle
                    DESCRIPTION:Facilitator: Ngozi Adeyemi\\nFollow-ups: Book the room\\; Share t
                     he leaflet
                    ORGANIZER;CN=Circles:mailto:circles@example.org
                    ATTENDEE;CN=Ngozi Adeyemi;ROLE=CHAIR:mailto:ngozi@example.org
                    ATTENDEE;CN="Sam Lee, Jr.";ROLE=REQ-PARTICIPANT:mailto:sam@example.org
                    STATUS:CANCELLED
                    TRANSP:OPAQUE
                    END:VEVENT
                    END:VCALENDAR

                    """))
    }

    @Test("the attachment's content type names the method")
    func contentType() throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14))
        let request = try CalendarInvitation(method: .request, events: [event])
        let cancel = try CalendarInvitation(
            method: .cancel, events: [event.cancelled(dtstamp: event.dtstamp)])
        #expect(request.contentType == "text/calendar; charset=UTF-8; method=REQUEST")
        #expect(cancel.contentType == "text/calendar; charset=UTF-8; method=CANCEL")
    }
}
