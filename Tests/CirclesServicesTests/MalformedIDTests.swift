import CirclesDomain
import CirclesServices
import Testing

@Suite("an id that is not a UUID, given to a service")
struct MalformedIDTests {
    @Test("is refused as malformed, naming what is accepted, before any store sees it (not reported as \"not found\")")
    func refusedAtTheBoundary() async throws {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services, admin = fixture.admin
        let calls: [(String, @Sendable () async throws -> Void)] = [
            ("meeting", { _ = try await services.agenda(meeting: "9a1e4b2c", as: admin) }),
            ("meeting", { _ = try await services.cancelMeeting("not-a-uuid", reason: "ill", as: admin) }),
            ("meeting", { _ = try await services.holdMeeting("not-a-uuid", .init(attendance: [:], notes: nil), as: admin) }),
            ("follow-up", { _ = try await services.closeFollowUp("not-a-uuid", as: .done, reason: nil, by: admin) }),
        ]
        for (noun, call) in calls {
            let error = await #expect(throws: ServiceError.self) { try await call() }
            #expect(error?.kind == .invalid)
            #expect(error?.description.hasPrefix("\"") == true)
            #expect(error?.description.contains("is not a \(noun) id; expected a whole UUID") == true)
        }
        try await fixture.tearDown()
    }
}
