import CirclesStore
import Postgres
import PostgresTestSupport
import Testing

/// The audit trail seals each field on its own (0008), so erasure can redact a value and the
/// chain still verifies; a database with records from before 0008 is converted on upgrade.
@Suite("the audit trail survives redaction, and an upgraded trail still verifies")
struct AuditRedactionTests {
    /// Sol Two is named by others in an action, a follow-up title (changed once), workshop notes
    /// and a cancellation reason, all written as the administrator, so all of it is audited.
    static let seed = """
        SELECT set_config('circles.actor', 'admin@example.org', false);
        INSERT INTO people (email, display_name) VALUES
            ('admin@example.org', 'Ada Admin'), ('sol.two@example.org', 'Sol Two'), ('max@example.org', 'Max Member');
        SELECT set_config('circles.actor_id', (SELECT id::text FROM people WHERE email = 'admin@example.org'), false);
        INSERT INTO teams (name) VALUES ('North');
        INSERT INTO workshops (team_id, title, held_on, notes)
            SELECT id, 'Whose Shoes?', '2026-11-03', 'Sol Two said hello' FROM teams;
        INSERT INTO action_items (workshop_id, title, description, perspective)
            SELECT id, 'Call SOL TWO', 'write to sol.two@example.org about "Sol  Two"', 'carer' FROM workshops;
        INSERT INTO follow_ups (title, owner_id, origin_action_item_id)
            SELECT 'Refer Sol Two to safeguarding', p.id, a.id FROM people p, action_items a WHERE p.email = 'max@example.org';
        UPDATE follow_ups SET title = 'Refer Sol Two (sol.two@example.org) to safeguarding';
        """
    static let identifying = ["Sol Two", "Sol  Two", "sol.two@example.org"]

    func problems(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query("SELECT coalesce(audit_id::text, '-') || ': ' || problem FROM audit_verify_chain()").decode(String.self)
    }

    func erase(_ email: String, on connection: PostgresConnection) async throws {
        try await connection.execute(unsafeSQL: """
            SELECT erase_person((SELECT id FROM people WHERE email = '\(email)'))
            """)
    }

    @Test("records written before the upgrade verify after it, and after an erasure that redacts them")
    func upgradeThenErase() async throws {
        try await TestDatabase.withPool { pool, database in
            let earlier = Migration.embedded.filter { $0.name < "0008_redactable_audit" }
            #expect(earlier.count < Migration.embedded.count)
            try await Migrator(migrations: earlier).migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.seed)
            let headBefore = try await pool.query("SELECT encode(last_hash, 'hex') FROM audit_chain_head")[0].decode(String.self, at: 0)
            #expect(try await problems(pool) == [])

            try await Migrator().migrate(pool)
            #expect(try await problems(pool) == [])
            let upgrade = try await pool.query("""
                SELECT after ->> 'previous_head', (after ->> 'records')::int8 FROM audit_log WHERE action = 'audit.upgrade'
                """).decode((String, Int).self)
            #expect(upgrade.map(\.0) == [headBefore])
            #expect(upgrade.map(\.1) == [8])
            #expect(try await placesContaining(Self.identifying, in: pool).contains("audit_log.after"))

            try await erase("sol.two@example.org", on: connection)
            #expect(try await placesContaining(Self.identifying, in: pool) == [])
            #expect(try await problems(pool) == [])
            // The follow-up's first title, in the record of its change, reads as the pseudonym now.
            let titles = try await pool.query("""
                SELECT before ->> 'title' FROM audit_log WHERE entity_table = 'follow_ups' AND operation = 'update' ORDER BY id LIMIT 1
                """).decode(String.self)
            #expect(titles.count == 1 && titles[0].hasPrefix("Refer Erased person ") && titles[0].hasSuffix(" to safeguarding"))
            await connection.close()
        }
    }

    @Test("a value changed behind the guard's back, or unsealed without an erasure naming its record, is reported")
    func tamperingIsFound() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.seed)
            let target = try await pool.query("""
                SELECT id FROM audit_log WHERE entity_table = 'action_items' ORDER BY id LIMIT 1
                """)[0].decode(Int64.self, at: 0)

            // The guard lets nothing but an erasure change a record, and an erasure not the digests.
            let refused = await #expect(throws: PostgresError.self) {
                try await connection.execute(unsafeSQL: """
                    BEGIN; SELECT set_config('circles.audit_erasure', 'x', true);
                    UPDATE audit_log SET field_digests = '{}' WHERE id = \(target);
                    """)
            }
            #expect(refused?.constraint == "audit_log_append_only")
            try await connection.execute(unsafeSQL: "ROLLBACK")

            try await connection.execute(unsafeSQL: """
                SET session_replication_role = replica;
                UPDATE audit_log SET after = jsonb_set(after, '{title}', '"Call someone"') WHERE id = \(target);
                """)
            #expect(try await problems(pool) == ["\(target): hash mismatch (record altered): field after.title does not match its digest"])
            // As an erasure leaves a record: the other fields' salts listed, the title's gone.
            try await connection.execute(unsafeSQL: """
                UPDATE audit_log SET field_salts = jsonb_build_object('after', (
                    SELECT jsonb_object_agg(k, encode(audit_field_salt_of(field_salts, 'after', k), 'hex'))
                    FROM jsonb_object_keys(after) AS k WHERE k <> 'title'))
                WHERE id = \(target);
                """)
            #expect(try await problems(pool) == [
                "\(target): hash mismatch (record altered): field after.title was redacted, but no erasure names this record",
            ])
            try await connection.execute(unsafeSQL: "SET session_replication_role = DEFAULT")
            await connection.close()
        }
    }
}
