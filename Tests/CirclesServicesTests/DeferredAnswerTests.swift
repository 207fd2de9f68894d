import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import Testing

@testable import CirclesServices

/// The reply reader decides every answer of a message first and saves them last, with the
/// COMMIT: a later answer in the same message must be judged against the earlier one, not
/// against what the database held before the message.
@Suite("answers decided before they are saved")
struct DeferredAnswerTests {
    typealias Setup = ResponseServiceTests.Setup

    @Test("deciding writes nothing; a second answer in the same message is judged against the first: newer recorded, older superseded, same unchanged")
    func decisionsFollowEachOther() async throws {
        let setup = try await Setup.make()
        let (meetingID, personID) = (setup.meetingID, setup.person)
        let stamp = setup.before
        @Sendable func offered(_ answer: ResponseAnswer, _ seconds: Double) throws -> MeetingResponse {
            MeetingResponse(
                meetingID: meetingID, personID: personID, answer: answer, note: nil, source: .calendar, answeredAt: stamp + seconds,
                ordering: try ResponseOrdering(sequence: 0, timestamp: stamp + seconds))
        }
        let outcomes = try await setup.pool.withTransaction { connection in
            let (meeting, series, _) = try CirclesServices.meetingContext(meetingID, on: connection)
            let person = try #require(try PeopleStore.find(id: personID, on: connection))
            let first = try offered(.accepted, 0), second = try offered(.declined, 60)
            var outcomes: [ResponseOutcome] = []
            for (response, standing) in [
                (first, nil), (second, first), (try offered(.tentative, 30), second), (try offered(.declined, 90), second),
                (second, nil),  // against the database: still nothing held
            ] as [(MeetingResponse, MeetingResponse?)] {
                outcomes.append(try CirclesServices.decide(
                    response, meeting: meeting, series: series, person: person, now: stamp, standing: standing, on: connection))
            }
            return outcomes
        }
        #expect(outcomes.count == 5)
        guard case .recorded(_, nil) = outcomes[0] else { Issue.record("first: \(outcomes[0])"); return }
        guard case .recorded(let now, let previous) = outcomes[1] else { Issue.record("second: \(outcomes[1])"); return }
        #expect(now.answer == .declined && previous?.answer == .accepted)
        guard case .superseded(let current) = outcomes[2] else { Issue.record("older: \(outcomes[2])"); return }
        #expect(current.answer == .declined)
        guard case .unchanged = outcomes[3] else { Issue.record("same: \(outcomes[3])"); return }
        guard case .recorded(_, nil) = outcomes[4] else { Issue.record("unsaved: \(outcomes[4])"); return }
        let stored = try await setup.pool.query("SELECT count(*)::int FROM meeting_responses")[0].decode(Int.self, at: 0)
        #expect(stored == 0)
        try await setup.scenario.fixture.tearDown()
    }
}
