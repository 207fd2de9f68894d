import CirclesDomain
import CirclesServices
import Foundation
import Testing

@Suite("the horizon moves with time")
struct HorizonTests {
    @Test("extending the horizon creates only the meetings that came into range, once")
    func extendIdempotently() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let series = try await services.scheduleAction(scenario.monthly(), as: scenario.lead, now: instant("2026-11-27T09:00:00Z")).series
        #expect(try await services.extendHorizon(now: instant("2026-11-27T09:00:00Z")) == 0)
        let later = instant("2027-03-20T09:00:00Z")  // horizon now reaches 2027-06-18
        #expect(try await services.extendHorizon(now: later) == 4)  // 9 Mar, 13 Apr, 11 May, 8 Jun
        #expect(try await services.extendHorizon(now: later) == 0)
        let meetings = try await services.listMeetings(.series(ID(series.id)!), from: instant("2026-11-01T00:00:00Z"), to: instant("2027-07-01T00:00:00Z"), as: scenario.lead)
        #expect(meetings.map { String($0.meeting.localStart.prefix(10)) } == [
            "2026-11-10", "2026-12-08", "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
        ])
        #expect(meetings.map(\.facilitatorName) == ["Sam One", "Sol Two", "Sky Three", "Sam One", "Sol Two", "Sky Three", "Sam One", "Sol Two"])
        try await scenario.fixture.tearDown()
    }
}
