import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("cancelling work on the server")
struct CancellationTests {
    /// Whether a backend is running `pg_sleep` for `application` right now, as the server sees it.
    func sleeping(_ application: String, _ observer: PostgresConnection) async throws -> Bool {
        try await observer.query("""
            SELECT count(*) FROM pg_stat_activity
            WHERE application_name = \(application) AND state = 'active' AND query LIKE '%pg_sleep%'
            """)[0].decode(Int.self, at: 0) > 0
    }

    @Test("cancelling a task cancels its statement on the server: the call ends at once with CancellationError and nothing runs on")
    func taskCancellationCancelsTheStatement() async throws {
        let application = "cancel-\(UUID().uuidString.prefix(8))"
        let pool = PostgresPool(try PostgresConfiguration(try TestDatabase.serverURL(), applicationName: application), maximumConnections: 1)
        let observer = try await PostgresConnection.connect(try PostgresConfiguration(try TestDatabase.serverURL()))
        let task = Task { try await pool.query("SELECT pg_sleep(120)") }
        // Generous: with the whole suite running on two cores, a task may wait long for a thread.
        let started = ContinuousClock.now + .seconds(60)
        while try await !sleeping(application, observer), ContinuousClock.now < started { try await Task.sleep(for: .milliseconds(50)) }
        try #require(try await sleeping(application, observer), "the statement never started")

        let cancelled = ContinuousClock.now
        task.cancel()
        let result = await task.result
        // Without cancellation the call would return when the two-minute sleep ends.
        #expect(ContinuousClock.now - cancelled < .seconds(30), "the call waited for the statement")
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(try await !sleeping(application, observer), "the statement runs on in PostgreSQL")

        // The pool goes on working: the cancelled connection was closed, not lent again.
        #expect(try await pool.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
        await pool.close()
        await observer.close()
    }

    @Test("a cancelled task starts no further statement, and its transaction is rolled back")
    func cancelledTaskStartsNothing() async throws {
        try await TestDatabase.withPool(maximumConnections: 2) { pool, _ in
            try await pool.execute("CREATE TABLE marks (n int)")
            let task = Task {
                try await pool.withTransaction { connection in
                    try connection.execute("INSERT INTO marks VALUES (1)")
                    withUnsafeCurrentTask { $0?.cancel() }
                    try connection.execute("INSERT INTO marks VALUES (2)")
                }
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await pool.query("SELECT count(*) FROM marks")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test("the idle-in-transaction timeout is applied to every session")
    func idleInTransactionTimeout() async throws {
        var configuration = try PostgresConfiguration(try TestDatabase.serverURL())
        configuration.idleInTransactionTimeout = "150ms"
        let connection = try await PostgresConnection.connect(configuration)
        #expect(try await connection.query("SHOW idle_in_transaction_session_timeout")[0].decode(String.self, at: 0) == "150ms")
        await connection.close()
    }
}
