import CirclesStore
import Postgres
import PostgresTestSupport
import Testing

/// The statement-level audit (0015, `audit_statement`) writes the records the row-level one
/// (`audit_row`) writes, in one go for all the rows of a statement, each with its own actor.
@Suite("auditing per statement writes the records auditing per row writes")
struct StatementAuditTests {
    /// Twin tables: one audited per row, one per statement, with the same arguments (key `id`,
    /// personal `email`, redacted `notes`, ignored `touched`).
    static let twins = """
        CREATE TABLE twin_rows (id integer PRIMARY KEY, title text, email text, notes text, touched text,
                                updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE twin_statement (LIKE twin_rows INCLUDING ALL);
        CREATE TRIGGER twin_rows_audit AFTER INSERT OR UPDATE OR DELETE ON twin_rows
            FOR EACH ROW EXECUTE FUNCTION audit_row('{id}', '{email}', '{notes}', '{touched}');
        CREATE TRIGGER twin_statement_insert AFTER INSERT ON twin_statement REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('{id}', '{email}', '{notes}', '{touched}');
        CREATE TRIGGER twin_statement_update AFTER UPDATE ON twin_statement REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('{id}', '{email}', '{notes}', '{touched}');
        CREATE TRIGGER twin_statement_delete AFTER DELETE ON twin_statement REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('{id}', '{email}', '{notes}', '{touched}');
        INSERT INTO people (email, display_name) VALUES ('admin@example.org', 'Ada Admin'), ('max@example.org', 'Max Member');
        """

    /// The same changes to `table`: several rows at once, changes only to an ignored column, to
    /// the redacted and the personal column, and a delete, as the administrator.
    static func changes(_ table: String) -> String {
        """
        SELECT set_config('circles.actor', 'admin@example.org', false),
               set_config('circles.actor_id', (SELECT id::text FROM people WHERE email = 'admin@example.org'), false),
               set_config('circles.action', '', false);
        INSERT INTO \(table) (id, title, email, notes, updated_at) VALUES
            (1, 'first', 'one@example.org', NULL, '2030-01-01 09:00:00+00'), (2, 'second', NULL, 'said "hello"', '2030-01-01 09:00:00+00'),
            (3, 'third', 'three@example.org', 'x', '2030-01-01 09:00:00+00');
        UPDATE \(table) SET title = title || '!' WHERE id IN (1, 2);
        UPDATE \(table) SET touched = 'yes', updated_at = '2030-01-02 09:00:00+00';
        UPDATE \(table) SET notes = NULL WHERE id = 2;
        SELECT set_config('circles.action', 'twin.rename', false);
        UPDATE \(table) SET email = 'uno@example.org', notes = 'y' WHERE id = 1;
        DELETE FROM \(table) WHERE id = 3;
        UPDATE \(table) SET title = title WHERE id = 1;
        """
    }

    /// What a user of the trail sees of each record of `table`, in order (salts and hashes differ);
    /// a NULL shows as nothing between its bars.
    static func records(_ table: String, in pool: PostgresPool) async throws -> [String] {
        try await pool.query("""
            SELECT format('%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s', operation, action, entity_id, before::text, after::text,
                             actor_person_id = (SELECT id FROM people WHERE email = 'admin@example.org'), actor_label,
                             personal_before::text, personal_after::text, personal_digest IS NOT NULL,
                             (SELECT string_agg(s || '.' || k, ',' ORDER BY s, k)
                                FROM jsonb_each(field_digests) AS d(s, v), jsonb_object_keys(d.v) AS k))
            FROM audit_log WHERE entity_table = \(table) ORDER BY id
            """).decode(String.self)
    }

    /// What `audit_verify_chain()` reports, one line per problem.
    static func problems(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query("SELECT coalesce(audit_id::text, '-') || ': ' || problem FROM audit_verify_chain()").decode(String.self)
    }

    @Test("the same inserts, updates and deletes give the same records per statement as per row, and the chain verifies")
    func sameRecordsAsPerRow() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.twins)
            try await connection.execute(unsafeSQL: Self.changes("twin_rows"))
            try await connection.execute(unsafeSQL: Self.changes("twin_statement"))
            let perRow = try await Self.records("twin_rows", in: pool)
            let perStatement = try await Self.records("twin_statement", in: pool)
            #expect(perRow.count == 8, "\(perRow)")
            #expect(perStatement == perRow)
            #expect(try await Self.problems(pool) == [])
            await connection.close()
        }
    }

    @Test("a record written per statement that is altered afterwards is reported by the verification")
    func alteredRecordIsFound() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.twins)
            try await connection.execute(unsafeSQL: Self.changes("twin_statement"))
            let target = try await pool.query("""
                SELECT id FROM audit_log WHERE entity_table = 'twin_statement' AND operation = 'update' ORDER BY id LIMIT 1
                """)[0].decode(Int64.self, at: 0)
            try await connection.execute(unsafeSQL: """
                SET session_replication_role = replica;
                UPDATE audit_log SET after = jsonb_set(after, '{title}', '"forged"') WHERE id = \(target);
                SET session_replication_role = DEFAULT;
                """)
            #expect(try await Self.problems(pool) == ["\(target): hash mismatch (record altered): field after.title does not match its digest"])
            await connection.close()
        }
    }

    @Test("rows named in circles.row_actors are audited as their own actor and in their order, the others as the session's")
    func rowActors() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.twins)
            try await connection.execute(unsafeSQL: """
                SELECT set_config('circles.actor', 'admin@example.org', false),
                       set_config('circles.actor_id', (SELECT id::text FROM people WHERE email = 'admin@example.org'), false),
                       set_config('circles.row_actors', jsonb_build_object(
                           '3', jsonb_build_object('n', 1, 'actor_id', (SELECT id FROM people WHERE email = 'max@example.org'),
                                                   'actor', 'link:max@example.org'),
                           '1', jsonb_build_object('n', 2, 'actor_id', NULL, 'actor', NULL))::text, false);
                INSERT INTO twin_statement (id, title) VALUES (1, 'one'), (2, 'two'), (3, 'three');
                """)
            let audited = try await pool.query("""
                SELECT entity_id || ' ' || coalesce((SELECT email FROM people WHERE id = actor_person_id), '-') || ' '
                       || coalesce(actor_label, '-') || ' ' || (personal_digest IS NOT NULL)::text
                FROM audit_log WHERE entity_table = 'twin_statement' ORDER BY id
                """).decode(String.self)
            #expect(audited == [
                "3 max@example.org link:max@example.org true",
                "1 - - true",  // no actor, no label; its personal section ({"email": null}) is sealed all the same
                "2 admin@example.org admin@example.org true",
            ])
            #expect(try await Self.problems(pool) == [])
            await connection.close()
        }
    }

    @Test("an update that changes the key of a row audited per statement is refused, naming the rule")
    func keyCannotChange() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.twins)
            try await connection.execute(unsafeSQL: "INSERT INTO twin_statement (id, title) VALUES (1, 'one'), (2, 'two')")
            let refused = await #expect(throws: PostgresError.self) {
                try await connection.execute(unsafeSQL: "UPDATE twin_statement SET id = id + 10 WHERE id = 1")
            }
            #expect(refused?.constraint == "twin_statement_key_fixed")
            let kept = try await pool.query("SELECT string_agg(id::text, ',' ORDER BY id) FROM twin_statement")[0].decode(String.self, at: 0)
            #expect(kept == "1,2")
            await connection.close()
        }
    }
}
