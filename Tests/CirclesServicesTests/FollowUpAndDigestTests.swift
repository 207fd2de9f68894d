@testable import CirclesServices
import CirclesDomain
import CirclesStore
import Foundation
import Mail
import Postgres
import Testing

@Suite("when follow-up reminders and digests go out")
struct FollowUpAndDigestPlanningTests {
    let followUp = OutboxStore.DatedFollowUp(followUpID: "f", ownerID: "p", dueOn: "2026-12-18", ownerTimeZone: "Europe/London")

    func plan(_ now: String, lookahead: TimeInterval = 2 * 86_400) -> [String] {
        FollowUpReminderPlanner.reminders(for: followUp, now: instant(now), lookahead: lookahead).map {
            "\($0.kind.rawValue)@\(ISO8601DateFormatter().string(from: $0.dueAt))"
        }
    }

    @Test("due tomorrow goes out at 09:00 the day before, in the owner's zone")
    func dueTomorrow() {
        #expect(plan("2026-12-16T12:00:00Z") == ["followup_due@2026-12-17T09:00:00Z"])
        let newYork = OutboxStore.DatedFollowUp(followUpID: "f", ownerID: "p", dueOn: "2026-12-18", ownerTimeZone: "America/New_York")
        #expect(FollowUpReminderPlanner.reminders(for: newYork, now: instant("2026-12-16T12:00:00Z"), lookahead: 2 * 86_400).map(\.dueAt)
            == [instant("2026-12-17T14:00:00Z")])
    }

    @Test("overdue nudges come one, eight and fifteen days after the due date, then stop")
    func overdueNudges() {
        let all = plan("2026-12-01T00:00:00Z", lookahead: 60 * 86_400)
        #expect(all == [
            "followup_due@2026-12-17T09:00:00Z", "followup_overdue@2026-12-19T09:00:00Z",
            "followup_overdue@2026-12-26T09:00:00Z", "followup_overdue@2027-01-02T09:00:00Z",
        ])
        #expect(plan("2027-01-09T09:00:01Z", lookahead: 60 * 86_400).isEmpty)
    }

    @Test("after an outage only the latest reminder that still applies goes out, at once")
    func afterOutage() {
        // Down from the 16th to the 27th: the due-tomorrow and first nudge are dropped; the second goes now.
        #expect(plan("2026-12-27T10:00:00Z", lookahead: 3_600) == ["followup_overdue@2026-12-27T10:00:00Z"])
        // Added on the afternoon before it is due: "due tomorrow" goes out straight away.
        #expect(plan("2026-12-17T15:00:00Z", lookahead: 3_600) == ["followup_due@2026-12-17T15:00:00Z"])
    }

    @Test("a digest goes to each lead on Monday at 08:00 in the team's zone, once a week, and not a day late")
    func digest() {
        let lead = OutboxStore.TeamLead(teamID: "t", personID: "p", teamTimeZone: "Europe/London")
        let saturday = DigestPlanner.reminders(for: lead, now: instant("2026-12-05T09:00:00Z"), lookahead: 2 * 86_400)
        #expect(saturday.map(\.dueAt) == [instant("2026-12-07T08:00:00Z")])
        #expect(saturday.map(\.idempotencyKey.text) == ["digest:t:p:2026-12-07"])
        // Monday morning after a late start: this week's goes now.
        let monday = instant("2026-12-07T10:00:00Z")
        #expect(DigestPlanner.reminders(for: lead, now: monday, lookahead: 3_600).map(\.dueAt) == [monday])
        // Tuesday: too late for this week's; next week's is beyond the lookahead.
        #expect(DigestPlanner.reminders(for: lead, now: instant("2026-12-08T10:00:00Z"), lookahead: 2 * 86_400).isEmpty)
        // Summer time: 08:00 BST is 07:00 UTC.
        let june = DigestPlanner.reminders(for: lead, now: instant("2026-06-07T09:00:00Z"), lookahead: 2 * 86_400)
        #expect(june.map(\.dueAt) == [instant("2026-06-08T07:00:00Z")])
    }
}

@Suite("follow-up reminders and digests, end to end through the outbox")
struct FollowUpAndDigestDispatchTests {
    let composer = ReminderMailComposer(
        sender: try! Mailbox("circles@example.org", displayName: "Circles"), domain: "circles.example.org",
        unsubscribeURL: URL(string: "https://circles.example.org/unsubscribe")!)

    func drain(_ scenario: SchedulingScenario, at time: String) async throws -> (ReminderDispatcher.Summary, [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("circles-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let composer = self.composer
        let dispatcher = ReminderDispatcher(
            pool: scenario.fixture.pool, transport: FileSinkTransport(directory: directory.path), holder: "test",
            compose: { try composer.compose($0, now: instant(time)) })
        let summary = try await dispatcher.drain(now: { instant(time) })
        let messages = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
            Self.decodingQuotedPrintable(try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))
        }
        return (summary, messages)
    }

    /// The message with quoted-printable soft breaks and escapes undone, so tests read the words.
    static func decodingQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
                let byte = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("an open follow-up's owner is told the day before and after; closing it stops the rest")
    func followUpReminders() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let meetings = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: instant("2026-11-27T09:00:00Z")).meetings
        _ = try await services.holdMeeting(meetings[0].id, .init(attendance: ["sw1@example.org": "attended"], notes: "Private: X said Y"),
            as: scenario.lead, now: instant("2026-11-27T09:00:00Z"))
        let followUp = try await services.addFollowUp(
            meeting: meetings[0].id, title: "Draft the supervision rota", ownerEmail: "sw1@example.org", due: "2026-12-18",
            as: scenario.lead)
        _ = try await services.enqueueFollowUpReminders(now: instant("2026-12-16T12:00:00Z"))
        #expect(try await services.enqueueFollowUpReminders(now: instant("2026-12-16T12:00:00Z")) == 0)
        let (summary, messages) = try await drain(scenario, at: "2026-12-17T09:00:00Z")
        #expect(summary.sent == 1)
        let message = try #require(messages.first)
        #expect(message.contains("Subject: Due tomorrow: Draft the supervision rota"))
        #expect(message.contains("To: \"Sam One\" <sw1@example.org>"))
        #expect(message.contains("It was agreed for “Set up regular peer-support meetings for social workers”."))
        #expect(message.contains("Friday 18 December 2026"))
        #expect(message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(!message.contains("Private"))
        // The first overdue nudge, then the owner finishes it: the later nudges never go.
        _ = try await services.enqueueFollowUpReminders(now: instant("2026-12-19T09:00:00Z"))
        #expect(try await drain(scenario, at: "2026-12-19T09:00:00Z").1.first?.contains("Subject: Overdue: Draft the supervision rota") == true)
        _ = try await services.enqueueFollowUpReminders(now: instant("2026-12-25T09:00:00Z"))
        _ = try await services.closeFollowUp(followUp.id, as: .done, reason: nil, by: scenario.lead)
        #expect(try await drain(scenario, at: "2026-12-26T09:00:00Z").0.claimed == 0)
        let states = try await scenario.fixture.pool.query(
            "SELECT kind, state FROM reminder_outbox WHERE follow_up_id IS NOT NULL ORDER BY due_at").decode((String, String).self)
        #expect(states.map { "\($0.0) \($0.1)" } == ["followup_due sent", "followup_overdue sent", "followup_overdue cancelled"])
        try await scenario.fixture.tearDown()
    }

    @Test("the lead's digest lists the coming week's meetings, overdue follow-ups and last week's cancellations, never notes")
    func digestContent() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let meetings = try await services.scheduleAction(
            .init(actionID: scenario.actionID, rule: "FREQ=WEEKLY;BYDAY=TU", start: "2026-11-10T14:00", endTime: "15:30",
                  facilitatorEmails: ["sw1@example.org", "sw2@example.org"], wholeTeam: true),
            as: scenario.lead, now: instant("2026-11-27T09:00:00Z")).meetings
        _ = try await services.holdMeeting(meetings[0].id, .init(attendance: ["sw1@example.org": "attended"], notes: "Secret note"),
            as: scenario.lead, now: instant("2026-11-27T09:00:00Z"))
        _ = try await services.addFollowUp(
            meeting: meetings[0].id, title: "Book the room", ownerEmail: "sw2@example.org", due: "2026-11-20", as: scenario.lead)
        _ = try await services.cancelMeeting(meetings[3].id, reason: "Team away day", as: scenario.lead, now: instant("2026-11-30T09:00:00Z"))
        #expect(try await services.enqueueDigests(now: instant("2026-12-07T07:30:00Z")) == 2)
        let (_, messages) = try await drain(scenario, at: "2026-12-07T08:00:00Z")
        #expect(messages.filter { $0.contains("Subject: Weekly digest:") }.count == 2)
        let north = try #require(messages.first { $0.contains("Subject: Weekly digest: North") })
        let text = north.components(separatedBy: "Content-Type: text/html")[0]
        #expect(text.contains("Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT), facilitated by"))
        #expect(text.contains("Book the room"))
        #expect(text.contains("Team away day"))
        #expect(text.contains("Sol Two"))
        #expect(!north.contains("Secret"))
        try await scenario.fixture.tearDown()
    }

    @Test("an attendee taken off a series gets a calendar cancellation and no more reminders; the others are unaffected")
    func removedAttendee() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let now = instant("2026-12-01T09:00:00Z")
        let series = try await services.scheduleAction(
            .init(actionID: scenario.actionID, rule: "FREQ=MONTHLY;BYDAY=2TU", start: "2026-11-10T14:00", endTime: "15:30",
                  facilitatorEmails: ["sw1@example.org"], attendeeEmails: ["sw2@example.org", "sw3@example.org"], wholeTeam: false),
            as: scenario.lead, now: now).series
        _ = try await drain(scenario, at: "2026-12-01T09:00:00Z")  // the invitations
        _ = try await services.enqueueMeetingReminders(now: now)
        _ = try await services.editSeries(series.id, .init(attendeeEmails: ["sw2@example.org"]), as: scenario.lead, now: now)
        let rows = try await scenario.fixture.pool.query("""
            SELECT p.email, r.kind, r.state, count(*) FROM reminder_outbox r JOIN people p ON p.id = r.recipient_id
            WHERE p.email = 'sw3@example.org' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """).decode((String, String, String, Int).self)
        #expect(rows.map { "\($0.1) \($0.2) \($0.3)" } == ["cancellation pending 1", "invitation sent 1", "meeting_reminder cancelled 2"])
        let (_, messages) = try await drain(scenario, at: "2026-12-01T09:01:00Z")
        let notice = try #require(messages.first { $0.contains("sw3@example.org") })
        #expect(notice.contains("Subject: No longer invited:"))
        #expect(notice.contains("METHOD:CANCEL"))
        try await scenario.fixture.tearDown()
    }

    /// `NAME:value` lines of the calendar parts of a message (unfolded enough for these short values).
    static func calendarLines(_ message: String, _ name: String) -> [String] {
        message.components(separatedBy: "\r\n").flatMap { $0.components(separatedBy: "\n") }.filter { $0.hasPrefix(name + ":") }
    }

    @Test("moving a series to another weekday cancels its announced meetings in calendars; pausing and resuming brings one back with a higher SEQUENCE")
    func seriesChangesReachCalendars() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let now = instant("2026-12-01T09:00:00Z")
        let series = try await services.scheduleAction(
            .init(actionID: scenario.actionID, rule: "FREQ=MONTHLY;BYDAY=2TU", start: "2026-11-10T14:00", endTime: "15:30",
                  facilitatorEmails: ["sw1@example.org"], attendeeEmails: ["sw2@example.org"], wholeTeam: false),
            as: scenario.lead, now: now).series
        let (_, invitations) = try await drain(scenario, at: "2026-12-01T09:00:00Z")
        let invitedUID = try #require(Self.calendarLines(invitations.first ?? "", "UID").first)
        #expect(invitations.count == 2 && invitations.allSatisfy { $0.contains("DTSTART;TZID=Europe/London:20261208T140000") })

        // Second Tuesday → second Wednesday: 8 December's meeting is gone, 9 December's is new.
        _ = try await services.editSeries(series.id, .init(rule: "FREQ=MONTHLY;BYDAY=2WE"), as: scenario.lead, now: now)
        let (summary, notices) = try await drain(scenario, at: "2026-12-01T09:01:00Z")
        #expect(summary.sent == 4)
        let cancellations = notices.filter { $0.contains("METHOD:CANCEL") }
        #expect(cancellations.count == 2)
        for notice in cancellations {
            #expect(Self.calendarLines(notice, "UID") == [invitedUID])
            #expect(Self.calendarLines(notice, "SEQUENCE") == ["SEQUENCE:1"])
            #expect(notice.contains("DTSTART;TZID=Europe/London:20261208T140000"))
            #expect(notice.contains("the series was rescheduled"))
        }
        #expect(notices.filter { $0.contains("METHOD:REQUEST") && $0.contains("20261209T140000") }.count == 2)

        // Back to Tuesdays: 8 December is the same calendar event again, so it must outrank the cancellation.
        _ = try await services.editSeries(series.id, .init(rule: "FREQ=MONTHLY;BYDAY=2TU"), as: scenario.lead, now: now)
        let (_, again) = try await drain(scenario, at: "2026-12-01T09:02:00Z")
        let restored = again.filter { $0.contains("METHOD:REQUEST") }
        #expect(restored.count == 2)
        for invitation in restored {
            #expect(Self.calendarLines(invitation, "UID") == [invitedUID])
            #expect(Self.calendarLines(invitation, "SEQUENCE") == ["SEQUENCE:2"])
        }
        // Pausing withdraws it again, one SEQUENCE higher; nothing is left scheduled to remind anyone of.
        _ = try await services.setSeriesStatus(series.id, to: .paused, as: scenario.lead, now: now)
        let (_, paused) = try await drain(scenario, at: "2026-12-01T09:03:00Z")
        let pauseNotices = paused.filter { $0.contains("METHOD:CANCEL") && Self.calendarLines($0, "UID") == [invitedUID] }
        #expect(pauseNotices.count == 2 && pauseNotices.allSatisfy { Self.calendarLines($0, "SEQUENCE") == ["SEQUENCE:3"] })
        #expect(pauseNotices.allSatisfy { $0.contains("the series was paused") })
        try await scenario.fixture.tearDown()
    }

    @Test("series changes work within the roles' grants: the application role withdraws meetings, the worker extends the horizon and sends the cancellations")
    func seriesChangesUnderRoles() async throws {
        let scenario = try await SchedulingScenario.make()
        let now = instant("2026-12-01T09:00:00Z")
        let series = try await scenario.fixture.services.scheduleAction(
            .init(actionID: scenario.actionID, rule: "FREQ=MONTHLY;BYDAY=2TU", start: "2026-11-10T14:00", endTime: "15:30",
                  facilitatorEmails: ["sw1@example.org"], attendeeEmails: ["sw2@example.org"], wholeTeam: false),
            as: scenario.lead, now: now).series
        _ = try await drain(scenario, at: "2026-12-01T09:00:00Z")
        let url = scenario.fixture.database.url + (scenario.fixture.database.url.contains("?") ? "&" : "?")
        var application = try PostgresConfiguration(url + "options=-c%20role%3Dcircles_app", applicationName: "circles-tests-app")
        application.searchPath = [scenario.fixture.database.schema]
        let applicationPool = PostgresPool(application, maximumConnections: 2)
        _ = try await CirclesServices(pool: applicationPool).editSeries(
            series.id, .init(rule: "FREQ=MONTHLY;BYDAY=2WE"), as: scenario.lead, now: now)
        await applicationPool.close()

        let worker = try workerPool(scenario.fixture.database)
        let workerServices = CirclesServices(pool: worker, horizonDays: 400)
        #expect(try await workerServices.extendHorizon(now: now) > 0)
        let composer = self.composer
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("circles-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let dispatcher = ReminderDispatcher(
            pool: worker, transport: FileSinkTransport(directory: directory.path), holder: "worker-role",
            compose: { try composer.compose($0, now: now) })
        let summary = try await dispatcher.drain(now: { now })
        await worker.close()
        let sent = try FileManager.default.contentsOfDirectory(atPath: directory.path).map {
            try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)
        }
        #expect(summary.failed == 0 && summary.sent == 4)
        #expect(sent.filter { $0.contains("METHOD:CANCEL") }.count == 2)
        try await scenario.fixture.tearDown()
    }
}
