import CirclesDomain
import Testing

@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    static let meeting = "5d0c9f3e-2b7a-4c1e-9f0a-1b2c3d4e5f60"
    static let person = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    /// Each case with the exact text outbox rows already hold (from the strings built before the type).
    static let cases: [(IdempotencyKey, String)] = [
        (.meetingReminder(meetingID: meeting, personID: person, offsetMinutes: 1440, startsAt: 1_796_724_000),
         "meeting-reminder:\(meeting):\(person):1440m:1796724000"),
        (.invitation(meetingID: meeting, personID: person, sequence: 0), "invitation:\(meeting):\(person):seq0"),
        (.cancellation(meetingID: meeting, personID: person, sequence: 3), "cancellation:\(meeting):\(person):seq3"),
        (.followUpDue(followUpID: meeting, dueOn: "2026-12-08"), "followup-due:\(meeting):2026-12-08"),
        (.followUpOverdue(followUpID: meeting, dueOn: "2026-12-08", daysAfter: 15), "followup-overdue:\(meeting):2026-12-08:15d"),
        (.digest(teamID: meeting, personID: person, weekOf: "2026-12-07"), "digest:\(meeting):\(person):2026-12-07"),
    ]

    @Test("every kind of key writes the text existing outbox rows hold, and reads back as itself", arguments: cases)
    func roundTrip(key: IdempotencyKey, text: String) {
        #expect(key.text == text)
        #expect(IdempotencyKey(text: text) == key)
    }

    @Test("a text no key writes reads as no key", arguments: [
        "", "r-0", "invitation:m:p", "invitation:m:p:3", "invitation:m:p:seq", "meeting-reminder:m:p:60:1",
        "followup-overdue:f:2026-12-08:xd", "digest:t:p", "sms:m:p:seq1",
    ])
    func unknownText(text: String) {
        #expect(IdempotencyKey(text: text) == nil)
    }

    @Test("the version a worker checks is read from the key: an invitation's SEQUENCE, a follow-up's due date")
    func versions() {
        #expect(IdempotencyKey(text: "invitation:m:p:seq4")?.sequence == 4)
        #expect(IdempotencyKey(text: "followup-overdue:f:2026-12-08:8d")?.plannedDueDate == "2026-12-08")
        #expect(IdempotencyKey(text: "digest:t:p:2026-12-07")?.sequence == nil)
        #expect(IdempotencyKey.notice(.meetingReminder, meetingID: "m", personID: "p", sequence: 1) == nil)
    }
}
