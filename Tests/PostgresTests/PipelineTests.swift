import Postgres
import PostgresTestSupport
import Testing

@Suite("statements in one round trip (pipeline mode)")
struct PipelineTests {
    @Test("pipelined statements run in order and return their rows in order; the connection works after")
    func rowsInOrder() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            let results = try await pool.withConnection { connection in
                try connection.pipeline([
                    "INSERT INTO notes VALUES (\("one")), (\("two"))",
                    "SELECT body FROM notes WHERE body <> \("two") ORDER BY body",
                    "SELECT count(*) FROM notes",
                ])
            }
            #expect(results.count == 3)
            #expect(results[0].affectedRows == 2)
            #expect(try results[1].decode(String.self) == ["one"])
            #expect(try results[2][0].decode(Int.self, at: 0) == 2)
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 2)
        }
    }

    @Test("a failing statement throws its own error, the ones after it do not run, and its transaction rolls back")
    func failureStopsThePipeline() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL UNIQUE)")
            let refused = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try connection.pipeline([
                        "INSERT INTO notes VALUES (\("one"))",
                        "INSERT INTO notes VALUES (\("one"))",
                        "INSERT INTO notes VALUES (\("three"))",
                    ])
                }
            }
            #expect(refused?.sqlState == .uniqueViolation)
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test("a last statement sent with its COMMIT commits once; withTransaction commits nothing more")
    func executeCommitting() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL UNIQUE)")
            let inserted = try await pool.withTransaction { connection in
                try connection.execute("INSERT INTO notes VALUES (\("first"))")
                return try connection.executeCommitting("INSERT INTO notes VALUES (\("second")), (\("third"))")
            }
            #expect(inserted == 2)
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 3)
            // The pooled connection is idle again, outside any transaction, and works.
            try await pool.withTransaction { connection in try connection.execute("INSERT INTO notes VALUES (\("fourth"))") }
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 4)
        }
    }

    @Test("a last statement that fails is not committed, and nothing of its transaction is")
    func executeCommittingFailure() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL UNIQUE)")
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try connection.execute("INSERT INTO notes VALUES (\("first"))")
                    return try connection.executeCommitting("INSERT INTO notes VALUES (\("first"))")
                }
            }
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 0)
            try await pool.withTransaction { connection in try connection.executeCommitting("INSERT INTO notes VALUES (\("again"))") }
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test("several last statements go with their COMMIT: each one's count comes back, and when one fails none of them is committed")
    func severalStatementsCommitting() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL UNIQUE)")
            let counts = try await pool.withTransaction { connection in
                try connection.executeCommitting([
                    "INSERT INTO notes VALUES (\("one")), (\("two"))",
                    "UPDATE notes SET body = body || \("!") WHERE body = \("two")",
                    "INSERT INTO notes VALUES (\("two"))",
                ])
            }
            #expect(counts == [2, 1, 1])
            #expect(try await pool.query("SELECT body FROM notes ORDER BY body").decode(String.self) == ["one", "two", "two!"])
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try connection.executeCommitting(["INSERT INTO notes VALUES (\("three"))", "INSERT INTO notes VALUES (\("one"))"])
                }
            }
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 3)
            // Outside a transaction they still run, in one round trip, each on its own.
            #expect(try await pool.withConnection { connection in try connection.executeCommitting(["INSERT INTO notes VALUES (\("four"))"]) } == [1])
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 4)
        }
    }

    @Test("a transaction's BEGIN goes with its first statement: a pipeline first, then a query, run in one transaction")
    func beginTravelsWithTheFirstStatement() async throws {
        try await TestDatabase.withPool(maximumConnections: 1) { pool, _ in
            let ids = try await pool.withTransaction { connection in
                let pipelined = try connection.pipeline(["SELECT txid_current()", "SELECT txid_current()"])
                let queried = try connection.query("SELECT txid_current()")
                return try (pipelined + [queried]).map { try $0[0].decode(Int.self, at: 0) }
            }
            #expect(Set(ids).count == 1)
            // A transaction that opens with its committing statement commits it, and only once.
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            try await pool.withTransaction { connection in try connection.executeCommitting("INSERT INTO notes VALUES (\("only"))") }
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test("a savepoint opened before any statement begins the transaction first; its rollback keeps the rest")
    func savepointBeforeAnyStatement() async throws {
        try await TestDatabase.withPool(maximumConnections: 1) { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            struct Undo: Error {}
            try await pool.withTransaction { connection in
                do {
                    try await connection.withTransaction { inner in
                        _ = try inner.pipeline(["INSERT INTO notes VALUES (\("undone"))"])
                        throw Undo()
                    }
                } catch is Undo {}
                _ = try connection.pipeline(["INSERT INTO notes VALUES (\("kept"))"])
            }
            #expect(try await pool.query("SELECT body FROM notes").decode(String.self) == ["kept"])
        }
    }

    @Test("a transaction that runs no statement, or fails before its first, leaves the connection idle and usable")
    func noStatementNoTransaction() async throws {
        try await TestDatabase.withPool(maximumConnections: 1) { pool, _ in
            struct Early: Error {}
            try await pool.withTransaction { _ in }
            await #expect(throws: Early.self) { try await pool.withTransaction { _ in throw Early() } }
            let usable = try await pool.withConnection { connection in connection.isUsable() }
            #expect(usable)
            #expect(try await pool.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test("a BEGIN that fails with its first statement is reported as the BEGIN's failure, with nothing rolled back", arguments: [false, true])
    func failedBeginIsNamed(pipelined: Bool) async throws {
        try await TestDatabase.withPool(maximumConnections: 2) { pool, database in
            let other = try database.pool(maximumConnections: 1)
            let error = try await pool.withConnection { connection -> (any Error)? in
                do {
                    let pid = try connection.query("SELECT pg_backend_pid()")[0].decode(Int.self, at: 0)
                    _ = try connection.pipeline(["SELECT 1"])  // prepared now: the BEGIN is the first thing sent below
                    try await other.query("SELECT pg_terminate_backend(\(pid), 5000)")
                    try await connection.withTransaction { connection in
                        if pipelined { _ = try connection.pipeline(["SELECT 1"]) } else { try connection.query("SELECT 1") }
                    }
                    return nil
                } catch {
                    return error
                }
            }
            await other.close()
            let failure = try #require(error as? PostgresTransactionError, "\(String(describing: error))")
            #expect(failure.step == .begin)
            #expect(failure.bodyError == nil)
        }
    }
}
