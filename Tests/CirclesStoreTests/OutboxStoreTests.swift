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

    func reminders(_ count: Int, for person: String, due: Date, prefix: String = "r") -> [PlannedReminder] {
        (0..<count).map {
            .init(
                idempotencyKey: .meetingReminder(meetingID: prefix, personID: person, offsetMinutes: $0, startsAt: 0),
                kind: .meetingReminder, recipientID: person, dueAt: due)
        }
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

    @Test("a reminder has a next attempt while open and none once settled, whichever way it was settled")
    func nextAttemptOnlyWhileOpen() async throws {
        try await withOutbox { pool, person in
            let now = Date()
            let claimed = try await pool.withTransaction { connection in
                try OutboxStore.enqueue(reminders(4, for: person, due: now.addingTimeInterval(-1)), on: connection)
                return try OutboxStore.claim(holder: "a", limit: 10, lease: .seconds(30), now: now, on: connection)
            }
            #expect(claimed.count == 4)
            try await pool.withConnection { connection in
                try OutboxStore.markSent(ids: [claimed[0].id], holder: "a", now: now, on: connection)
                try OutboxStore.settle(id: claimed[1].id, holder: "a", as: .failed, reason: "550 no such user", on: connection)
                // Settled by plain SQL, as the triggers that cancel stale reminders do.
                try connection.execute("UPDATE reminder_outbox SET state = 'cancelled' WHERE id = \(claimed[2].id)")
            }
            let open = try await pool.query("""
                SELECT state, next_attempt_at IS NOT NULL FROM reminder_outbox ORDER BY id
                """).decode((String, Bool).self)
            #expect(open.map(\.0) == ["sent", "failed", "cancelled", "leased"])
            #expect(open.map(\.1) == [false, false, false, true])
            // A row inserted settled has no next attempt; an open row cannot lose it.
            try await pool.execute("""
                INSERT INTO reminder_outbox (idempotency_key, kind, recipient_id, due_at, state, sent_at)
                VALUES ('already-sent', 'meeting_reminder', \(UUID(uuidString: person)), now(), 'sent', now())
                """)
            #expect(try await pool.query("SELECT next_attempt_at IS NULL FROM reminder_outbox WHERE idempotency_key = 'already-sent'")[0]
                .decode(Bool.self, at: 0))
            await #expect(throws: PostgresError.self) {
                try await pool.execute("UPDATE reminder_outbox SET next_attempt_at = NULL WHERE id = \(claimed[3].id)")
            }
            // Retrying a failed one opens it again, due now.
            #expect(try await pool.withConnection { try OutboxStore.retry(id: claimed[1].id, now: now, on: $0) })
            let again = try await pool.withTransaction { try OutboxStore.claim(holder: "b", limit: 10, lease: .seconds(30), now: now, on: $0) }
            #expect(again.map(\.id) == [claimed[1].id])
        }
    }

    @Test("claiming changes no indexed column, so PostgreSQL updates each row in place (HOT)")
    func claimTouchesNoIndexedColumn() async throws {
        try await withOutbox { pool, person in
            let now = Date()
            _ = try await pool.withConnection { try OutboxStore.enqueue(reminders(50, for: person, due: now.addingTimeInterval(-1)), on: $0) }
            // The current transaction's own statistics: rows updated, and of those, heap-only (HOT).
            let (claimed, updated, heapOnly) = try await pool.withTransaction { connection in
                let claimed = try OutboxStore.claim(holder: "a", limit: 50, lease: .seconds(30), now: now, on: connection)
                let (updated, heapOnly) = try connection.query("""
                    SELECT pg_stat_get_xact_tuples_updated('reminder_outbox'::regclass),
                           pg_stat_get_xact_tuples_hot_updated('reminder_outbox'::regclass)
                    """)[0].decode((Int, Int).self)
                return (claimed.count, updated, heapOnly)
            }
            #expect(claimed == 50 && updated == 50)
            // Before migration 0006 none was; now all are but the odd row whose page has no room
            // left for its (slightly longer, leased) new version.
            #expect(heapOnly >= 45)
            let indexed = try await pool.query("""
                SELECT DISTINCT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid
                 AND (a.attnum = ANY (i.indkey) OR pg_get_expr(i.indpred, i.indrelid) LIKE '%' || a.attname || '%')
                WHERE i.indrelid = 'reminder_outbox'::regclass AND a.attnum > 0
                """).decode(String.self)
            #expect(Set(indexed).isDisjoint(with: ["state", "lease_holder", "lease_expires_at", "attempts"]))
        }
    }
}
