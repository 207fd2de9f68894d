import CirclesStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("migrations apply once, in order, and refuse edited history")
struct MigratorTests {
    @Test("the embedded migrations are exactly the files in sql/migrations")
    func embeddedMatchesFolder() throws {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sql/migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(Migration.embedded.map { $0.name + ".sql" } == files)
        for migration in Migration.embedded {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(migration.name + ".sql"), encoding: .utf8)
            #expect(migration.sql == onDisk, "\(migration.name).sql differs from the embedded copy")
        }
    }

    @Test("migrating twice applies everything once, then nothing")
    func migrateTwiceIsANoOp() async throws {
        try await TestDatabase.withPool { pool, _ in
            let first = try await Migrator().migrate(pool)
            #expect(first == Migration.embedded.map(\.name))
            let second = try await Migrator().migrate(pool)
            #expect(second.isEmpty)
            #expect(try await Migrator().isCurrent(pool))
            let tables = try await pool.query("""
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_name IN ('people', 'series', 'occurrences', 'reminder_outbox', 'audit_log')
                """)[0].decode(Int.self, at: 0)
            #expect(tables == 5)
        }
    }

    @Test("two runners at once apply each file exactly once")
    func concurrentRunners() async throws {
        try await TestDatabase.withPool { _, database in
            let poolA = try database.pool(maximumConnections: 1)
            let poolB = try database.pool(maximumConnections: 1)
            async let a = Migrator().migrate(poolA)
            async let b = Migrator().migrate(poolB)
            let (appliedA, appliedB) = try await (a, b)
            #expect((appliedA + appliedB).sorted() == Migration.embedded.map(\.name))
            let recorded = try await poolA.query("SELECT count(*) FROM schema_migrations")[0].decode(Int.self, at: 0)
            #expect(recorded == Migration.embedded.count)
            await poolA.close()
            await poolB.close()
        }
    }

    @Test("an applied migration whose file changed is refused by name, and nothing else is applied")
    func editedMigrationIsRefused() async throws {
        try await TestDatabase.withPool { pool, _ in
            let original = [
                Migration(name: "0001_first", sql: "CREATE TABLE first (id int)"),
            ]
            try await Migrator(migrations: original).migrate(pool)
            let edited = [
                Migration(name: "0001_first", sql: "CREATE TABLE first (id bigint)"),
                Migration(name: "0002_second", sql: "CREATE TABLE second (id int)"),
            ]
            let error = await #expect(throws: MigrationError.self) { try await Migrator(migrations: edited).migrate(pool) }
            #expect(error?.description.hasPrefix("migration 0001_first.sql was changed after it was applied") == true)
            let second = try await pool.query("SELECT to_regclass('second') IS NULL")[0].decode(Bool.self, at: 0)
            #expect(second)
            let status = try await Migrator(migrations: edited).status(pool)
            #expect(status.map(\.state) == [.changed, .pending])
        }
    }

    @Test("a failing migration is rolled back whole and named")
    func failingMigrationRollsBack() async throws {
        try await TestDatabase.withPool { pool, _ in
            let migrations = [
                Migration(name: "0001_ok", sql: "CREATE TABLE ok (id int)"),
                Migration(name: "0002_broken", sql: "CREATE TABLE half (id int); SELECT no_such_function()"),
            ]
            let error = await #expect(throws: MigrationError.self) { try await Migrator(migrations: migrations).migrate(pool) }
            #expect(error?.description.hasPrefix("migration 0002_broken.sql failed and was rolled back") == true)
            let half = try await pool.query("SELECT to_regclass('half') IS NULL, to_regclass('ok') IS NOT NULL")[0]
                .decode((Bool, Bool).self)
            #expect(half == (true, true))
        }
    }
}
