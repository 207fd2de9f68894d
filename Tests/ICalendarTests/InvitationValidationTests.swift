import Foundation
import ICalendar
import Testing

/// Messages a calendar client could not apply are refused when built, with a reason a person can act on.
@Suite("invitation validation")
struct InvitationValidationTests {
    private func refusal(_ method: CalendarInvitation.Method, _ events: [CalendarEvent])
        -> ICalendarError?
    {
        do {
            _ = try CalendarInvitation(method: method, events: events)
            return nil
        } catch {
            return error
        }
    }

    private let meeting = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14))

    @Test("an invitation with no events is refused")
    func noEvents() {
        #expect(refusal(.request, [])?.code == .noEvents)
    }

    @Test("an unknown time zone is refused and named")
    func unknownZone() {
        var event = meeting
        event.timeZoneID = "Europe/Atlantis"
        let error = refusal(.request, [event])
        #expect(error?.code == .unknownTimeZone)
        #expect(error?.description.contains("Europe/Atlantis") == true)
        #expect(error?.uid == event.uid)
    }

    @Test("a meeting that ends before it starts is refused")
    func endBeforeStart() {
        var event = meeting
        event.end = event.start
        #expect(refusal(.request, [event])?.code == .endNotAfterStart)
    }

    @Test("a REQUEST with a cancelled event, or a CANCEL with a confirmed one, is refused")
    func statusMatchesMethod() {
        #expect(
            refusal(.request, [meeting.cancelled(dtstamp: meeting.dtstamp)])?.code
                == .statusDoesNotMatchMethod)
        #expect(refusal(.cancel, [meeting])?.code == .statusDoesNotMatchMethod)
    }

    @Test("a negative SEQUENCE is refused")
    func negativeSequence() {
        var event = meeting
        event.sequence = -1
        #expect(refusal(.request, [event])?.code == .negativeSequence)
    }

    @Test("a date outside 1900–9999 is refused")
    func dateRange() {
        var event = meeting
        event.start = Date(timeIntervalSince1970: -3e9)
        #expect(refusal(.request, [event])?.code == .dateOutOfRange)
        event = meeting
        event.dtstamp = Date(timeIntervalSince1970: .infinity)
        #expect(refusal(.request, [event])?.code == .dateOutOfRange)
    }

    @Test("the same occurrence twice in one message is refused")
    func duplicates() {
        #expect(refusal(.request, [meeting, meeting])?.code == .duplicateEvent)
    }
}
