import Postgres
import PostgresTestSupport
import Testing

@Suite("read-only snapshot transactions shared between sessions")
struct SnapshotTests {
    @Test("a session importing a snapshot sees what the exporter sees, not what was committed since")
    func importedSnapshotIgnoresLaterCommits() async throws {
        try await TestDatabase.withPool { pool, database in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            try await pool.execute("INSERT INTO notes VALUES ('before')")
            let reader = try await database.connect()
            let writer = try await database.connect()
            let counts = try await pool.withConnection { connection in
                try await connection.withReadOnlySnapshot { connection in
                    let snapshot = try connection.exportSnapshot()
                    try await writer.execute("INSERT INTO notes VALUES ('after')")
                    let imported = try await reader.withReadOnlySnapshot(importing: snapshot) { reader in
                        try reader.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0)
                    }
                    let own = try connection.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0)
                    return [own, imported]
                }
            }
            #expect(counts == [1, 1])
            #expect(try await pool.query("SELECT count(*) FROM notes")[0].decode(Int.self, at: 0) == 2)
            await reader.close()
            await writer.close()
        }
    }

    @Test("a snapshot transaction is read only")
    func readOnly() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withConnection { connection in
                    try await connection.withReadOnlySnapshot { connection in
                        try connection.execute("INSERT INTO notes VALUES ('no')")
                    }
                }
            }
            #expect(error?.sqlState?.code == "25006")  // read_only_sql_transaction
        }
    }
}
