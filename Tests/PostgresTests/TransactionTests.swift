import Postgres
import PostgresTestSupport
import Testing

@Suite("transactions commit on return and roll back on throw")
struct TransactionTests {
    struct Refused: Error {}

    @Test("a throw inside withTransaction writes nothing")
    func rollbackOnThrow() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            await #expect(throws: Refused.self) {
                try await pool.withTransaction { connection in
                    try connection.execute("INSERT INTO notes VALUES (\("first"))")
                    try connection.execute("INSERT INTO notes VALUES (\("second"))")
                    throw Refused()
                }
            }
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test("a returning transaction commits everything")
    func commitOnReturn() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            let inserted = try await pool.withTransaction { connection in
                try connection.execute("INSERT INTO notes VALUES (\("a")), (\("b"))")
            }
            #expect(inserted == 2)
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 2)
        }
    }

    @Test("a failed nested transaction undoes only its own work")
    func nestedSavepointRollback() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            try await pool.withTransaction { outer in
                try outer.execute("INSERT INTO notes VALUES (\("kept"))")
                await #expect(throws: PostgresError.self) {
                    try await outer.withTransaction { inner in
                        try inner.execute("INSERT INTO notes VALUES (\("undone"))")
                        try inner.execute("INSERT INTO notes VALUES (NULL)")  // violates NOT NULL
                    }
                }
                try await outer.withTransaction { inner in
                    try inner.execute("INSERT INTO notes VALUES (\("also kept"))")
                }
            }
            let bodies = try await pool.query("SELECT body FROM notes ORDER BY body").decode((String).self)
            #expect(bodies == ["also kept", "kept"])
        }
    }

    @Test("a unique violation surfaces SQLSTATE 23505 with its constraint, without the value")
    func uniqueViolation() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE people (email text CONSTRAINT people_email_key UNIQUE)")
            try await pool.execute("INSERT INTO people VALUES (\("ada@example.org"))")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.execute("INSERT INTO people VALUES (\("ada@example.org"))")
            }
            #expect(error?.sqlState == .uniqueViolation)
            #expect(error?.constraint == "people_email_key")
            #expect(error?.table == "people")
            #expect(error?.detail?.contains("already exists") == true)
            #expect(error?.description.contains("ada@example.org") == false)
        }
    }

    @Test("a bad value's error text does not repeat the bound value")
    func dataExceptionsHideValues() async throws {
        try await TestDatabase.withPool { pool, _ in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT \("secret-value")::int4")
            }
            #expect(error?.sqlState?.class == "22")
            #expect(error?.description.contains("secret-value") == false)
            #expect(error?.description.contains("invalid input syntax for type integer") == true)
        }
    }

    @Test("a failure of COMMIT itself says that the commit step failed")
    func commitFailureNamesTheStep() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("""
                CREATE TABLE parents (id int PRIMARY KEY);
                """)
            try await pool.execute("""
                CREATE TABLE children (parent int REFERENCES parents DEFERRABLE INITIALLY DEFERRED)
                """)
            let error = await #expect(throws: PostgresTransactionError.self) {
                try await pool.withTransaction { connection in
                    try connection.execute("INSERT INTO children VALUES (\(1))")
                }
            }
            #expect(error?.step == .commit)
            #expect(error?.description.hasPrefix("transaction commit failed: PostgreSQL error 23503") == true)
        }
    }
}
