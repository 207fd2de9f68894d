import Postgres
import PostgresTestSupport
import Testing

@Suite("advisory locks are held for the body and released however it ends")
struct AdvisoryLockTests {
    struct Refused: Error {}

    /// Whether another session could take the lock now (and gives it back at once if so).
    func isFree(_ key: String, in pool: PostgresPool) async throws -> Bool {
        try await pool.withConnection { other in
            try await other.withAdvisoryLockIfAvailable(key: key) { _ in true } ?? false
        }
    }

    @Test("while one session holds the lock another is turned away; once the body returns it is free")
    func heldThenReleased() async throws {
        try await TestDatabase.withPool { pool, _ in
            let seenInside = try await pool.withConnection { holder in
                try await holder.withAdvisoryLock(key: "test.lock.") { _ in try await isFree("test.lock.", in: pool) }
            }
            #expect(seenInside == false)
            let freeAfter = try await isFree("test.lock.", in: pool)
            #expect(freeAfter)
            // Another key is a different lock.
            let otherKeyInside = try await pool.withConnection { holder in
                try await holder.withAdvisoryLock(key: "test.lock.") { _ in try await isFree("test.other.", in: pool) }
            }
            #expect(otherKeyInside)
        }
    }

    @Test("a body that throws releases the lock and its error comes through")
    func releasedOnThrow() async throws {
        try await TestDatabase.withPool { pool, _ in
            await #expect(throws: Refused.self) {
                try await pool.withConnection { holder in
                    try await holder.withAdvisoryLockIfAvailable(key: "test.lock.") { _ in throw Refused() }
                }
            }
            let freeAfter = try await isFree("test.lock.", in: pool)
            #expect(freeAfter)
        }
    }
}
