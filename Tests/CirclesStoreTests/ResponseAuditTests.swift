import CirclesStore
import Postgres
import PostgresTestSupport
import Testing

/// meeting_responses is audited by a function that knows its columns (0016,
/// `meeting_responses_audit_statement`); its records must be those `audit_row` writes. Twin
/// tables made LIKE meeting_responses keep the comparison honest when a column is added.
@Suite("answers are audited as audit_row would audit them")
struct ResponseAuditTests {
    static let twins = """
        CREATE TABLE answers_by_row (LIKE meeting_responses INCLUDING ALL);
        CREATE TABLE answers_by_statement (LIKE meeting_responses INCLUDING ALL);
        CREATE TRIGGER answers_by_row_audit AFTER INSERT OR UPDATE OR DELETE ON answers_by_row
            FOR EACH ROW EXECUTE FUNCTION audit_row('{occurrence_id,person_id}', '{}', '{note}', '{recorded_at}');
        CREATE TRIGGER answers_by_statement_insert AFTER INSERT ON answers_by_statement REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_audit_statement();
        CREATE TRIGGER answers_by_statement_update AFTER UPDATE ON answers_by_statement
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_audit_statement();
        CREATE TRIGGER answers_by_statement_delete AFTER DELETE ON answers_by_statement REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('{occurrence_id,person_id}', '{}', '{note}', '{recorded_at}');
        INSERT INTO people (email, display_name) VALUES ('admin@example.org', 'Ada Admin');
        """

    /// The same answers given and changed in `table`: several at once, a note given and taken
    /// back, calendar ordering, a change only to recorded_at, one that changes nothing, a delete.
    static func changes(_ table: String) -> String {
        let meeting = "'5f0c8a52-7d3e-4c1b-9a7e-0d6b1c2e3f40'", other = "'6a1d9b63-8e4f-4d2c-8b8f-1e7c2d3f4a51'"
        let sam = "'7b2eac74-9f50-4e3d-9c90-2f8d3e4a5b62'", kim = "'8c3fbd85-a061-4f4e-8da1-3a9e4f5b6c73'"
        return """
            SELECT set_config('circles.actor', 'admin@example.org', false),
                   set_config('circles.actor_id', (SELECT id::text FROM people WHERE email = 'admin@example.org'), false),
                   set_config('circles.action', 'meeting.respond', false);
            INSERT INTO \(table) (occurrence_id, person_id, answer, note, source, answered_at, itip_sequence, itip_dtstamp, recorded_at) VALUES
                (\(meeting), \(sam), 'accepted', NULL, 'link', '2030-01-01 09:00:00+00', NULL, NULL, '2030-01-01 09:00:01+00'),
                (\(meeting), \(kim), 'declined', 'on a home visit', 'link', '2030-01-01 09:00:00.123456+00', NULL, NULL, '2030-01-01 09:00:02+00'),
                (\(other), \(sam), 'tentative', NULL, 'calendar', '2030-01-01 10:00:00+00', 2, '2030-01-01 09:59:00+00', '2030-01-01 10:00:01+00');
            UPDATE \(table) SET answer = CASE answer WHEN 'accepted' THEN 'declined' ELSE 'accepted' END,
                                answered_at = answered_at + interval '1 hour', recorded_at = recorded_at + interval '1 hour'
             WHERE occurrence_id = \(meeting);
            UPDATE \(table) SET recorded_at = recorded_at + interval '1 day';
            UPDATE \(table) SET note = NULL, source = 'facilitator' WHERE person_id = \(kim);
            UPDATE \(table) SET note = 'running late', itip_sequence = 3, itip_dtstamp = '2030-01-02 08:00:00+00' WHERE occurrence_id = \(other);
            UPDATE \(table) SET answer = answer;
            DELETE FROM \(table) WHERE person_id = \(kim);
            """
    }

    /// Upserts as circles-web sends them: one that only inserts (its UPDATE half has no rows),
    /// one that only updates (its INSERT half has none), one that does both.
    static func upserts(_ table: String) -> String {
        let meeting = "'5f0c8a52-7d3e-4c1b-9a7e-0d6b1c2e3f40'", sam = "'7b2eac74-9f50-4e3d-9c90-2f8d3e4a5b62'"
        let kim = "'8c3fbd85-a061-4f4e-8da1-3a9e4f5b6c73'", lee = "'9d40ce96-b172-4a5f-9eb2-4bafa06c7d84'"
        func upsert(_ rows: String) -> String {
            """
            INSERT INTO \(table) (occurrence_id, person_id, answer, note, source, answered_at, recorded_at) VALUES \(rows)
            ON CONFLICT (occurrence_id, person_id) DO UPDATE SET answer = excluded.answer, note = excluded.note,
                answered_at = excluded.answered_at, recorded_at = excluded.recorded_at;
            """
        }
        let both = [
            "(\(meeting), \(sam), 'accepted', NULL, 'link', '2030-01-01 09:10:00+00', '2030-01-01 09:10:01+00')",
            "(\(meeting), \(kim), 'tentative', NULL, 'link', '2030-01-01 09:10:00+00', '2030-01-01 09:10:02+00')",
            "(\(meeting), \(lee), 'declined', 'poorly', 'link', '2030-01-01 09:10:00+00', '2030-01-01 09:10:03+00')",
        ]
        return """
            SELECT set_config('circles.actor', 'admin@example.org', false),
                   set_config('circles.actor_id', (SELECT id::text FROM people WHERE email = 'admin@example.org'), false);
            \(upsert("(\(meeting), \(sam), 'accepted', NULL, 'link', '2030-01-01 09:00:00+00', '2030-01-01 09:00:01+00')"))
            \(upsert("(\(meeting), \(sam), 'declined', 'on a home visit', 'link', '2030-01-01 09:05:00+00', '2030-01-01 09:05:01+00')"))
            \(upsert(both.joined(separator: ", ")))
            """
    }

    /// What each test gives both twins: a count of the audit records audit_row writes for it.
    enum Scenario: String, CaseIterable, CustomTestStringConvertible {
        case changes, upserts

        var testDescription: String { rawValue }

        func sql(_ table: String) -> String {
            switch self {
            case .changes: ResponseAuditTests.changes(table)
            case .upserts: ResponseAuditTests.upserts(table)
            }
        }

        var records: Int {
            switch self {
            case .changes: 8  // 3 inserts, 2 + 1 + 1 updates, 1 delete
            case .upserts: 5  // sam inserted, changed twice; kim and lee inserted
            }
        }
    }

    @Test(
        "the same answers (changes of every column, upserts with an empty half) give the same records through meeting_responses_audit_statement as through audit_row, and the chain verifies",
        arguments: Scenario.allCases)
    func sameRecordsAsPerRow(_ scenario: Scenario) async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.twins)
            try await connection.execute(unsafeSQL: scenario.sql("answers_by_row"))
            try await connection.execute(unsafeSQL: scenario.sql("answers_by_statement"))
            let perRow = try await StatementAuditTests.records("answers_by_row", in: pool)
            let perStatement = try await StatementAuditTests.records("answers_by_statement", in: pool)
            #expect(perRow.count == scenario.records, "\(perRow)")
            #expect(perStatement == perRow)
            #expect(try await StatementAuditTests.problems(pool) == [])
            await connection.close()
        }
    }

    @Test("an update that moves an answer to another meeting or person is refused, naming the rule, and changes nothing")
    func keyCannotChange() async throws {
        try await TestDatabase.withPool { pool, database in
            try await Migrator().migrate(pool)
            let connection = try await database.connect()
            try await connection.execute(unsafeSQL: Self.twins)
            try await connection.execute(unsafeSQL: Self.changes("answers_by_statement"))
            let before = try await StatementAuditTests.records("answers_by_statement", in: pool)
            let refused = await #expect(throws: PostgresError.self) {
                try await connection.execute(unsafeSQL: "UPDATE answers_by_statement SET person_id = gen_random_uuid() WHERE source = 'link'")
            }
            #expect(refused?.constraint == "answers_by_statement_key_fixed")
            #expect(try await StatementAuditTests.records("answers_by_statement", in: pool) == before)
            await connection.close()
        }
    }
}
