import CirclesDomain
import CirclesServices
import Foundation
import Postgres
import Testing

@Suite("changing a meeting series")
struct SeriesManagementTests {
    let now = instant("2026-11-27T09:00:00Z")

    @Test("two people editing the same version: the second is told it changed since they read it")
    func concurrentEdits() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let series = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now).series
        let read = try await services.showSeries(series.id, as: scenario.lead).version
        _ = try await services.editSeries(series.id, .init(title: "Peer support", expectedVersion: read), as: scenario.lead, now: now)
        let error = await #expect(throws: ServiceError.self) {
            try await services.editSeries(series.id, .init(location: "Room 4", expectedVersion: read), as: scenario.fixture.admin, now: now)
        }
        #expect(error?.kind == .stale)
        #expect(error?.description.contains("was changed by someone else since you read it") == true)
        #expect(try await services.showSeries(series.id, as: scenario.lead).location == nil)
        try await scenario.fixture.tearDown()
    }

    @Test("editing the time regenerates future meetings; held and cancelled ones, and their days, are left alone")
    func editTime() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let scheduled = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now)
        _ = try await services.holdMeeting(scheduled.meetings[0].id, .init(attendance: [:]), as: scenario.lead, now: now)
        _ = try await services.cancelMeeting(scheduled.meetings[1].id, reason: "Away day", as: scenario.lead)
        _ = try await services.editSeries(scheduled.series.id, .init(startTime: "10:00"), as: scenario.lead, now: now)
        let meetings = try await services.listMeetings(.series(ID(scheduled.series.id)!), from: instant("2026-11-01T00:00:00Z"), to: instant("2027-03-01T00:00:00Z"), as: scenario.lead)
        #expect(meetings.map { "\($0.meeting.localStart) \($0.meeting.status.rawValue)" } == [
            "2026-11-10T14:00:00 held", "2026-12-08T14:00:00 cancelled", "2027-01-12T10:00:00 scheduled",
            "2027-02-09T10:00:00 scheduled",
        ])
        try await scenario.fixture.tearDown()
    }

    @Test("this and all following: the series splits at a meeting and history stays with the original")
    func splitSeries() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let scheduled = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now)
        _ = try await services.holdMeeting(scheduled.meetings[0].id, .init(attendance: [:]), as: scenario.lead, now: now)
        let continuing = try await services.splitSeries(
            at: scheduled.meetings[2].id, .init(rule: "FREQ=MONTHLY;BYDAY=3WE", startTime: "15:00"), as: scenario.lead, now: now)
        #expect(continuing.splitFrom == scheduled.series.id)
        let original = try await services.listMeetings(.series(ID(scheduled.series.id)!), from: instant("2026-11-01T00:00:00Z"), to: instant("2027-06-01T00:00:00Z"), as: scenario.lead)
        #expect(original.map(\.meeting.localStart) == ["2026-11-10T14:00:00", "2026-12-08T14:00:00"])
        #expect(original.first?.meeting.status == .held)
        let following = try await services.listMeetings(.series(ID(continuing.id)!), from: instant("2026-11-01T00:00:00Z"), to: instant("2027-06-01T00:00:00Z"), as: scenario.lead)
        #expect(following.map(\.meeting.localStart) == ["2027-01-12T15:00:00", "2027-01-20T15:00:00", "2027-02-17T15:00:00"])
        try await scenario.fixture.tearDown()
    }

    @Test("pausing removes future meetings, resuming brings them back from now on, and an ended series stays ended")
    func pauseResumeEnd() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let series = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now).series
        _ = try await services.setSeriesStatus(series.id, to: .paused, as: scenario.lead, now: now)
        let window = (instant("2026-11-01T00:00:00Z"), instant("2027-03-01T00:00:00Z"))
        #expect(try await services.listMeetings(.series(ID(series.id)!), from: window.0, to: window.1, as: scenario.lead).count == 1)
        _ = try await services.setSeriesStatus(series.id, to: .active, as: scenario.lead, now: instant("2027-01-01T09:00:00Z"))
        let resumed = try await services.listMeetings(.series(ID(series.id)!), from: window.0, to: instant("2027-04-15T00:00:00Z"), as: scenario.lead)
        #expect(resumed.map(\.meeting.localStart) == ["2026-11-10T14:00:00", "2027-01-12T14:00:00", "2027-02-09T14:00:00", "2027-03-09T14:00:00"])
        _ = try await services.setSeriesStatus(series.id, to: .ended, as: scenario.lead, now: now)
        await #expect(throws: ServiceError.self) { try await services.setSeriesStatus(series.id, to: .active, as: scenario.lead, now: now) }
        try await scenario.fixture.tearDown()
    }

    @Test("a deactivated facilitator's future turns pass to the next active person; history stays")
    func deactivationPassesTurns() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let series = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: now).series
        _ = try await services.updatePerson("sw2@example.org", .init(active: false), as: scenario.fixture.admin)
        let meetings = try await services.listMeetings(.series(ID(series.id)!), from: instant("2026-11-01T00:00:00Z"), to: instant("2027-03-01T00:00:00Z"), as: scenario.lead)
        #expect(meetings.map(\.facilitatorName) == ["Sam One", "Sky Three", "Sky Three", "Sam One"])
        try await scenario.fixture.tearDown()
    }
}
