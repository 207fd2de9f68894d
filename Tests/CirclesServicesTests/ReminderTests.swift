@testable import CirclesServices
import CirclesDomain
import Foundation
import Postgres
import Testing

@Suite("which meeting reminders go out, and when")
struct ReminderPlannerTests {
    let start = instant("2026-12-08T14:00:00Z")

    func plan(now: Date, offsets: [Int] = [2880, 60]) -> [Date] {
        ReminderPlanner.reminders(for: .init(meetingID: "m", startsAt: start, personID: "p", offsets: offsets), now: now).map(\.dueAt)
    }

    @Test("each offset still ahead gives one reminder at its time")
    func aheadOfTime() {
        #expect(plan(now: instant("2026-12-01T09:00:00Z")) == [instant("2026-12-06T14:00:00Z"), instant("2026-12-08T13:00:00Z")])
    }

    @Test("at short notice passed offsets are skipped, unless all have passed: then the latest goes out straight away")
    func shortNotice() {
        let now = instant("2026-12-07T09:00:00Z")
        #expect(plan(now: now) == [instant("2026-12-08T13:00:00Z")])  // the 2-day one has passed: skipped
        let later = instant("2026-12-08T13:30:00Z")
        #expect(plan(now: later) == [later])  // the 1-hour one has passed: sent now
    }

    @Test("a meeting that has started gets no reminder")
    func started() {
        #expect(plan(now: start).isEmpty)
        #expect(plan(now: start.addingTimeInterval(60)).isEmpty)
    }
}

@Suite("enqueuing meeting reminders")
struct ReminderEnqueueTests {
    let now = instant("2026-12-05T09:00:00Z")

    @Test("the pass enqueues each reminder once, even run twice at the same time")
    func idempotent() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        _ = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now)
        async let first = services.enqueueMeetingReminders(now: now)
        async let second = services.enqueueMeetingReminders(now: now)
        let (a, b) = try await (first, second)
        // The whole team is invited to 8 December's meeting; its facilitator, sw2, also gets the 3-day reminder.
        #expect(a + b > 0)
        #expect(try await services.enqueueMeetingReminders(now: now) == 0)
        let rows = try await scenario.fixture.pool.query("""
            SELECT p.email, count(*) FROM reminder_outbox r JOIN people p ON p.id = r.recipient_id
            JOIN occurrences o ON o.id = r.occurrence_id WHERE o.local_start = '2026-12-08 14:00' AND r.kind = 'meeting_reminder'
            GROUP BY p.email ORDER BY p.email
            """).decode((String, Int).self)
        #expect(rows.map { "\($0.0)=\($0.1)" } == ["lead@example.org=2", "sw1@example.org=2", "sw2@example.org=3", "sw3@example.org=2"])
        try await scenario.fixture.tearDown()
    }

    @Test("cancelling or moving a meeting cancels its pending reminders, tells the invitees, and a move gets fresh reminders")
    func changesFlowThrough() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let meetings = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now).meetings
        _ = try await services.enqueueMeetingReminders(now: now)  // 8 December's
        _ = try await services.cancelMeeting(meetings[1].id, reason: "Away day", as: scenario.lead)
        let january = instant("2027-01-06T09:00:00Z")
        _ = try await services.enqueueMeetingReminders(now: january)  // 12 January's
        _ = try await services.moveMeeting(meetings[2].id, to: "2027-01-19T10:00", as: scenario.lead, now: january)
        _ = try await services.enqueueMeetingReminders(now: january)
        let states = try await scenario.fixture.pool.query("""
            SELECT o.local_start::text, r.kind, r.state, count(*) FROM reminder_outbox r JOIN occurrences o ON o.id = r.occurrence_id
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """).decode((String, String, String, Int).self)
        // Each of the four invitees is told of the move once. The invitations enqueued when the series
        // was scheduled (only 8 December's is within four weeks) had not gone out, so they are
        // withdrawn and nobody is sent a cancellation of a meeting they never heard of.
        #expect(states.map { "\($0.0) \($0.1) \($0.2) \($0.3)" } == [
            "2026-12-08 14:00:00 invitation cancelled 4",
            "2026-12-08 14:00:00 meeting_reminder cancelled 9",
            "2027-01-19 10:00:00 invitation pending 4", "2027-01-19 10:00:00 meeting_reminder cancelled 9",
            "2027-01-19 10:00:00 meeting_reminder pending 9",
        ])
        try await scenario.fixture.tearDown()
    }

    @Test("a person who opts out or is deactivated gets nothing more")
    func optOut() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        _ = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now)
        _ = try await services.enqueueMeetingReminders(now: now)
        _ = try await services.updatePerson("sw1@example.org", .init(emailOptOut: true), as: "sw1@example.org")
        _ = try await services.updatePerson("sw3@example.org", .init(active: false), as: scenario.fixture.admin)
        _ = try await services.enqueueMeetingReminders(now: now)
        let pending = try await scenario.fixture.pool.query("""
            SELECT DISTINCT p.email FROM reminder_outbox r JOIN people p ON p.id = r.recipient_id WHERE r.state = 'pending' ORDER BY 1
            """).decode((String).self)
        #expect(pending == ["lead@example.org", "sw2@example.org"])
        try await scenario.fixture.tearDown()
    }
}
