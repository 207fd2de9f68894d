import CirclesDomain
import CirclesServices
import Foundation
import Postgres
import Testing

/// A team with a lead, three social workers and an action item, ready to schedule.
struct SchedulingScenario {
    let fixture: ServiceFixture
    let actionID: String
    let lead = "lead@example.org"
    let workers = ["sw1@example.org", "sw2@example.org", "sw3@example.org"]

    static func make() async throws -> SchedulingScenario {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services
        _ = try await services.createTeam(name: "North", timeZone: "Europe/London", as: fixture.admin)
        _ = try await services.createTeam(name: "South", timeZone: "Europe/London", as: fixture.admin)
        let people = [("lead@example.org", "Priya Lead"), ("sw1@example.org", "Sam One"), ("sw2@example.org", "Sol Two"),
                      ("sw3@example.org", "Sky Three"), ("south@example.org", "Sid South")]
        for (email, name) in people {
            _ = try await services.addPerson(.init(email: email, displayName: name), as: fixture.admin)
        }
        _ = try await services.addMembers(team: "North", emails: ["lead@example.org"], role: .lead, as: fixture.admin)
        _ = try await services.addMembers(team: "North", emails: ["sw1@example.org", "sw2@example.org", "sw3@example.org"], role: .member, as: fixture.admin)
        _ = try await services.addMembers(team: "South", emails: ["south@example.org"], role: .lead, as: fixture.admin)
        _ = try await services.recordWorkshop(.init(team: "North", title: "Whose Shoes?", heldOn: "2026-11-03"), as: "lead@example.org")
        let action = try await services.addAction(
            .init(title: "Set up regular peer-support meetings for social workers", perspective: "practitioner"),
            workshop: "Whose Shoes?", as: "lead@example.org")
        return SchedulingScenario(fixture: fixture, actionID: action.id)
    }

    func monthly(start: String = "2026-11-10T14:00") -> CirclesServices.ScheduleRequest {
        .init(
            actionID: actionID, rule: "FREQ=MONTHLY;BYDAY=2TU", start: start, endTime: "15:30",
            facilitatorEmails: workers, wholeTeam: true)
    }
}

func instant(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text) ?? .distantPast
}

@Suite("scheduling an action item as a meeting series")
struct SchedulingTests {
    @Test("a monthly series materialises its horizon with the facilitator taking turns")
    func monthlySeries() async throws {
        let scenario = try await SchedulingScenario.make()
        let scheduled = try await scenario.fixture.services.scheduleAction(
            scenario.monthly(), as: scenario.lead, now: instant("2026-11-27T09:00:00Z"))
        let meetings = scheduled.meetings
        #expect(meetings.map(\.localStart) == ["2026-11-10T14:00:00", "2026-12-08T14:00:00", "2027-01-12T14:00:00", "2027-02-09T14:00:00"])
        #expect(meetings.allSatisfy { $0.endsAt.timeIntervalSince($0.startsAt) == 90 * 60 })
        let facilitators = try await scenario.fixture.pool.query("""
            SELECT p.email FROM occurrences o JOIN people p ON p.id = o.facilitator_id ORDER BY o.starts_at
            """).decode((String).self)
        #expect(facilitators == ["sw1@example.org", "sw2@example.org", "sw3@example.org", "sw1@example.org"])
        #expect(scheduled.series.actionItemID == scenario.actionID)
        try await scenario.fixture.tearDown()
    }

    @Test("a 14:00 Europe/London series stays at 14:00 local across both clock changes while the instants shift")
    func daylightSaving() async throws {
        let scenario = try await SchedulingScenario.make()
        var request = scenario.monthly(start: "2027-03-16T14:00")
        request.rule = "FREQ=WEEKLY;BYDAY=TU;COUNT=4"
        let spring = try await scenario.fixture.services.scheduleAction(request, as: scenario.lead, now: instant("2027-03-01T09:00:00Z"))
        #expect(spring.meetings.map(\.localStart) == ["2027-03-16T14:00:00", "2027-03-23T14:00:00", "2027-03-30T14:00:00", "2027-04-06T14:00:00"])
        #expect(spring.meetings.map(\.startsAt) == [
            instant("2027-03-16T14:00:00Z"), instant("2027-03-23T14:00:00Z"), instant("2027-03-30T13:00:00Z"), instant("2027-04-06T13:00:00Z"),
        ])
        request.start = "2027-10-26T14:00"
        let autumn = try await scenario.fixture.services.scheduleAction(request, as: scenario.lead, now: instant("2027-10-01T09:00:00Z"))
        #expect(autumn.meetings.map(\.startsAt) == [
            instant("2027-10-26T13:00:00Z"), instant("2027-11-02T14:00:00Z"), instant("2027-11-09T14:00:00Z"), instant("2027-11-16T14:00:00Z"),
        ])
        try await scenario.fixture.tearDown()
    }

    @Test("bad schedules are refused with a specific message and change nothing")
    func badSchedules() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let before = try await scenario.fixture.snapshot()
        func refusal(_ change: (inout CirclesServices.ScheduleRequest) -> Void) async -> String {
            var request = scenario.monthly()
            change(&request)
            do {
                _ = try await services.scheduleAction(request, as: scenario.lead, now: instant("2026-11-27T09:00:00Z"))
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(await refusal { $0.rule = "FREQ=MONTHLY;BYDAY=TUE" }.contains("BYDAY=TUE"))
        #expect(await refusal { $0.endTime = "13:00" } == "the meeting would end at 13:00, before it starts at 14:00; give an end time after the start or a --duration")
        #expect(await refusal { $0.endTime = nil; $0.duration = "0" } == "a meeting must last at least one minute (got 0 minutes)")
        #expect(await refusal { $0.endTime = nil; $0.duration = "-30m" } == "a meeting must last at least one minute (got -30 minutes)")
        #expect(await refusal { $0.timeZone = "Mars/Olympus" }.hasPrefix("unknown time zone \"Mars/Olympus\""))
        #expect(await refusal { $0.rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" }.contains("never produces a meeting after the first"))
        #expect(await refusal { $0.facilitatorEmails = ["ghost@example.org"] } == "unknown facilitator ghost@example.org: no person with that email")
        #expect(await refusal { $0.start = "10/11/2026 14:00" }.hasPrefix("invalid start"))
        #expect(try await scenario.fixture.snapshot() == before)
        try await scenario.fixture.tearDown()
    }

    @Test("a team lead cannot schedule another team's action, and nothing is written")
    func otherTeamRefused() async throws {
        let scenario = try await SchedulingScenario.make()
        let before = try await scenario.fixture.snapshot()
        let error = await #expect(throws: AccessDenied.self) {
            try await scenario.fixture.services.scheduleAction(scenario.monthly(), as: "south@example.org", now: instant("2026-11-27T09:00:00Z"))
        }
        #expect(error?.description == "only an administrator or a lead of team \"North\" may schedule meetings; south@example.org is not in that team")
        #expect(try await scenario.fixture.snapshot() == before)
        try await scenario.fixture.tearDown()
    }

    @Test("holding a meeting records attendance and follow-ups, which stay on the agenda until closed")
    func holdingAMeeting() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let now = instant("2026-11-27T09:00:00Z")
        let meetings = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now).meetings
        let first = meetings[0].id
        // sw1 facilitates the first meeting, so may record it; sw2 may not.
        await #expect(throws: AccessDenied.self) {
            try await services.holdMeeting(first, .init(attendance: [:]), as: "sw2@example.org", now: now)
        }
        let held = try await services.holdMeeting(
            first, .init(attendance: ["sw1@example.org": "attended", "sw2@example.org": "apologies", "lead@example.org": "attended"], notes: "Shared a difficult case"),
            as: "sw1@example.org", now: now)
        #expect(held.meeting.status == .held)
        let attendance = try await scenario.fixture.pool.query("""
            SELECT p.email, a.status FROM attendance a JOIN people p ON p.id = a.person_id ORDER BY p.email
            """).decode((String, String).self)
        #expect(attendance.map { "\($0.0)=\($0.1)" } == [
            "lead@example.org=attended", "sw1@example.org=attended", "sw2@example.org=apologies", "sw3@example.org=absent",
        ])
        let followUp = try await services.addFollowUp(meeting: first, title: "Share the supervision template", ownerEmail: "sw2@example.org", due: "2026-12-01", as: "sw1@example.org")
        _ = try await services.addFollowUp(meeting: first, title: "Book a room for January", ownerEmail: "lead@example.org", due: nil, as: "sw1@example.org")
        #expect(try await services.agenda(meeting: meetings[1].id, as: scenario.lead).map(\.title) == ["Share the supervision template", "Book a room for January"])
        await #expect(throws: AccessDenied.self) { try await services.closeFollowUp(followUp.id, as: .done, reason: nil, by: "sw3@example.org") }
        _ = try await services.closeFollowUp(followUp.id, as: .done, reason: nil, by: "sw2@example.org")
        #expect(try await services.agenda(meeting: meetings[1].id, as: scenario.lead).map(\.title) == ["Book a room for January"])
        // A future meeting cannot be held yet.
        await #expect(throws: ServiceError.self) { try await services.holdMeeting(meetings[1].id, .init(attendance: [:]), as: scenario.lead, now: now) }
        try await scenario.fixture.tearDown()
    }

    @Test("a cancelled meeting keeps its reason; a moved one keeps where it was")
    func cancelAndMove() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let now = instant("2026-11-27T09:00:00Z")
        let meetings = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now).meetings
        await #expect(throws: DomainError.self) { try await services.cancelMeeting(meetings[1].id, reason: " ", as: scenario.lead) }
        let cancelled = try await services.cancelMeeting(meetings[1].id, reason: "Team away day", as: scenario.lead)
        #expect(cancelled.meeting.status == .cancelled && cancelled.meeting.cancelReason == "Team away day")
        let moved = try await services.moveMeeting(meetings[2].id, to: "2027-01-19T10:00", as: scenario.lead, now: now)
        #expect(moved.meeting.localStart == "2027-01-19T10:00:00")
        #expect(moved.meeting.movedFrom == meetings[2].startsAt)
        #expect(moved.meeting.endsAt.timeIntervalSince(moved.meeting.startsAt) == 90 * 60)
        #expect(moved.meeting.sequence > meetings[2].sequence)
        let listed = try await services.listMeetings(.team("North"), from: now, to: instant("2027-03-01T00:00:00Z"), as: scenario.lead)
        #expect(listed.map(\.meeting.status) == [.cancelled, .scheduled, .scheduled])
        #expect(listed.map(\.facilitatorName) == ["Sol Two", "Sky Three", "Sam One"])
        try await scenario.fixture.tearDown()
    }
}
