@testable import CirclesServices
import CirclesDomain
import Foundation
import Mail
import Postgres
import Testing

/// A plain composer for dispatch tests: the real one is tested on its own.
let plainComposer: ReminderDispatcher.Composer = { context in
    try MailMessage(
        from: try Mailbox("circles@example.org", displayName: "Circles"),
        to: [try Mailbox(context.recipient.email, displayName: context.recipient.displayName)],
        subject: "Reminder: \(context.series?.title ?? "")", date: Date(),
        messageID: try MessageID.derived(from: context.reminder.idempotencyKey, domain: "example.org"),
        textBody: "See you at \(context.meeting?.localStart ?? "")")
}

@Suite("sending due reminders")
struct DispatchTests {
    let now = instant("2026-12-05T09:00:00Z")

    func sink() throws -> (FileSinkTransport, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("circles-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (FileSinkTransport(directory: directory.path), directory)
    }

    @Test("each due reminder is sent once; not-yet-due ones wait; a cancelled meeting's are never sent")
    func sendOnce() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let meetings = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now).meetings
        #expect(try await services.schedulingPass(now: now) != nil)
        let enqueued = try await scenario.fixture.pool.query("SELECT kind, count(*) FROM reminder_outbox GROUP BY 1 ORDER BY 1")
            .decode((String, Int).self)
        // Invitations to 8 December's meeting came with the series; the pass adds its nine reminders
        // and Monday's digests for the two team leads.
        #expect(enqueued.map { "\($0.0)=\($0.1)" } == ["digest=2", "invitation=4", "meeting_reminder=9"])
        let (transport, directory) = try sink()
        let dispatcher = ReminderDispatcher(pool: scenario.fixture.pool, transport: transport, holder: "test", compose: plainComposer)
        // At 09:00 on the 5th only the invitations are due (the earliest reminder, sw2's 3-day one, is due at 14:00).
        #expect(try await dispatcher.drain(now: { instant("2026-12-05T09:00:00Z") }).sent == 4)
        // By 14:30 on the 6th: sw2's 3-day and everyone's 2-day reminders.
        let first = try await dispatcher.drain(now: { instant("2026-12-06T14:30:00Z") })
        #expect(first.sent == 5)
        #expect(try await dispatcher.drain(now: { instant("2026-12-06T14:30:00Z") }).claimed == 0)
        // The meeting is cancelled before the 1-hour reminders: they are never sent, and the four
        // invitees get a cancellation instead. Monday's digests, a day late by now, are dropped.
        _ = try await services.cancelMeeting(meetings[1].id, reason: "Away day", as: scenario.lead, now: instant("2026-12-07T09:00:00Z"))
        let late = try await dispatcher.drain(now: { instant("2026-12-08T13:30:00Z") })
        #expect(late.sent == 4)
        #expect(late.skipped == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 13)
        let states = try await scenario.fixture.pool.query("SELECT kind, state, count(*) FROM reminder_outbox GROUP BY 1, 2 ORDER BY 1, 2")
            .decode((String, String, Int).self)
        #expect(states.map { "\($0.0) \($0.1)=\($0.2)" } == [
            "cancellation sent=4", "digest cancelled=2", "invitation sent=4", "meeting_reminder cancelled=4", "meeting_reminder sent=5",
        ])
        try? FileManager.default.removeItem(at: directory)
        try await scenario.fixture.tearDown()
    }

    @Test("only one worker runs the scheduling pass at a time; the other is told so")
    func passLock() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        _ = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now)
        let holder = try await scenario.fixture.database.connect()
        _ = try await holder.query("SELECT pg_advisory_lock(hashtext('circles.scheduling-pass.' || current_schema()))")
        #expect(try await services.schedulingPass(now: now) == nil)
        _ = try await holder.query("SELECT pg_advisory_unlock(hashtext('circles.scheduling-pass.' || current_schema()))")
        await holder.close()
        #expect(try await services.schedulingPass(now: now) != nil)
        try await scenario.fixture.tearDown()
    }
}
