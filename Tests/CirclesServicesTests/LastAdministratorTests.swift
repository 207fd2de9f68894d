import CirclesDomain
import CirclesServices
import Postgres
import Testing

@Suite("the last active administrator")
struct LastAdministratorTests {
    @Test("two administrators deactivating each other at once leave one of them active")
    func concurrentDeactivations() async throws {
        let fixture = try await ServiceFixture.make()
        _ = try await fixture.services.addAdministrator(.init(email: "bo@example.org", displayName: "Bo"), as: fixture.admin)
        // Ada deactivates Bo: her transaction holds the administrators' lock for two seconds before it commits.
        let ada = Task {
            try await fixture.pool.withTransaction { connection in
                try connection.execute("SELECT person_id FROM administrators FOR UPDATE")
                try connection.execute("UPDATE people SET active = false WHERE email = 'bo@example.org'")
                try await Task.sleep(for: .seconds(2))
            }
        }
        try await Task.sleep(for: .milliseconds(500))
        // Meanwhile Bo, still active as far as anyone can see, deactivates Ada: he must wait, then count again.
        let refused = await #expect(throws: AccessDenied.self) {
            try await fixture.services.updatePerson(fixture.admin, .init(active: false), as: "bo@example.org")
        }
        try await ada.value
        #expect(
            refused?.description
                == "admin@example.org is the last active administrator and cannot be deactivated: make another person an administrator first (`circles admin add`)")
        let active = try await fixture.pool.query("""
            SELECT p.email FROM administrators a JOIN people p ON p.id = a.person_id WHERE p.active
            """).map { try $0.decode(String.self, at: 0) }
        #expect(active == [fixture.admin])
        try await fixture.tearDown()
    }
}
