import CirclesDomain
import CirclesServices
import Foundation
import ProgressTestSupport
import Testing

/// The store and service against real PostgreSQL: the scenario built through the services must
/// read back as exactly the facts worked out by hand.
@Suite("progress report from the database")
struct ProgressServiceTests {
    @Test("as of 2027-03-31 the database gives the hand-computed report, for the team and for --all")
    func matchesHandComputedFacts() async throws {
        let scenario = try await ProgressScenario.make()
        let expected = ProgressReport.build(from: ProgressScenario.factsAsOfMarch31, coverageWeeks: 8)
        let team = try await scenario.services.progressReport(.team("north"), asOf: "2027-03-31", as: scenario.admin)
        #expect(team.teams == [expected.teams[0]])
        let all = try await scenario.services.progressReport(.all, asOf: "2027-03-31", as: scenario.admin)
        #expect(all == expected)
        let workshop = try await scenario.services.progressReport(.workshop("Whose Shoes?"), asOf: "2027-03-31", as: scenario.lead)
        #expect(workshop.teams == [expected.teams[0]])
        try await scenario.tearDown()
    }

    @Test("as of 2027-01-31 later events are ignored: the February cancellation, the done action, the mid-way joiner")
    func ignoresLaterEvents() async throws {
        let scenario = try await ProgressScenario.make()
        let report = try await scenario.services.progressReport(.team("North"), asOf: "2027-01-31", as: scenario.lead)
        let north = try #require(report.teams.first)
        let actions = Dictionary(uniqueKeysWithValues: north.workshops.flatMap(\.actions).map { ($0.title, $0) })
        let peer = try #require(actions["Peer support for social workers"])
        #expect([peer.meetings.planned, peer.meetings.held, peer.meetings.cancelled] == [2, 2, 0] as [Int])
        #expect(peer.attendance.attended == 5)
        #expect(peer.attendance.recorded == 8)
        #expect(peer.attendance.people.map(\.name) == ["Priya Lead", "Sam One", "Sky Three", "Sol Two"])
        #expect([peer.followUps.open, peer.followUps.done] == [1, 1] as [Int])
        #expect(peer.flag == .onTrack)
        #expect(actions["Carers' evening drop-in"]?.flag == .dropped)
        #expect(actions["Publish a notes template"]?.status == .open)
        #expect(actions["Publish a notes template"]?.flag == .onTrack)
        #expect(north.coverage.members == 4)
        #expect(north.coverage.covered == 4)
        #expect(actions["Manager sign-off within five days"]?.ageDays == 72)
        try await scenario.tearDown()
    }

    @Test("coverage over 4 weeks to 2027-03-31 names who has not come, with when they last did")
    func coverage() async throws {
        let scenario = try await ProgressScenario.make()
        let result = try await scenario.services.peerSupportCoverage(team: "North", weeks: 4, asOf: "2027-03-31", as: scenario.lead)
        #expect(result.team == "North")
        #expect(result.coverage.since.description == "2027-03-04")
        #expect([result.coverage.members, result.coverage.covered] == [5, 2] as [Int])
        #expect(result.coverage.without.map { "\($0.name) \($0.lastAttended?.description ?? "never")" } == [
            "Jo Late 2027-03-02", "Sam One 2027-03-02", "Sky Three 2027-01-13",
        ])
        try await scenario.tearDown()
    }

    @Test("unknown names, bad days and outsiders are refused with what was wrong")
    func refusals() async throws {
        let scenario = try await ProgressScenario.make()
        let services = scenario.services
        func message(_ body: () async throws -> Void) async -> String {
            do {
                try await body()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(await message { _ = try await services.progressReport(.team("West"), asOf: nil, as: scenario.admin) }
            == "no team named \"West\"; `circles team list` shows the teams")
        #expect(await message { _ = try await services.progressReport(.workshop("Nope"), asOf: nil, as: scenario.admin) }
            == "no workshop \"Nope\"; `circles workshop list` shows them")
        #expect(await message { _ = try await services.progressReport(.team("North"), asOf: "2027-02-30", as: scenario.admin) }
            == "invalid --as-of \"2027-02-30\"; expected a calendar day as YYYY-MM-DD, e.g. 2027-03-31")
        #expect(await message { _ = try await services.progressReport(.all, asOf: nil, as: scenario.lead) }
            == "only an administrator may read the progress report of every team; priya@example.org is not one")
        #expect(await message { _ = try await services.progressReport(.team("South"), asOf: nil, as: scenario.lead) }
            == "only an administrator or a lead of team \"South\" may read its progress report; priya@example.org is not in that team")
        #expect(await message { _ = try await services.peerSupportCoverage(team: "North", weeks: 0, asOf: nil, as: scenario.lead) }
            == "--weeks must be between 1 and 520 (got 0)")
        try await scenario.tearDown()
    }
}
