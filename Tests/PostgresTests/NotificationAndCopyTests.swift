import Postgres
import PostgresTestSupport
import Testing

@Suite("LISTEN/NOTIFY and COPY")
struct NotificationAndCopyTests {
    @Test("a NOTIFY reaches a listener with its channel and payload")
    func listenNotify() async throws {
        try await TestDatabase.withPool { pool, database in
            let listener = try await database.connect()
            let stream = try await listener.notifications(channels: ["reminders_due", "Mixed Case"])
            try await pool.execute("SELECT pg_notify('reminders_due', \("outbox:42"))")
            try await pool.execute("SELECT pg_notify('Mixed Case', \("second"))")
            var received: [PostgresNotification] = []
            for try await notification in stream {
                received.append(notification)
                if received.count == 2 { break }
            }
            #expect(received.map(\.channel) == ["reminders_due", "Mixed Case"])
            #expect(received.map(\.payload) == ["outbox:42", "second"])
            await listener.close()
        }
    }

    @Test("cancelling the listening task ends the notification sequence")
    func cancelListening() async throws {
        let database = try await TestDatabase.make()
        let listener = try await database.connect()
        let notifications = try await listener.notifications(channels: ["quiet"])
        let listening = Task {
            var count = 0
            for try await _ in notifications { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(100))
        listening.cancel()
        #expect(try await listening.value == 0)
        await listener.stopListeningAndClose()
        try await database.drop()
    }

    @Test("COPY FROM STDIN loads 100,000 rows with escapes and NULLs intact")
    func copyManyRows() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE items (id int8 PRIMARY KEY, name text, note text)")
            let count = try await pool.withConnection { connection in
                try connection.copyFrom("COPY items (id, name, note) FROM STDIN") { writer in
                    for id in 0..<100_000 {
                        let note: String? = id % 10 == 0 ? nil : "tab\there\nnewline \\ back"
                        try writer.append(Int64(id), "item \(id) – café", note)
                    }
                }
            }
            #expect(count == 100_000)
            let summary = try await pool.query("""
                SELECT count(*), count(note), sum(id)::int8, min(name), max(note)
                FROM items
                """)[0].decode((Int, Int, Int64, String, String).self)
            #expect(summary.0 == 100_000)
            #expect(summary.1 == 90_000)
            #expect(summary.2 == Int64(99_999 * 100_000 / 2))
            #expect(summary.3 == "item 0 – café")
            #expect(summary.4 == "tab\there\nnewline \\ back")
        }
    }

    @Test("a COPY whose producer throws loads nothing and leaves the connection usable")
    func abandonedCopy() async throws {
        struct Stop: Error {}
        try await TestDatabase.withPool(maximumConnections: 1) { pool, _ in
            try await pool.execute("CREATE TABLE items (id int8)")
            await #expect(throws: Stop.self) {
                try await pool.withConnection { connection in
                    try connection.copyFrom("COPY items (id) FROM STDIN") { writer in
                        try writer.append(Int64(1))
                        throw Stop()
                    }
                }
            }
            #expect(try await pool.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0) == 0)
        }
    }
}
