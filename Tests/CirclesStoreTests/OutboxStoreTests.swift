import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("the reminder outbox")
struct OutboxStoreTests {
    /// A migrated schema with one person to send to.
    func withOutbox(_ body: @escaping @Sendable (PostgresPool, String) async throws -> Void) async throws {
        try await TestDatabase.withPool(maximumConnections: 6) { pool, _ in
            try await Migrator().migrate(pool)
            let person = try await pool.withConnection { connection in
                try PeopleStore.insert(email: "sam@example.org", displayName: "Sam", timeZone: "Europe/London", emailOptOut: false, on: connection).id
            }
            try await body(pool, person)
        }
    }

    func reminders(_ count: Int, for person: String, due: Date, prefix: String = "r") -> [OutboxStore.NewReminder] {
        (0..<count).map { .init(idempotencyKey: "\(prefix)-\($0)", kind: .meetingReminder, recipientID: person, dueAt: due) }
    }

    @Test("enqueuing the same keys twice, even from two connections at once, enqueues once")
    func enqueueOnce() async throws {
        try await withOutbox { pool, person in
            let batch = reminders(100, for: person, due: Date())
            async let first = pool.withConnection { try OutboxStore.enqueue(batch, on: $0) }
            async let second = pool.withConnection { try OutboxStore.enqueue(batch, on: $0) }
            let (a, b) = try await (first, second)
            #expect(a + b == 100)
            #expect(try await pool.withConnection { try OutboxStore.counts(on: $0) } == [.pending: 100])
        }
    }

    @Test("concurrent claims never hand the same reminder to two workers, and only due ones")
    func claimsAreDisjoint() async throws {
        try await withOutbox { pool, person in
            let now = Date()
            try await pool.withConnection { connection in
                try OutboxStore.enqueue(reminders(300, for: person, due: now.addingTimeInterval(-60)), on: connection)
                try OutboxStore.enqueue(reminders(10, for: person, due: now.addingTimeInterval(3600), prefix: "later"), on: connection)
            }
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await pool.withTransaction { connection in
                                try OutboxStore.claim(holder: "worker-\(worker)", limit: 25, lease: .seconds(60), now: now, on: connection)
                            }
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(claimed.count == 300)
            #expect(Set(claimed).count == 300)
        }
    }

    @Test("only the lease holder can mark a reminder sent, and an expired lease makes it claimable again")
    func leases() async throws {
        try await withOutbox { pool, person in
            let now = Date()
            let claimed = try await pool.withTransaction { connection in
                try OutboxStore.enqueue(reminders(1, for: person, due: now.addingTimeInterval(-1)), on: connection)
                return try OutboxStore.claim(holder: "a", limit: 10, lease: .seconds(30), now: now, on: connection)
            }
            let id = try #require(claimed.first?.id)
            #expect(claimed.first?.attempts == 1)
            // Before the lease expires nobody else gets it.
            let early = try await pool.withTransaction { try OutboxStore.claim(holder: "b", limit: 10, lease: .seconds(30), now: now.addingTimeInterval(10), on: $0) }
            #expect(early.isEmpty)
            // After it expires, b takes it over; a can no longer settle it.
            let late = try await pool.withTransaction { try OutboxStore.claim(holder: "b", limit: 10, lease: .seconds(30), now: now.addingTimeInterval(31), on: $0) }
            #expect(late.map(\.id) == [id])
            #expect(late.first?.attempts == 2)
            #expect(try await pool.withConnection { try OutboxStore.markSent(id: id, holder: "a", now: now, on: $0) } == false)
            #expect(try await pool.withConnection { try OutboxStore.markSent(id: id, holder: "b", now: now, on: $0) } == true)
            #expect(try await pool.withConnection { try OutboxStore.counts(on: $0) } == [.sent: 1])
        }
    }

    @Test("marking a batch sent in one statement changes only the reminders the holder still leases")
    func markBatchSent() async throws {
        try await withOutbox { pool, person in
            let now = Date()
            let mine = try await pool.withTransaction { connection in
                try OutboxStore.enqueue(reminders(5, for: person, due: now.addingTimeInterval(-1)), on: connection)
                return try OutboxStore.claim(holder: "a", limit: 3, lease: .seconds(30), now: now, on: connection)
            }
            // b takes the other two; a's lease on the first expires and b takes it over too.
            let theirs = try await pool.withTransaction { try OutboxStore.claim(holder: "b", limit: 10, lease: .seconds(30), now: now, on: $0) }
            #expect(theirs.count == 2)
            let takenOver = try await pool.withTransaction { connection in
                try connection.execute("UPDATE reminder_outbox SET lease_expires_at = \(now.addingTimeInterval(-1)) WHERE id = \(mine[0].id)")
                return try OutboxStore.claim(holder: "b", limit: 10, lease: .seconds(30), now: now, on: connection)
            }
            #expect(takenOver.map(\.id) == [mine[0].id])
            let marked = try await pool.withConnection { connection in
                try OutboxStore.markSent(ids: (mine + theirs).map(\.id), holder: "a", now: now, on: connection)
            }
            #expect(marked == 2)
            #expect(try await pool.withConnection { try OutboxStore.counts(on: $0) } == [.sent: 2, .leased: 3])
            #expect(try await pool.withConnection { try OutboxStore.markSent(ids: [], holder: "a", now: now, on: $0) } == 0)
        }
    }

    @Test("a temporary failure waits for its retry time; a permanent one ends as failed with the reason")
    func failures() async throws {
        try await withOutbox { pool, person in
            let now = Date()
            let claimed = try await pool.withTransaction { connection in
                try OutboxStore.enqueue(reminders(2, for: person, due: now.addingTimeInterval(-1)), on: connection)
                return try OutboxStore.claim(holder: "a", limit: 10, lease: .seconds(30), now: now, on: connection)
            }
            #expect(claimed.count == 2)
            let settled = try await pool.withConnection { connection in
                [
                    try OutboxStore.markForRetry(id: claimed[0].id, holder: "a", error: "451 try later", retryAt: now.addingTimeInterval(120), on: connection),
                    try OutboxStore.settle(id: claimed[1].id, holder: "a", as: .failed, reason: "550 no such user", on: connection),
                ]
            }
            #expect(settled == [true, true])
            let soon = try await pool.withTransaction { try OutboxStore.claim(holder: "a", limit: 10, lease: .seconds(30), now: now.addingTimeInterval(60), on: $0) }
            #expect(soon.isEmpty)
            let later = try await pool.withTransaction { try OutboxStore.claim(holder: "a", limit: 10, lease: .seconds(30), now: now.addingTimeInterval(121), on: $0) }
            #expect(later.map(\.lastError) == ["451 try later"])
            let failed = try await pool.query("SELECT last_error FROM reminder_outbox WHERE state = 'failed'").decode((String).self)
            #expect(failed == ["550 no such user"])
        }
    }
}
