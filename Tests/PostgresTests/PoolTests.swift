import Postgres
import PostgresTestSupport
import Testing

@Suite("the pool shares a few connections among many tasks")
struct PoolTests {
    @Test("50 concurrent tasks share a pool of 4 without deadlock")
    func manyTasksFewConnections() async throws {
        try await TestDatabase.withPool(maximumConnections: 4) { pool, _ in
            try await pool.execute("CREATE TABLE hits (task int NOT NULL)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<50 {
                    group.addTask {
                        try await pool.withTransaction { connection in
                            try connection.execute("INSERT INTO hits VALUES (\(task))")
                            try connection.query("SELECT pg_sleep(0.01)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.query("SELECT count(DISTINCT task) FROM hits")[0].decode(Int.self, at: 0) == 50)
            let usage = await pool.usage()
            #expect(usage.open <= 4)
            #expect(usage.inUse == 0)
        }
    }

    @Test("a backend killed by the server is replaced and the next query succeeds")
    func recoversFromTerminatedBackend() async throws {
        try await TestDatabase.withPool(maximumConnections: 1) { pool, database in
            let pid = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            let admin = try await database.connect()
            let terminated = try await admin.query("SELECT pg_terminate_backend(\(pid), 5000)")[0].decode(Bool.self, at: 0)
            await admin.close()
            #expect(terminated)
            let next = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            #expect(next != pid)
        }
    }

    @Test("a connection left inside a transaction is not handed to the next task")
    func abandonedTransactionIsDiscarded() async throws {
        try await TestDatabase.withPool(maximumConnections: 1) { pool, _ in
            try await pool.execute("CREATE TABLE t (x int)")
            try await pool.withConnection { connection in
                try connection.execute("BEGIN")
                try connection.execute("INSERT INTO t VALUES (1)")
            }
            let status = try await pool.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0)
            #expect(status == 0)
        }
    }

    @Test("a task cancelled while waiting for a connection stops waiting")
    func cancelledWaiter() async throws {
        try await TestDatabase.withPool(maximumConnections: 1) { pool, _ in
            try await pool.withConnection { _ in
                let waiter = Task { try await pool.query("SELECT 1") }
                try await Task.sleep(for: .milliseconds(50))
                waiter.cancel()
                await #expect(throws: CancellationError.self) { try await waiter.value }
            }
            #expect(try await pool.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test("with an acquisition timeout, a task that finds every connection lent out gives up with poolTimeout, and the pool serves the next task once one is free")
    func acquisitionTimeout() async throws {
        try await TestDatabase.withPool(maximumConnections: 1) { _, database in
            let pool = PostgresPool(try database.configuration(), maximumConnections: 1, acquisitionTimeout: .milliseconds(300))
            try await pool.withConnection { _ in
                let started = ContinuousClock.now
                let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
                #expect(error?.code == .poolTimeout && error?.meansUnavailable == true, "\(String(describing: error))")
                #expect(ContinuousClock.now - started >= .milliseconds(300))
            }
            // The waiter that gave up is gone from the queue: the connection, once free, serves the next task.
            #expect(try await pool.query("SELECT 7")[0].decode(Int.self, at: 0) == 7)
            await pool.close()
        }
    }

    @Test("an error is unavailability whether raw or behind a failed BEGIN or COMMIT; a refused value is not")
    func unavailableThroughTransactions() {
        let lost = PostgresError(code: .connectionLost, message: "lost")
        #expect(PostgresError.meansUnavailable(lost))
        #expect(PostgresError.meansUnavailable(PostgresTransactionError(step: .begin, underlying: lost)))
        #expect(PostgresError.meansUnavailable(PostgresError(code: .server, message: "shutting down", sqlState: .adminShutdown)))
        let refused = PostgresError(code: .server, message: "check", sqlState: .checkViolation)
        #expect(!PostgresError.meansUnavailable(PostgresTransactionError(step: .commit, underlying: refused)))
        #expect(PostgresError.underlying(PostgresTransactionError(step: .commit, underlying: refused))?.sqlState == .checkViolation)
        #expect(!PostgresError.meansUnavailable(CancellationError()))
    }
}
