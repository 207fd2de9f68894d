import CirclesDomain
import CirclesServices
import Foundation
import Postgres
import ProgressRendering
import ProgressTestSupport
import Testing

/// Where people's answers ("I'll be there", "Sorry, I can't make it") show: the responses listing,
/// `meeting hold`, and the lead's weekly digest. Answers are written as the response services
/// store them (meeting_responses), here directly, so these tests do not depend on how they arrive.
@Suite("where answers to meetings show: responses listing, hold pre-fill, digest flag")
struct ResponsesShownTests {
    /// Stores `answer` for a person, `before` the meeting's start (negative: after it).
    func answer(
        _ scenario: SchedulingScenario, meeting: String, email: String, _ answer: String, note: String? = nil, before: TimeInterval = 86_400
    ) async throws {
        _ = try await scenario.fixture.pool.execute("""
            INSERT INTO meeting_responses (occurrence_id, person_id, answer, note, source, answered_at)
            SELECT o.id, p.id, \(answer), \(note), 'link', o.starts_at - make_interval(secs => \(before))
            FROM occurrences o, people p WHERE o.id = \(meeting)::uuid AND p.email = \(email)
            ON CONFLICT (occurrence_id, person_id) DO UPDATE SET answer = excluded.answer, note = excluded.note, answered_at = excluded.answered_at
            """)
    }

    func monthly(_ scenario: SchedulingScenario) async throws -> [Meeting] {
        try await scenario.fixture.services.scheduleAction(scenario.monthly(), as: scenario.lead, now: instant("2026-11-27T09:00:00Z")).meetings
    }

    @Test("meeting hold records apologies for those who said beforehand they cannot come, absent for those who said nothing; what the facilitator records wins")
    func holdPrefill() async throws {
        let scenario = try await SchedulingScenario.make()
        let meeting = try await monthly(scenario)[0]  // 10 November, facilitated by sw1; everyone in North invited
        try await answer(scenario, meeting: meeting.id, email: "sw2@example.org", "declined", note: "On a home visit")
        try await answer(scenario, meeting: meeting.id, email: "sw3@example.org", "declined")
        try await answer(scenario, meeting: meeting.id, email: "lead@example.org", "accepted")
        _ = try await scenario.fixture.services.holdMeeting(
            meeting.id, .init(attendance: ["sw1@example.org": "attended", "sw3@example.org": "attended"]),
            as: "sw1@example.org", now: instant("2026-11-27T09:00:00Z"))
        let recorded = try await scenario.fixture.pool.query("""
            SELECT p.email, a.status FROM attendance a JOIN people p ON p.id = a.person_id
            WHERE a.occurrence_id = \(meeting.id)::uuid ORDER BY p.email
            """).decode((String, String).self)
        #expect(recorded.map { "\($0.0) \($0.1)" } == [
            "lead@example.org absent",  // said they would come, did not, and the facilitator did not say otherwise
            "sw1@example.org attended",
            "sw2@example.org apologies",  // "can't make it" beforehand
            "sw3@example.org attended",  // declined, but came: the facilitator's record wins
        ])
        try await scenario.fixture.tearDown()
    }

    @Test("meeting responses lists everyone invited with their answer, notes only for those who may record the meeting")
    func listing() async throws {
        let scenario = try await SchedulingScenario.make()
        let meeting = try await monthly(scenario)[1]  // 8 December, sw2 facilitates
        try await answer(scenario, meeting: meeting.id, email: "sw3@example.org", "declined", note: "On a home visit")
        try await answer(scenario, meeting: meeting.id, email: "sw1@example.org", "tentative")
        let services = scenario.fixture.services
        let asLead = try await services.meetingResponses(meeting: meeting.id, as: scenario.lead)
        #expect(asLead.map { "\($0.email) \($0.answer ?? "-") \($0.isFacilitator ? "F" : "")" } == [
            // By name: Priya Lead, Sam One, Sky Three, Sol Two.
            "lead@example.org - ", "sw1@example.org tentative ", "sw3@example.org declined ", "sw2@example.org - F",
        ])
        #expect(asLead.first { $0.email == "sw3@example.org" }?.note == "On a home visit")
        let asMember = try await services.meetingResponses(meeting: meeting.id, as: "sw1@example.org")
        #expect(asMember.count == 4)
        #expect(asMember.allSatisfy { $0.note == nil }, "a member who does not facilitate sees no notes")
        let asFacilitator = try await services.meetingResponses(meeting: meeting.id, as: "sw2@example.org")
        #expect(asFacilitator.first { $0.email == "sw3@example.org" }?.note == "On a home visit")
        await #expect(throws: AccessDenied.self) {
            _ = try await services.meetingResponses(meeting: meeting.id, as: "south@example.org")
        }
        try await scenario.fixture.tearDown()
    }

    @Test("the weekly digest flags a coming meeting fewer than half of those invited have said they will come to, and only that")
    func digestFlag() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let meetings = try await services.scheduleAction(
            .init(actionID: scenario.actionID, rule: "FREQ=WEEKLY;BYDAY=TU,TH", start: "2026-12-01T14:00", endTime: "15:30",
                  facilitatorEmails: ["sw1@example.org"], wholeTeam: true),
            as: scenario.lead, now: instant("2026-11-27T09:00:00Z")).meetings
        // Tuesday 8 December: 1 of 4 coming (flagged). Thursday 10 December: 2 of 4 (half: not flagged).
        let tuesday = try #require(meetings.first { $0.localStart.hasPrefix("2026-12-08") })
        let thursday = try #require(meetings.first { $0.localStart.hasPrefix("2026-12-10") })
        try await answer(scenario, meeting: tuesday.id, email: "sw1@example.org", "accepted")
        try await answer(scenario, meeting: tuesday.id, email: "sw2@example.org", "declined")
        try await answer(scenario, meeting: thursday.id, email: "sw1@example.org", "accepted")
        try await answer(scenario, meeting: thursday.id, email: "sw3@example.org", "accepted")
        #expect(try await services.enqueueDigests(now: instant("2026-12-07T07:30:00Z")) == 2)
        let (_, messages) = try await FollowUpAndDigestDispatchTests().drain(scenario, at: "2026-12-07T08:00:00Z")
        let north = try #require(messages.first { $0.contains("Subject: Weekly digest: North") })
        let text = north.components(separatedBy: "Content-Type: text/html")[0]
        let lines = text.components(separatedBy: .newlines)
        let tuesdayLine = try #require(lines.first { $0.contains("Tuesday 8 December 2026") })
        let thursdayLine = try #require(lines.first { $0.contains("Thursday 10 December 2026") })
        #expect(tuesdayLine.contains("fewer than half have said they\u{2019}ll come (1 of 4 invited)"), "\(tuesdayLine)")
        #expect(!thursdayLine.contains("fewer than half"), "\(thursdayLine)")
        try await scenario.fixture.tearDown()
    }
}

@Suite("the progress report tells apologies in advance from absence without word")
struct ProgressAttendanceWordingTests {
    @Test("the table and the HTML name the columns 'apologies in advance' and 'absent without word', with the counts under them")
    func columns() {
        let report = ProgressReport.build(from: ProgressScenario.factsAsOfMarch31, coverageWeeks: 8)
        let table = ProgressTableRenderer.render(report)
        let lines = table.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let header = lines.first { $0.hasPrefix("PERSON") }
        #expect(header?.contains("APOLOGIES IN ADVANCE  ABSENT WITHOUT WORD") == true, "\(table)")
        // Jo Late: 2 attended, 1 apology, 0 absent in the worked scenario.
        let jo = lines.first { $0.hasPrefix("Jo Late") }?.split(separator: " ", omittingEmptySubsequences: true)
        #expect(jo.map { Array($0.dropFirst(2).prefix(3)) } == ["2", "1", "0"])
        let html = ProgressHTMLRenderer.render(report)
        #expect(html.contains(">Apologies in advance<") && html.contains(">Absent without word<"))
    }
}
