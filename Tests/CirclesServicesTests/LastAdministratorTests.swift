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
        // Ada deactivates Bo: her transaction holds the administrators' lock, and commits only once
        // Bo's is seen waiting for it (or after 60 s). No sleeps: a loaded machine cannot reorder them.
        let (held, holding) = AsyncStream.makeStream(of: Int.self)
        let pool = fixture.pool
        let ada = Task {
            try await pool.withTransaction { connection in
                try connection.execute("SELECT person_id FROM administrators FOR UPDATE")
                try connection.execute("UPDATE people SET active = false WHERE email = 'bo@example.org'")
                let pid = try connection.query("SELECT pg_backend_pid()")[0].decode(Int.self, at: 0)
                holding.yield(pid)
                holding.finish()
                for _ in 0..<600 {
                    let waiting = try await pool.query(
                        "SELECT count(*)::int FROM pg_stat_activity WHERE \(pid)::int = ANY (pg_blocking_pids(pid))"
                    )[0].decode(Int.self, at: 0)
                    if waiting > 0 { return }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        var adaHolds = held.makeAsyncIterator()
        _ = await adaHolds.next()
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
